import { randomBytes } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFormCatalogue } from '../../shared/app/forms/form-catalogue';
import { validateAnswers } from '../../shared/forms/answers';
import { scoreAnswers } from '../../shared/forms/scoring';
import { linkToken, newLinkId } from '../../shared/links/link-token';
import { tableDefinition } from '../../shared/store/table';
import { scoreSummary } from '../../shared/submissions/submission';
import {
  compiledForm,
  isClaim,
  isSubmission,
  issue,
  issueVillageTokens,
  itemsWhere,
  json,
  validAnswers,
  xiaoFu,
} from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin: string;
let tokenA = ''; // 小阜村
let tokenB = ''; // another village of 东临溪镇
let baselineA = '';

type View = {
  org: { code: string; name: string };
  form: { id: string; version: number; title: string; definition: { sections: unknown[] } };
  draft: { answers: unknown; savedAt: string; formVersion: number } | null;
  submissions: { id: string; receivedAt: string; formVersion: number; score?: unknown }[];
};
const view = async (token: string) => {
  const res = await t.request(`/api/v1/fill/${token}`);
  expect(res.status).toBe(200);
  return (await res.json()) as View;
};
const putDraft = (token: string, answers: unknown) =>
  t.request(`/api/v1/fill/${token}/draft`, json({ answers }, { method: 'PUT' }));
const submit = (token: string, answers: unknown, key?: string) =>
  t.request(
    `/api/v1/fill/${token}/submissions`,
    json({ answers }, { method: 'POST', ...(key ? { headers: { 'idempotency-key': key } } : {}) }),
  );
const submissionsOf = async (orgCode: string) =>
  itemsWhere(t, (i) => isSubmission(i) && i.orgCode === orgCode);
/** Every item but the per-link rate counters (they count every attempt: bookkeeping, not data). */
const dataItems = () => itemsWhere(t, (i) => !String(i.pk).startsWith(tableDefinition.counterPrefix));

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  ({ tokenA, tokenB, baselineA } = await issueVillageTokens(t, admin));
});

describe('GET /api/v1/fill/{token}', () => {
  it('returns the village, the latest form with its resolved definition, no draft, no submissions', async () => {
    const v = await view(tokenA);
    expect(v.org).toEqual({ code: xiaoFu, name: '小阜村' });
    expect(v.form).toMatchObject({ id: 'self-evaluation', version: 1 });
    expect(v.form.definition.sections.length).toBeGreaterThan(5);
    expect(v.draft).toBeNull();
    expect(v.submissions).toEqual([]);
  });

  it('compiles the stored form in a fresh process (no cache from publishing)', async () => {
    const fresh = createFormCatalogue(t.stack.repos.forms);
    const stored = await fresh.get('self-evaluation');
    expect(fresh.compile(stored).id).toBe('self-evaluation');
  });

  it('answers forged and malformed tokens with 404 link.invalid on every route', async () => {
    const [id] = tokenA.split('.');
    const mac = tokenA.split('.')[1] ?? '';
    const flipped = `${id}.${mac.slice(0, 5)}${mac[5] === 'A' ? 'B' : 'A'}${mac.slice(6)}`;
    const forged = [
      flipped,
      `${newLinkId()}.${randomBytes(16).toString('base64url')}`,
      tokenA.slice(0, -1),
      tokenA.slice(0, 20),
      linkToken(randomBytes(48), id ?? ''),
      'x'.repeat(500),
      'a.b',
    ];
    for (const token of forged) {
      for (const res of [
        await t.request(`/api/v1/fill/${token}`),
        await putDraft(token, {}),
        await submit(token, {}),
        await t.request(`/api/v1/fill/${token}/attachments`, json({}, { method: 'POST' })),
      ]) {
        expect(res.status, token).toBe(404);
        expect((await errorOf(res)).code).toBe('link.invalid');
      }
    }
  });

  it('answers an expired link with 410 link.expired', async () => {
    const saved = t.clock.now;
    t.clock.now = new Date(saved.getTime() + 181 * 86_400_000);
    try {
      for (const res of [await t.request(`/api/v1/fill/${tokenA}`), await putDraft(tokenA, {})]) {
        expect(res.status).toBe(410);
        expect((await errorOf(res)).code).toBe('link.expired');
      }
    } finally {
      t.clock.now = saved;
    }
    expect((await t.request(`/api/v1/fill/${tokenA}`)).status).toBe(200);
  });
});

describe('POST /api/v1/fill/{token}/submissions', () => {
  // Each test in a minute of its own: a link may submit 10 times a minute (fill-limits.test.ts).
  beforeEach(() => {
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
  });

  it('422s invalid answers with the details of validateAnswers and stores nothing', async () => {
    const form = await compiledForm(t, 'self-evaluation');
    const before = await dataItems();
    for (const answers of [{}, { members: 'many', unknownField: 1 }, [], 'x']) {
      const res = await submit(tokenA, answers, 'invalid-key-1');
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('submission.invalid');
      const expected = validateAnswers(form, answers);
      expect(expected.ok).toBe(false);
      expect(error.details).toEqual(expected.ok ? [] : expected.issues);
    }
    expect(await dataItems()).toEqual(before);
  });

  it('stores a valid self-evaluation and returns its score', async () => {
    const form = await compiledForm(t, 'self-evaluation');
    const [answers] = validAnswers(form, 1, 11);
    const res = await submit(tokenA, answers);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; score: unknown };
    const cleaned = validateAnswers(form, answers);
    if (!cleaned.ok) throw new Error('fixture answers are invalid');
    expect(body).toEqual({
      id: expect.any(String),
      receivedAt: t.clock.now.toISOString(),
      formVersion: 1,
      score: scoreSummary(scoreAnswers(form, cleaned.answers)),
    });
    const stored = await submissionsOf(xiaoFu);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(String(stored[0]?.answers))).toEqual(cleaned.answers);
    expect((await view(tokenA)).submissions).toEqual([body]);
  });

  it('stores an unscored form without a score', async () => {
    const form = await compiledForm(t, 'baseline');
    const [answers] = validAnswers(form, 1, 3);
    const res = await submit(baselineA, answers);
    expect(res.status).toBe(201);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['formVersion', 'id', 'receivedAt']);
  });

  it('keeps every submission without a key, newest first', async () => {
    const form = await compiledForm(t, 'self-evaluation');
    const before = (await submissionsOf(xiaoFu)).length;
    const ids: string[] = [];
    for (const [i, answers] of validAnswers(form, 2, 21).entries()) {
      t.clock.now = new Date(t.clock.now.getTime() + (i + 1) * 60_000);
      const res = await submit(tokenA, answers);
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    expect(await submissionsOf(xiaoFu)).toHaveLength(before + 2);
    const listed = (await view(tokenA)).submissions;
    expect(listed.slice(0, 2).map((s) => s.id)).toEqual([...ids].reverse());
    expect(listed.map((s) => s.receivedAt)).toEqual([...listed.map((s) => s.receivedAt)].sort().reverse());
  });

  it('stores one submission for the same key sent twice, then five times at once', async () => {
    const form = await compiledForm(t, 'self-evaluation');
    const [one, two] = validAnswers(form, 2, 31);
    const before = (await submissionsOf(xiaoFu)).length;
    const first = await submit(tokenA, one, 'retry-key-0001');
    const again = await submit(tokenA, one, 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const body = await first.json();
    expect(await again.json()).toEqual(body);
    expect(await submissionsOf(xiaoFu)).toHaveLength(before + 1);

    const concurrent = await Promise.all([1, 2, 3, 4, 5].map(() => submit(tokenA, two, 'concurrent-key-42')));
    expect(concurrent.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const bodies = await Promise.all(concurrent.map((r) => r.json()));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(await submissionsOf(xiaoFu)).toHaveLength(before + 2);
    expect(await itemsWhere(t, (i) => isClaim(i) && i.pk === `VILLAGE#${xiaoFu}`)).toHaveLength(2);
  });

  it('409s a key reused with different answers and 400s a malformed key', async () => {
    const form = await compiledForm(t, 'self-evaluation');
    const [one, two] = validAnswers(form, 2, 41);
    expect((await submit(tokenA, one, 'reused-key-01')).status).toBe(201);
    const before = await dataItems();
    const reused = await submit(tokenA, two, 'reused-key-01');
    expect(reused.status).toBe(409);
    expect((await errorOf(reused)).code).toBe('submission.key_reused');
    for (const key of ['short', 'has space in it', 'x'.repeat(129), 'bad!key#chars']) {
      const res = await submit(tokenA, one, key);
      expect(res.status, key).toBe(400);
    }
    expect(await dataItems()).toEqual(before);
  });

  it('finishes a keyed submission whose claim was written but not the submission', async () => {
    const form = await compiledForm(t, 'self-evaluation');
    const [answers] = validAnswers(form, 1, 51);
    const res = await submit(tokenA, answers, 'crash-key-0001');
    const body = (await res.json()) as { id: string };
    const item = (await submissionsOf(xiaoFu)).find((i) => i.id === body.id);
    if (!item) throw new Error('fixture');
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    await t.stack.table.client.send(
      new DeleteCommand({ TableName: t.stack.table.name, Key: { pk: item.pk, sk: item.sk } }),
    );
    expect((await view(tokenA)).submissions.some((s) => s.id === body.id)).toBe(false);
    const retry = await submit(tokenA, answers, 'crash-key-0001');
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(body);
    expect((await view(tokenA)).submissions.some((s) => s.id === body.id)).toBe(true);
  });

  it('keeps villages apart: A’s token only ever reads and writes A', async () => {
    const bBefore = await view(tokenB);
    expect(bBefore.submissions).toEqual([]);
    const a = await view(tokenA);
    expect(a.org.code).toBe(xiaoFu);
    expect(a.submissions.length).toBeGreaterThan(3);
    const b = await view(tokenB);
    expect(b.org.code).not.toBe(xiaoFu);
    expect(b).toEqual(bBefore);
    const bItems = await itemsWhere(
      t,
      (i) => i.pk === `VILLAGE#${b.org.code}` && !String(i.sk).startsWith('LINK#'),
    );
    expect(bItems).toEqual([]);
  });

  it('answers a revoked link with 410 link.revoked', async () => {
    const rows = await issue(t, admin, { formId: 'baseline', orgCodes: [xiaoFu], rotate: true });
    expect(rows).toHaveLength(1);
    const res = await submit(baselineA, {});
    expect(res.status).toBe(410);
    expect((await errorOf(res)).code).toBe('link.revoked');
  });
});

describe('GET /api/v1/orgs/{code}/submissions', () => {
  type Item = { id: string; orgCode: string; orgName?: string; formId: string; receivedAt: string };

  it('lists the submissions of a unit and below, newest first, with answers and names', async () => {
    const res = await t.request('/api/v1/orgs/341022104/submissions', { token: admin });
    expect(res.status).toBe(200);
    const items = (await res.json()) as (Item & { answers: object; score?: object })[];
    expect(items.length).toBe((await itemsWhere(t, isSubmission)).length);
    expect(items.map((i) => i.receivedAt)).toEqual([...items.map((i) => i.receivedAt)].sort().reverse());
    expect(items.every((i) => i.orgName === '小阜村' && typeof i.answers === 'object')).toBe(true);
    expect(items.filter((i) => i.formId === 'self-evaluation').every((i) => i.score)).toBe(true);
    const baseline = (await (
      await t.request('/api/v1/orgs/341022104/submissions?formId=baseline', { token: admin })
    ).json()) as Item[];
    expect(baseline.length).toBe(1);
    expect(baseline.every((i) => i.formId === 'baseline')).toBe(true);
    const village = (await (
      await t.request(`/api/v1/orgs/${xiaoFu}/submissions`, { token: admin })
    ).json()) as Item[];
    expect(village).toHaveLength(items.length);
  });

  it('is scope-checked and needs a session', async () => {
    await t.addUser('other', 'township', '341022105', 'township-pass-2');
    const other = await t.login('other', 'township-pass-2');
    const res = await t.request('/api/v1/orgs/341022104/submissions', { token: other });
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).not.toContain('小阜村');
    expect((await t.request('/api/v1/orgs/341022105/submissions', { token: other })).status).toBe(200);
    expect((await t.request('/api/v1/orgs/341022104/submissions')).status).toBe(401);
    expect((await t.request('/api/v1/orgs/341022999/submissions', { token: admin })).status).toBe(404);
  });
});
