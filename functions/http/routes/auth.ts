import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { AppDeps } from '../deps';
import { readJson } from '../json-body';
import { sessionCookie } from '../middleware/auth';

const loginSchema = z.object({
  username: z.string().check(z.trim(), z.minLength(1, '请输入用户名'), z.maxLength(64)),
  password: z.string().check(z.minLength(1, '请输入密码'), z.maxLength(256)),
});

export function authRoutes(deps: AppDeps) {
  return new Hono().post('/api/v1/auth/login', async (c) => {
    const { username, password } = await readJson(c, loginSchema);
    const session = await deps.sessions.login(username, password);
    setCookie(c, sessionCookie, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      expires: new Date(session.expiresAt),
    });
    return c.json(session);
  });
}
