import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import { lambdaHandlerFor } from '../../functions/http/lambda-adapter';
import { assetFiles } from '../../functions/http/pages/survey-assets';
import { issue, json, tokenOf, xiaoFu } from '../support/fill';
import { adminPassword, errorOf, type TestStack, useTestStack } from '../support/stack';

const t = useTestStack();
const children = '/api/v1/orgs/341022/children';
const loginBody = (password: string) => json({ username: 'admin', password }, { method: 'POST' });

/** The same app over the same table, composed with other settings (an https site, AWS). */
function appWith(stack: TestStack, config: { publicUrl?: string; runtime?: 'local' | 'aws' }) {
  const { table, secret, blobs } = stack.stack;
  const composed = compose({
    table,
    secret,
    blobs,
    config: { sessionTtlSeconds: 3600, maxBodyBytes: 64 * 1024, ...config },
    now: () => stack.clock.now,
  });
  return createApp(composed.deps);
}

describe('session signatures', () => {
  it('401 for another base64url spelling of a real login token’s signature (compared as text)', async () => {
    const token = await t.login('admin', adminPassword);
    const [body, mac = ''] = token.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // HMAC-SHA256 is 32 bytes, 43 characters: the last one carries 2 spare bits.
    const respelled = `${mac.slice(0, -1)}${alphabet[alphabet.indexOf(mac.slice(-1)) ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect((await t.request('/api/v1/orgs/34', { token })).status).toBe(200);
    const bearer = await t.request('/api/v1/orgs/34', { token: `${body}.${respelled}` });
    expect(bearer.status).toBe(401);
    expect((await errorOf(bearer)).code).toBe('auth.token_invalid');
    const cookie = await t.request('/api/v1/orgs/34', {
      headers: { cookie: `session=${body}.${respelled}` },
    });
    expect(cookie.status).toBe(401);
  });
});

describe('Cache-Control: no-store', () => {
  it('on every signed-in JSON answer, errors included, and on login whether it succeeds or not', async () => {
    const token = await t.login('admin', adminPassword);
    for (const path of [
      '/api/v1/orgs/34',
      children,
      '/api/v1/orgs/999999999999',
      '/api/v1/links?formId=nope',
    ]) {
      const res = await t.request(path, { token });
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control'), `${path} (${res.status})`).toBe('no-store');
    }
    const refusals = [
      await t.request('/api/v1/auth/login', loginBody('wrong-password')),
      await t.request('/api/v1/auth/login', {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 415]);
    const ok = await t.request('/api/v1/auth/login', loginBody(adminPassword));
    for (const res of [...refusals, ok]) expect(res.headers.get('cache-control')).toBe('no-store');
    // Public answers are not swept up: the health check stays cacheable as before.
    expect((await t.request('/health')).headers.get('cache-control')).toBeNull();
  });
});

describe('compressed JSON', () => {
  it('brotli or gzip over 1 KB when accepted, the same JSON once decoded; small bodies and pages untouched', async () => {
    const token = await t.login('admin', adminPassword);
    const plain = await t.request(children, { token });
    const text = await plain.text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);

    const br = await t.request(children, { token, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(text) / 3);
    expect(brotliDecompressSync(brBytes).toString()).toBe(text);

    const gz = await t.request(children, { token, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(text);
    const refused = await t.request(children, { token, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();

    const small = await t.request('/health', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ status: 'ok' });
    // A page gzips itself; it is not encoded a second time.
    const page = await t.request('/login', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await page.arrayBuffer())).toString()).toContain('<html');
  });

  it('comes out of the Lambda adapter base64-encoded with its content-encoding', async () => {
    const token = await t.login('admin', adminPassword);
    const expected = await (await t.request(children, { token })).json();
    const handler = lambdaHandlerFor(t.stack.app);
    const res = (await handler(
      lambdaEvent('GET', children, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' }),
      {} as Context,
    )) as APIGatewayProxyResult;
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-encoding']).toBe('gzip');
    expect(res.isBase64Encoded).toBe(true);
    expect(JSON.parse(gunzipSync(Buffer.from(res.body, 'base64')).toString())).toEqual(expected);
    // No hop-by-hop header from the local server's edge reaches API Gateway.
    expect(res.headers?.connection).toBeUndefined();
  });
});

describe('one frame policy', () => {
  it("frame-ancestors 'none' and X-Frame-Options DENY on every kind of page, asset and JSON", async () => {
    const admin = await t.login('admin', adminPassword);
    const [row] = await issue(t, admin, { formId: 'baseline', orgCodes: [xiaoFu] });
    const cookie = { cookie: `session=${admin}` };
    const asset = [...assetFiles.keys()].find((n) => n.endsWith('.css')) ?? '';
    const cases: [string, RequestInit, number][] = [
      ['/', {}, 200],
      ['/login', {}, 200],
      ['/console/area/34', { headers: cookie }, 200],
      ['/console/area/99', { headers: cookie }, 403],
      [`/f/${tokenOf(row?.url ?? '')}`, {}, 200],
      ['/f/not-a-real-token', {}, 404],
      ['/v/not-a-number', {}, 404],
      [`/assets/${asset}`, {}, 200],
      ['/health', {}, 200],
      [children, { headers: cookie }, 200],
      ['/api/v1/nowhere', {}, 404],
    ];
    for (const [path, init, status] of cases) {
      const res = await t.request(path, init);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});

describe('the session cookie', () => {
  const cookieOf = async (res: Response | Promise<Response>) => (await res).headers.get('set-cookie') ?? '';

  it('is Secure when the public URL is https, even on a request that arrived as plain http', async () => {
    const app = appWith(t, { publicUrl: 'https://laonian.example.gov.cn' });
    const cookie = await cookieOf(
      app.request('http://localhost/api/v1/auth/login', loginBody(adminPassword)),
    );
    expect(cookie).toMatch(/^session=.*; Secure/);
  });

  it('is Secure on AWS whatever the public URL says, and not on a plain-http laptop', async () => {
    const aws = appWith(t, { publicUrl: 'http://localhost:3000', runtime: 'aws' });
    expect(
      await cookieOf(aws.request('http://localhost/api/v1/auth/login', loginBody(adminPassword))),
    ).toMatch(/; Secure/);
    const local = await cookieOf(t.request('/api/v1/auth/login', loginBody(adminPassword)));
    expect(local).toMatch(/^session=/);
    expect(local).not.toMatch(/Secure/);
  });
});

/** An HTTP API (payload 2.0) GET event, as API Gateway sends it. */
function lambdaEvent(method: string, path: string, headers: Record<string, string>): LambdaEvent {
  const [rawPath = path, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'abc123.execute-api.cn-north-1.amazonaws.com.cn', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:08:00:00 +0000',
      timeEpoch: 1795852800000,
      authentication: null,
      authorizer: {},
    },
    body: null,
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}
