import { gzipSync } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { faviconSvg } from '../pages/favicon';
import { faviconUrl } from '../pages/survey/page-shell';
import { assetFiles } from '../pages/survey-assets';

const gzipped = new Map<string, Uint8Array<ArrayBuffer>>();

/** Sends a built file for a year (`immutable`), gzip-compressed once when the client accepts it. */
function sendFile(c: Context, key: string, file: { body: string; type: string }): Response {
  c.header('content-type', file.type);
  c.header('cache-control', 'public, max-age=31536000, immutable');
  c.header('vary', 'accept-encoding');
  if (!/\bgzip\b/i.test(c.req.header('accept-encoding') ?? '')) return c.body(file.body);
  let body = gzipped.get(key);
  if (!body) {
    body = new Uint8Array(gzipSync(file.body, { level: 9 }));
    gzipped.set(key, body);
  }
  c.header('content-encoding', 'gzip');
  return c.body(body);
}

const favicon = { body: faviconSvg, type: 'image/svg+xml' };

/**
 * The survey pages' script and stylesheets, built ahead of time into
 * `pages/client/assets.generated.ts`. Names carry a hash of the content, so responses
 * are cached for a year (`immutable`); an old name 404s after a deploy. Compressed here
 * (gzip, computed once per file) because API Gateway's HTTP API does not compress. And
 * the site's icon at `/favicon.ico` (every page links it; browsers also ask for it
 * unasked), cached alike: it never changes.
 */
export const assetRoutes = new Hono()
  .get('/assets/:name', (c, next) => {
    const name = c.req.param('name');
    const file = assetFiles.get(name);
    return file ? sendFile(c, name, file) : next();
  })
  .get(faviconUrl, (c) => sendFile(c, faviconUrl, favicon));
