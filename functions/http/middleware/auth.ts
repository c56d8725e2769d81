import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { SessionService } from '../../../shared/app/accounts/sessions';
import type { AppEnv } from '../env';

export const sessionCookie = 'session';

/** Requires a valid session (bearer token or the login cookie) and puts the principal on the context. */
export function requireSession(sessions: SessionService) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    c.set('principal', sessions.authenticate(bearer ?? getCookie(c, sessionCookie)));
    await next();
  });
}
