import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaIsoDate } from '../../shared/lib/china-time';
import { hasChromium, launchChromium, phone } from '../support/browser';
import { xiaoFu } from '../support/fill';
import {
  acceptanceAnswers,
  baselineAnswers,
  rubric84,
  rubricAnswers,
  submitThrough,
} from '../support/rubric';
import { useTestStack } from '../support/stack';
import { issueLink, startServer } from './survey-server';

/**
 * Review and acceptance in a real Chromium: a township clerk returns a self-evaluation
 * with a comment from 审核; the village sees the comment on its phone (360×740) and
 * submits again; the clerk approves it, fills 评估验收 on the village page (the survey
 * renderer's staff mode, plain HTML posts) 16 points below the self-score, sees the
 * result, and the village page shows 已达标 with the 自评虚高 flag.
 */
const t = useTestStack();
const runBrowser = hasChromium();
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const password = 'Clerk-pass-2026';
const comment = '会员人数与摸底不符，请核实后重新提交';
let selfToken = '';

async function open(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // Failed loads are judged by the response listener; CSP refusals show up here.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    const kind = res.request().resourceType();
    if (res.status() >= 500 || (res.status() >= 400 && kind !== 'document'))
      problems.push(`${res.status()} ${kind} ${res.url()}`);
  });
  return page;
}

/** Fills a survey form the way a person does: ticks, radio buttons, typed text, rows by name. */
async function fillAnswers(page: Page, answers: Record<string, unknown>): Promise<void> {
  const set = async (name: string, value: unknown) => {
    if (typeof value === 'boolean')
      await page.check(`input[name="${name}"][value="${value ? 'yes' : 'no'}"]`);
    else if (await page.locator(`input[type=radio][name="${name}"]`).count())
      await page.check(`input[name="${name}"][value="${String(value)}"]`);
    else await page.fill(`[name="${name}"]`, String(value));
  };
  for (const [key, value] of Object.entries(answers)) {
    if (!Array.isArray(value)) await set(key, value);
    else
      for (const [i, item] of value.entries()) {
        if (typeof item === 'string') await page.check(`input[name="${key}"][value="${item}"]`);
        else for (const [k, v] of Object.entries(item as object)) await set(`${key}[${i}][${k}]`, v);
      }
  }
}

const noSideScroll = async (page: Page, width: number) =>
  expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(width);

beforeAll(async () => {
  if (!runBrowser) return;
  // A running clock, as in production: each step is recorded after the one before it.
  Object.defineProperty(t.clock, 'now', { get: () => new Date(), configurable: true });
  server = await startServer(t.stack.app);
  browser = await launchChromium();
  await t.addUser('clerk', 'township', '341022104', password);
  const baseline = await issueLink(t, 'baseline', xiaoFu);
  const self = await issueLink(t, 'self-evaluation', xiaoFu);
  selfToken = self.token;
  await submitThrough(t, baseline.token, await baselineAnswers(t, { elderlyPopulation: 200, members: 150 }));
  await submitThrough(t, selfToken, rubricAnswers());
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe.skipIf(!runBrowser)('review and acceptance in Chromium', () => {
  it('return with a comment → the village resubmits on its phone → approve → 评估验收 → 已达标 and 自评虚高', {
    timeout: 60_000,
  }, async () => {
    const clerk = await open({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await clerk.goto(`${server.base}/login`);
    await clerk.fill('#username', 'clerk');
    await clerk.fill('#password', password);
    await clerk.click('button[type=submit]');
    await clerk.waitForURL(/\/console\/area\//);

    // 审核: the pending self-evaluation, returned with a comment.
    await clerk.click('nav a:text-is("审核")');
    await clerk.waitForURL(/\/console\/review$/);
    await clerk.selectOption('#q-form', 'self-evaluation');
    await clerk.click('[data-testid=queue-filter] button[type=submit]');
    await clerk.waitForURL(/formId=self-evaluation/);
    const rows = clerk.locator('[data-testid=queue] tr[data-submission]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('小阜村');
    await rows.first().locator('a:text-is("审核")').click();
    await clerk.waitForURL(/\/submissions\/.+\?back=/);
    expect(await clerk.locator('#review h2').textContent()).toContain('待审核');
    // Returning needs a comment: refused, and the page says why.
    await clerk.click('button:text-is("退回修改")');
    await expect.poll(() => clerk.locator('#review-error').textContent()).toContain('退回时请填写退回意见');
    await clerk.fill('#review-comment', comment);
    await clerk.click('button:text-is("退回修改")');
    await clerk.waitForURL(/\/console\/review\?.*msg=returned/);
    expect(await clerk.locator('.flash').textContent()).toContain('已退回');
    expect(await rows.count()).toBe(0);

    // The village's phone: the comment, then the same answers submitted again.
    const village = await open({ ...phone });
    await village.goto(`${server.base}/f/${selfToken}`);
    await expect.poll(() => village.locator('#returned').textContent()).toContain(comment);
    await noSideScroll(village, 360);
    await expect.poll(() => village.locator('#score').textContent()).toContain('当前得分 100 / 100');
    for (let i = 0; i < 6; i++) await village.click('button.next');
    await village.click('button.submit');
    await village.waitForSelector('#receipt', { timeout: 10_000 });
    const resubmitted = (await village.locator('#receipt').getAttribute('data-submission')) ?? '';
    expect(resubmitted).toMatch(/^[0-9a-f-]{36}$/);

    // The clerk approves the resubmission.
    await clerk.goto(`${server.base}/console/review?formId=self-evaluation&state=pending`);
    await clerk.locator(`tr[data-submission="${resubmitted}"] a:text-is("审核")`).click();
    await clerk.click('button:text-is("审核通过")');
    await clerk.waitForURL(/msg=approved/);
    expect(await clerk.locator('.flash').textContent()).toContain('已审核通过');

    // 评估验收 from the village page: the self-evaluation beside each item, 84 points entered.
    await clerk.goto(`${server.base}/console/review?state=approved`);
    await clerk.locator(`tr[data-submission="${resubmitted}"] a:text-is("小阜村")`).click();
    await clerk.waitForURL(new RegExp(`/console/villages/${xiaoFu}$`));
    expect(await clerk.locator('[data-testid=status]').textContent()).toContain('已自评');
    await clerk.click('a:text-is("评估验收")');
    await clerk.waitForURL(/\/evaluate\/acceptance$/);
    expect(await clerk.locator('#w-f-dayCare .cmp').textContent()).toBe('村自评：是 / 3 分');
    // The survey stylesheet applies under the console's policy; no page script runs.
    expect(
      await clerk.evaluate<string>("getComputedStyle(document.querySelector('.cmp')).borderLeftStyle"),
    ).toBe('solid');
    expect(await clerk.locator('script').count()).toBe(0);
    const today = chinaIsoDate(new Date());
    expect(await clerk.inputValue('#f-evaluatedOn')).toBe(today);
    await fillAnswers(clerk, acceptanceAnswers(today, rubric84));
    await clerk.click('button.submit');
    await clerk.waitForURL(/\/evaluations\/[\w-]+\?msg=evaluated$/);
    const result = clerk.locator('[data-testid=evaluation-result]');
    expect(await result.textContent()).toContain('得分 84 / 100');
    expect(await result.textContent()).toContain('达标');
    expect(await clerk.locator('.flash').textContent()).toContain('评估已记录');

    // Back on the village page: standardized, and the gap flag.
    await clerk.click(`a:text-is("返回小阜村")`);
    await clerk.waitForURL(new RegExp(`/console/villages/${xiaoFu}$`));
    const status = clerk.locator('[data-testid=status]');
    expect(await status.locator('[data-stage]').textContent()).toBe('已达标');
    expect(await clerk.locator('[data-testid=standardized]').textContent()).toContain(
      `已达标（自 ${today} 起）`,
    );
    const flag = clerk.locator('[data-flag=self_score_inflated]');
    expect(await flag.textContent()).toContain('自评 100 分，验收 84 分，相差 16 分');
    expect(await flag.textContent()).toContain('自评虚高');
    const timeline = clerk.locator('[data-testid=timeline] li');
    expect(await timeline.first().textContent()).toContain('评估验收 84 分');
    expect(await clerk.locator('[data-testid=timeline]').textContent()).toContain(
      `退回（自评表）：${comment}`,
    );
    await clerk.screenshot({ path: '/tmp/console-village-status-1280.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the village page and the acceptance form fit a 360 px phone', async () => {
    const clerk = await open({ ...phone });
    await clerk.goto(`${server.base}/login`);
    await clerk.fill('#username', 'clerk');
    await clerk.fill('#password', password);
    await clerk.click('button[type=submit]');
    await clerk.waitForURL(/\/console\/area\//);
    for (const path of [`/console/villages/${xiaoFu}`, `/console/villages/${xiaoFu}/evaluate/acceptance`]) {
      await clerk.goto(`${server.base}${path}`);
      await noSideScroll(clerk, 360);
      await clerk.screenshot({ path: `/tmp/console-${path.split('/').at(-1)}-360.png` });
    }
    await clerk.goto(`${server.base}/console/review?state=all`);
    await noSideScroll(clerk, 360);
    expect(problems).toEqual([]);
  });
});
