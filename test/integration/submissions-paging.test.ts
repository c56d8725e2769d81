import { beforeAll, describe, expect, it } from 'vitest';
import { compiledForm, issue, json, tokenOf, validAnswers } from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin = '';
const list = (query: string) => t.request(`/api/v1/orgs/341022104/submissions?${query}`, { token: admin });

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  const rows = await issue(t, admin, { formId: 'baseline', parentCode: '341022104' });
  const form = await compiledForm(t, 'baseline');
  const answers = validAnswers(form, 7, 5);
  // 7 submissions over 3 villages.
  for (const [i, a] of answers.entries()) {
    const token = tokenOf(rows[i % 3]?.url ?? '');
    const res = await t.request(
      `/api/v1/fill/${token}/submissions`,
      json({ answers: a }, { method: 'POST' }),
    );
    expect(res.status).toBe(201);
  }
});

describe('GET /api/v1/orgs/{code}/submissions pages', () => {
  it('walks every submission exactly once with limit and X-Next-Cursor', async () => {
    const seen: { id: string; orgCode: string; receivedAt: string }[] = [];
    let query = 'limit=2';
    for (let pages = 0; pages < 10; pages++) {
      const res = await list(query);
      expect(res.status).toBe(200);
      const items = (await res.json()) as typeof seen;
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items);
      const next = res.headers.get('x-next-cursor');
      if (!next) break;
      query = `limit=2&cursor=${encodeURIComponent(next)}`;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((s) => s.id)).size).toBe(7);
    // Village code descending, newest first inside a village.
    const keys = seen.map((s) => `${s.orgCode}#${s.receivedAt}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('refuses bad limits and cursors that are not from this scope', async () => {
    for (const q of [
      'limit=0',
      'limit=501',
      'limit=abc',
      'cursor=%%%',
      `cursor=${Buffer.from('{"gsi2pk":"SUB_TREE#11","gsi2sk":"110101"}').toString('base64url')}`,
    ]) {
      const res = await list(q);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('request.invalid');
    }
  });
});
