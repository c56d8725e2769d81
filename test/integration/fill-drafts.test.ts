import { beforeAll, describe, expect, it } from 'vitest';
import { issueVillageTokens, json } from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let tokenA = ''; // 小阜村
let tokenB = ''; // another village of 东临溪镇
let baselineA = '';

type Draft = { answers: Record<string, unknown>; savedAt: string; formVersion: number } | null;
const draftOf = async (token: string): Promise<Draft> => {
  const res = await t.request(`/api/v1/fill/${token}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { draft: Draft }).draft;
};
const putDraft = (token: string, answers: unknown) =>
  t.request(`/api/v1/fill/${token}/draft`, json({ answers }, { method: 'PUT' }));

beforeAll(async () => {
  const admin = await t.login('admin', adminPassword);
  ({ tokenA, tokenB, baselineA } = await issueVillageTokens(t, admin));
});

describe('drafts', () => {
  it('round-trip per village and form, last write wins, without touching other villages', async () => {
    const first = { members: 3, note: '草稿', nested: { list: [1, { a: null }] }, __proto__x: 1 };
    expect((await putDraft(tokenA, first)).status).toBe(204);
    const second = { members: 40, '': 'empty key', constructor: { prototype: 1 } };
    const raw = `{"answers":{"__proto__":{"polluted":true},"members":40,"":"empty key","constructor":{"prototype":1}}}`;
    const res = await t.request(`/api/v1/fill/${tokenA}/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });
    expect(res.status).toBe(204);
    const a = { draft: await draftOf(tokenA) };
    expect(a.draft?.formVersion).toBe(1);
    expect(a.draft?.savedAt).toBe(t.clock.now.toISOString());
    expect(JSON.stringify(a.draft?.answers)).toBe(JSON.stringify(JSON.parse(raw).answers));
    expect(a.draft?.answers).toMatchObject(second);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await draftOf(tokenB)).toBeNull();
    expect(await draftOf(baselineA)).toBeNull();
  });

  it('422s answers that are not an object and 413s a draft over the limits', async () => {
    for (const answers of [[1, 2], 'text', null, 5]) {
      const res = await putDraft(tokenA, answers);
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe('draft.invalid');
    }
    const huge = await putDraft(tokenA, { text: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    // The draft cap itself (64 KB), below the test app's body limit, through the service.
    await expect(
      t.stack.deps.fill.saveDraft(
        await t.stack.deps.links.resolveLink(tokenA, t.clock.now),
        { text: '字'.repeat(23_000) },
        t.clock.now,
      ),
    ).rejects.toMatchObject({ code: 'answers.too_large' });
    expect((await draftOf(tokenA))?.answers).toMatchObject({ members: 40 });
  });
});
