// "Kandidater" (article step 5): opening the list from the main menu, its filters ("Kilde", "Stilling"), the names it
// lists, ticking rows ("Velg {fullt navn}") and "Source til utlysning" → "Stilling" → "Source", by role and
// accessible name (labels in T[lang].cand).
import { button, openMainMenuLink } from './actions.mjs';
import { expectH1, expectPath, expectVisible, fail } from './expect.mjs';
import { T } from './i18n.mjs';

/** "Kandidater" in the main menu: the list /candidates. */
export async function openCandidates(page, lang) {
  const t = T[lang];
  await openMainMenuLink(page, lang, t.candidates);
  await expectPath(page, '/candidates');
  await expectH1(page, t.candidates);
}

/**
 * Types `kilde` (a posting's title) into "Kilde" and/or `stilling` into "Stilling" (text fields that suggest the
 * postings), presses "Filtrer" and waits for the list filtered by them (the titles are in the address, and the
 * fields still show them).
 * @param {{ kilde?: string, stilling?: string }} by
 */
export async function filterCandidates(page, lang, by) {
  const c = T[lang].cand;
  const chosen = {};
  for (const [param, name, title] of [['kilde', c.source, by.kilde], ['stilling', c.job, by.stilling]]) {
    if (title === undefined) continue;
    await page.getByRole('combobox', { name, exact: true }).fill(title);
    chosen[param] = title;
  }
  await button(page, c.filter).click();
  await page
    .waitForURL((u) => u.pathname === '/candidates' && Object.entries(chosen).every(([k, v]) => u.searchParams.get(k) === v))
    .catch(() => fail(page, `"${c.filter}" did not lead to /candidates filtered by ${JSON.stringify(chosen)}`));
  await expectH1(page, T[lang].candidates);
  for (const [name, title] of [[c.source, by.kilde], [c.job, by.stilling]]) {
    if (title === undefined) continue;
    const shown = await page.getByRole('combobox', { name, exact: true }).inputValue();
    if (shown !== title) await fail(page, `"${name}" shows ${JSON.stringify(shown)} after "${c.filter}", expected ${JSON.stringify(title)}`);
  }
}

/** The candidates' names the list shows (the link in each row), top to bottom. */
export async function listedCandidates(page) {
  const table = page.getByRole('main').getByRole('table');
  if ((await table.count()) === 0) return [];
  return (await table.getByRole('cell').getByRole('link').allInnerTexts()).map((s) => s.trim());
}

/** Ticks "Velg {fullt navn}" for each name. */
export async function selectCandidates(page, lang, names) {
  const c = T[lang].cand;
  for (const name of names) {
    const box = await expectVisible(page, page.getByRole('checkbox', { name: c.select(name), exact: true }), `checkbox "${c.select(name)}"`);
    await box.check();
  }
}

/**
 * "Source til utlysning" on the ticked rows: the page "Source til utlysning" listing them under "Valgte kandidater".
 * @param {string[]} names  the ticked candidates, which the page must list
 */
export async function openSourceDialog(page, lang, names) {
  const c = T[lang].cand;
  await button(page, c.sourceTo).click();
  await expectPath(page, '/candidates/source');
  await expectH1(page, c.sourceTo);
  await expectVisible(page, page.getByRole('heading', { name: c.selected, exact: true }), `heading "${c.selected}"`);
  const listed = (await page.getByRole('main').getByRole('listitem').allInnerTexts()).map((s) => s.trim()).sort();
  if (JSON.stringify(listed) !== JSON.stringify([...names].sort())) {
    await fail(page, `"${c.selected}" lists ${JSON.stringify(listed)}, expected ${JSON.stringify(names)}`);
  }
}

/**
 * In "Source til utlysning": "Stilling" = `title`, then "Source"; waits for the result message
 * "{n} kandidat(er) sourcet til {title}" (role=status) and returns it.
 */
export async function sourceTo(page, lang, title, n) {
  const c = T[lang].cand;
  await page.getByRole('combobox', { name: c.sourceJob, exact: true }).selectOption({ label: title });
  await button(page, c.sourceGo).click();
  const result = await expectVisible(
    page,
    page.getByRole('status').filter({ hasText: c.sourced(n, title) }),
    `the result "${c.sourced(n, title)}" (role=status)`,
  );
  return (await result.innerText()).trim();
}
