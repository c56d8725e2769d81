import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../shared/forms/answers';
import { issueLink } from '../e2e/survey-server';
import { compiledForm, json, validAnswers } from '../support/fill';
import { useTestStack } from '../support/stack';

/**
 * Deliver 2, the server half: a submit (API or page) replaces the server draft with the
 * submitted answers, stamped with the submission's time, so a second phone — or any
 * reader of `GET /api/v1/fill/{token}` — never restores a draft older than what was
 * submitted; a draft saved after the submission is newer, and the page starts from it.
 */
const t = useTestStack();

type View = {
  draft: { answers: Record<string, unknown>; savedAt: string; formVersion: number } | null;
  submissions: { id: string; receivedAt: string; formVersion: number }[];
};
const view = async (token: string) => (await (await t.request(`/api/v1/fill/${token}`)).json()) as View;
const putDraft = (token: string, answers: unknown) =>
  t.request(`/api/v1/fill/${token}/draft`, json({ answers }, { method: 'PUT' }));
const submit = (token: string, answers: unknown, key?: string) =>
  t.request(
    `/api/v1/fill/${token}/submissions`,
    json({ answers }, { method: 'POST', ...(key ? { headers: { 'idempotency-key': key } } : {}) }),
  );
const later = (minutes: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000);
};
const pagePost = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});
const typed = {
  unitType: 'village',
  registeredPopulation: '800',
  elderlyPopulation: '150',
  hasAssociation: 'no',
  reporterName: '王会计',
  reporterPhone: '13912345678',
};

async function cleaned(answers: unknown) {
  const checked = validateAnswers(await compiledForm(t, 'baseline'), answers);
  if (!checked.ok) throw new Error('fixture answers are invalid');
  return checked.answers;
}

describe('a submit and the server draft', () => {
  it('an API submit replaces an older draft with the submitted answers at the submission’s time', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104201');
    const [answers] = validAnswers(await compiledForm(t, 'baseline'), 1, 3);
    expect((await putDraft(token, { reporterName: '早先的草稿' })).status).toBe(204);
    later(5);
    const res = await submit(token, answers, 'second-phone-0001');
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { receivedAt: string; formVersion: number };
    const { draft } = await view(token);
    expect(draft).toEqual({
      answers: await cleaned(answers),
      savedAt: receipt.receivedAt,
      formVersion: receipt.formVersion,
    });
    // The second phone's page starts from the submission and says so; the old draft is gone.
    const page = await (await t.request(`/f/${token}`)).text();
    expect(page).toMatch(/已填入 \d{4}-\d\d-\d\d \d\d:\d\d 提交的内容，可在此基础上修改/);
    expect(page).not.toContain('早先的草稿');
    expect(page).not.toContain('已恢复服务器上的草稿');
  });

  it('a draft saved after the submission is newer: the page restores it', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104202');
    const [answers] = validAnswers(await compiledForm(t, 'baseline'), 1, 5);
    expect((await submit(token, answers)).status).toBe(201);
    later(1);
    expect((await putDraft(token, { ...answers, reporterName: '改过的名字' })).status).toBe(204);
    expect((await view(token)).draft?.savedAt).toBe(t.clock.now.toISOString());
    const page = await (await t.request(`/f/${token}`)).text();
    expect(page).toContain('已恢复服务器上的草稿');
    expect(page).toContain('value="改过的名字"');
  });

  it('a replayed key returns the first receipt without touching a draft saved since', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104203');
    const [answers] = validAnswers(await compiledForm(t, 'baseline'), 1, 7);
    const first = await submit(token, answers, 'replay-key-0001');
    later(1);
    expect((await putDraft(token, { reporterName: '之后的草稿' })).status).toBe(204);
    const savedAt = t.clock.now.toISOString();
    later(1);
    const again = await submit(token, answers, 'replay-key-0001');
    expect(await again.json()).toEqual(await first.json());
    expect((await view(token)).draft).toMatchObject({ answers: { reporterName: '之后的草稿' }, savedAt });
  });

  it('a refused API submit leaves the draft as it was', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104204');
    expect((await putDraft(token, { reporterName: '原样' })).status).toBe(204);
    const before = (await view(token)).draft;
    later(1);
    expect((await submit(token, { elderlyPopulation: 'many' })).status).toBe(422);
    expect((await view(token)).draft).toEqual(before);
  });

  it('a page submit (no JavaScript) replaces it too: reopening starts from the submission', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104205');
    expect((await putDraft(token, { reporterName: '早先的草稿' })).status).toBe(204);
    later(3);
    const res = await t.request(`/f/${token}`, pagePost({ ...typed, _action: 'submit' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('✓ 提交成功');
    const { draft, submissions } = await view(token);
    expect(draft).toMatchObject({ answers: { reporterName: '王会计' }, savedAt: submissions[0]?.receivedAt });
    const page = await (await t.request(`/f/${token}`)).text();
    expect(page).toContain('提交的内容，可在此基础上修改');
    expect(page).toContain('value="王会计"');
    expect(page).not.toContain('早先的草稿');
  });
});
