import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptCodeOf } from '../../shared/submissions/receipt-code';
import { hasChromium, launchChromium, phone } from '../support/browser';
import { compiledForm, json, validAnswers } from '../support/fill';
import { useTestStack } from '../support/stack';
import { type FillView, issueLink, startServer } from './survey-server';

const t = useTestStack();
const runBrowser = hasChromium();
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors and failed loads seen by any page (the favicon included): a working page has none. */
const problems: string[] = [];

/** A fresh phone (its own storage) with layout shifts recorded from the first paint on. */
async function newPhone(javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ ...phone, javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      problems.push(`${res.status()} ${res.request().resourceType()} ${res.url()}`);
    }
  });
  // Init scripts run before the page's own and are not subject to its CSP.
  await page.addInitScript(`
    window.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  `);
  return page;
}

/** Boxes of what a person sees first: were the script to move anything, one of these would change. */
const boxesOf = (page: Page) =>
  page.evaluate<string[]>(`
    ['.hd h1', '#pg', '.sec.cur h2', '.sec.cur .q', '.nav', '#st', '#score'].map((selector) => {
      const el = document.querySelector(selector);
      if (!el) return selector + ': none';
      const r = el.getBoundingClientRect();
      return selector + ': ' + r.x + ',' + r.y + ' ' + r.width + '×' + r.height;
    })
  `);

/** Elements matching `selector` a person can see (display: none has no offsetParent). */
const visibleCount = (page: Page, selector: string) =>
  page.evaluate<number>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((el) => el.offsetParent !== null).length`,
  );

/** Two frames later: whatever was due has been painted. */
const painted = (page: Page) =>
  page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');

const scriptRan = (page: Page) => page.evaluate<boolean>("document.documentElement.classList.contains('js')");

beforeAll(async () => {
  if (!runBrowser) return;
  t.clock.now = new Date();
  server = await startServer(t.stack.app);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe.skipIf(!runBrowser)('the survey page before and after its script (Chromium, 360×740)', () => {
  it.each([
    ['baseline', '341022104201', 's-village'],
    ['self-evaluation', '341022104205', 's-publicity'],
  ])(
    '%s: with the script 2 s late, the first paint is already one section, no JavaScript notice; then nothing moves',
    async (formId, village, first) => {
      const { token } = await issueLink(t, formId, village);
      const page = await newPhone();
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route('**/assets/survey-*.js', async (route) => {
        await Promise.race([released, new Promise((resolve) => setTimeout(resolve, 2000))]);
        await route.continue();
      });
      await page.goto(`${server.base}/f/${token}`, { waitUntil: 'commit' });
      // Parsed and painted with the stylesheet, the deferred script still on its way.
      await page.waitForSelector('#st', { state: 'attached' });
      // (Polled from here: the page's CSP forbids the eval that waitForFunction uses.)
      await expect
        .poll(() => page.evaluate<string>('getComputedStyle(document.body).backgroundColor'))
        .toBe('rgb(238, 241, 245)');
      await painted(page);
      expect(await scriptRan(page)).toBe(false);
      await page.screenshot({ path: `/tmp/survey-${formId}-before-script.png` });

      expect(await visibleCount(page, 'section.sec')).toBe(1);
      expect(await page.isVisible(`#${first}`)).toBe(true);
      expect(await page.locator('.nojs').count()).toBeGreaterThan(0);
      expect(await visibleCount(page, '.nojs')).toBe(0);
      expect(await page.locator('body').textContent()).toContain('当前未启用');
      expect(await page.isVisible('#pg')).toBe(true);
      expect(await page.isVisible('button.next')).toBe(true);
      expect(await page.isVisible('button.prev')).toBe(false);
      expect(await page.isVisible('button.submit')).toBe(false);
      const before = await boxesOf(page);

      release();
      await expect.poll(() => scriptRan(page), { timeout: 5000 }).toBe(true);
      await painted(page);
      expect(await boxesOf(page)).toEqual(before);
      expect(await visibleCount(page, 'section.sec')).toBe(1);
      expect(await page.evaluate<number>('window.shifts')).toBe(0);
    },
  );

  it('lists the ★ items not met so they can be counted, on the score bar and on the receipt', async () => {
    const { token } = await issueLink(t, 'self-evaluation', '341022104206');
    const form = await compiledForm(t, 'self-evaluation');
    const [valid] = validAnswers(form, 1);
    // Two ★ items not met, the other three met; labels are shown without their ★.
    const answers = {
      ...valid,
      charter: false,
      registration: 'filed',
      financeRule: true,
      accountBooks: true,
      office: false,
    };
    const saved = await t.request(`/api/v1/fill/${token}/draft`, json({ answers }, { method: 'PUT' }));
    expect(saved.status).toBe(204);
    const labels = ['charter', 'office'].map((key) => form.fields.get(key)?.field.label.replace(/^★/, ''));

    const page = await newPhone();
    await page.goto(`${server.base}/f/${token}`);
    const vetoes = page.locator('#score details.veto');
    expect(await vetoes.locator('summary').textContent()).toBe('★未达到 2 项：');
    expect(await vetoes.locator('ol > li').allTextContents()).toEqual(labels);
    expect(await vetoes.locator('ol').isVisible()).toBe(false);
    await vetoes.locator('summary').click();
    expect(await vetoes.locator('ol').isVisible()).toBe(true);
    // An answer elsewhere redraws the score; the opened list stays open and counted.
    await page.check('input[name="publicityMeans"][value="meeting"]');
    expect(await vetoes.getAttribute('open')).toBe('');
    expect(await vetoes.locator('ol > li').count()).toBe(2);

    for (let i = 0; i < 6; i++) await page.click('button.next');
    await page.click('button.submit');
    await page.waitForSelector('#receipt', { timeout: 10_000 });
    const items = page.locator('#receipt ol.vetoes > li');
    expect(await items.count()).toBe(2);
    expect(await items.first().textContent()).toContain(labels[0] ?? '?');
    const id = (await page.locator('#receipt').getAttribute('data-submission')) ?? '';
    expect(await page.locator('#receipt .id').textContent()).toBe(receiptCodeOf(id));
    expect(receiptCodeOf(id)).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  });

  it('uploads with a large button labelled in Chinese, not the browser’s “Choose Files”', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104207');
    const page = await newPhone();
    await page.goto(`${server.base}/f/${token}`);
    await page.check('input[name="unitType"][value="village"]');
    await page.fill('[name="registeredPopulation"]', '480');
    await page.fill('[name="elderlyPopulation"]', '120');
    await page.check('input[name="hasAssociation"][value="no"]');
    await page.click('button.next');
    expect(await page.locator('.sec.cur').getAttribute('id')).toBe('s-other');
    const button = page.locator('#w-f-evidence label.up');
    expect(await button.isVisible()).toBe(true);
    expect((await button.textContent())?.trim()).toBe('＋ 上传照片或文件');
    const box = await button.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(300);
    expect(box?.height).toBeGreaterThanOrEqual(44);
    // The browser's own control is there (tapping anywhere on the button opens it) but unseen.
    const input = page.locator('#f-evidence');
    expect(
      await page.evaluate<string>("getComputedStyle(document.getElementById('f-evidence')).opacity"),
    ).toBe('0');
    // It fills the button inside its 1 px border.
    expect(await input.boundingBox()).toEqual({
      x: (box?.x ?? 0) + 1,
      y: (box?.y ?? 0) + 1,
      width: (box?.width ?? 0) - 2,
      height: (box?.height ?? 0) - 2,
    });
    const hit = await page.evaluate<string>(
      `document.elementFromPoint(${(box?.x ?? 0) + 20}, ${(box?.y ?? 0) + 20}).id`,
    );
    expect(hit).toBe('f-evidence');

    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200)]);
    await input.setInputFiles({ name: '协会照片.png', mimeType: 'image/png', buffer: png });
    const file = page.locator('#w-f-evidence .files li');
    await expect.poll(() => file.textContent()).toContain('协会照片.png');
    expect(await file.locator('button').textContent()).toBe('删除');
  });

  it('without JavaScript: a submit, then the link reopened shows the submitted answers, on any phone', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104208');
    const page = await newPhone(false);
    await page.goto(`${server.base}/f/${token}`);
    // The no-JS layout: every section, the notice, no script-only controls.
    expect(await page.isVisible('#s-village')).toBe(true);
    expect(await page.isVisible('#s-other')).toBe(true);
    expect(await page.isVisible('.note.nojs')).toBe(true);
    expect(await page.isVisible('#pg')).toBe(false);
    expect(await page.isVisible('button.submit')).toBe(true);
    expect(await page.isVisible('#w-f-evidence label.up')).toBe(false);

    await page.check('input[name="unitType"][value="village"]');
    await page.fill('[name="registeredPopulation"]', '480');
    await page.fill('[name="elderlyPopulation"]', '120');
    await page.check('input[name="hasAssociation"][value="no"]');
    await page.fill('[name="reporterName"]', '赵书记');
    await page.fill('[name="reporterPhone"]', '13912345670');
    const [posted] = await Promise.all([page.waitForNavigation(), page.click('button[value="submit"]')]);
    expect(posted?.status()).toBe(200);
    const id = (await page.locator('#receipt').getAttribute('data-submission')) ?? '';
    const code = receiptCodeOf(id);
    expect(await page.locator('#receipt .id').textContent()).toBe(code);

    for (const reopened of [page, await newPhone(true)]) {
      await reopened.goto(`${server.base}/f/${token}`);
      expect(await reopened.locator('#restored').textContent()).toMatch(
        /^已填入 .* 提交的内容，可在此基础上修改$/,
      );
      expect(await reopened.locator('main').textContent()).toContain(`回执编号 ${code}`);
      expect(await reopened.inputValue('[name="registeredPopulation"]')).toBe('480');
      expect(await reopened.inputValue('[name="reporterName"]')).toBe('赵书记');
      expect(await reopened.isChecked('input[name="hasAssociation"][value="no"]')).toBe(true);
    }
  });

  it('falls back to the one long page when the script fails to start', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104210');
    // Its own phone, without the error listeners: the failure is logged on purpose.
    const context = await browser.newContext({ ...phone });
    contexts.push(context);
    const page = await context.newPage();
    await page.route(`**/f/${token}`, async (route) => {
      const res = await route.fetch();
      // Page data the script cannot read: start() throws before it changes anything.
      const html = (await res.text()).replace('id="form-data">{', 'id="form-data">{broken');
      await route.fulfill({ response: res, body: html });
    });
    const logged: string[] = [];
    page.on('console', (msg) => logged.push(msg.text()));
    await page.goto(`${server.base}/f/${token}`);
    await expect.poll(() => page.isVisible('#s-other')).toBe(true);
    expect(await page.isVisible('#s-village')).toBe(true);
    expect(await page.isVisible('.note.nojs')).toBe(true);
    expect(await page.isVisible('button.submit')).toBe(true);
    expect(await page.isVisible('button.next')).toBe(false);
    expect(await page.isVisible('#pg')).toBe(false);
    expect(await scriptRan(page)).toBe(false);
    expect(logged.join('\n')).toMatch(/JSON/);
  });

  it('when the script never arrives, “下一部分”/“上一部分” still turn the page (the server does) up to the receipt', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104211');
    // Its own phone, without the error listeners: the script's load fails on purpose.
    const context = await browser.newContext({ ...phone });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    await page.route('**/assets/survey-*.js', (route) => route.abort('connectionreset'));
    const turn = async (button: 'next' | 'prev') => {
      const [res] = await Promise.all([page.waitForNavigation(), page.click(`button.${button}`)]);
      expect(res?.status()).toBe(200);
    };
    await page.goto(`${server.base}/f/${token}`);
    expect(await scriptRan(page)).toBe(false);
    expect(await visibleCount(page, 'section.sec')).toBe(1);
    expect(await page.isVisible('#s-village')).toBe(true);
    await page.check('input[name="unitType"][value="village"]');
    await page.fill('[name="registeredPopulation"]', '480');
    await page.check('input[name="hasAssociation"][value="yes"]');
    // 老年人数 left open: the first “下一部分” stays and points it out, as the script's does.
    await turn('next');
    expect(await page.isVisible('#s-village')).toBe(true);
    expect(await page.locator('main').textContent()).toContain('本部分有 1 处未完成');
    expect(await page.isVisible('#e-f-elderlyPopulation')).toBe(true);
    await turn('next');
    expect(await page.isVisible('#s-association')).toBe(true);
    expect(await visibleCount(page, 'section.sec')).toBe(1);
    expect(await page.locator('.sec.cur .sn').textContent()).toBe('第 2 / 5 部分');
    // “上一部分” is drawn on the left although “下一部分” comes first in the markup.
    const next = await page.locator('button.next').boundingBox();
    const prev = await page.locator('button.prev').boundingBox();
    expect(prev && next && prev.x < next.x).toBe(true);
    await turn('prev');
    expect(await page.isVisible('#s-village')).toBe(true);
    expect(await page.inputValue('[name="registeredPopulation"]')).toBe('480');

    // No association after all: its three sections are skipped, the last one has the submit button.
    await page.check('input[name="hasAssociation"][value="no"]');
    await turn('next');
    await turn('next');
    expect(await page.isVisible('#s-other')).toBe(true);
    expect(await page.locator('.sec.cur .sn').textContent()).toBe('第 2 / 2 部分');
    expect(await page.isVisible('button.next')).toBe(false);
    await page.fill('[name="reporterName"]', '钱主任');
    await page.fill('[name="reporterPhone"]', '12345');
    // Refused: it opens at the first error; the one on the other page says where it is, and its link shows it.
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('button.submit')]);
    expect(refused?.status()).toBe(422);
    expect(await page.isVisible('#s-village')).toBe(true);
    const elsewhere = page.locator('#sum li', { hasText: '（第 2 部分）' });
    expect(await elsewhere.count()).toBe(1);
    await elsewhere.locator('a').click();
    await expect.poll(() => page.isVisible('#f-reporterPhone')).toBe(true);
    await page.fill('[name="reporterPhone"]', '13912345671');
    await page.fill('[name="elderlyPopulation"]', '120');
    await turn('next');
    expect(await page.isVisible('#s-other')).toBe(true);
    expect(await page.inputValue('[name="reporterPhone"]')).toBe('13912345671');
    const [posted] = await Promise.all([page.waitForNavigation(), page.click('button.submit')]);
    expect(posted?.status()).toBe(200);
    expect(await page.isVisible('#receipt')).toBe(true);
    const view = (await (await fetch(`${server.base}/api/v1/fill/${token}`)).json()) as FillView;
    expect(view.submissions).toHaveLength(1);
    // Reopened (the script still missing): the submitted answers, from the first section on.
    await page.goto(`${server.base}/f/${token}`);
    expect(await page.locator('#restored').textContent()).toMatch(/^已填入 .* 提交的内容/);
    expect(await page.inputValue('[name="registeredPopulation"]')).toBe('480');
    expect(await page.isChecked('input[name="hasAssociation"][value="no"]')).toBe(true);
  });

  it('with the script, Enter in a box moves to the next section, never back', async () => {
    const { token } = await issueLink(t, 'self-evaluation', '341022104202');
    const page = await newPhone();
    await page.goto(`${server.base}/f/${token}`);
    await expect.poll(() => scriptRan(page)).toBe(true);
    await page.click('button.next');
    await page.click('button.next'); // the first section's unanswered item is pointed out once
    expect(await page.isVisible('#s-organisation')).toBe(true);
    await page.fill('[name="elderlyPopulation"]', '150');
    // The first Enter points out this section's unanswered items (as “下一部分” does) …
    await page.press('[name="elderlyPopulation"]', 'Enter');
    await expect.poll(() => page.locator('#st').textContent()).toMatch(/^本部分有 \d+ 处未完成/);
    expect(await page.isVisible('#s-organisation')).toBe(true);
    // … the second moves on: to 制度建设, not back to 宣传发动, and nothing was submitted.
    await page.fill('[name="members"]', '90');
    await page.press('[name="members"]', 'Enter');
    await expect.poll(() => page.isVisible('#s-rules')).toBe(true);
    expect(await page.isVisible('#s-organisation')).toBe(false);
    expect(await page.isVisible('#s-publicity')).toBe(false);
    expect(await page.isVisible('#receipt')).toBe(false);
  });

  it('serves an icon the browser can draw, and every page load above was clean', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104209');
    const page = await newPhone();
    await page.goto(`${server.base}/f/${token}`);
    const drawn = await page.evaluate<string>(`new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('error');
      img.src = '/favicon.ico';
    })`);
    expect(drawn).toBe('loaded');
    expect(await page.getAttribute('link[rel="icon"]', 'href')).toBe('/favicon.ico');
    expect(problems).toEqual([]);
  });
});
