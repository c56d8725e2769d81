import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { assetFiles } from '../pages/survey-assets';

const gzipped = new Map<string, Uint8Array<ArrayBuffer>>();

/**
 * The survey pages' script and stylesheet, built ahead of time into
 * `pages/client/assets.generated.ts`. Names carry a hash of the content, so responses
 * are cached for a year (`immutable`); an old name 404s after a deploy. Compressed here
 * (gzip, computed once per file) because API Gateway's HTTP API does not compress.
 */
export const assetRoutes = new Hono().get('/assets/:name', (c, next) => {
  const name = c.req.param('name');
  const file = assetFiles.get(name);
  if (!file) return next();
  c.header('content-type', file.type);
  c.header('cache-control', 'public, max-age=31536000, immutable');
  c.header('vary', 'accept-encoding');
  if (!/\bgzip\b/i.test(c.req.header('accept-encoding') ?? '')) return c.body(file.body);
  let body = gzipped.get(name);
  if (!body) {
    body = new Uint8Array(gzipSync(file.body, { level: 9 }));
    gzipped.set(name, body);
  }
  c.header('content-encoding', 'gzip');
  return c.body(body);
});
