import { beforeAll, describe, expect, it } from 'vitest';
import { issue, tokenOf, xiaoFu } from '../support/fill';
import {
  acceptanceAnswers,
  baselineAnswers,
  lookbackAnswers,
  rubric84,
  rubricAnswers,
  submitThrough,
} from '../support/rubric';
import { adminPassword, useTestStack } from '../support/stack';

/**
 * The console side of review and evaluation, through the real app with session cookies
 * and CSRF tokens as a browser sends them: the review queue and its filters, approve /
 * return from a submission's page, and the acceptance / look-back forms rendered by the
 * survey renderer in its staff mode.
 */
const t = useTestStack();
const password = 'Clerk-pass-2026';
const township = '341022104';
let clerk = '';
let officer = '';
let selfToken = '';
const ids = { baseline: '', first: '', second: '' };

/** Moves the app's clock to a China-time moment of a day (noon by default). */
const at = (day: string, time = '12:00') => {
  t.clock.now = new Date(`${day}T${time}:00+08:00`);
};

const get = (path: string, session = clerk) => t.request(path, { headers: { cookie: `session=${session}` } });
const html = async (path: string, session = clerk) => {
  const res = await get(path, session);
  expect(res.status, path).toBe(200);
  return res.text();
};
const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
const post = (path: string, fields: URLSearchParams | Record<string, string>, session = clerk) =>
  t.request(path, {
    method: 'POST',
    headers: { cookie: `session=${session}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

/** Answers as a survey page posts them: 是/否 as yes/no, lists as repeated names, rows as `group[i][key]`. */
function formFields(answers: Record<string, unknown>, extra: Record<string, string>): URLSearchParams {
  const fields = new URLSearchParams(extra);
  const text = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : String(v));
  for (const [key, value] of Object.entries(answers)) {
    if (!Array.isArray(value)) fields.append(key, text(value));
    else
      value.forEach((item: unknown, i) => {
        if (typeof item !== 'object' || item === null) fields.append(key, text(item));
        else for (const [k, v] of Object.entries(item)) fields.append(`${key}[${i}][${k}]`, text(v));
      });
  }
  return fields;
}

const submission = async (id: string) =>
  (await (await t.request(`/api/v1/orgs/${xiaoFu}/submissions/${id}`, { token: clerk })).json()) as {
    review: { state: string; history: { comment?: string }[] };
  };
const evaluationItems = async () =>
  (await t.scanAll()).filter((i) => i.pk === `VILLAGE#${xiaoFu}` && String(i.sk).startsWith('EVAL#'));
const queueIds = (page: string) => [...page.matchAll(/data-submission="([^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  const admin = await t.login('admin', adminPassword);
  await t.addUser('clerk', 'township', township, password);
  await t.addUser('officer', 'county', '341022', password);
  clerk = await t.login('clerk', password);
  officer = await t.login('officer', password);
  const [self] = await issue(t, admin, { formId: 'self-evaluation', orgCodes: [xiaoFu] });
  const [base] = await issue(t, admin, { formId: 'baseline', orgCodes: [xiaoFu] });
  selfToken = tokenOf(self?.url ?? '');
  const baseToken = tokenOf(base?.url ?? '');
  at('2026-03-02');
  // The baseline states the same facts as the rubric (200 elderly, 150 members): no facts flag.
  ids.baseline = (
    await submitThrough(t, baseToken, await baselineAnswers(t, { elderlyPopulation: 200, members: 150 }))
  ).id;
  at('2026-03-03');
  ids.first = (await submitThrough(t, selfToken, rubricAnswers())).id;
});

describe('审核: the review queue', () => {
  it('lists the area’s pending submissions newest first, each with a way to review it and back', async () => {
    const page = await html('/console/review');
    expect(page).toContain('aria-current="page">审核</a>');
    expect(queueIds(page)).toEqual([ids.first, ids.baseline]);
    expect(page).toContain(`href="/console/villages/${xiaoFu}">小阜村</a>`);
    expect(page).toContain('东临溪镇');
    expect(page).toContain('100 分');
    expect(page).toContain('data-review="pending"');
    const back = encodeURIComponent('/console/review?formId=&state=pending');
    expect(page).toContain(`href="/console/villages/${xiaoFu}/submissions/${ids.first}?back=${back}"`);
    // A township clerk has no township to pick.
    expect(page).not.toContain('name="code"');
  });

  it('filters by form and state; an empty result says so', async () => {
    expect(queueIds(await html('/console/review?formId=self-evaluation'))).toEqual([ids.first]);
    expect(queueIds(await html('/console/review?formId=baseline&state=all'))).toEqual([ids.baseline]);
    const approved = await html('/console/review?state=approved');
    expect(queueIds(approved)).toEqual([]);
    expect(approved).toContain('没有符合条件的提交。');
    expect(approved).toContain('<option value="approved" selected="">已通过</option>');
  });

  it('a county officer picks a township; another township’s queue is empty', async () => {
    const all = await html('/console/review', officer);
    expect(all).toContain('<select id="q-code" name="code">');
    expect(queueIds(all)).toEqual([ids.first, ids.baseline]);
    expect(queueIds(await html(`/console/review?code=${township}`, officer))).toHaveLength(2);
    const other = await html('/console/review?code=341022103', officer);
    expect(queueIds(other)).toEqual([]);
    expect(other).toContain('没有待审核的提交。');
    // A clerk cannot look at another township's queue.
    expect((await get('/console/review?code=341022103')).status).toBe(403);
  });
});

describe('approve or return from a submission’s page', () => {
  const reviewPath = () => `/console/villages/${xiaoFu}/submissions/${ids.first}/review`;
  const back = '/console/review?formId=&state=pending';

  it('shows the review state, no history yet, and the approve / return form', async () => {
    const page = await html(
      `/console/villages/${xiaoFu}/submissions/${ids.first}?back=${encodeURIComponent(back)}`,
    );
    expect(page).toContain('尚未审核');
    expect(page).toContain(`<form method="post" action="${reviewPath()}">`);
    expect(page).toContain(`<input type="hidden" name="back" value="${back.replace(/&/g, '&amp;')}"/>`);
    expect(page).toContain('<button type="submit" name="decision" value="approve">审核通过</button>');
    expect(page).toMatch(/<button type="submit" name="decision" value="return"[^>]*>退回修改<\/button>/);
    // A `back` that leaves the console is ignored.
    const evil = await html(
      `/console/villages/${xiaoFu}/submissions/${ids.first}?back=https://evil.example/`,
    );
    expect(evil).toContain(`name="back" value="/console/villages/${xiaoFu}"`);
  });

  it('a post without the CSRF token is 403 and changes nothing', async () => {
    for (const csrf of [undefined, 'x'.repeat(43)]) {
      const res = await post(reviewPath(), {
        decision: 'return',
        comment: '请核实',
        back,
        ...(csrf ? { _csrf: csrf } : {}),
      });
      expect(res.status).toBe(403);
    }
    expect((await submission(ids.first)).review).toEqual({ state: 'pending', history: [] });
  });

  it('a return without a comment is 422: the page again, with the reason and the text as typed', async () => {
    const csrf = csrfOf(await html(`/console/villages/${xiaoFu}/submissions/${ids.first}`));
    const res = await post(reviewPath(), { _csrf: csrf, decision: 'return', comment: '   ', back });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('id="review-error"');
    expect(page).toContain('退回时请填写退回意见');
    expect(page).toContain('>   </textarea>');
    expect(page).toContain(`action="${reviewPath()}"`);
    // Too long a comment is refused the same way, and nothing is lost.
    const long = '核'.repeat(501);
    const tooLong = await post(reviewPath(), { _csrf: csrf, decision: 'return', comment: long, back });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain(`>${long}</textarea>`);
    expect((await submission(ids.first)).review.state).toBe('pending');
    // The address the refusal was drawn at, opened again: the submission's page.
    const reopened = await get(reviewPath());
    expect(reopened.status).toBe(303);
    expect(reopened.headers.get('location')).toBe(`/console/villages/${xiaoFu}/submissions/${ids.first}`);
  });

  it('a return with a comment goes back to the queue with a message; the village sees the comment', async () => {
    at('2026-03-04');
    const csrf = csrfOf(await html(`/console/villages/${xiaoFu}/submissions/${ids.first}`));
    const res = await post(reviewPath(), {
      _csrf: csrf,
      decision: 'return',
      comment: '会员人数请核实',
      back,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${back}&msg=returned&org=${xiaoFu}`);
    const queue = await html(res.headers.get('location') ?? '');
    // The message names the village (only one in the viewer's scope: another's code names nothing).
    expect(queue).toContain('已退回（小阜村），村（居）打开填报链接就能看到退回意见。');
    const foreign = await html(`${back}&msg=returned&org=341021100201`);
    expect(foreign).toContain('已退回，村（居）打开填报链接就能看到退回意见。');
    expect(queueIds(queue)).toEqual([ids.baseline]);
    expect((await submission(ids.first)).review).toMatchObject({
      state: 'returned',
      history: [{ comment: '会员人数请核实' }],
    });
    const page = await html(`/console/villages/${xiaoFu}/submissions/${ids.first}`);
    expect(page).toContain('data-review="returned"');
    expect(page).toMatch(/clerk · 2026-03-04 12:00[\s\S]*会员人数请核实/);
    const survey = await (await t.request(`/f/${selfToken}`)).text();
    expect(survey).toContain('id="returned"');
    expect(survey).toContain('会员人数请核实');
  });

  it('the resubmission is approved from the village page’s list; the list shows review states', async () => {
    at('2026-03-05');
    ids.second = (await submitThrough(t, selfToken, rubricAnswers())).id;
    at('2026-03-06');
    const village = await html(`/console/villages/${xiaoFu}`);
    expect(village).toContain('<th>审核</th>');
    expect(village).toMatch(/data-review="returned"/);
    const csrf = csrfOf(village);
    const res = await post(`/console/villages/${xiaoFu}/submissions/${ids.second}/review`, {
      _csrf: csrf,
      decision: 'approve',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/villages/${xiaoFu}?msg=approved&org=${xiaoFu}`);
    expect((await submission(ids.second)).review.state).toBe('approved');
    expect(await html(res.headers.get('location') ?? '')).toContain('已审核通过（小阜村）。');
  });
});

describe('评估验收 and 回头看 in the console', () => {
  const acceptancePath = `/console/villages/${xiaoFu}/evaluate/acceptance`;

  it('the village page offers both, and the acceptance form shows the self-evaluation beside each item', async () => {
    at('2026-03-10');
    const village = await html(`/console/villages/${xiaoFu}`);
    expect(village).toContain(`href="${acceptancePath}">评估验收</a>`);
    expect(village).toContain(`href="/console/villages/${xiaoFu}/evaluate/lookback">回头看</a>`);

    const res = await get(acceptancePath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    const page = await res.text();
    // The survey renderer, posting to the console, with no page script and no uploads.
    expect(page).toContain(`<form method="post" action="${acceptancePath}" id="survey" novalidate="">`);
    expect(page).toMatch(/<input type="hidden" name="_csrf" value="[^"]{20,}"\/>/);
    expect(page).toMatch(/<input type="hidden" name="idempotencyKey" value="[0-9a-f-]{36}"\/>/);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('type="file"');
    expect(page).not.toContain('当前未启用');
    expect(page).toContain('评估表暂不能上传附件，请留存纸质材料');
    expect(page).toContain('本表由乡镇工作人员在工作台填写');
    // The second (approved) self-evaluation, 100 points, item by item.
    expect(page).toContain('<p class="cmp">村自评：是 / 2 分</p>');
    expect(page).toContain('<p class="cmp">村自评：已登记 / 5 分</p>');
    expect(page).toContain('<p class="cmp">村自评：150</p>');
    expect(page).toContain('<p class="cmp">村自评：75% / 5 分</p>');
    expect(page).toMatch(/<p class="cmp">村自评：[^<]*；[^<]* \/ 20 分<\/p>/);
    // Today is the default date.
    expect(page).toContain('name="evaluatedOn" type="date" value="2026-03-10"');
    // Nothing scored yet: no failing score, but how to see one (the page has no script).
    expect(page).toContain('填写后点“按回答刷新（不提交）”查看得分');
    expect(page).not.toContain('当前得分');
    expect(page).not.toContain('不达标');
  });

  it('a refresh (保存) shows the answers again and stores nothing', async () => {
    const csrf = csrfOf(await html(acceptancePath));
    const fields = formFields(acceptanceAnswers('2026-03-09', rubric84), {
      _csrf: csrf,
      idempotencyKey: 'refresh-key-0001',
      _action: 'save',
    });
    const res = await post(acceptancePath, fields);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('没有保存任何内容');
    expect(page).toContain('value="refresh-key-0001"');
    expect(page).toContain('<span class="muted">按上次刷新时的回答：</span><b>当前得分 84 / 100</b>');
    expect(await evaluationItems()).toHaveLength(0);
  });

  it('a date in the future is refused inline (422) with the answers kept; nothing is stored', async () => {
    const csrf = csrfOf(await html(acceptancePath));
    const fields = formFields(acceptanceAnswers('2026-03-11', rubric84), {
      _csrf: csrf,
      idempotencyKey: 'future-key-0001',
    });
    const res = await post(acceptancePath, fields);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('id="sum"');
    expect(page).toContain('日期不能晚于今天（2026-03-10）');
    expect(page).toContain('id="e-f-evaluatedOn"');
    expect(page).toContain('value="2026-03-11"');
    expect(page).toContain('现场查看台账和活动场所。');
    expect(await evaluationItems()).toHaveLength(0);
  });

  it('the same key posted twice stores one evaluation; the result page shows it', async () => {
    const csrf = csrfOf(await html(acceptancePath));
    const fields = formFields(acceptanceAnswers('2026-03-09', rubric84), {
      _csrf: csrf,
      idempotencyKey: 'accept-key-0001',
      _action: 'submit',
    });
    const first = await post(acceptancePath, fields);
    const second = await post(acceptancePath, fields);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const location = first.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/console/villages/${xiaoFu}/evaluations/[\\w-]+\\?msg=evaluated$`));
    expect(second.headers.get('location')).toBe(location);
    expect(await evaluationItems()).toHaveLength(1);

    const result = await html(location);
    expect(result).toContain('评估已记录。');
    expect(result).toContain('<dd>2026-03-09</dd>');
    expect(result).toContain('得分 <strong>84</strong> / 100');
    expect(result).toContain('<span class="tag ok">达标</span>');
    expect(result).toMatch(/clerk · 2026-03-10 12:00（补录）/);
    expect(result).toContain(`href="/console/villages/${xiaoFu}">返回小阜村</a>`);
    expect(result).toContain(`href="/console/area/${township}">返回东临溪镇</a>`);
    expect(result).toContain('data-stage="accepted"');
    // Without the token nothing is stored either.
    expect((await post(acceptancePath, formFields(acceptanceAnswers('2026-03-09'), {}))).status).toBe(403);
    expect(await evaluationItems()).toHaveLength(1);
  });

  it('the village page shows the status, the gap flag and the timeline, newest first', async () => {
    const page = await html(`/console/villages/${xiaoFu}`);
    const status = page.slice(
      page.indexOf('data-testid="status"'),
      page.indexOf('data-testid="flags"') + 2000,
    );
    expect(status).toContain('data-stage="accepted"');
    expect(status).toContain('已达标（自 2026-03-09 起）');
    expect(status).toContain('<dd>100 分</dd>');
    expect(status).toContain('<dd>84 分</dd>');
    expect(status).toContain('<dd>+16 分</dd>');
    expect(status).toContain('data-flag="self_score_inflated"');
    expect(status).toContain('（自评虚高）');
    const timeline = page.slice(page.indexOf('data-testid="timeline"'));
    const order = [...timeline.matchAll(/data-event="(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['acceptance', 'review', 'submission', 'review', 'submission', 'submission']);
    expect(timeline).toContain('评估验收 84 分 达标</a>');
    expect(timeline).toContain('补录于 2026-03-10 12:00');
    expect(timeline).toContain('退回（自评表）：会员人数请核实');
    expect(timeline).toContain('审核通过（自评表）');
    expect(timeline).toContain('提交自评表（100 分）');
    expect(timeline).toContain('提交摸底表');
    expect(timeline).toContain('小阜村（填报链接）');
  });

  it('says who did what by the staff’s display names, not their usernames', async () => {
    const clerkUser = await t.stack.repos.users.get('clerk');
    expect(clerkUser).toBeDefined();
    if (clerkUser)
      expect(await t.stack.repos.users.update({ ...clerkUser, displayName: '李干事' })).toBe(true);
    const timeline = (await html(`/console/villages/${xiaoFu}`)).split('data-testid="timeline"')[1] ?? '';
    expect(timeline).toContain('李干事');
    expect(timeline).not.toMatch(/>clerk\b|\bclerk ·/);
    expect(timeline).toContain('小阜村（填报链接）');
    // The village's own entries still name the village, even with an account of that marker's
    // name in the store from before names were reserved.
    await t.stack.repos.users.create({
      username: 'village',
      role: 'township',
      scope: township,
      passwordHash: 'x',
      displayName: '冒名者',
      createdAt: t.clock.now.toISOString(),
    });
    const again = (await html(`/console/villages/${xiaoFu}`)).split('data-testid="timeline"')[1] ?? '';
    expect(again).toContain('小阜村（填报链接）');
    expect(again).not.toContain('冒名者');
    const history = await html(`/console/villages/${xiaoFu}/submissions/${ids.first}`);
    expect(history.split('data-testid="review-history"')[1]).toContain('李干事 ·');
  });

  it('a look-back with rectification: the form has no comparison, the result its deadline', async () => {
    at('2026-06-20');
    const path = `/console/villages/${xiaoFu}/evaluate/lookback`;
    const page = await html(path);
    expect(page).not.toContain('class="cmp"');
    expect(page).toContain('name="checkedOn" type="date" value="2026-06-20"');
    const fields = formFields(lookbackAnswers('2026-06-20', 'rectify', '2026-09-30'), {
      _csrf: csrfOf(page),
      idempotencyKey: 'lookback-key-0001',
    });
    const res = await post(path, fields);
    expect(res.status).toBe(303);
    const result = await html(res.headers.get('location') ?? '');
    expect(result).toContain('限期整改至 2026-09-30');
    expect(result).not.toContain('（补录）');
    const village = await html(`/console/villages/${xiaoFu}`);
    expect(village).toContain('data-stage="rectifying"');
    expect(village).toContain('<dt>整改期限</dt><dd>2026-09-30</dd>');
    expect(village).toContain('回头看：限期整改至 2026-09-30');
  });
});

describe('refusals', () => {
  it('another township’s village cannot be reviewed or evaluated from the console', async () => {
    const other = '341022103201';
    expect((await get(`/console/villages/${other}/evaluate/acceptance`)).status).toBe(403);
    const csrf = csrfOf(await html('/console/review'));
    const res = await post(`/console/villages/${other}/evaluate/acceptance`, { _csrf: csrf });
    expect(res.status).toBe(403);
    expect((await get(`/console/villages/${other}/submissions/some-id`)).status).toBe(403);
  });

  it('a retired village has no evaluation buttons, and its evaluation page refuses with a reason', async () => {
    const retired = '341022104201';
    const res = await t.request(`/api/v1/orgs/${retired}/retire`, {
      method: 'POST',
      // As a page of this site sends it: the cookie, and the site as its origin.
      headers: { cookie: `session=${clerk}`, 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ date: '2026-01-01', reason: '与邻村合并' }),
    });
    expect(res.status).toBe(200);
    const village = await html(`/console/villages/${retired}`);
    expect(village).toContain('data-stage="retired"');
    expect(village).not.toContain('/evaluate/');
    expect(village).toContain('撤并（与邻村合并）');
    const refused = await get(`/console/villages/${retired}/evaluate/acceptance`);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('该村（居）已撤并，不能再评估');
  });
});
