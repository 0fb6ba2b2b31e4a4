// Small waiting assertions on top of playwright-core (which has no `expect`). Each failure message says what was
// expected and what the page showed instead (its URL, its h1s, and its accessibility tree).
import { AssertionError } from 'node:assert';

const TIMEOUT = 10_000;

async function poll(fn, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn().catch((e) => ({ ok: false, error: e }));
    if (last.ok || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The page's accessibility tree (roles and names), shortened, for failure messages. */
export async function describePage(page, max = 4000) {
  let tree = '';
  try {
    tree = await page.locator('body').ariaSnapshot({ timeout: 3000 });
  } catch (e) {
    tree = `(no aria snapshot: ${e.message.split('\n')[0]})`;
  }
  if (tree.length > max) tree = `${tree.slice(0, max)}\n…(${tree.length - max} more characters)`;
  let lang = '?';
  try {
    lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  } catch {}
  return `page: ${page.url()}  <html lang="${lang}">\naccessibility tree:\n${tree}`;
}

export async function fail(page, message) {
  throw new AssertionError({ message: `${message}\n${await describePage(page)}` });
}

/** Waits for the locator to be visible; fails describing the page otherwise. */
export async function expectVisible(page, locator, what, timeout = TIMEOUT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    await fail(page, `expected ${what} to be visible (${locator})`);
  }
  return locator.first();
}

/** Waits until the URL's path is `pathname` (and, if given, its query matches `search`, e.g. "?next=%2Fcandidates"). */
export async function expectPath(page, pathname, search, timeout = TIMEOUT) {
  const r = await poll(async () => {
    const u = new URL(page.url());
    return { ok: u.pathname === pathname && (search === undefined || u.search === search) };
  }, timeout);
  if (!r.ok) await fail(page, `expected URL ${pathname}${search ?? ''}, found ${page.url()}`);
}

export async function expectHtmlLang(page, lang, timeout = TIMEOUT) {
  const r = await poll(
    async () => {
      const v = await page.evaluate(() => document.documentElement.getAttribute('lang'));
      return { ok: v === lang, v };
    },
    timeout,
  );
  if (!r.ok) await fail(page, `expected <html lang="${lang}">, found lang=${JSON.stringify(r.v ?? null)}`);
}

/** Exactly one h1 on the page and its accessible name is `name`. */
export async function expectH1(page, name, timeout = TIMEOUT) {
  const h1s = page.getByRole('heading', { level: 1 });
  const r = await poll(async () => {
    const texts = (await h1s.allInnerTexts()).map((s) => s.trim());
    return { ok: texts.length === 1 && texts[0] === name, texts };
  }, timeout);
  if (!r.ok) {
    await fail(page, `expected one <h1> named "${name}", found ${JSON.stringify(r.texts ?? [])}`);
  }
}

export async function expectEqual(page, actual, expected, what) {
  if (actual !== expected) {
    await fail(page, `${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
  }
}

/** Waits until `check()` (sync or async) is true, polling; fails naming `what` after `ms`. For what happens outside
 * the page (a worker's delivery, a receiver's log). */
export async function until(what, check, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new AssertionError({ message: `timed out waiting for ${what}` });
}
