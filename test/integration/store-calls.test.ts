import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { receiptCodeOf } from '../../shared/submissions/receipt-code';
import { compiledForm, issue, json, tokenOf, validAnswers, xiaoFu } from '../support/fill';
import { adminPassword, useTestStack } from '../support/stack';
import { countCommands } from '../support/store-calls';

/**
 * The hot paths' store budgets (ARCHITECTURE.md): on a warm instance a keyed submission is
 * the link read, the per-link rate counter, the claim write and one batch write (the
 * submission and the village's draft), a draft save the link read, the counter and the
 * draft write, a survey page view at most 3 calls. Counted on the real app against
 * dynalite, by a middleware on the table's client.
 */
const t = useTestStack();
let admin = '';
let token = '';
let linkId = '';
let answers: Record<string, unknown>[] = [];
let counter: ReturnType<typeof countCommands>;

const submit = (body: Record<string, unknown>, key?: string) =>
  t.request(
    `/api/v1/fill/${token}/submissions`,
    json({ answers: body }, { method: 'POST', ...(key ? { headers: { 'idempotency-key': key } } : {}) }),
  );

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  const [row] = await issue(t, admin, { formId: 'self-evaluation', orgCodes: [xiaoFu] });
  token = tokenOf(row?.url ?? '');
  linkId = row?.id ?? '';
  answers = validAnswers(await compiledForm(t, 'self-evaluation'), 40, 11);
  counter = countCommands(t.stack.table.client);
  // Warm the instance: the first request reads the form and the village into the caches.
  expect((await t.request(`/f/${token}`)).status).toBe(200);
  expect((await submit(answers[0] ?? {}, 'warm-up-key-0001')).status).toBe(201);
  counter.reset();
});

describe('store calls on the hot paths (warm instance)', () => {
  it('a keyed submission is 1 GetItem (the link) + 1 UpdateItem (the rate counter) + 1 PutItem (claim) + 1 BatchWriteItem (submission and draft)', async () => {
    for (let i = 1; i <= 5; i++) {
      counter.reset();
      expect((await submit(answers[i] ?? {}, `store-calls-key-${i}`)).status).toBe(201);
      // One batch of exactly two puts: the submission and the village's draft, nothing else.
      const batch = counter.inputs().find((c) => c.name === 'BatchWriteItemCommand')?.input as {
        RequestItems: Record<string, { PutRequest: { Item: { sk: string } } }[]>;
      };
      const sks = Object.values(batch.RequestItems).flatMap((puts) => puts.map((p) => p.PutRequest.Item.sk));
      expect(sks).toEqual([expect.stringMatching(/^SUB#self-evaluation#/), 'DRAFT#self-evaluation']);
      expect(counter.reset()).toEqual({
        GetItemCommand: 1,
        UpdateItemCommand: 1,
        PutItemCommand: 1,
        BatchWriteItemCommand: 1,
      });
    }
  });

  it('an unkeyed submission is 1 GetItem + 1 UpdateItem + 1 BatchWriteItem; a retried key reads its claim instead of writing twice', async () => {
    expect((await submit(answers[6] ?? {})).status).toBe(201);
    expect(counter.reset()).toEqual({ GetItemCommand: 1, UpdateItemCommand: 1, BatchWriteItemCommand: 1 });
    const first = await submit(answers[7] ?? {}, 'retried-key-0001');
    counter.reset();
    const again = await submit(answers[7] ?? {}, 'retried-key-0001');
    expect(await again.json()).toEqual(await first.json());
    // The link, the counter, the lost claim write, the claim read, the idempotent re-write of the submission.
    expect(counter.reset()).toEqual({ GetItemCommand: 2, UpdateItemCommand: 1, PutItemCommand: 2 });
  });

  it('a draft save is 1 GetItem + 1 UpdateItem + 1 PutItem; a refused one (the limit) stops at the counter', async () => {
    const save = () =>
      t.request(`/api/v1/fill/${token}/draft`, json({ answers: { members: 3 } }, { method: 'PUT' }));
    expect((await save()).status).toBe(204);
    expect(counter.reset()).toEqual({ GetItemCommand: 1, UpdateItemCommand: 1, PutItemCommand: 1 });
    for (let i = 1; i < 60; i++) expect((await save()).status).toBe(204);
    counter.reset();
    expect((await save()).status).toBe(429);
    expect(counter.reset()).toEqual({ GetItemCommand: 1, UpdateItemCommand: 1 });
  });

  it('an upload slot through the app is 1 GetItem + 1 UpdateItem (the limit) + 1 PutItem, its upload 2 GetItems (the link and the slot)', async () => {
    const bytes = Buffer.from('%PDF-1.7\n...');
    const slot = await t.request(
      `/api/v1/fill/${token}/attachments`,
      json(
        { fieldKey: 'activityEvidence', name: 'a.pdf', type: 'application/pdf', size: bytes.length },
        { method: 'POST' },
      ),
    );
    expect(slot.status).toBe(201);
    expect(counter.reset()).toEqual({ GetItemCommand: 1, UpdateItemCommand: 1, PutItemCommand: 1 });
    const { upload } = (await slot.json()) as { upload: { url: string } };
    const put = await t.request(upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    expect(put.status).toBe(204);
    expect(counter.reset()).toEqual({ GetItemCommand: 2 });
  });

  it('a survey page view is 3 calls however many submissions the village has, and shows the newest', async () => {
    for (let i = 8; i < 30; i++) {
      // A minute apart, as a village would: the per-link limit is 10 a minute.
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      expect((await submit(answers[i] ?? {})).status).toBe(201);
    }
    counter.reset();
    const page = await t.request(`/f/${token}`);
    expect(page.status).toBe(200);
    // The newest submission only: a Query with Limit 1, not the village's whole history.
    const queries = counter.inputs().filter((c) => c.name === 'QueryCommand');
    expect(queries.map((q) => q.input.Limit)).toEqual([1]);
    expect(counter.reset()).toEqual({ GetItemCommand: 2, QueryCommand: 1 });
    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as {
      submissions: { id: string }[];
    };
    expect(await page.text()).toContain(receiptCodeOf(view.submissions[0]?.id ?? 'missing'));
  });

  it('a form published on this instance is used at once, and a revocation takes effect at once', async () => {
    const definition = JSON.parse(await readFile('forms/self-evaluation.json', 'utf8')) as {
      title: string;
    };
    const published = await t.request(
      '/api/v1/forms',
      json({ ...definition, title: `${definition.title}（修订）` }, { method: 'POST', token: admin }),
    );
    expect(published.status).toBe(201);
    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as { form: { version: number } };
    expect(view.form.version).toBe(2);
    const revoked = await t.request(`/api/v1/links/${linkId}/revoke`, { method: 'POST', token: admin });
    expect(revoked.status).toBe(200);
    expect((await submit(answers[31] ?? {}, 'after-revoke-0001')).status).toBe(410);
  });
});

describe('the console’s village page', () => {
  it('reads the village’s history once: its status and its list of submissions come from the same Query', async () => {
    const page = (session: string) =>
      t.request(`/console/villages/${xiaoFu}`, { headers: { cookie: `session=${session}` } });
    expect((await page(admin)).status).toBe(200); // warm
    counter.reset();
    const res = await page(admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-testid="timeline"');
    // What each Query reads: the partition (or index partition) it names.
    const reads = counter
      .inputs()
      .filter((c) => c.name === 'QueryCommand')
      .map((c) =>
        String(
          Object.values(
            (c.input as { ExpressionAttributeValues: Record<string, unknown> }).ExpressionAttributeValues,
          )[0],
        ),
      );
    // The history (status, timeline and the list of submissions) once; no second list of submissions.
    expect(reads.filter((p) => p === `VILLAGE#${xiaoFu}`)).toHaveLength(1);
    expect(reads.filter((p) => p.startsWith('SUB_TREE#'))).toEqual([]);
  });
});
