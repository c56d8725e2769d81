import { describe, expect, it } from 'vitest';
import { linkRates, minuteOf, secondsToNextMinute } from '../../shared/auth/throttle';
import { errorCatalogue } from '../../shared/errors';
import { throttleKeys } from '../../shared/store/keys';
import { tableDefinition } from '../../shared/store/table';
import { issueLink } from '../e2e/survey-server';
import { compiledForm, isClaim, isSubmission, itemsWhere, json, validAnswers } from '../support/fill';
import { errorOf, useTestStack } from '../support/stack';
import { compileShipped, shippedFormIds } from '../unit/forms/form-files';

/**
 * Per-link limits (Deliver 6): at most `linkRates.submitsPerMinute` submission attempts and
 * `linkRates.draftsPerMinute` draft saves per link and clock minute, on the JSON API and
 * the no-JS page post alike; past them 429 `fill.throttled` with Retry-After (the seconds
 * to the next minute), and nothing is stored — not even a count.
 */
const t = useTestStack();

/** Puts the test clock at `second` seconds past a minute of its own (`n` minutes after the start). */
const at = (n: number, second: number) => {
  t.clock.now = new Date(Date.UTC(2026, 10, 28, 9, n, second));
  return t.clock.now;
};
const putDraft = (token: string, answers: unknown) =>
  t.request(`/api/v1/fill/${token}/draft`, json({ answers }, { method: 'PUT' }));
const submit = (token: string, answers: unknown, key?: string) =>
  t.request(
    `/api/v1/fill/${token}/submissions`,
    json({ answers }, { method: 'POST', ...(key ? { headers: { 'idempotency-key': key } } : {}) }),
  );
const draftOf = async (token: string) =>
  ((await (await t.request(`/api/v1/fill/${token}`)).json()) as { draft: { answers: unknown } | null }).draft;
const submissionsOf = (orgCode: string) => itemsWhere(t, (i) => isSubmission(i) && i.orgCode === orgCode);
const counterOf = async (linkId: string, minute: number) => {
  const { pk } = throttleKeys.linkMinute(linkId, minute);
  return (await itemsWhere(t, (i) => i.pk === pk))[0];
};
const pagePost = (fields: Record<string, string>) => {
  const body = new URLSearchParams(fields);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
};
const throttled = errorCatalogue['fill.throttled'].message;

async function expectThrottled(res: Response, retryAfter: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(String(retryAfter));
  expect(res.headers.get('cache-control')).toBe('no-store');
  const error = await errorOf(res);
  expect(error).toEqual({
    code: 'fill.throttled',
    message: '操作过于频繁，请稍等一分钟再试；已填写的内容不会丢失',
    details: { retryAfterSeconds: retryAfter },
  });
}

describe('the minute window', () => {
  it('counts in clock minutes; Retry-After is the seconds to the next one (1–60)', () => {
    const start = new Date('2026-11-28T09:00:00.000Z');
    expect(secondsToNextMinute(start)).toBe(60);
    expect(secondsToNextMinute(new Date('2026-11-28T09:00:20.400Z'))).toBe(40);
    expect(secondsToNextMinute(new Date('2026-11-28T09:00:59.999Z'))).toBe(1);
    expect(minuteOf(new Date('2026-11-28T09:00:59.999Z'))).toBe(minuteOf(start));
    expect(minuteOf(new Date('2026-11-28T09:01:00.000Z'))).toBe(minuteOf(start) + 1);
  });

  it('is generous for a person: more saves than the page script makes, a few submissions, a full attachment field', () => {
    // The script saves ~1.5 s after the last change: at most 40 a minute of steady typing.
    expect(linkRates.draftsPerMinute).toBeGreaterThanOrEqual(60 / 1.5 + 10);
    expect(linkRates.submitsPerMinute).toBeGreaterThanOrEqual(10);
    // Every file of the largest attachment field picked at once, and some replaced.
    const maxFiles = shippedFormIds.flatMap((id) =>
      [...compileShipped(id).fields.values()].map((f) =>
        f.field.type === 'attachment' ? (f.field.maxFiles ?? 5) : 0,
      ),
    );
    expect(linkRates.uploadsPerMinute).toBeGreaterThanOrEqual(Math.max(...maxFiles) * 1.5);
  });
});

describe('draft saves per link and minute', () => {
  it('saves the limit, refuses the next with 429 and Retry-After, saving nothing, until the next minute', async () => {
    const { token, id } = await issueLink(t, 'baseline', '341022104201');
    const now = at(1, 20);
    for (let i = 1; i <= linkRates.draftsPerMinute; i++)
      expect((await putDraft(token, { n: i })).status).toBe(204);
    const counter = await counterOf(id, minuteOf(now));
    expect(counter).toMatchObject({ sk: 'THROTTLE', draft: linkRates.draftsPerMinute });
    // Expires on AWS a minute after its window (dynalite keeps it; the minute in the key retires it).
    expect(counter?.[tableDefinition.timeToLiveAttribute]).toBe((minuteOf(now) + 2) * 60);

    await expectThrottled(await putDraft(token, { n: 'one too many' }), 40);
    at(1, 59);
    await expectThrottled(await putDraft(token, { n: 'still too many' }), 1);
    expect(await draftOf(token)).toMatchObject({ answers: { n: linkRates.draftsPerMinute } });
    // A refusal counts nothing: the counter stays at the limit.
    expect(await counterOf(id, minuteOf(now))).toEqual(counter);

    at(2, 0);
    expect((await putDraft(token, { n: 'next minute' })).status).toBe(204);
    expect(await draftOf(token)).toMatchObject({ answers: { n: 'next minute' } });
  });

  it('issues the limit of upload slots a minute, then 429 with Retry-After and no slot; refused requests count nothing', async () => {
    const { token, id } = await issueLink(t, 'baseline', '341022104208');
    const now = at(3, 30);
    const slot = (type = 'image/jpeg') =>
      t.request(
        `/api/v1/fill/${token}/attachments`,
        json({ fieldKey: 'evidence', name: '活动照片.jpg', type, size: 2048 }, { method: 'POST' }),
      );
    const slotsOf = () => itemsWhere(t, (i) => typeof i.sk === 'string' && i.sk.startsWith('UPLOAD#'));
    const before = (await slotsOf()).length;
    // A request its field refuses is answered before the counter: it uses up nothing.
    expect((await slot('application/x-msdownload')).status).toBe(422);
    for (let i = 1; i <= linkRates.uploadsPerMinute; i++) expect((await slot()).status).toBe(201);
    expect(await counterOf(id, minuteOf(now))).toMatchObject({ upload: linkRates.uploadsPerMinute });
    await expectThrottled(await slot(), 30);
    expect((await slotsOf()).length).toBe(before + linkRates.uploadsPerMinute);
    at(4, 0);
    expect((await slot()).status).toBe(201);
  });

  it('counts per link: another village’s link, and the same link’s submissions, are not held up', async () => {
    const a = await issueLink(t, 'baseline', '341022104202');
    const b = await issueLink(t, 'baseline', '341022104203');
    at(3, 5);
    for (let i = 0; i < linkRates.draftsPerMinute; i++) await putDraft(a.token, { i });
    await expectThrottled(await putDraft(a.token, {}), 55);
    expect((await putDraft(b.token, { mine: true })).status).toBe(204);
    const [answers] = validAnswers(await compiledForm(t, 'baseline'), 1, 3);
    expect((await submit(a.token, answers)).status).toBe(201);
  });
});

describe('submissions per link and minute', () => {
  it('accepts the limit in attempts (refused ones count), then 429 with Retry-After storing nothing; the key works next minute', async () => {
    const { token, id } = await issueLink(t, 'baseline', '341022104204');
    const orgCode = '341022104204';
    const answers = validAnswers(await compiledForm(t, 'baseline'), linkRates.submitsPerMinute, 9);
    at(4, 30);
    // An invalid attempt counts too: the limit is on what a link may make the server do.
    expect((await submit(token, {})).status).toBe(422);
    for (let i = 1; i < linkRates.submitsPerMinute; i++)
      expect((await submit(token, answers[i], `limits-key-${i}`)).status).toBe(201);
    const before = await submissionsOf(orgCode);
    expect(before).toHaveLength(linkRates.submitsPerMinute - 1);

    const refused = await submit(token, answers[0], 'limits-key-late');
    await expectThrottled(refused, 30);
    expect(await submissionsOf(orgCode)).toEqual(before);
    expect(await itemsWhere(t, (i) => isClaim(i) && String(i.sk).endsWith('limits-key-late'))).toEqual([]);
    expect(await counterOf(id, minuteOf(t.clock.now))).toMatchObject({ submit: linkRates.submitsPerMinute });

    at(5, 0);
    expect((await submit(token, answers[0], 'limits-key-late')).status).toBe(201);
    expect(await submissionsOf(orgCode)).toHaveLength(before.length + 1);
  });

  it('holds under concurrency: of 15 submissions at once, exactly the limit get in', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104205');
    const answers = validAnswers(await compiledForm(t, 'baseline'), 15, 13);
    at(6, 10);
    const statuses = (await Promise.all(answers.map((a, i) => submit(token, a, `burst-key-${i}`)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(linkRates.submitsPerMinute);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15 - linkRates.submitsPerMinute);
    expect(await submissionsOf('341022104205')).toHaveLength(linkRates.submitsPerMinute);
  });
});

describe('the page without JavaScript', () => {
  const typed = {
    unitType: 'village',
    registeredPopulation: '800',
    elderlyPopulation: '150',
    hasAssociation: 'no',
    reporterName: '王会计',
    reporterPhone: '13912345678',
  };

  it('a throttled “保存并刷新” shows the form again with what was typed and the message, saving nothing', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104206');
    at(7, 45);
    for (let i = 0; i < linkRates.draftsPerMinute; i++) await putDraft(token, { early: i });
    const res = await t.request(`/f/${token}`, pagePost({ ...typed, _action: 'save' }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('15');
    const html = await res.text();
    expect(html).toContain(throttled);
    expect(html).toContain('value="王会计"');
    expect(html).toContain('<form method="post"');
    expect(await draftOf(token)).toMatchObject({ answers: { early: linkRates.draftsPerMinute - 1 } });
  });

  it('a throttled “提交” shows the form again with what was typed and the message, storing nothing', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104207');
    const answers = validAnswers(await compiledForm(t, 'baseline'), linkRates.submitsPerMinute, 17);
    at(8, 50);
    for (const a of answers) expect((await submit(token, a)).status).toBe(201);
    const draftBefore = await draftOf(token);
    const res = await t.request(`/f/${token}`, pagePost({ ...typed, _action: 'submit' }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    const html = await res.text();
    expect(html).toContain(throttled);
    expect(html).toContain('value="王会计"');
    expect(html).not.toContain('✓ 提交成功');
    expect(await submissionsOf('341022104207')).toHaveLength(linkRates.submitsPerMinute);
    // Not even the draft a refused page submit keeps: what was typed is on the page.
    expect(await draftOf(token)).toEqual(draftBefore);

    at(9, 0);
    const later = await t.request(`/f/${token}`, pagePost({ ...typed, _action: 'submit' }));
    expect(later.status).toBe(200);
    expect(await later.text()).toContain('✓ 提交成功');
  });
});
