import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { AppError } from '../../../shared/errors';
import { clientAddress } from '../client-address';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readJson } from '../json-body';
import { requireSession, sessionCookie } from '../middleware/auth';
import { checkLoginSite } from '../middleware/same-site';

export const loginSchema = z.object({
  username: z.string().check(z.trim(), z.minLength(1, '请输入用户名'), z.maxLength(64)),
  password: z.string().check(z.minLength(1, '请输入密码'), z.maxLength(256)),
});
export type LoginInput = z.infer<typeof loginSchema>;

/**
 * Whether the session cookie gets `Secure`: always when the site is https (`deps.secureCookies`:
 * an https PUBLIC_URL, or AWS, where API Gateway terminates TLS), else when this request
 * came over https (directly or through a proxy that says so).
 */
const secureCookie = (c: Context, deps: AppDeps) =>
  deps.secureCookies ||
  new URL(c.req.url).protocol === 'https:' ||
  c.req.header('x-forwarded-proto') === 'https';

/**
 * Logs in (the API and the console's login page alike): the session cookie is HttpOnly,
 * SameSite=Strict and Secure on https. A throttled login answers 429 with Retry-After.
 * A post from another site is refused (403 `auth.csrf`, login CSRF: signing a visitor in
 * as the attacker), before the password is even looked at.
 * Every answer, a refusal too, is `Cache-Control: no-store`.
 */
export async function loginWithCookie(c: Context, deps: AppDeps, input: LoginInput) {
  // Before the attempt, so that the error response a refusal becomes carries it as well.
  c.header('Cache-Control', 'no-store');
  checkLoginSite(c, deps.sessions.publicUrl);
  const session = await deps.sessions
    .login(input.username, input.password, clientAddress(c))
    .catch((err: unknown) => {
      if (AppError.is(err, 'auth.throttled')) {
        const wait = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (wait) c.header('Retry-After', String(wait));
      }
      throw err;
    });
  setCookie(c, sessionCookie, session.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: secureCookie(c, deps),
    expires: new Date(session.expiresAt),
  });
  return session;
}

/** Ends the request's session and clears the cookie. */
export async function logoutWithCookie(c: Context<AppEnv>, deps: AppDeps) {
  await deps.sessions.logout(c.get('session'));
  deleteCookie(c, sessionCookie, { path: '/', secure: secureCookie(c, deps) });
}

export function authRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/api/v1/auth/login', async (c) => {
      // A refused body (415, 400) is not stored either.
      c.header('Cache-Control', 'no-store');
      return c.json(await loginWithCookie(c, deps, await readJson(c, loginSchema)));
    })
    .post('/api/v1/auth/logout', requireSession(deps.sessions), async (c) => {
      await logoutWithCookie(c, deps);
      return c.body(null, 204);
    });
}
