import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compose } from '../../functions/compose';
import { createApp } from '../../functions/http/app';
import { issueSessionToken } from '../../shared/auth/token';
import { Table } from '../../shared/store/dynamo';
import { useTestStack } from '../support/stack';

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
    const csp = res.headers.get('content-security-policy') ?? '';
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    expect(style).toContain('"Noto Sans CJK SC"');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-inline');
  });
});
