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
  // 6 self-evaluations interleaved with them in the same villages: a filtered page must skip them.
  const selfRows = await issue(t, admin, { formId: 'self-evaluation', parentCode: '341022104' });
  const selfForm = await compiledForm(t, 'self-evaluation');
  for (const [i, a] of validAnswers(selfForm, 6, 9).entries()) {
    const token = tokenOf(selfRows.find((r) => r.orgCode === rows[i % 3]?.orgCode)?.url ?? '');
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
    expect(seen).toHaveLength(13);
    expect(new Set(seen.map((s) => s.id)).size).toBe(13);
    // Village code descending, newest first inside a village.
    const keys = seen.map((s) => `${s.orgCode}#${s.receivedAt}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('filtered by form, every page is full until the last, and holds only that form', async () => {
    const pages: { formId: string }[][] = [];
    let query = 'formId=baseline&limit=3';
    for (let n = 0; n < 10; n++) {
      const res = await list(query);
      expect(res.status).toBe(200);
      pages.push((await res.json()) as { formId: string }[]);
      const next = res.headers.get('x-next-cursor');
      if (!next) break;
      query = `formId=baseline&limit=3&cursor=${encodeURIComponent(next)}`;
    }
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(pages.flat()).toHaveLength(7);
    expect(pages.flat().every((s) => s.formId === 'baseline')).toBe(true);
    // A cursor of the unfiltered list does not continue a filtered one.
    const unfiltered = (await list('limit=1')).headers.get('x-next-cursor') ?? '';
    const mixed = await list(`formId=baseline&limit=1&cursor=${encodeURIComponent(unfiltered)}`);
    expect(mixed.status).toBe(400);
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
