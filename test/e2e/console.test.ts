import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../support/browser';
import { compiledForm, json, tokenOf, validAnswers } from '../support/fill';
import { useTestStack } from '../support/stack';
import { startServer } from './survey-server';

/**
 * The staff console in a real Chromium, as a county officer of 休宁县 uses it on an
 * office PC (1280×800) and on a phone (360×740): sign in, drill down to a village, issue
 * its link, open a submission, import a roster (a bad row first), create a clerk, sign
 * out. Then without JavaScript: sign in and import a roster.
 */
const t = useTestStack();
const runBrowser = hasChromium();
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const password = 'Officer-pass-2026';

async function open(viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
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

/** A roster CSV for 东临溪镇 as a clerk would save it from Excel (UTF-8 with BOM). */
const rosterCsv = (rows: string[]) =>
  Buffer.from(`\ufeff区划代码,名称,级别,上级代码\r\n${rows.join('\r\n')}\r\n`, 'utf8');

const villagesOf = async (township: string) =>
  (await t.stack.repos.orgs.children(township)).filter((u) => u.level === 'village').length;

async function importRoster(page: Page, rows: string[]) {
  await page.goto(`${server.base}/console/roster`);
  await page.setInputFiles('#file', {
    name: '东临溪镇名单.csv',
    mimeType: 'text/csv',
    buffer: rosterCsv(rows),
  });
  await page.click('form[action="/console/roster/preview"] button[type=submit]');
}

beforeAll(async () => {
  if (!runBrowser) return;
  t.clock.now = new Date();
  server = await startServer(t.stack.app);
  browser = await launchChromium();
  for (const name of ['office', 'phone', 'nojs']) await t.addUser(name, 'county', '341022', password);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

const runs = [
  { name: 'office', viewport: { width: 1280, height: 800 }, codes: ['341022104301', '341022104302'] },
  { name: 'phone', viewport: { width: 360, height: 740 }, codes: ['341022104311', '341022104312'] },
] as const;

describe.skipIf(!runBrowser)('staff console in Chromium', () => {
  for (const run of runs) {
    it(`at ${run.viewport.width}×${run.viewport.height}: the whole day of a county officer`, async () => {
      const page = await open(run.viewport);
      await signIn(page, run.name);
      await expect.poll(() => page.locator('h1').textContent()).toContain('休宁县');
      expect(await page.locator('[data-testid=who]').textContent()).toContain('休宁县');

      // 休宁县 → 东临溪镇 → 小阜村
      await page.click('a:text-is("东临溪镇")');
      await page.waitForURL(/area\/341022104$/);
      expect(await page.locator('table').textContent()).toContain('小阜村');
      await page.click('a:text-is("小阜村")');
      await page.waitForURL(/villages\/341022104204$/);

      // Issue the baseline link: its URL, a copy button and a QR code appear.
      const card = page.locator('[data-form=baseline]');
      if (await card.locator('button:text-is("下发链接")').count())
        await card.locator('button:text-is("下发链接")').click();
      await expect.poll(() => card.locator('[data-testid=link-url]').inputValue()).toContain('/f/');
      expect(await card.locator('.qr img').count()).toBe(1);
      expect(await card.locator('button[data-copy]').isVisible()).toBe(true);
      const url = await card.locator('[data-testid=link-url]').inputValue();

      // The village submits; the officer opens the submission, labels not keys.
      const form = await compiledForm(t, 'baseline');
      const [answers] = validAnswers(form, 1, run.viewport.width);
      const submitted = await t.request(
        `/api/v1/fill/${tokenOf(url)}/submissions`,
        json({ answers }, { method: 'POST' }),
      );
      expect(submitted.status).toBe(201);
      const { id } = (await submitted.json()) as { id: string };
      await page.reload();
      await page.click(`a[href$="/submissions/${id}"]`);
      await page.waitForURL(new RegExp(`submissions/${id}$`));
      const shown = (await page.locator('main').textContent()) ?? '';
      expect(shown).toContain(form.title);
      const firstLabel = form.sections[0]?.fields[0]?.field.label ?? '';
      expect(shown).toContain(firstLabel);
      expect(shown).not.toContain(form.sections[0]?.fields[0]?.key ?? 'none');

      // A roster with one bad row: explained, nothing written; fixed, then imported.
      const before = await villagesOf('341022104');
      const [a, b] = run.codes;
      await importRoster(page, [`${a},新丰村,村,341022104`, `${b},,村,341022104`]);
      const rejected = page.locator('[data-testid=rejected]');
      await expect.poll(() => rejected.textContent()).toContain('未写入任何数据');
      expect(await rejected.locator('td[data-label="行"]').first().textContent()).toBe('3');
      expect(await villagesOf('341022104')).toBe(before);
      await importRoster(page, [`${a},新丰村,村,341022104`, `${b},新华社区,社区,341022104`]);
      await expect.poll(() => page.locator('[data-testid=preview]').textContent()).toContain('将新增 2 个');
      expect(await villagesOf('341022104')).toBe(before);
      await page.click('button:text-is("确认导入")');
      await expect.poll(() => page.locator('.flash').textContent()).toContain('名单已导入');
      expect(await villagesOf('341022104')).toBe(before + 2);
      if (run.viewport.width === 360) {
        // The roster page (its file input) fits the phone, and every tab is in sight, none cut off.
        expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(360);
        const tabs = await page.evaluate<boolean[]>(
          "[...document.querySelectorAll('nav.menu a')].map((a) => { const r = a.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; })",
        );
        expect(tabs.length).toBeGreaterThan(3);
        expect(tabs.every(Boolean)).toBe(true);
      }

      // A township clerk for 东临溪镇.
      await page.click('nav a:text-is("账号管理")');
      const clerk = `clerk${run.viewport.width}`;
      await page.fill('#new-username', clerk);
      await page.fill('#new-name', '东临溪镇 李干事');
      await page.selectOption('#new-role', 'township');
      await page.selectOption('#new-scope', '341022104');
      await page.fill('#new-password', 'Clerk-pass-2026');
      await page.click('form[action="/console/users"] button[type=submit]');
      await expect.poll(() => page.locator('.flash').textContent()).toContain('账号已创建');
      expect(await page.locator(`tr[data-user=${clerk}]`).textContent()).toContain('东临溪镇');

      // No horizontal scrolling on the phone.
      if (run.viewport.width === 360)
        expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(360);

      // Sign out: the old cookie no longer works anywhere.
      const cookie = (await page.context().cookies()).find((c) => c.name === 'session')?.value ?? '';
      expect(cookie.length).toBeGreaterThan(20);
      await page.click('button:text-is("退出登录")');
      await page.waitForURL(/\/login/);
      expect(await page.locator('.flash').textContent()).toContain('已退出登录');
      const stale = await t.request('/api/v1/orgs/341022', { headers: { cookie: `session=${cookie}` } });
      expect(stale.status).toBe(401);
      await page.goto(`${server.base}/console`);
      await page.waitForURL(/\/login$/);
      expect(problems).toEqual([]);
    });
  }

  it('without JavaScript: sign in, preview and import a roster', async () => {
    const page = await open({ width: 360, height: 740 }, false);
    await signIn(page, 'nojs');
    const before = await villagesOf('341022104');
    await importRoster(page, ['341022104321,新民村,村,341022104']);
    await expect.poll(() => page.locator('[data-testid=preview]').textContent()).toContain('将新增 1 个');
    await page.click('button:text-is("确认导入")');
    await expect.poll(() => page.locator('.flash').textContent()).toContain('名单已导入');
    expect(await villagesOf('341022104')).toBe(before + 1);
    // The copy button needs the script: without it, it stays hidden and the URL is selectable.
    await page.goto(`${server.base}/console/villages/341022104204`);
    expect(await page.locator('button[data-copy]').first().isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });
});
