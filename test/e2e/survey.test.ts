import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptCodeOf } from '../../shared/submissions/receipt-code';
import { hasChromium, launchChromium, phone } from '../support/browser';
import { useTestStack } from '../support/stack';
import { type FillView, issueLink, startServer } from './survey-server';

const t = useTestStack();
const runBrowser = hasChromium();
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and failed loads seen by any page: a working page has none. */
const problems: string[] = [];

/** A fresh phone (its own storage), JavaScript on or off. */
async function openPhone(url: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ ...phone, javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  // Everything here is local and fast: fail in seconds rather than at the 30 s test timeout.
  page.setDefaultTimeout(5000);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // Failed loads are judged by the response listener below.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    const kind = res.request().resourceType();
    // A 422 is an answer (the no-JS re-render, a refused submission); other 4xx on scripts, styles or API calls are bugs.
    const expected = kind === 'document' || res.status() === 422;
    const bad = res.status() >= 500 || (res.status() >= 400 && !expected);
    if (bad) problems.push(`${res.status()} ${kind} ${res.url()}`);
  });
  await page.goto(`${server.base}${url}`);
  return page;
}

const choose = (page: Page, name: string, value: string) =>
  page.check(`input[name="${name}"][value="${value}"]`);

/** Types into a control and leaves it, as a person would (fires input, change and blur). */
async function type(page: Page, name: string, value: string): Promise<void> {
  const control = page.locator(`[name="${name}"]`);
  await control.fill(value);
  await control.blur();
}

const current = (page: Page) => page.locator('.sec.cur');
const sectionNumber = (page: Page) => current(page).locator('.sn').textContent();
const scoreLine = (page: Page) => page.locator('#score').textContent();
const next = (page: Page) => page.click('button.next');

/** No horizontal scrolling at 360 px: everything fits the phone's width. */
async function expectFits(page: Page): Promise<void> {
  const width = await page.evaluate<number>('document.scrollingElement.scrollWidth');
  expect(width).toBeLessThanOrEqual(360);
}

async function waitForServerDraft(page: Page): Promise<void> {
  await expect.poll(() => page.locator('#st').textContent(), { timeout: 10_000 }).toContain('草稿已自动保存');
}

beforeAll(async () => {
  if (!runBrowser) return;
  // Server and phone clocks agree, as in production (drafts are compared by time).
  t.clock.now = new Date();
  server = await startServer(t.stack.app);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe.skipIf(!runBrowser)('survey page in Chromium at 360×740', () => {
  it('baseline: conditional sections and fields, inline errors, draft after reload, upload, submit, receipt', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104204');
    const page = await openPhone(`/f/${token}`);
    expect(await page.evaluate<boolean>("document.documentElement.classList.contains('js')")).toBe(true);
    expect(await sectionNumber(page)).toBe('第 1 / 2 部分');
    await expectFits(page);

    await choose(page, 'unitType', 'village');
    await type(page, 'registeredPopulation', '520');
    await type(page, 'elderlyPopulation', '130');
    await choose(page, 'hasAssociation', 'no');
    expect(await sectionNumber(page)).toBe('第 1 / 2 部分');
    await choose(page, 'hasAssociation', 'yes');
    expect(await sectionNumber(page)).toBe('第 1 / 5 部分');
    await choose(page, 'hasAssociation', 'no');
    await next(page);
    // 否: the association block is skipped, straight to the last section.
    expect(await current(page).getAttribute('id')).toBe('s-other');
    await page.click('button.prev');
    await choose(page, 'hasAssociation', 'yes');
    await next(page);
    expect(await current(page).getAttribute('id')).toBe('s-association');
    expect(await sectionNumber(page)).toBe('第 2 / 5 部分');

    await type(page, 'associationName', '休宁县东临溪镇小阜村老年协会');
    await type(page, 'foundedOn', '2019-03-15');
    expect(await page.isVisible('#w-f-registrationNumber')).toBe(false);
    await choose(page, 'registrationStatus', 'registered');
    expect(await page.isVisible('#w-f-registrationNumber')).toBe(true);
    await type(page, 'registrationNumber', 'XN-2019-001');
    await choose(page, 'hasCharter', 'yes');

    // A constraint across fields: more members than elderly residents.
    await type(page, 'members', '150');
    await expect
      .poll(() => page.locator('#e-f-members').textContent())
      .toBe('会员人数不能超过60周岁以上老年人数');
    expect(await page.getAttribute('#f-members', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-members', 'aria-describedby')).toContain('e-f-members');
    await type(page, 'members', '80');
    expect(await page.locator('#e-f-members').count()).toBe(0);
    expect(await page.locator('#f-membershipRate').textContent()).toBe('61.54%');

    // A repeat row with a bad mobile number, then a second row added and removed.
    await choose(page, 'leaders[0][leaderRole]', 'president');
    await type(page, 'leaders[0][leaderName]', '张德明');
    await choose(page, 'leaders[0][leaderGender]', 'male');
    await type(page, 'leaders[0][leaderPhone]', '12345');
    expect(await page.locator('#e-f-leaders-0-leaderPhone').textContent()).toContain('手机号码格式不正确');
    await type(page, 'leaders[0][leaderPhone]', '13812345678');
    expect(await page.locator('#e-f-leaders-0-leaderPhone').count()).toBe(0);
    expect(await page.locator('#f-leaders > .row').count()).toBe(1);
    await page.click('#w-f-leaders button.add');
    expect(await page.locator('#f-leaders > .row').count()).toBe(2);
    const added = page.locator('#f-leaders > .row').nth(1);
    expect(await added.locator('.rh span').textContent()).toBe('成员 2');
    expect(await added.locator('input[name="leaders[1][leaderName]"]').inputValue()).toBe('');
    expect(await added.locator('label[for="f-leaders-1-leaderName"]').count()).toBe(1);
    await added.locator('button.del').click();
    expect(await page.locator('#f-leaders > .row').count()).toBe(1);
    await type(page, 'boardSize', '5');
    await expectFits(page);

    // Half-way: the server has the draft; a reload brings it back and says so.
    await waitForServerDraft(page);
    await page.reload();
    await expect
      .poll(() => page.locator('#restored').textContent())
      .toMatch(/^已恢复(服务器上的|本机)草稿（/);
    // Back where it was left: the association section.
    expect(await current(page).getAttribute('id')).toBe('s-association');
    expect(await page.inputValue('#f-associationName')).toBe('休宁县东临溪镇小阜村老年协会');
    expect(await page.inputValue('#f-leaders-0-leaderPhone')).toBe('13812345678');

    // Offline edits stay on the phone: with draft saves failing, a reload restores the phone's draft.
    await page.click('button.prev');
    await page.route('**/draft', (route) => route.abort('internetdisconnected'));
    await type(page, 'registeredPopulation', '530');
    await expect.poll(() => page.locator('#st').textContent(), { timeout: 5000 }).toContain('网络不稳定');
    await page.reload();
    await expect
      .poll(() => page.locator('#restored').textContent())
      .toMatch(/^已恢复本机草稿（\d{4}-\d\d-\d\d \d\d:\d\d 保存）$/);
    expect(await page.inputValue('#f-registeredPopulation')).toBe('530');
    await page.unroute('**/draft');

    // On to the last section: an upload, the reporter, submit.
    for (let i = 0; i < 4; i++) await next(page);
    expect(await current(page).getAttribute('id')).toBe('s-other');
    expect(await sectionNumber(page)).toBe('第 5 / 5 部分');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200)]);
    await page.setInputFiles('#f-evidence', { name: '协会章程.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => page.locator('#w-f-evidence .files li').textContent()).toContain('协会章程.png');
    await type(page, 'reporterName', '王会计');
    await type(page, 'reporterPhone', '13912345678');

    // The server refuses (a rule only it knows): its errors show inline and in the summary.
    const refusal = {
      error: {
        code: 'submission.invalid',
        message: '填写内容有误，请按提示修改后再提交',
        details: [{ field: 'reporterName', message: '填报人须为村（居）两委成员' }],
      },
    };
    await page.route(
      '**/submissions',
      (route) =>
        route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify(refusal) }),
      { times: 1 },
    );
    await page.click('button.submit');
    await expect
      .poll(() => page.locator('#e-f-reporterName').textContent())
      .toBe('填报人须为村（居）两委成员');
    expect(await page.locator('#sum h2').textContent()).toBe('有 1 处需要修改');
    expect(await current(page).getAttribute('id')).toBe('s-other');

    // A dropped connection: the same attempt is retried with the same Idempotency-Key.
    const keys: string[] = [];
    await page.route('**/submissions', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) await route.abort('internetdisconnected');
      else await route.continue();
    });
    await page.click('button.submit');
    await expect.poll(() => page.locator('#st').textContent()).toContain('网络不稳定，正在重试');
    await page.waitForSelector('#receipt', { timeout: 10_000 });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await page.locator('#receipt h2').textContent()).toBe('✓ 提交成功');
    // The receipt shows the short code to read out; the UUID stays in the data attribute.
    const id = await page.locator('#receipt').getAttribute('data-submission');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.locator('#receipt .id').textContent()).toBe(receiptCodeOf(id ?? ''));
    expect(await page.locator('#receipt').textContent()).toContain('（北京时间）');
    // Submitted: the phone's draft is cleared.
    expect(await page.evaluate<number>('localStorage.length')).toBe(0);
    await expectFits(page);

    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as FillView;
    expect(view.submissions[0]?.id).toBe(id);
    const stored = await t.stack.repos.submissions.listForVillage('341022104204', 'baseline');
    const answers = stored[0]?.answers as Record<string, unknown>;
    expect(answers).toMatchObject({
      registeredPopulation: 530,
      members: 80,
      membershipRate: 0.6154,
      leaders: [
        { leaderRole: 'president', leaderName: '张德明', leaderGender: 'male', leaderPhone: '13812345678' },
      ],
      evidence: [{ name: '协会章程.png', type: 'image/png', size: png.length }],
    });
  });

  it('self-evaluation: a live score that follows the answers; another phone resumes the server draft', async () => {
    const { token } = await issueLink(t, 'self-evaluation', '341022104202');
    const page = await openPhone(`/f/${token}`);
    expect(await scoreLine(page)).toContain('当前得分 0 / 100');
    await page.check('input[name="publicityMeans"][value="meeting"]');
    expect(await scoreLine(page)).toContain('当前得分 2 / 100');
    await page.check('input[name="publicityMeans"][value="noticeBoard"]');
    expect(await scoreLine(page)).toContain('当前得分 4 / 100');
    await next(page);
    for (const key of ['standardName', 'charter', 'leadershipInTerm']) await choose(page, key, 'yes');
    await choose(page, 'registration', 'filed');
    await type(page, 'elderlyPopulation', '200');
    await type(page, 'members', '130');
    expect(await page.locator('#f-membershipRate').textContent()).toBe('65%');
    expect(await scoreLine(page)).toContain('当前得分 26 / 100');
    await next(page);
    for (const key of ['meetingRule', 'studyRule', 'activityRule', 'financeRule', 'democraticSupervision']) {
      await choose(page, key, 'yes');
    }
    await choose(page, 'openAffairsBoard', 'yes');
    await choose(page, 'accountBooks', 'yes');
    await next(page);
    await choose(page, 'leaderTraining', 'yes');
    await choose(page, 'rolesAndVolunteers', 'yes');
    await next(page);
    for (const key of ['office', 'activitySite', 'recreationReading', 'fitnessEquipment', 'dayCare']) {
      await choose(page, key, 'yes');
    }
    await next(page);
    for (const value of ['publicFinance', 'collectiveEconomy', 'dues']) {
      await page.check(`input[name="fundingSources"][value="${value}"]`);
    }
    await choose(page, 'fundsSufficient', 'yes');
    await next(page);
    expect(await sectionNumber(page)).toBe('第 7 / 7 部分');
    for (const box of await page.locator('input[name="activityTypes"]').all()) await box.check();
    await expect.poll(() => scoreLine(page)).toContain('当前得分 100 / 100');
    expect(await scoreLine(page)).toContain('优秀');
    // A ★ item not met: the grade falls to 不达标 whatever the total.
    await page.click('button.prev');
    await page.click('button.prev');
    await page.click('button.prev');
    await page.click('button.prev');
    await page.click('button.prev');
    expect(await current(page).getAttribute('id')).toBe('s-organisation');
    await choose(page, 'charter', 'no');
    expect(await scoreLine(page)).toContain('当前得分 94 / 100不达标★未达到 1 项：章程载明');
    await choose(page, 'charter', 'yes');
    for (let i = 0; i < 5; i++) await next(page);
    await expectFits(page);
    await page.screenshot({ path: '/tmp/survey-self-evaluation-360x740.png' });

    // The same link on another phone: the server draft comes back, score and all.
    await waitForServerDraft(page);
    const other = await openPhone(`/f/${token}`);
    await expect.poll(() => other.locator('#restored').textContent()).toMatch(/^已恢复服务器上的草稿（/);
    expect(await other.inputValue('#f-members')).toBe('130');
    expect(await scoreLine(other)).toContain('当前得分 100 / 100');
    for (let i = 0; i < 6; i++) await next(other);
    await other.click('button.submit');
    await other.waitForSelector('#receipt');
    const receipt = await other.locator('#receipt').textContent();
    expect(receipt).toContain('100 / 100 分');
    expect(receipt).toContain('优秀（达到规范化标准）');
  });

  it('without JavaScript: one long page, server-rendered errors, then a plain post gives the receipt', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104203');
    const page = await openPhone(`/f/${token}`, false);
    expect(await page.isVisible('#s-village')).toBe(true);
    expect(await page.isVisible('#s-other')).toBe(true);
    expect(await page.isVisible('#s-association')).toBe(false);
    expect(await page.isVisible('button.next')).toBe(false);
    expect(await page.locator('#w-f-evidence .nojs').textContent()).toContain('上传附件需要启用 JavaScript');
    await expectFits(page);

    await choose(page, 'unitType', 'community');
    await page.fill('[name="registeredPopulation"]', '３２０');
    await page.fill('[name="elderlyPopulation"]', '410');
    await choose(page, 'hasAssociation', 'no');
    await page.fill('[name="reporterName"]', '李主任');
    await page.fill('[name="reporterPhone"]', '1391234');
    const [bad] = await Promise.all([page.waitForNavigation(), page.click('button[value="submit"]')]);
    expect(bad?.status()).toBe(422);
    expect(await page.locator('#sum h2').textContent()).toBe('有 2 处需要修改');
    expect(await page.locator('#e-f-elderlyPopulation').textContent()).toBe(
      '60周岁以上老年人数不能超过户籍人口',
    );
    expect(await page.locator('#e-f-reporterPhone').textContent()).toContain('手机号码格式不正确');
    expect(await page.inputValue('[name="registeredPopulation"]')).toBe('320');
    await page.click('#sum a[href="#f-reporterPhone"]');
    await page.fill('[name="elderlyPopulation"]', '96');
    await page.fill('[name="reporterPhone"]', '13912345678');
    const [good] = await Promise.all([page.waitForNavigation(), page.click('button[value="submit"]')]);
    expect(good?.status()).toBe(200);
    expect(await page.locator('#receipt h2').textContent()).toBe('✓ 提交成功');
    const id = await page.locator('#receipt').getAttribute('data-submission');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.locator('#receipt .id').textContent()).toBe(receiptCodeOf(id ?? ''));
    await expectFits(page);
  });

  it('loads without script errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
