import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core';

/** The system Chromium the e2e tests drive (Debian's `chromium` package). */
export const chromiumPath = '/usr/bin/chromium';

/** Flags for a quiet, offline-friendly headless Chromium in a container. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A mid-range Android phone in portrait: what village cadres fill the survey on. */
export const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  userAgent:
    'Mozilla/5.0 (Linux; Android 12; M2012K11AC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0 Mobile Safari/537.36 MicroMessenger/8.0.40',
};

/**
 * Whether Chromium is there to run browser tests. In CI a missing Chromium fails the run
 * (the tests must not silently pass there); on a laptop the browser tests are skipped
 * with a loud warning saying how to install it.
 */
export function hasChromium(): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `Chromium not found at ${chromiumPath}: the browser (e2e) tests need it. Install it with \`sudo apt-get install chromium\`.`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPING BROWSER TESTS. ${message}\n${'!'.repeat(100)}\n`);
  return false;
}

/**
 * Launches headless Chromium. Every `browser.newContext()` is a fresh profile (own
 * cookies and localStorage), like a second phone; Playwright gives the browser itself a
 * fresh temporary user-data-dir and removes it on close.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    timeout: 30_000,
  });
}
