import type { Context } from 'hono';
import { AppError } from '../../../shared/errors';

/**
 * Where a request says it comes from, by headers a page cannot set itself: `same` (this
 * site), `cross` (another origin, a sibling subdomain or another port included), `direct`
 * (the person typed or bookmarked it: `Sec-Fetch-Site: none`) or `unknown` (neither header:
 * not a browser, or a very old one).
 */
export type RequestSite = 'same' | 'cross' | 'direct' | 'unknown';

const originOf = (url: string | undefined): string | undefined => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The origins this site is seen at: the request's own (behind API Gateway that is the
 * address the browser used), its https twin when a TLS proxy in front says so, and the
 * configured public URL's (a proxy that does not pass the Host on).
 */
export function siteOrigins(c: Context, publicUrl: string | undefined): string[] {
  const own = new URL(c.req.url);
  const origins = [own.origin];
  if (own.protocol === 'http:' && c.req.header('x-forwarded-proto') === 'https')
    origins.push(`https://${own.host}`);
  const configured = originOf(publicUrl);
  if (configured) origins.push(configured);
  return origins;
}

/** Where the request comes from: its Origin when it names one, else Fetch Metadata. */
export function requestSite(c: Context, publicUrl: string | undefined): RequestSite {
  const origin = c.req.header('origin');
  // `null` is what a page sent with no-referrer (ours are) or a sandboxed frame posts:
  // it names no site, so Sec-Fetch-Site decides.
  if (origin !== undefined && origin !== 'null')
    return siteOrigins(c, publicUrl).includes(origin) ? 'same' : 'cross';
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite === undefined) return 'unknown';
  return fetchSite === 'same-origin' ? 'same' : fetchSite === 'none' ? 'direct' : 'cross';
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing API request that the session cookie authenticates must show it comes
 * from this site (403 `auth.csrf` otherwise): SameSite=Strict alone lets a same-site page
 * (another port, a LAN host, a sibling subdomain) post with the cookie. A browser always
 * sends Origin or Sec-Fetch-Site on such a post; a script without them uses the bearer
 * token, which no other page can attach.
 */
export function checkCookieWrite(c: Context, publicUrl: string | undefined): void {
  if (safeMethods.has(c.req.method) || !c.req.path.startsWith('/api/')) return;
  if (requestSite(c, publicUrl) !== 'same') throw new AppError('auth.csrf');
}

/**
 * A login post from another site is refused (403 `auth.csrf`), so no page can sign a
 * visitor in as someone else. Without Origin or Fetch Metadata (an API client) it goes on.
 */
export function checkLoginSite(c: Context, publicUrl: string | undefined): void {
  if (requestSite(c, publicUrl) === 'cross') throw new AppError('auth.csrf');
}
