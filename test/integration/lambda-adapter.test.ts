import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaHandlerFor } from '../../functions/http/lambda-adapter';
import { issue } from '../support/fill';
import { adminPassword, useTestStack } from '../support/stack';

const t = useTestStack();
let invoke: (event: LambdaEvent) => Promise<APIGatewayProxyResult & { cookies?: string[] }>;

/** An HTTP API (payload 2.0) event, as API Gateway sends it to the function. */
function event(
  method: string,
  path: string,
  init: { query?: string; headers?: Record<string, string>; body?: string; sourceIp?: string } = {},
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: init.query ?? '',
    headers: { host: 'abc123.execute-api.cn-north-1.amazonaws.com.cn', ...init.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc123',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: init.sourceIp ?? '203.0.113.9',
        userAgent: 'test',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:08:00:00 +0000',
      timeEpoch: 1795852800000,
      authentication: null,
      authorizer: {},
    },
    body: init.body ?? null,
    isBase64Encoded: false,
  } as LambdaEvent;
}

beforeAll(async () => {
  const handler = lambdaHandlerFor(t.stack.app);
  invoke = (e) => handler(e, {} as Context) as Promise<APIGatewayProxyResult & { cookies?: string[] }>;
  const admin = await t.login('admin', adminPassword);
  await issue(t, admin, { formId: 'baseline', parentCode: '341022104' });
});

describe('the app behind API Gateway (hono/aws-lambda, payload 2.0)', () => {
  it('throttles logins by API Gateway’s source address (not a header anyone can write)', async () => {
    const login = (sourceIp: string, username: string, extra: Record<string, string> = {}) =>
      invoke(
        event('POST', '/api/v1/auth/login', {
          sourceIp,
          headers: { 'content-type': 'application/json', ...extra },
          body: JSON.stringify({ username, password: 'not-the-password' }),
        }),
      );
    for (let i = 0; i < 10; i++) expect((await login('198.18.0.1', `guess${i}`)).statusCode).toBe(401);
    const locked = await login('198.18.0.1', 'another', { 'x-forwarded-for': '198.18.0.2' });
    expect(locked.statusCode).toBe(429);
    expect((await login('198.18.0.2', 'another')).statusCode).toBe(401);
  });

  it('answers JSON as text', async () => {
    const res = await invoke(event('GET', '/health'));
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(false);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('sets a Secure session cookie on login over HTTPS', async () => {
    const res = await invoke(
      event('POST', '/api/v1/auth/login', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: adminPassword }),
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.cookies?.join(';')).toMatch(/session=.*Secure/);
  });

  it('keeps the UTF-8 BOM of the CSV link list and sends PDFs base64-encoded', async () => {
    const token = await t.login('admin', adminPassword);
    const auth = { authorization: `Bearer ${token}` };
    const csv = await invoke(
      event('GET', '/api/v1/links/sheet', {
        query: 'parentCode=341022104&formId=baseline&format=csv',
        headers: auth,
      }),
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(csv.body, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('https://abc123.execute-api.cn-north-1.amazonaws.com.cn/f/');
    const pdf = await invoke(
      event('GET', '/api/v1/links/sheet', { query: 'parentCode=341022104&formId=baseline', headers: auth }),
    );
    expect(pdf.isBase64Encoded).toBe(true);
    expect(Buffer.from(pdf.body, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves the survey page as HTML', async () => {
    const missing = await invoke(event('GET', '/f/AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'));
    expect(missing.statusCode).toBe(404);
    expect(JSON.stringify(missing.headers)).toContain('text/html');
  });
});
