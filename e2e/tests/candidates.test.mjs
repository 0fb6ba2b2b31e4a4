// Kandidater (issue #7), in each language: filter by "Stilling" (suggested by script; typed text without it), search "bjorn" finds Bjørn, sort by name with the
// column header, "Velg alle på siden" ticks every row, and "Eksporter CSV" is there for an administrator.
// axe runs on every state of the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectPath, forEachLanguage, setupCompany, useApp } from '../lib/index.mjs';
import { applicationFields, applyWithCv } from '../lib/screening.mjs';
import { createPosting } from '../lib/posting-form.mjs';

const L = {
  nb: {
    candidates: 'Kandidater',
    job: 'Stilling',
    step: 'Steg',
    stepHint: 'Velg en stilling for å velge blant stegene.',
    search: 'Søk',
    filter: 'Filtrer',
    name: 'Navn',
    selectAll: 'Velg alle på siden',
    select: (n) => `Velg ${n}`,
    exportCsv: 'Eksporter CSV',
    developer: 'Utvikler',
    warehouse: 'Lagermedarbeider',
    several: '«Stilling» passer med flere stillinger, så det filteret er ikke brukt.',
  },
  en: {
    candidates: 'Candidates',
    job: 'Job',
    step: 'Step',
    stepHint: 'Choose a job to pick one of its steps.',
    search: 'Search',
    filter: 'Filter',
    name: 'Name',
    selectAll: 'Select all on this page',
    select: (n) => `Select ${n}`,
    exportCsv: 'Export CSV',
    developer: 'Developer',
    warehouse: 'Warehouse worker',
    several: '"Job" fits several postings, so that filter is not used.',
  },
};

const PEOPLE = ['Bjørn Ærlig', 'Dina Hansen', 'Åse Berg'];

/** The candidates' names in the list, top to bottom. */
const rowNames = (page) => page.locator('table tbody').getByRole('link').allInnerTexts();

forEachLanguage('candidates', (lang) => {
  const app = useApp('candidates', lang);
  test('filter, search, sort, select the page and export the Kandidater list', async () => {
    const page = app.page;
    const l = L[lang];
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Liste Ærlig AS' : 'List Ærlig Ltd',
      first: 'Live',
      last: 'Liste',
      email: `live.${lang}@liste.example`,
      password: 'kandidater-i-listen-42',
    });
    const developer = await createPosting(page, lang, { title: l.developer, status: 'published', fields: applicationFields() });
    const warehouse = await createPosting(page, lang, { title: l.warehouse, status: 'published', fields: applicationFields() });
    const candidate = await (await app.newContext(lang)).newPage();
    for (const [name, posting] of [[PEOPLE[0], developer], [PEOPLE[1], developer], [PEOPLE[2], warehouse]]) {
      const [first, last] = name.split(' ');
      await applyWithCv(candidate, lang, posting.link, { first, last, email: `${first.toLowerCase()}.${lang}@example.no`, cv: 'cv.pdf' });
    }

    await page.getByRole('link', { name: l.candidates, exact: true }).click();
    await expectPath(page, '/candidates');
    assert.deepEqual((await rowNames(page)).sort(), [...PEOPLE].sort());
    await expectNoAxeViolations(page, 'the whole list');

    // Stilling: only the developer posting's candidates. Steg offers no steps until a Stilling is chosen, then
    // that posting's steps at once (fetched by script, no reload).
    const steps = page.getByRole('combobox', { name: l.step, exact: true });
    assert.equal(await steps.locator('option').count(), 1);
    assert.equal(await page.getByText(l.stepHint).isVisible(), true);
    // Stilling suggests the postings (fetched once by script); the typed title is taken when the field is left.
    const job = page.getByRole('combobox', { name: l.job, exact: true });
    await page.waitForFunction(() => document.querySelectorAll('#posting-choices option').length >= 2, null, { timeout: 15_000 });
    const suggested = await page.locator('#posting-choices option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(suggested.includes(l.developer), `"${l.job}" suggests ${l.developer}: ${suggested}`);
    await job.fill(l.developer);
    await job.blur();
    await page.waitForFunction(() => document.querySelectorAll('#f-steg option').length > 1, null, { timeout: 15_000 });
    assert.equal(await page.getByText(l.stepHint).isVisible(), false);
    const offered = await steps.locator('option').allInnerTexts();
    await page.getByRole('button', { name: l.filter, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('stilling') === l.developer);
    assert.equal(await job.inputValue(), l.developer, `"${l.job}" still shows the posting`);
    assert.deepEqual((await rowNames(page)).sort(), [PEOPLE[0], PEOPLE[1]].sort());
    assert.deepEqual(await steps.locator('option').allInnerTexts(), offered, 'the same steps after the reload');
    await expectNoAxeViolations(page, 'filtered by Stilling');

    // Søk: "bjorn" finds Bjørn (folded), within the chosen Stilling too.
    await page.getByRole('searchbox', { name: l.search, exact: true }).fill('bjorn');
    await page.getByRole('button', { name: l.filter, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'bjorn');
    assert.deepEqual(await rowNames(page), [PEOPLE[0]]);
    await expectNoAxeViolations(page, 'searched');

    // Sort by name with the column header; the header says how the list is sorted.
    await page.goto('/candidates');
    await page.getByRole('columnheader', { name: l.name }).getByRole('link', { name: l.name, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'name');
    assert.deepEqual(await rowNames(page), ['Åse Berg', 'Bjørn Ærlig', 'Dina Hansen']);
    assert.equal(await page.getByRole('columnheader', { name: l.name }).getAttribute('aria-sort'), 'ascending');
    await expectNoAxeViolations(page, 'sorted by name');

    // Velg alle på siden: every row's checkbox.
    await page.getByRole('checkbox', { name: l.selectAll, exact: true }).check();
    for (const name of PEOPLE) {
      assert.equal(await page.getByRole('checkbox', { name: l.select(name), exact: true }).isChecked(), true, name);
    }
    await page.getByRole('checkbox', { name: l.selectAll, exact: true }).uncheck();
    for (const name of PEOPLE) {
      assert.equal(await page.getByRole('checkbox', { name: l.select(name), exact: true }).isChecked(), false, name);
    }

    // Eksporter CSV, for the list as it is sorted and filtered.
    const exportLink = page.getByRole('link', { name: l.exportCsv, exact: true });
    assert.equal(await exportLink.count(), 1);
    const href = await exportLink.getAttribute('href');
    assert.match(href, /^\/candidates\/export\.csv\?sort=name$/);
    const csv = await page.request.get(href);
    assert.equal(csv.status(), 200);
    const text = (await csv.body()).toString('utf8');
    assert.ok(text.startsWith('\ufeff'), 'UTF-8 with BOM');
    assert.equal(text.trim().split('\r\n').length, 4, 'header and three candidates');
    await expectNoAxeViolations(page, 'rows selected');

    // Without script (issue 24) Stilling suggests nothing, and part of a title typed into it is matched by the
    // server; text that fits several postings is named, with a link to the list for each of them.
    const bare = await (await app.newContext(lang, { javaScriptEnabled: false, storageState: await page.context().storageState() })).newPage();
    await bare.goto('/candidates');
    const typed = l.developer.slice(0, 4).toLowerCase();
    await bare.getByRole('combobox', { name: l.job, exact: true }).fill(typed);
    await bare.getByRole('button', { name: l.filter, exact: true }).click();
    await bare.waitForURL((u) => u.searchParams.get('stilling') === typed);
    assert.deepEqual((await rowNames(bare)).sort(), [PEOPLE[0], PEOPLE[1]].sort());
    assert.equal(await bare.getByRole('combobox', { name: l.job, exact: true }).inputValue(), l.developer);
    await bare.getByRole('combobox', { name: l.job, exact: true }).fill('e');
    await bare.getByRole('button', { name: l.filter, exact: true }).click();
    await bare.waitForURL((u) => u.searchParams.get('stilling') === 'e');
    const alert = bare.getByRole('alert');
    assert.ok((await alert.innerText()).includes(l.several), await alert.innerText());
    assert.equal((await rowNames(bare)).length, 3, 'the filter is not used');
    await alert.getByRole('link', { name: l.developer, exact: true }).click();
    await bare.waitForURL((u) => u.searchParams.get('stilling') === developer.id);
    assert.deepEqual((await rowNames(bare)).sort(), [PEOPLE[0], PEOPLE[1]].sort());
    // axe needs script: the same problem and links, checked in the scripted session.
    await page.goto('/candidates?stilling=e');
    await expectNoAxeViolations(page, 'text that fits several postings');
  });
});
