import { describe, expect, it } from 'vitest';
import { issueSessionToken } from '../../shared/auth/token';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
const json = { 'content-type': 'application/json' };
const login = (body: string, headers: Record<string, string> = json) =>
  t.request('/api/v1/auth/login', { method: 'POST', headers, body });

describe('GET /health', () => {
  it('answers ok with security headers', async () => {
    const res = await t.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('POST /api/v1/auth/login', () => {
  it('returns a token and the user for the right password, and sets an HttpOnly cookie', async () => {
    const res = await login(JSON.stringify({ username: 'admin', password: adminPassword }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: unknown; expiresAt: string };
    expect(body.user).toEqual({ username: 'admin', role: 'admin', scope: '34', displayName: '系统管理员' });
    expect(body.token.split('.')).toHaveLength(2);
    expect(new Date(body.expiresAt).getTime()).toBe(t.clock.now.getTime() + 3600_000);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('rejects a wrong password and an unknown user alike with 401', async () => {
    const wrong = await login(JSON.stringify({ username: 'admin', password: 'wrong-password' }));
    const unknown = await login(JSON.stringify({ username: 'nobody', password: adminPassword }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual(b);
    expect(a.code).toBe('auth.invalid_credentials');
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('rejects malformed JSON with 400 request.malformed', async () => {
    const res = await login('{"username": "admin", ');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('request.malformed');
  });

  it('rejects a body of the wrong shape with 400 and field details', async () => {
    const res = await login(JSON.stringify({ username: 'admin' }));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('request.invalid');
    expect(error.details).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('rejects a non-JSON content type with 415', async () => {
    const res = await login('username=admin', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('request.unsupported_type');
  });

  it('rejects an oversized body with 413 before reading it', async () => {
    const res = await login(JSON.stringify({ username: 'admin', password: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('request.too_large');
  });

  it('writes nothing for any rejected request but the failed-login counters', async () => {
    const notCounter = (items: Record<string, unknown>[]) =>
      items.filter((i) => !String(i.pk).startsWith('THROTTLE#'));
    const before = await t.scanAll();
    await login('{');
    await login(JSON.stringify({ username: 'admin', password: 'nope' }));
    await login(JSON.stringify({ username: 'a', password: 'y'.repeat(70 * 1024) }));
    const after = await t.scanAll();
    expect(notCounter(after)).toEqual(notCounter(before));
    // The one well-formed wrong password counts against the username and the address.
    expect(after.filter((i) => String(i.pk).startsWith('THROTTLE#')).map((i) => i.pk)).toEqual(
      expect.arrayContaining(['THROTTLE#client#unknown', 'THROTTLE#user#admin']),
    );
  });
});

describe('session tokens', () => {
  const orgs = (token: string) => t.request('/api/v1/orgs/34', { token });

  it('accepts the token from login and the session cookie', async () => {
    const token = await t.login('admin', adminPassword);
    expect((await orgs(token)).status).toBe(200);
    const viaCookie = await t.request('/api/v1/orgs/34', { headers: { cookie: `session=${token}` } });
    expect(viaCookie.status).toBe(200);
  });

  it('rejects a missing token with 401 auth.token_missing', async () => {
    const res = await t.request('/api/v1/orgs/34');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('auth.token_missing');
  });

  it('rejects a forged token (other key, or tampered payload) with 401 auth.token_invalid', async () => {
    const session = { username: 'admin', sessionId: 'AAAAAAAAAAAAAAAA', epoch: 0 };
    const otherKey = issueSessionToken(Buffer.alloc(48, 7), session, t.clock.now, 3600);
    const real = await t.login('admin', adminPassword);
    const [body, mac] = real.split('.');
    const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...payload, scope: '11' })).toString('base64url');
    for (const token of [otherKey, `${widened}.${mac}`, 'garbage', `${real}.extra`]) {
      const res = await orgs(token);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('auth.token_invalid');
    }
  });

  it('rejects an expired token with 401 auth.token_expired', async () => {
    const token = await t.login('admin', adminPassword);
    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() + 3601_000);
    try {
      const res = await orgs(token);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('auth.token_expired');
    } finally {
      t.clock.now = start;
    }
  });
});
