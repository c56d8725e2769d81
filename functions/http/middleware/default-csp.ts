import { createMiddleware } from 'hono/factory';

const strictest = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Gives every response the strictest Content-Security-Policy unless the route set its own
 * (pages allow exactly their own script and style by hash).
 */
export const defaultCsp = createMiddleware(async (c, next) => {
  await next();
  if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', strictest);
});
