import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { readShippedForms } from '../../bin/form-files';
import { syncShippedForms } from '../../shared/app/setup/sync-forms';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin: string;
let township: string;
const selfEvaluation = async () =>
  JSON.parse(await readFile(new URL('../../forms/self-evaluation.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  > & {
    sections: { key: string; fields: { key: string; type: string }[] }[];
  };
const publish = (body: unknown, token = admin) =>
  t.request('/api/v1/forms', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('dlx', 'township', '341022104', 'township-pass-1');
  township = await t.login('dlx', 'township-pass-1');
});

describe('GET /api/v1/forms', () => {
  it('lists the latest version of each shipped form', async () => {
    const res = await t.request('/api/v1/forms');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string; version: number; title: string }[];
    expect(list.map((f) => f.id)).toEqual(['acceptance', 'baseline', 'lookback', 'self-evaluation']);
    expect(list.every((f) => f.version === 1 && /[\u4e00-\u9fff]/.test(f.title))).toBe(true);
  });

  it('returns a definition by id and version; 404 unknown, 400 bad version', async () => {
    const res = await t.request('/api/v1/forms/baseline?version=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'baseline', version: 1 });
    expect((await errorOf(await t.request('/api/v1/forms/baseline?version=9'))).code).toBe('form.not_found');
    expect((await t.request('/api/v1/forms/nope')).status).toBe(404);
    const bad = await t.request('/api/v1/forms/baseline?version=abc');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('request.invalid');
  });
});

describe('POST /api/v1/forms', () => {
  it('needs a session and the admin role', async () => {
    expect((await publish(await selfEvaluation(), '')).status).toBe(401);
    const res = await publish(await selfEvaluation(), township);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('auth.forbidden');
  });

  it('answers 422 with every issue and its JSON path, and stores nothing', async () => {
    const before = await t.scanAll();
    const form = await selfEvaluation();
    const [first] = form.sections;
    if (!first?.fields[0]) throw new Error('fixture');
    first.fields[0].type = 'nonsense';
    form.title = '';
    const res = await publish(form);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('form.invalid');
    const paths = (error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['$.title', '$.sections[0].fields[0].type']));
    expect(await t.scanAll()).toEqual(before);
  });

  it('publishes the next version, keeps the old one immutable, and 422s a type change', async () => {
    const form = { ...(await selfEvaluation()), title: '自评表（第二版）', version: 1 };
    const res = await publish(form);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'self-evaluation', version: 2 });
    expect(await (await t.request('/api/v1/forms/self-evaluation')).json()).toMatchObject({
      version: 2,
      title: '自评表（第二版）',
    });
    expect(await (await t.request('/api/v1/forms/self-evaluation?version=1')).json()).toMatchObject({
      version: 1,
    });

    const changed = await selfEvaluation();
    const charter = changed.sections.flatMap((s) => s.fields).find((f) => f.key === 'charter');
    if (!charter) throw new Error('fixture');
    // Same points and veto, only the type differs: the one thing wrong is the type change.
    Object.assign(charter, {
      type: 'single',
      options: [
        { value: 'yes', label: '有' },
        { value: 'no', label: '无' },
      ],
    });
    const refused = await publish(changed);
    expect(refused.status).toBe(422);
    expect((await errorOf(refused)).details).toEqual([
      {
        path: expect.stringMatching(/^\$\.sections\[\d+\]\.fields\[\d+\]\.type$/),
        message: expect.stringContaining('“charter”的类型由 yesNo 改为 single'),
      },
    ]);
  });

  it('refuses a key that comes back with another type after a version without it', async () => {
    const form = (fields: unknown[]) => ({
      id: 'tiny-form',
      version: 1,
      title: '小表单',
      description: '测试',
      sections: [{ key: 's', title: '一', fields }],
    });
    const a = { type: 'integer', key: 'a', label: '甲' };
    const b = { type: 'text', key: 'b', label: '乙' };
    expect((await publish(form([a, b]))).status).toBe(201);
    expect((await publish(form([b]))).status).toBe(201);
    const back = await publish(form([b, { ...a, type: 'text' }]));
    expect(back.status).toBe(422);
    expect(JSON.stringify((await errorOf(back)).details)).toContain('“a”的类型由 integer 改为 text');
    expect((await publish(form([b, a]))).status).toBe(201);
  });

  it('pins a published form to the versions it referenced', async () => {
    const v3 = await selfEvaluation();
    v3.sections = v3.sections.map((s) =>
      s.key === 'organisation' ? { ...s, fields: s.fields.filter((f) => f.key !== 'leadershipInTerm') } : s,
    );
    // A removed field changes the caps; drop the section cap so the form stays valid.
    const res = await publish({ ...v3, sections: v3.sections.map((s) => ({ ...s, maxPoints: undefined })) });
    expect(res.status).toBe(201);
    const acceptance = t.stack.deps.forms.compile(await t.stack.deps.forms.get('acceptance', 1));
    expect(acceptance.fields.has('leadershipInTerm')).toBe(true);
  });

  it('never stores two forms under one version when publishes race', async () => {
    const form = await selfEvaluation();
    const results = await Promise.all([1, 2, 3].map((i) => publish({ ...form, title: `并发 ${i}` })));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    const versions = await Promise.all(
      results
        .filter((r) => r.status === 201)
        .map(async (r) => ((await r.json()) as { version: number }).version),
    );
    expect(new Set(versions).size).toBe(versions.length);
  });
});

describe('syncShippedForms', () => {
  it('publishes nothing when the files match the latest versions', async () => {
    const outcomes = await syncShippedForms(t.stack.deps.forms, await readShippedForms(), t.clock.now);
    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o.published]));
    // self-evaluation was republished above with other content, so the shipped file is new again.
    expect(byId).toEqual({ acceptance: false, baseline: false, lookback: false, 'self-evaluation': true });
    const again = await syncShippedForms(t.stack.deps.forms, await readShippedForms(), t.clock.now);
    expect(again.every((o) => !o.published)).toBe(true);
  });
});
