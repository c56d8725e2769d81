import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { SessionService } from '../../../shared/app/accounts/sessions';
import type { AppEnv } from '../env';
import { checkCookieWrite } from './same-site';

export const sessionCookie = 'session';

const bearerOf = (c: Context): string | undefined =>
  c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];

/** The session token of a request: a bearer token, or the login cookie. */
export function sessionTokenOf(c: Context): string | undefined {
  return bearerOf(c) ?? getCookie(c, sessionCookie);
}

/**
 * Requires a valid session (bearer token or the login cookie) and puts the principal and
 * the session on the context: one read of the user per request, however many routers
 * apply this middleware to the same path. What a signed-in request answers is for that
 * person only: `Cache-Control: no-store` unless the route chose its own caching.
 * A state-changing API request signed in by the cookie (not a bearer token) must come
 * from this site (`checkCookieWrite`, 403 `auth.csrf`); a session that is no good is 401 first.
 */
export function requireSession(sessions: SessionService) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!c.get('session')) {
      const session = await sessions.authenticate(sessionTokenOf(c));
      if (!bearerOf(c)) checkCookieWrite(c, sessions.publicUrl);
      c.set('session', session);
      c.set('principal', session.principal);
    }
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
}
