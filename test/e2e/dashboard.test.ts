import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaIsoDate } from '../../shared/lib/china-time';
import { hasChromium, launchChromium, phone } from '../support/browser';
import { issue, json, tokenOf } from '../support/fill';
import { acceptanceAnswers, baselineAnswers, submitThrough } from '../support/rubric';
import { adminPassword, useTestStack } from '../support/stack';
import { startServer } from './survey-server';

/**
 * The 统计 dashboard in a real Chromium: a county officer of 休宁县 on an office PC sees
 * the townships' rates as a server-drawn SVG chart, sorts the table and downloads the
 * 汇总表 as XLSX; a township clerk of 东临溪镇 on a 360 px phone copies the chase list's
 * WeChat text (with the villages' /f/ links) with the 复制 button.
 *
 * The clipboard: the context is granted clipboard-read and clipboard-write, so the
 * console script's `navigator.clipboard.writeText` runs as on a phone and the test reads
 * the clipboard back with `readText` (headless Chromium keeps its own clipboard).
 */
const t = useTestStack();
const runBrowser = hasChromium();
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const password = 'Officer-pass-2026';
const dongLinxi = '341022104';

async function open(options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // CSP refusals (an inline style in a chart, say) show up here.
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

async function signIn(page: Page, username: string) {
  await page.goto(`${server.base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/area\//);
}

const noSideScroll = async (page: Page, width: number) =>
  expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(width);

beforeAll(async () => {
  if (!runBrowser) return;
  // A running clock: the browser keeps the session cookie only until its real expiry.
  Object.defineProperty(t.clock, 'now', { get: () => new Date(), configurable: true });
  server = await startServer(t.stack.app);
  browser = await launchChromium();
  await t.addUser('officer', 'county', '341022', password);
  await t.addUser('clerk', 'township', dongLinxi, password);
  // 东临溪镇: baseline links for every village, one baseline in, two villages accepted.
  const admin = await t.login('admin', adminPassword);
  const links = await issue(t, admin, { formId: 'baseline', parentCode: dongLinxi });
  const [first] = links;
  await submitThrough(
    t,
    tokenOf(first?.url ?? ''),
    await baselineAnswers(t, { elderlyPopulation: 200, members: 120 }),
  );
  for (const link of links.slice(0, 2)) {
    const res = await t.request(
      `/api/v1/orgs/${link.orgCode}/evaluations`,
      json(
        { formId: 'acceptance', answers: acceptanceAnswers(chinaIsoDate(new Date())) },
        { method: 'POST', token: admin },
      ),
    );
    expect(res.status).toBe(201);
  }
  await t.stack.services.jobs.aggregate({ source: 'test' }, new Date());
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe.skipIf(!runBrowser)('the 统计 dashboard in Chromium', () => {
  it('a county officer sees the SVG chart, sorts the townships and downloads the 汇总表 XLSX', {
    timeout: 60_000,
  }, async () => {
    const page = await open({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await signIn(page, 'officer');
    await page.click('nav a:text-is("统计")');
    await page.waitForURL(/\/console\/stats$/);
    expect(await page.locator('h1').textContent()).toContain('休宁县');
    expect(await page.locator('[data-testid=computed]').textContent()).toMatch(
      /统计时间 \d{4}-\d\d-\d\d \d\d:\d\d/,
    );

    // The bar chart is an inline SVG drawn on the server, naming each township.
    const chart = page.locator('[data-testid=bar-chart] svg[role=img]');
    expect(await chart.count()).toBe(1);
    expect(await chart.getAttribute('aria-label')).toContain('东临溪镇 16.7%');
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(300); // 21 townships, a bar each
    expect(await page.locator('[data-testid=trend-chart] svg[role=img]').count()).toBe(1);

    // Sorted by rate (largest first) with a click on the header: 东临溪镇 on top.
    await page.click('[data-testid=children] th a:text-is("建设率")');
    await page.waitForURL(/sort=rate&dir=desc/);
    expect(await page.locator('th[data-sort-key=rate]').getAttribute('aria-sort')).toBe('descending');
    const top = page.locator('[data-testid=children] tbody tr').first();
    expect(await top.locator('td').first().textContent()).toBe('东临溪镇');

    // The 汇总表 as XLSX: a download, a zip file (PK…).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-download=summary-xlsx]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^休宁县城乡社区老年协会建设情况汇总表-.+\.xlsx$/);
    const bytes = await readFile((await download.path()) ?? '');
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);

    // A target year: its year-end against its target.
    await page.selectOption('#year', '2025');
    await page.click('[data-testid=year-form] button[type=submit]');
    await page.waitForURL(/year=2025/);
    expect(await page.locator('[data-testid=target]').textContent()).toContain('2025 年目标：超过 70%');
    await page.screenshot({ path: '/tmp/console-dashboard-1280.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('a township clerk on a phone copies the chase list’s WeChat text with its /f/ links', {
    timeout: 60_000,
  }, async () => {
    const page = await open({ ...phone });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    await signIn(page, 'clerk');
    await page.click('nav a:text-is("统计")');
    await page.waitForURL(/\/console\/stats$/);
    expect(await page.locator('h1').textContent()).toContain('东临溪镇');
    // The villages' table reads as cards: no header row on a phone.
    expect(await page.locator('[data-testid=children] thead').isVisible()).toBe(false);
    await noSideScroll(page, 360);

    const card = page.locator('[data-chase=baseline]');
    expect(await card.locator('h2').textContent()).toContain('11 个村（居）未完成');
    const text = await card.locator('textarea').inputValue();
    expect(text).toContain('【东临溪镇】摸底还有 11 个村（居）未完成');
    expect(text).toContain(`${server.base}/f/`);
    const copy = card.locator('button[data-copy]');
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('已复制');
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(text);
    expect(copied).toMatch(/\/f\/[\w-]+/);
    await page.screenshot({ path: '/tmp/console-dashboard-360.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
