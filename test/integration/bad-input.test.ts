import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issue, tokenOf } from '../support/fill';
import { adminPassword, useTestStack } from '../support/stack';

const t = useTestStack();
let token = '';

beforeAll(async () => {
  const admin = await t.login('admin', adminPassword);
  const [row] = await issue(t, admin, { formId: 'baseline', orgCodes: ['341022104204'] });
  token = tokenOf(row?.url ?? '');
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('bad input never ends in a 500', () => {
  it('a survey form post that is not a form, or does not parse, gets 415/400 and stores nothing', async () => {
    const before = (await t.scanAll()).length;
    const post = (contentType: string, body: string) =>
      t.request(`/f/${token}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect((await post('multipart/form-data', '--x\r\ngarbage')).status).toBe(400);
    expect(
      (await post('multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data\r\n\r\n'))
        .status,
    ).toBeLessThan(500);
    expect((await post('application/json', '{}')).status).toBe(415);
    expect((await t.scanAll()).length).toBe(before);
  });

  it('an oversized or malformed form id gets 400, not a DynamoDB error', async () => {
    expect((await t.request(`/api/v1/forms/${'a'.repeat(3000)}?version=1`)).status).toBe(400);
    expect((await t.request('/api/v1/forms/Not_A_Form')).status).toBe(400);
  });
});

describe('error logs', () => {
  it('name the route pattern, never the survey token', async () => {
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    // A real failure on a token route: the village's link record (read on every request,
    // never cached) is corrupted, so reading it back fails inside the store with a 5xx.
    const [linkId] = token.split('.');
    await t.stack.table.put({ pk: `LINK#${linkId}`, sk: 'LINK', id: linkId, orgCode: 'not-a-code' });
    const res = await t.request(`/api/v1/fill/${token}`);
    expect(res.status).toBe(500);
    expect(logged.join('\n')).toContain('/api/v1/fill/:token');
    expect(logged.join('\n')).not.toContain(token);
  });
});
