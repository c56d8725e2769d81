import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import { issueSessionToken } from '../../shared/auth/token';
import { Table } from '../../shared/store/dynamo';
import { issueLink } from '../e2e/survey-server';
import { adminPassword, useTestStack } from '../support/stack';

const t = useTestStack();
const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
afterAll(() => spy.mockRestore());

describe('5xx responses', () => {
  let broken: ReturnType<typeof createApp>;
  let token: string;

  beforeAll(() => {
    // The real adapter against a table that does not exist: DynamoDB's own error, not a mock.
    const table = new Table(t.stack.table.client, 'no-such-table');
    broken = createApp(
      compose({
        table,
        secret: t.stack.secret,
        blobs: t.stack.blobs,
        config: { sessionTtlSeconds: 60, maxBodyBytes: 1024 },
      }).deps,
    );
    token = issueSessionToken(
      t.stack.secret,
      { username: 'admin', sessionId: 'AAAAAAAAAAAAAAAA', epoch: 0 },
      new Date(),
      60,
    );
  });

  it('answer with the generic internal error and never leak internals', async () => {
    const res = await broken.request('/api/v1/orgs/34', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: '服务器内部错误，请稍后重试' } });
    expect(text).not.toMatch(/no-such-table|ResourceNotFound|stack|at /i);
    expect(spy).toHaveBeenCalled();
    expect(String(spy.mock.calls.at(-1)?.[0])).toContain('ResourceNotFound');
  });
});

describe('GET /', () => {
  it('serves a Chinese landing page whose only inline style is allowed by hash', async () => {
    const res = await t.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('规范化建设');
    // Where each person goes: the console, the survey link, the certificate lookup.
    expect(html).toContain('<a href="/login">登录工作台</a>');
    expect(html).toContain('<a href="/v">输入证书编号</a>');
    const csp = res.headers.get('content-security-policy') ?? '';
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    expect(style).toContain('"Noto Sans CJK SC"');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-inline');
  });
});

describe('an address a browser opens itself (a download link, a typed console address)', () => {
  const navigate = { 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  it('a download after the session ended goes to the login page; a script’s fetch still gets JSON', async () => {
    const path = '/api/v1/stats/341022/export?table=summary&format=xlsx';
    const page = await t.stack.app.request(path, { headers: navigate });
    expect(page.status).toBe(303);
    // … and back to the download after signing in.
    const location = page.headers.get('location') ?? '';
    expect(location).toBe(`/login?${new URLSearchParams({ next: path })}`);
    const form = await (await t.stack.app.request(location)).text();
    expect(form).toContain(
      `action="/login?${new URLSearchParams({ next: path }).toString().replace(/&/g, '&amp;')}"`,
    );
    const signedIn = await t.stack.app.request(location, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ username: 'admin', password: adminPassword }),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe(path);
    // Never to another site.
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/console/../../x\\y',
      'javascript:alert(1)',
    ]) {
      const res = await t.stack.app.request(`/login?${new URLSearchParams({ next })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: new URLSearchParams({ username: 'admin', password: adminPassword }),
      });
      expect(res.headers.get('location'), next).toBe('/console');
    }
    // An API client that asks for HTML first (Java's default Accept), with its bearer token or
    // none, and no Fetch Metadata: JSON, as always.
    for (const headers of <Record<string, string>[]>[
      { accept: navigate.accept },
      { accept: navigate.accept, authorization: 'Bearer expired' },
    ]) {
      const client = await t.stack.app.request(path, { headers });
      expect(client.status).toBe(401);
      expect(client.headers.get('content-type')).toContain('application/json');
    }
    // Even a navigation that carries a bearer token is an API client's.
    const bearer = await t.stack.app.request(path, {
      headers: { ...navigate, authorization: 'Bearer expired' },
    });
    expect(bearer.status).toBe(401);
    const fetched = await t.stack.app.request(path, { headers: { 'sec-fetch-mode': 'cors', accept: '*/*' } });
    expect(fetched.status).toBe(401);
    expect(((await fetched.json()) as { error: { code: string } }).error.code).toBe('auth.token_missing');
  });

  it('a download refused for another reason is a page with the message and a way back', async () => {
    const admin = await t.login('admin', adminPassword);
    const res = await t.stack.app.request('/api/v1/certificates/341022-2025-9999/pdf', {
      headers: { ...navigate, cookie: `session=${admin}`, referer: 'http://localhost/console/stats/341022' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<p role="alert">');
    expect(html).toContain('<a href="/console/stats/341022">返回上一页</a>');
  });

  it('a survey link’s certificate download, when there is none, is a page back to the survey', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104203');
    const res = await t.stack.app.request(`/api/v1/fill/${token}/certificate`, { headers: navigate });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('data-error-code="certificate.none"');
    expect(html).toContain(`<a href="/f/${token}">返回上一页</a>`);
  });

  it('the public verify API opened in a browser shows the verify page’s own error page', async () => {
    const res = await t.stack.app.request('/api/v1/verify/341022-2025-9999', { headers: navigate });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('data-error-code="certificate.not_found"');
    expect(html).not.toContain('/console');
  });

  it('a mistyped console address is a page, not JSON; the API’s unknown routes stay JSON', async () => {
    const admin = await t.login('admin', adminPassword);
    const res = await t.stack.app.request('/console/no-such-page', {
      headers: { ...navigate, cookie: `session=${admin}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('data-error-code="route.not_found"');
    // A malformed code in the address: said once, not once more as a detail.
    const code = await (
      await t.stack.app.request('/console/villages/999', {
        headers: { ...navigate, cookie: `session=${admin}` },
      })
    ).text();
    expect(code.match(/区划代码/g)).toHaveLength(1);
    expect(code).not.toContain('class="errors"');
    // Outside the console too (a typo of it, an old bookmark).
    const typo = await t.stack.app.request('/consle', { headers: navigate });
    expect(typo.status).toBe(404);
    expect(typo.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await typo.text()).toContain('data-error-code="route.not_found"');
    const api = await t.stack.app.request('/api/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('route.not_found');
  });
});
