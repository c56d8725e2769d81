import { beforeAll, describe, expect, it } from 'vitest';
import { loginThrottle } from '../../shared/auth/throttle';
import { json } from '../support/fill';
import { errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
const password = 'Huangshan-2026-ok';
const next = 'Qiyun-shan-2026-ok';
let token = '';

beforeAll(async () => {
  await t.addUser('guessed', 'township', '341022104', password);
  token = await t.login('guessed', password);
});

const change = (currentPassword: string) =>
  t.request(
    '/api/v1/users/guessed/password',
    json({ password: next, currentPassword }, { method: 'PUT', token }),
  );

describe('changing one’s own password: the current one is guessed under the login throttle', () => {
  it('wrong current passwords lock the username; then even the right one is 429 until the lock ends', async () => {
    for (let i = 1; i < loginThrottle.maxFailures; i++) {
      const wrong = await change(`wrong-${i}`);
      expect(wrong.status, `attempt ${i}`).toBe(401);
      const error = await errorOf(wrong);
      expect(error.code).toBe('auth.invalid_credentials');
      expect(error.message).toBe('当前密码不正确');
    }
    const last = await change('wrong-last');
    expect(last.status).toBe(401);
    const locked = await change(password);
    expect(locked.status).toBe(429);
    expect((await errorOf(locked)).code).toBe('auth.throttled');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    // The login of that username is locked as well (one counter), and the password did not change.
    const login = await t.request(
      '/api/v1/auth/login',
      json({ username: 'guessed', password }, { method: 'POST' }),
    );
    expect(login.status).toBe(429);
    expect((await t.stack.repos.users.get('guessed'))?.sessionEpoch ?? 0).toBe(0);

    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() + loginThrottle.lockSeconds * 1000 - 5000);
    try {
      expect((await change(password)).status).toBe(429);
      t.clock.now = new Date(start.getTime() + loginThrottle.lockSeconds * 1000 + 1000);
      expect((await change(password)).status).toBe(204);
      await expect(t.login('guessed', password)).rejects.toThrow(/401/);
      expect(await t.login('guessed', next)).toMatch(/\./);
    } finally {
      t.clock.now = start;
    }
  });

  it('a manager’s reset needs no current password and is not throttled', async () => {
    await t.addUser('boss', 'county', '341022', 'Boss-password-2026');
    const boss = await t.login('boss', 'Boss-password-2026');
    const res = await t.request(
      '/api/v1/users/guessed/password',
      json({ password: 'Reset-by-boss-2026' }, { method: 'PUT', token: boss }),
    );
    expect(res.status).toBe(204);
    expect(await t.stack.repos.throttles.get('user', 'boss')).toBeUndefined();
  });
});
