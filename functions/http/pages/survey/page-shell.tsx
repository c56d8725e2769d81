import type { Child } from 'hono/jsx';

/** Where the page's stylesheet and script are served, with their SRI hashes. */
export interface PageAssets {
  scriptUrl: string;
  styleUrl: string;
  /** `sha256-…` of the script (Subresource Integrity). */
  scriptIntegrity: string;
  styleIntegrity: string;
}

/**
 * The Content-Security-Policy of the survey pages: only this origin's script and
 * stylesheet, no inline code. `uploadOrigin` is added to `connect-src` when attachment
 * uploads go to another origin (presigned S3 URLs); same-origin uploads need nothing.
 */
export function surveyCsp(uploadOrigin?: string): string {
  const connect = uploadOrigin ? `'self' ${uploadOrigin}` : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src ${connect}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The HTML document around a page: zh-CN, the mobile viewport, no referrer (the
 * link's token is in the URL), the external stylesheet and (optionally) the deferred
 * script. No fonts, CDNs or analytics: everything comes from this origin.
 */
export function renderDocument(props: {
  title: string;
  assets: PageAssets;
  script: boolean;
  children: Child;
  bodyClass?: string;
}): string {
  const { assets } = props;
  return `<!doctype html>${(
    (
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="format-detection" content="telephone=no" />
          <title>{props.title}</title>
          <link rel="stylesheet" href={assets.styleUrl} integrity={assets.styleIntegrity} />
          {props.script ? <script defer src={assets.scriptUrl} integrity={assets.scriptIntegrity} /> : null}
        </head>
        <body class={props.bodyClass}>{props.children}</body>
      </html>
    )
  ).toString()}`;
}
