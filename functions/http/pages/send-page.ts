import type { Context } from 'hono';
import { negotiateGzip } from './gzip-body';

/**
 * Sends a server-rendered page: gzipped when the client accepts it, under `csp`, never
 * stored in shared caches (pages carry a village's answers and the link token).
 */
export function sendPage(c: Context, html: string, status: number, csp: string): Response {
  const { body, encoding } = negotiateGzip(html, c.req.header('accept-encoding'));
  c.header('content-type', 'text/html; charset=utf-8');
  c.header('content-security-policy', csp);
  c.header('cache-control', 'no-store');
  c.header('vary', 'accept-encoding');
  if (encoding) c.header('content-encoding', encoding);
  return c.body(body, status as 200);
}
