// Chromium from Debian (`/usr/bin/chromium`) driven by playwright-core; no Playwright browser download.
//   ANSETT_E2E_CHROMIUM  path of the browser (default /usr/bin/chromium)
//   ANSETT_E2E_HEADED=1  show the browser window (needs a display)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { RESULTS_DIR } from './server.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.ANSETT_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: process.env.ANSETT_E2E_HEADED !== '1',
    args: CHROMIUM_ARGS,
  });
}

/** Browser locale (and so Accept-Language) per UI language. */
export const LOCALES = { nb: 'nb-NO', en: 'en-GB' };

/**
 * A fresh context (own cookies) whose Accept-Language is the given UI language.
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseURL
 * @param {'nb'|'en'} lang
 * @param {import('playwright-core').BrowserContextOptions} [extra]
 */
export async function newContext(browser, baseURL, lang, extra = {}) {
  const context = await browser.newContext({ baseURL, locale: LOCALES[lang], ...extra });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}

/**
 * Where the screenshots the tests take on purpose go (`ANSETT_E2E_SCREENSHOT_DIR`, default
 * e2e/test-results/screenshots, which git ignores); made if missing.
 */
export function screenshotDir() {
  const dir = process.env.ANSETT_E2E_SCREENSHOT_DIR || path.join(RESULTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Save a screenshot and the HTML of the page under e2e/test-results/ for a failed step; never throws. */
export async function saveFailureArtifacts(page, name) {
  try {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const base = path.join(RESULTS_DIR, name.replace(/[^\w.-]+/g, '_'));
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5000 });
    writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`);
    return base;
  } catch {
    return null;
  }
}
