import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, phone } from '../support/browser';
import { certifyTwoRevokeOne, type ListedCertificate } from '../support/certified';
import { issue, tokenOf } from '../support/fill';
import { useTestStack } from '../support/stack';
import { startServer } from './survey-server';

/**
 * A 达标证书 in a real Chromium on a 360×740 phone: the verify page its QR code opens
 * (valid and revoked), and a village downloading its certificate from its survey link.
 */
const t = useTestStack();
const runBrowser = hasChromium();
const township = '341022104';
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors, CSP refusals and failed loads seen by any page: a working page has none. */
const problems: string[] = [];
let certified: { valid: ListedCertificate; revoked: ListedCertificate };
let validToken = '';

async function openPhone(path: string): Promise<Page> {
  const context = await browser.newContext({ ...phone });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // CSP refusals are console errors; failed loads are judged by the response listener
    // (the browser's own /favicon.ico request 404s and fires no response event).
    const loadFailure = msg.text().startsWith('Failed to load resource');
    if ((msg.type() === 'error' || msg.type() === 'warning') && !loadFailure)
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document')
      problems.push(`${res.status()} ${res.request().resourceType()} ${res.url()}`);
  });
  const res = await page.goto(`${server.base}${path}`);
  expect(res?.status()).toBe(200);
  return page;
}

/** No horizontal scrolling at 360 px, and the element ends inside the viewport. */
async function expectFits(page: Page, selector: string): Promise<void> {
  expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(360);
  const box = await page.locator(selector).boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
}

/** The status line: its text, its rendered size and colour. */
const statusOf = (page: Page) =>
  page.evaluate<{ text: string; fontSize: number; color: string }>(`(() => {
    const el = document.querySelector('.status');
    const style = getComputedStyle(el);
    return { text: el.textContent, fontSize: Number.parseFloat(style.fontSize), color: style.color };
  })()`);

beforeAll(async () => {
  if (!runBrowser) return;
  const villages = (await t.stack.repos.orgs.children(township)).filter((c) => c.level === 'village');
  const [valid, revoked] = villages.map((v) => v.code);
  if (!valid || !revoked) throw new Error('the demo township needs two villages');
  const done = await certifyTwoRevokeOne(t, { valid, revoked });
  certified = done;
  const [link] = await issue(t, done.admin, { formId: 'self-evaluation', orgCodes: [valid] });
  validToken = tokenOf(link?.url ?? '');
  server = await startServer(t.stack.app);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe.skipIf(!runBrowser)('certificates in Chromium at 360×740', () => {
  it('the verify page of a valid certificate: 有效 in large green type, the fingerprint fits', async () => {
    const page = await openPhone(`/v/${certified.valid.number}`);
    expect(await page.isVisible('.status')).toBe(true);
    const status = await statusOf(page);
    expect(status).toMatchObject({ text: '有效', color: 'rgb(21, 128, 61)' });
    expect(status.fontSize).toBeGreaterThanOrEqual(40);
    expect(await page.locator('#sha256').textContent()).toMatch(/^[0-9a-f ]+$/);
    // Selected and copied, the digest is one string again.
    const copied = await page.evaluate<string>(`(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('sha256'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString().replace(/\\s/g, '');
    })()`);
    expect(copied).toBe(certified.valid.sha256);
    expect(await page.locator('#sha256 span').count()).toBe(16);
    // Sixteen groups of four on four lines: the spans sit at four different heights.
    const lines = await page.evaluate<number>(
      `new Set([...document.querySelectorAll('#sha256 span')].map((s) => s.getBoundingClientRect().top)).size`,
    );
    expect(lines).toBe(4);
    expect(await page.locator('script').count()).toBe(0);
    await expectFits(page, '#sha256');
    await expectFits(page, 'main');
    expect(problems).toEqual([]);
  });

  it('the verify page of a revoked certificate: 已撤销 in large red type, with when and why', async () => {
    const page = await openPhone(`/v/${certified.revoked.number}`);
    const status = await statusOf(page);
    expect(status).toMatchObject({ text: '已撤销', color: 'rgb(185, 28, 28)' });
    expect(status.fontSize).toBeGreaterThanOrEqual(40);
    expect(await page.locator('.since').textContent()).toBe('2026年1月30日经回头看撤销达标');
    await expectFits(page, 'main');
    expect(problems).toEqual([]);
  });

  it('an unknown number shows the not-found page', async () => {
    const context = await browser.newContext({ ...phone });
    contexts.push(context);
    const page = await context.newPage();
    const res = await page.goto(`${server.base}/v/341022-2025-9999`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h2').first().textContent()).toBe('未找到该证书');
    expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(360);
  });

  it('the village opens its survey link, sees the button and downloads its certificate', async () => {
    const page = await openPhone(`/f/${validToken}`);
    const button = page.getByRole('link', { name: '下载本村达标证书（PDF）' });
    expect(await button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box && box.height >= 44 && box.y < 740).toBe(true);
    await expectFits(page, 'a[href$="/certificate"]');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`达标证书-${certified.valid.number}.pdf`);
    const bytes = await readFile((await download.path()) ?? '');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(certified.valid.sha256);
    expect(problems).toEqual([]);
  });
});
