import { beforeAll, describe, expect, it } from 'vitest';
import { issue, json, tokenOf, xiaoFu } from '../support/fill';
import {
  acceptanceAnswers,
  baselineAnswers,
  lookbackAnswers,
  rubric84,
  rubricAnswers,
  submitThrough,
} from '../support/rubric';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin = '';
let clerk = '';
let stranger = '';
let selfToken = '';
let baselineToken = '';

/** Moves the app's clock to noon China time of a day. */
const at = (day: string) => {
  t.clock.now = new Date(`${day}T04:00:00Z`);
};

const status = async (asOf?: string, token = clerk, village = xiaoFu) => {
  const res = await t.request(`/api/v1/orgs/${village}/status${asOf ? `?asOf=${asOf}` : ''}`, { token });
  return { res, body: (await res.clone().json()) as Record<string, unknown> & { stage: string } };
};
const review = (id: string, body: unknown, token = clerk, village = xiaoFu) =>
  t.request(`/api/v1/orgs/${village}/submissions/${id}/review`, json(body, { method: 'POST', token }));
const evaluate = (body: unknown, key?: string, token = clerk, village = xiaoFu) =>
  t.request(
    `/api/v1/orgs/${village}/evaluations`,
    json(body, { method: 'POST', token, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) }),
  );
const evaluationItems = async () =>
  (await t.scanAll()).filter((i) => i.pk === `VILLAGE#${xiaoFu}` && String(i.sk).startsWith('EVAL#'));

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('clerk', 'township', '341022104', 'clerk-pass-123');
  await t.addUser('stranger', 'township', '341022103', 'stranger-pass-123');
  clerk = await t.login('clerk', 'clerk-pass-123');
  stranger = await t.login('stranger', 'stranger-pass-123');
  const [self] = await issue(t, admin, { formId: 'self-evaluation', orgCodes: [xiaoFu] });
  const [base] = await issue(t, admin, { formId: 'baseline', orgCodes: [xiaoFu] });
  selfToken = tokenOf(self?.url ?? '');
  baselineToken = tokenOf(base?.url ?? '');
});

describe('return → resubmit → approve → accept → look-back revoke, and the status between', () => {
  const ids: Record<string, string> = {};

  it('a returned self-evaluation stops counting and the village sees why', async () => {
    at('2026-03-02');
    await submitThrough(t, baselineToken, await baselineAnswers(t, { elderlyPopulation: 200, members: 150 }));
    at('2026-03-03');
    ids.first = (await submitThrough(t, selfToken, rubricAnswers())).id;
    expect((await status()).body).toMatchObject({
      stage: 'self_evaluated',
      selfScore: 100,
      standardized: false,
    });

    // Returning needs a comment; nothing changes without one.
    at('2026-03-04');
    const bare = await review(ids.first, { decision: 'return' });
    expect(bare.status).toBe(422);
    expect((await errorOf(bare)).code).toBe('review.comment_required');

    const returned = await review(ids.first, { decision: 'return', comment: '会员人数与摸底不符，请核实' });
    expect(returned.status).toBe(200);
    expect(await returned.json()).toMatchObject({
      state: 'returned',
      history: [{ state: 'returned', by: 'clerk', comment: '会员人数与摸底不符，请核实' }],
    });
    // A double click records one change, not two.
    await review(ids.first, { decision: 'return', comment: '会员人数与摸底不符，请核实' });
    const one = await t.request(`/api/v1/orgs/${xiaoFu}/submissions/${ids.first}`, { token: clerk });
    expect(((await one.json()) as { review: { history: unknown[] } }).review.history).toHaveLength(1);

    // The village reads the comment through its link.
    const view = (await (await t.request(`/api/v1/fill/${selfToken}`)).json()) as {
      submissions: { id: string; review?: { state: string; comment?: string } }[];
    };
    expect(view.submissions[0]).toMatchObject({
      id: ids.first,
      review: { state: 'returned', comment: '会员人数与摸底不符，请核实' },
    });
    // The returned self-evaluation no longer counts: back to surveyed.
    expect((await status()).body).toMatchObject({ stage: 'surveyed' });
  });

  it('the review state comes with the submission list and the review queue', async () => {
    const list = (await (await t.request(`/api/v1/orgs/341022104/submissions`, { token: clerk })).json()) as {
      id: string;
      review: { state: string };
    }[];
    expect(list.find((s) => s.id === ids.first)?.review.state).toBe('returned');
    const pending = (await (
      await t.request('/api/v1/orgs/341022104/review-queue', { token: clerk })
    ).json()) as { id: string; formId: string }[];
    expect(pending.map((s) => s.formId)).toEqual(['baseline']);
    const returned = (await (
      await t.request('/api/v1/orgs/341022104/review-queue?state=returned&formId=self-evaluation', {
        token: clerk,
      })
    ).json()) as { id: string }[];
    expect(returned.map((s) => s.id)).toEqual([ids.first]);
  });

  it('the village resubmits, the clerk approves, and the status counts it again', async () => {
    at('2026-03-05');
    ids.second = (await submitThrough(t, selfToken, rubricAnswers())).id;
    at('2026-03-06');
    const approved = await review(ids.second, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({
      state: 'approved',
      history: [{ state: 'approved', by: 'clerk' }],
    });
    expect((await status()).body).toMatchObject({ stage: 'self_evaluated', selfScore: 100 });
  });

  it('the acceptance is scored by the rubric and makes the village standardized from its date', async () => {
    at('2026-03-10');
    const body = { formId: 'acceptance', answers: acceptanceAnswers('2026-03-09', rubric84) };
    const res = await evaluate(body, 'acceptance-key-1');
    expect(res.status).toBe(201);
    const result = (await res.json()) as { id: string; effectiveDate: string; score: number; grade: string };
    expect(result).toMatchObject({
      formId: 'acceptance',
      effectiveDate: '2026-03-09',
      score: 84,
      grade: '达标',
      standardized: true,
    });
    ids.acceptance = result.id;

    // A retry with the same key stores nothing new and answers the same.
    const retry = await evaluate(body, 'acceptance-key-1');
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as { id: string }).id).toBe(result.id);
    expect(await evaluationItems()).toHaveLength(1);
    // The same key with other answers is refused.
    const reused = await evaluate({ ...body, answers: acceptanceAnswers('2026-03-08') }, 'acceptance-key-1');
    expect(reused.status).toBe(409);
    expect((await errorOf(reused)).code).toBe('evaluation.key_reused');

    const { body: accepted } = await status();
    expect(accepted).toMatchObject({
      stage: 'accepted',
      standardized: true,
      since: '2026-03-09',
      grade: '达标',
      selfScore: 100,
      acceptanceScore: 84,
      scoreGap: 16,
    });
    expect((accepted.flags as { code: string }[]).map((f) => f.code)).toContain('self_score_inflated');
    // The day before the acceptance's date it was not yet standardized.
    expect((await status('2026-03-08')).body).toMatchObject({ stage: 'self_evaluated', standardized: false });
  });

  it('a look-back revoke ends it on its date; the status as of any date between is reproducible', async () => {
    at('2026-06-20');
    const res = await evaluate(
      { formId: 'lookback', answers: lookbackAnswers('2026-06-18', 'revoke') },
      'lookback-key-1',
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      formId: 'lookback',
      effectiveDate: '2026-06-18',
      conclusion: 'revoke',
    });

    const timeline: [string, string, boolean][] = [
      ['2026-03-01', 'not_started', false],
      ['2026-03-02', 'surveyed', false],
      ['2026-03-03', 'self_evaluated', false],
      ['2026-03-04', 'surveyed', false],
      ['2026-03-05', 'self_evaluated', false],
      ['2026-03-09', 'accepted', true],
      ['2026-06-17', 'accepted', true],
      ['2026-06-18', 'revoked', false],
      ['2026-06-20', 'revoked', false],
    ];
    for (const [day, stage, standardized] of timeline) {
      expect((await status(day)).body, day).toMatchObject({ asOf: day, stage, standardized });
    }
    const { body } = await status();
    const events = body.events as { type: string; effectiveDate: string; by: string; recordedAt: string }[];
    expect(events.map((e) => e.type)).toEqual([
      'submission',
      'submission',
      'review',
      'submission',
      'review',
      'acceptance',
      'lookback',
    ]);
    expect(events.find((e) => e.type === 'acceptance')).toMatchObject({
      by: 'clerk',
      effectiveDate: '2026-03-09',
    });
    // As of a date, only the events effective by then are listed.
    expect(((await status('2026-03-04')).body.events as unknown[]).length).toBe(3);
  });

  it('a revoked village can be accepted again', async () => {
    at('2026-09-01');
    const res = await evaluate(
      { formId: 'acceptance', answers: acceptanceAnswers('2026-08-30') },
      'acceptance-key-2',
    );
    expect(res.status).toBe(201);
    expect((await status()).body).toMatchObject({
      stage: 'accepted',
      standardized: true,
      since: '2026-08-30',
      grade: '优秀',
    });
    expect((await status('2026-07-01')).body).toMatchObject({ stage: 'revoked' });
  });
});

describe('evaluations refuse bad input and store nothing', () => {
  it('a date in the future (China time) is a 422', async () => {
    at('2026-09-02');
    const before = (await evaluationItems()).length;
    const res = await evaluate(
      { formId: 'acceptance', answers: acceptanceAnswers('2026-09-03') },
      'future-key-1',
    );
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('evaluation.future_date');
    expect(error.details).toEqual([{ field: 'evaluatedOn', message: '日期不能晚于今天（2026-09-02）' }]);
    expect(await evaluationItems()).toHaveLength(before);
    // Today is allowed (23:30 China time is still the same day).
    t.clock.now = new Date('2026-09-02T15:30:00Z');
    const today = await evaluate({ formId: 'lookback', answers: lookbackAnswers('2026-09-02', 'keep') });
    expect(today.status).toBe(201);
  });

  it('invalid answers are a 422 with every issue; unknown forms and bodies are 400', async () => {
    const before = (await evaluationItems()).length;
    const missing = await evaluate({ formId: 'acceptance', answers: { evaluatedOn: '2026-09-01' } });
    expect(missing.status).toBe(422);
    const error = await errorOf(missing);
    expect(error.code).toBe('evaluation.invalid');
    expect((error.details as { field: string }[]).map((d) => d.field)).toEqual(
      expect.arrayContaining(['charter', 'evaluators']),
    );
    const noDeadline = await evaluate({
      formId: 'lookback',
      answers: lookbackAnswers('2026-09-01', 'rectify'),
    });
    expect(noDeadline.status).toBe(422);
    expect((await errorOf(noDeadline)).details).toEqual([
      { field: 'rectifyBy', message: '请填写“整改期限”' },
    ]);
    const unknownForm = await evaluate({ formId: 'baseline', answers: {} });
    expect(unknownForm.status).toBe(400);
    const notJson = await t.request(`/api/v1/orgs/${xiaoFu}/evaluations`, {
      method: 'POST',
      token: clerk,
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect(await evaluationItems()).toHaveLength(before);
  });

  it('a township (or county) can only evaluate villages in its own area; townships are not villages', async () => {
    const before = (await evaluationItems()).length;
    const body = { formId: 'acceptance', answers: acceptanceAnswers('2026-09-01') };
    const res = await evaluate(body, undefined, stranger);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('auth.out_of_scope');
    const township = await evaluate(body, undefined, clerk, '341022104');
    expect(township.status).toBe(422);
    expect(await evaluationItems()).toHaveLength(before);
  });
});

describe('scope of review and status', () => {
  it('another township cannot read, review or see the status of the village', async () => {
    const [first] = (await (
      await t.request(`/api/v1/orgs/${xiaoFu}/submissions`, { token: clerk })
    ).json()) as {
      id: string;
      review: { history: unknown[] };
    }[];
    const id = first?.id ?? '';
    const before = first?.review.history.length;
    for (const res of [
      await t.request(`/api/v1/orgs/${xiaoFu}/submissions/${id}`, { token: stranger }),
      await review(id, { decision: 'approve' }, stranger),
      (await status(undefined, stranger)).res,
      await t.request('/api/v1/orgs/341022104/review-queue', { token: stranger }),
    ]) {
      expect(res.status).toBe(403);
    }
    const after = (await (
      await t.request(`/api/v1/orgs/${xiaoFu}/submissions/${id}`, { token: clerk })
    ).json()) as {
      review: { history: unknown[] };
    };
    expect(after.review.history.length).toBe(before);
  });

  it('unknown submissions are 404, bad dates 400, anonymous callers 401', async () => {
    expect((await t.request(`/api/v1/orgs/${xiaoFu}/submissions/nope`, { token: clerk })).status).toBe(404);
    expect((await review('nope', { decision: 'approve' })).status).toBe(404);
    expect((await review('nope', { decision: 'maybe' })).status).toBe(400);
    expect((await status('2026-02-30')).res.status).toBe(400);
    expect((await t.request(`/api/v1/orgs/${xiaoFu}/status`)).status).toBe(401);
  });
});
