import type { Child } from 'hono/jsx';

/** Where a page's stylesheet is served, with its SRI hash (a page without a script needs only this). */
export interface StyleAsset {
  styleUrl: string;
  styleIntegrity: string;
}

/** Where the page's stylesheet and script are served, with their SRI hashes. */
export interface PageAssets extends StyleAsset {
  scriptUrl: string;
  /** `sha256-…` of the script (Subresource Integrity). */
  scriptIntegrity: string;
  /**
   * A stylesheet linked inside `<noscript>`: what the page looks like without its script
   * (the survey pages: every section on one page). The page is drawn for the script
   * first, so nothing moves when it runs; a browser without JavaScript adds this.
   */
  noscriptStyle?: { url: string; integrity: string };
}

/** The site's icon (every page links it; `/favicon.ico` is also what browsers ask for unasked). */
export const faviconUrl = '/favicon.ico';

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
 * link's token is in the URL), the icon, the external stylesheet and (optionally) the
 * deferred script with its `<noscript>` stylesheet. No fonts, CDNs or analytics:
 * everything comes from this origin.
 */
export function renderDocument(
  props: {
    title: string;
    children: Child;
    bodyClass?: string;
    /** Adds `<meta name="robots" content="noindex">` (public pages that must not be indexed). */
    noindex?: boolean;
  } & ({ assets: PageAssets; script: boolean } | { assets: StyleAsset; script: false }),
): string {
  return `<!doctype html>${(
    (
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="format-detection" content="telephone=no" />
          {props.noindex ? <meta name="robots" content="noindex" /> : null}
          <title>{props.title}</title>
          <link rel="icon" href={faviconUrl} />
          <link rel="stylesheet" href={props.assets.styleUrl} integrity={props.assets.styleIntegrity} />
          {props.script && 'noscriptStyle' in props.assets && props.assets.noscriptStyle ? (
            <noscript>
              <link
                rel="stylesheet"
                href={props.assets.noscriptStyle.url}
                integrity={props.assets.noscriptStyle.integrity}
              />
            </noscript>
          ) : null}
          {props.script ? (
            <script defer src={props.assets.scriptUrl} integrity={props.assets.scriptIntegrity} />
          ) : null}
        </head>
        <body class={props.bodyClass}>{props.children}</body>
      </html>
    )
  ).toString()}`;
}
