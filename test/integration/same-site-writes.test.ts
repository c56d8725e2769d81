import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import { lambdaHandlerFor } from '../../functions/http/lambda-adapter';
import { issue, json, tokenOf, xiaoFu } from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin = '';
const evil = 'http://evil.example';
// A same-site attacker: another port of this host, which SameSite=Strict lets through.
const otherPort = 'http://localhost:8081';

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('hy', 'township', '341022104', 'hy-password-2026');
});

/** A request signed in by the session cookie only, with the given browser headers. */
const withCookie = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  t.request(path, { ...init, headers: { cookie: `session=${admin}`, ...init.headers } });

const linkStatus = async (id: string) => (await t.stack.repos.links.get(id))?.revokedAt;
const freshLink = async () => {
  const [row] = await issue(t, admin, { formId: 'baseline', orgCodes: [xiaoFu], rotate: true });
  if (!row) throw new Error('fixture');
  return row;
};
const isDisabled = async (username: string) => (await t.stack.repos.users.get(username))?.disabled === true;
/** Header sets of one test, one request each. */
const cases = (...sets: Record<string, string>[]) => sets;
const csv = ['code,name,level,parentCode', '341022104391,同源测试村,village,341022104'].join('\r\n');
const orgExists = async (code: string) => (await t.stack.repos.orgs.get(code)) !== undefined;

describe('cookie-signed API writes must come from this site', () => {
  it('403 auth.csrf for a foreign or same-site Origin, and nothing changes', async () => {
    const row = await freshLink();
    for (const origin of [evil, otherPort, 'https://localhost']) {
      const revoke = await withCookie(`/api/v1/links/${row.id}/revoke`, {
        method: 'POST',
        headers: { origin },
      });
      expect(revoke.status, origin).toBe(403);
      expect((await errorOf(revoke)).code).toBe('auth.csrf');
      const disable = await withCookie('/api/v1/users/hy/disable', { method: 'POST', headers: { origin } });
      expect(disable.status, origin).toBe(403);
      const imported = await withCookie('/api/v1/orgs/import', {
        method: 'POST',
        headers: { origin, 'content-type': 'text/plain' },
        body: csv,
      });
      expect(imported.status, origin).toBe(403);
      expect((await errorOf(imported)).code).toBe('auth.csrf');
    }
    expect(await linkStatus(row.id)).toBeUndefined();
    expect((await t.request(`/api/v1/fill/${tokenOf(row.url)}`)).status).toBe(200);
    expect(await isDisabled('hy')).toBe(false);
    expect(await orgExists('341022104391')).toBe(false);
  });

  it('403 when the browser says cross-site or same-site without an Origin, or Origin null without Fetch Metadata', async () => {
    const row = await freshLink();
    for (const headers of cases(
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'none' },
      { origin: 'null' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    )) {
      const res = await withCookie(`/api/v1/links/${row.id}/revoke`, { method: 'POST', headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await errorOf(res)).code).toBe('auth.csrf');
    }
    expect(await linkStatus(row.id)).toBeUndefined();
  });

  it('403 with neither Origin nor Sec-Fetch-Site: a script without them uses the bearer token', async () => {
    const row = await freshLink();
    const revoke = await withCookie(`/api/v1/links/${row.id}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(403);
    expect((await errorOf(revoke)).code).toBe('auth.csrf');
    expect(
      (
        await withCookie('/api/v1/users/hy/password', {
          method: 'PUT',
          ...json({ password: 'Whatever-2026-x' }),
        })
      ).status,
    ).toBe(403);
    expect(await linkStatus(row.id)).toBeUndefined();
  });

  it('works with this site’s Origin', async () => {
    const row = await freshLink();
    const revoke = await withCookie(`/api/v1/links/${row.id}/revoke`, {
      method: 'POST',
      headers: { origin: 'http://localhost' },
    });
    expect(revoke.status).toBe(200);
    expect(await linkStatus(row.id)).toBeDefined();
    const disable = await withCookie('/api/v1/users/hy/disable', {
      method: 'POST',
      headers: { origin: 'http://localhost' },
    });
    expect(disable.status).toBe(204);
    expect(await isDisabled('hy')).toBe(true);
    const enable = await withCookie('/api/v1/users/hy/enable', {
      method: 'POST',
      headers: { origin: 'http://localhost' },
    });
    expect(enable.status).toBe(204);
    const imported = await withCookie('/api/v1/orgs/import', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    expect(await orgExists('341022104391')).toBe(true);
  });

  it('works without Origin when Sec-Fetch-Site is same-origin (also with Origin null: a no-referrer page)', async () => {
    for (const headers of cases(
      { 'sec-fetch-site': 'same-origin' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    )) {
      const row = await freshLink();
      const res = await withCookie(`/api/v1/links/${row.id}/revoke`, { method: 'POST', headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(await linkStatus(row.id)).toBeDefined();
    }
  });

  it('bearer tokens are unaffected, with or without a foreign Origin', async () => {
    for (const headers of cases({}, { origin: evil })) {
      const row = await freshLink();
      const res = await t.request(`/api/v1/links/${row.id}/revoke`, {
        method: 'POST',
        token: admin,
        headers,
      });
      expect(res.status).toBe(200);
      expect(await linkStatus(row.id)).toBeDefined();
    }
  });

  it('reads with the cookie need no Origin; a session that is no good is still 401 first', async () => {
    expect((await withCookie('/api/v1/orgs/341022104', { headers: { origin: evil } })).status).toBe(200);
    const res = await t.request('/api/v1/users/hy/disable', {
      method: 'POST',
      headers: { cookie: 'session=not-a-token', origin: evil },
    });
    expect(res.status).toBe(401);
  });

  it('accepts the configured public URL’s origin (a proxy that does not pass the Host on) and https behind a TLS proxy', async () => {
    const { table, secret, blobs } = t.stack;
    const composed = compose({
      table,
      secret,
      blobs,
      config: {
        sessionTtlSeconds: 3600,
        maxBodyBytes: 64 * 1024,
        publicUrl: 'https://laonian.example.gov.cn',
      },
      now: () => t.clock.now,
    });
    const app = createApp(composed.deps);
    const revoke = async (id: string, headers: Record<string, string>) =>
      (
        await app.request(`http://127.0.0.1:3000/api/v1/links/${id}/revoke`, {
          method: 'POST',
          headers: { cookie: `session=${admin}`, ...headers },
        })
      ).status;
    const row = await freshLink();
    expect(await revoke(row.id, { origin: 'https://evil.example.gov.cn' })).toBe(403);
    expect(await revoke(row.id, { origin: 'https://127.0.0.1:3000' })).toBe(403);
    expect(await linkStatus(row.id)).toBeUndefined();
    expect(await revoke(row.id, { origin: 'https://laonian.example.gov.cn' })).toBe(200);
    const next = await freshLink();
    expect(await revoke(next.id, { origin: 'https://127.0.0.1:3000', 'x-forwarded-proto': 'https' })).toBe(
      200,
    );
  });

  it('behind API Gateway the address the browser used is this site', async () => {
    const row = await freshLink();
    const host = 'abc123.execute-api.cn-north-1.amazonaws.com.cn';
    const handler = lambdaHandlerFor(t.stack.app);
    const post = async (origin: string) =>
      (
        (await handler(
          {
            version: '2.0',
            routeKey: '$default',
            rawPath: `/api/v1/links/${row.id}/revoke`,
            rawQueryString: '',
            cookies: [`session=${admin}`],
            headers: { host, origin },
            requestContext: {
              domainName: host,
              http: { method: 'POST', path: `/api/v1/links/${row.id}/revoke`, sourceIp: '203.0.113.9' },
              stage: '$default',
            },
            body: null,
            isBase64Encoded: false,
          } as unknown as LambdaEvent,
          {} as Context,
        )) as APIGatewayProxyResult
      ).statusCode;
    expect(await post(evil)).toBe(403);
    expect(await linkStatus(row.id)).toBeUndefined();
    expect(await post(`https://${host}`)).toBe(200);
    expect(await linkStatus(row.id)).toBeDefined();
  });
});

describe('login from another site is refused (login CSRF)', () => {
  const form = (headers: Record<string, string>) =>
    t.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ username: 'admin', password: adminPassword }).toString(),
    });
  const api = (headers: Record<string, string>) =>
    t.request(
      '/api/v1/auth/login',
      json({ username: 'admin', password: adminPassword }, { method: 'POST', headers }),
    );

  it('the login page: 403, the login page again with the reason, no cookie', async () => {
    for (const headers of cases(
      { origin: evil },
      { origin: otherPort },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    )) {
      const res = await form(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      const html = await res.text();
      expect(html).toContain('页面已过期或来源不正确');
      expect(html).toContain('action="/login"');
    }
  });

  it('the login page from itself still signs in: Origin, or Origin null with same-origin (no-referrer pages), or nothing', async () => {
    for (const headers of cases(
      { origin: 'http://localhost' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      {},
    )) {
      const res = await form(headers);
      expect(res.status, JSON.stringify(headers)).toBe(303);
      expect(res.headers.get('location')).toBe('/console');
      expect(res.headers.get('set-cookie')).toMatch(/^session=/);
    }
  });

  it('the JSON login: 403 auth.csrf with a foreign Origin, no cookie; API clients without Origin still sign in', async () => {
    const refused = await api({ origin: evil });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('auth.csrf');
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(refused.headers.get('cache-control')).toBe('no-store');
    for (const headers of cases({}, { origin: 'http://localhost' })) {
      const res = await api(headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/^session=/);
    }
  });
});
