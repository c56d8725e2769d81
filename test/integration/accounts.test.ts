import { beforeAll, describe, expect, it } from 'vitest';
import { json } from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin = '';

const strong = 'Xiuning-2026-ok';
const createUser = (token: string, body: Record<string, unknown>) =>
  t.request('/api/v1/users', json(body, { method: 'POST', token }));
const orgsAs = (token: string) => t.request('/api/v1/orgs/34', { token });
/** A login from a given network address (the throttle counts per address too). */
const loginFrom = (address: string, username: string, password: string) =>
  t.stack.app.request(
    '/api/v1/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
});

describe('creating accounts', () => {
  it('admin makes a county officer, who makes the township clerks of its county', async () => {
    const county = await createUser(admin, {
      username: 'xiuning',
      password: strong,
      role: 'county',
      scope: '341022',
      displayName: '休宁县卫健委 王主任',
    });
    expect(county.status).toBe(201);
    expect(await county.json()).toEqual({
      username: 'xiuning',
      role: 'county',
      scope: '341022',
      displayName: '休宁县卫健委 王主任',
      disabled: false,
      createdAt: t.clock.now.toISOString(),
      createdBy: 'admin',
    });
    const officer = await t.login('xiuning', strong);
    const clerk = await createUser(officer, {
      username: 'DongLinXi',
      password: strong,
      role: 'township',
      scope: '341022104',
    });
    expect(clerk.status).toBe(201);
    expect(((await clerk.json()) as { username: string }).username).toBe('donglinxi');
  });

  it('refuses accounts at or above the caller, wider roles, and outside its scope', async () => {
    const officer = await t.login('xiuning', strong);
    const clerk = await t.login('donglinxi', strong);
    for (const [token, body] of [
      [officer, { username: 'peer', role: 'county', scope: '341022' }],
      [officer, { username: 'boss', role: 'admin', scope: '34102' + '2104' }],
      [officer, { username: 'other', role: 'township', scope: '341021100' }],
      [clerk, { username: 'same', role: 'township', scope: '341022104' }],
      [clerk, { username: 'up', role: 'county', scope: '341022' }],
    ] as const) {
      const res = await createUser(token, { password: strong, ...body });
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(JSON.stringify(await res.json())).not.toContain(strong);
    }
  });

  it('checks the password, the username, the scope and its level', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ username: 'weak1', password: 'short1A' }, 422, 'user.weak_password'],
      [{ username: 'weak2', password: '1234567890123' }, 422, 'user.weak_password'],
      [{ username: 'weak3', password: 'abcdefghijklmn' }, 422, 'user.weak_password'],
      [{ username: 'xiuning', password: strong }, 409, 'user.exists'],
      [{ username: 'ghost', password: strong, scope: '341022999' }, 404, 'org.not_found'],
      [{ username: 'county9', password: strong, role: 'county', scope: '341022104' }, 400, 'request.invalid'],
      [{ username: 'Bad Name!', password: strong }, 400, 'request.invalid'],
      // The names the village's link and the roster sign timeline entries with.
      [{ username: 'village', password: strong }, 400, 'request.invalid'],
      [{ username: 'Roster', password: strong }, 400, 'request.invalid'],
    ];
    for (const [body, status, code] of cases) {
      const res = await createUser(admin, { role: 'township', scope: '341022105', ...body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
    }
  });

  it('lists the accounts inside the caller’s scope, never a hash', async () => {
    const officer = await t.login('xiuning', strong);
    const clerk = await t.login('donglinxi', strong);
    const names = async (token: string) =>
      ((await (await t.request('/api/v1/users', { token })).json()) as { username: string }[]).map(
        (u) => u.username,
      );
    expect(await names(officer)).toEqual(['xiuning', 'donglinxi']);
    expect(await names(clerk)).toEqual(['donglinxi']);
    expect(await names(admin)).toEqual(expect.arrayContaining(['admin', 'xiuning', 'donglinxi']));
    const raw = await (await t.request('/api/v1/users', { token: admin })).text();
    expect(raw).not.toMatch(/scrypt|passwordHash|sessionEpoch|endedSessions/);
  });
});

describe('sessions end at once', () => {
  it('logout ends that token only; the cookie is cleared', async () => {
    const first = await t.login('donglinxi', strong);
    const second = await t.login('donglinxi', strong);
    const out = await t.request('/api/v1/auth/logout', { method: 'POST', token: first });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/session=;.*Max-Age=0/);
    const ended = await orgsAs(first);
    expect(ended.status).toBe(401);
    expect((await errorOf(ended)).code).toBe('auth.session_ended');
    expect((await t.request('/api/v1/orgs/341022104', { token: second })).status).toBe(200);
  });

  it('a password change (with the current one) ends every session of that user', async () => {
    const a = await t.login('donglinxi', strong);
    const wrong = await t.request(
      '/api/v1/users/donglinxi/password',
      json({ password: 'New-password-1', currentPassword: 'not-it-at-all' }, { method: 'PUT', token: a }),
    );
    expect(wrong.status).toBe(401);
    const changed = await t.request(
      '/api/v1/users/donglinxi/password',
      json({ password: 'New-password-1', currentPassword: strong }, { method: 'PUT', token: a }),
    );
    expect(changed.status).toBe(204);
    expect((await orgsAs(a)).status).toBe(401);
    await expect(t.login('donglinxi', strong)).rejects.toThrow(/401/);
    const b = await t.login('donglinxi', 'New-password-1');
    // A reset by the county officer (no current password needed) ends this one too.
    const officer = await t.login('xiuning', strong);
    const reset = await t.request(
      '/api/v1/users/donglinxi/password',
      json({ password: strong }, { method: 'PUT', token: officer }),
    );
    expect(reset.status).toBe(204);
    expect((await t.request('/api/v1/orgs/341022104', { token: b })).status).toBe(401);
    // A clerk cannot reset the officer's password.
    const clerk = await t.login('donglinxi', strong);
    const up = await t.request(
      '/api/v1/users/xiuning/password',
      json({ password: 'Taken-over-123' }, { method: 'PUT', token: clerk }),
    );
    expect(up.status).toBe(404);
  });

  it('disable ends every session and refuses logins until enabled', async () => {
    const clerk = await t.login('donglinxi', strong);
    const officer = await t.login('xiuning', strong);
    expect(
      (await t.request('/api/v1/users/donglinxi/disable', { method: 'POST', token: officer })).status,
    ).toBe(204);
    expect((await t.request('/api/v1/orgs/341022104', { token: clerk })).status).toBe(401);
    const refused = await loginFrom('192.0.2.10', 'donglinxi', strong);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('auth.disabled');
    // Not below the clerk: 404 (the clerk cannot even see the officer), and no self-service disable.
    expect(
      (await t.request('/api/v1/users/xiuning/disable', { method: 'POST', token: officer })).status,
    ).toBe(403);
    expect(
      (await t.request('/api/v1/users/donglinxi/enable', { method: 'POST', token: officer })).status,
    ).toBe(204);
    expect((await loginFrom('192.0.2.10', 'donglinxi', strong)).status).toBe(200);
  });
});

describe('login throttling', () => {
  it('locks a username for 15 minutes after 10 failures, even with the right password', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await loginFrom(`198.51.100.${i}`, 'xiuning', 'wrong-password');
      expect(res.status).toBe(401);
    }
    const locked = await loginFrom('198.51.100.99', 'xiuning', strong);
    expect(locked.status).toBe(429);
    expect((await errorOf(locked)).code).toBe('auth.throttled');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Another user from another address is not affected.
    expect((await loginFrom('198.51.100.98', 'donglinxi', strong)).status).toBe(200);
    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() + 15 * 60_000 + 1000);
    try {
      expect((await loginFrom('198.51.100.99', 'xiuning', strong)).status).toBe(200);
    } finally {
      t.clock.now = start;
    }
  });

  it('locks a client address after 10 failures across usernames', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await loginFrom('203.0.113.7', `guess${i}`, 'whatever-it-is')).status).toBe(401);
    }
    expect((await loginFrom('203.0.113.7', 'donglinxi', strong)).status).toBe(429);
    expect((await loginFrom('203.0.113.8', 'donglinxi', strong)).status).toBe(200);
  });
});
