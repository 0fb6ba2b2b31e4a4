// Article step 5, in each language: "Kandidater" → the "Kilde" filter = the registration form → tick the candidate →
// "Source til utlysning" → "Stilling" → "Source". The candidate lands in the chosen posting's Screening step and is
// handled like any application; the result message counts them. axe runs on every page state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, forEachLanguage, setupCompany, useApp } from '../lib/index.mjs';
import { applicationFields, applyWithCv } from '../lib/screening.mjs';
import { createPosting } from '../lib/public.mjs';

const L = {
  nb: {
    candidates: 'Kandidater',
    source: 'Kilde',
    filter: 'Filtrer',
    select: (n) => `Velg ${n}`,
    sourceTo: 'Source til utlysning',
    job: 'Stilling',
    go: 'Source',
    result: (n, t) => `${n} kandidat(er) sourcet til ${t}`,
    goToScreening: 'Gå til screening',
  },
  en: {
    candidates: 'Candidates',
    source: 'Source',
    filter: 'Filter',
    select: (n) => `Select ${n}`,
    sourceTo: 'Source to posting',
    job: 'Job',
    go: 'Source',
    result: (n, t) => `${n} candidate(s) sourced to ${t}`,
    goToScreening: 'Go to screening',
  },
};

forEachLanguage('sourcing', (lang) => {
  const app = useApp('sourcing', lang);
  test('source a registered candidate into an open posting', async () => {
    const page = app.page;
    const l = L[lang];
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Kilde Ærlig AS' : 'Source Ærlig Ltd',
      first: 'Siri',
      last: 'Sourcing',
      email: `siri.${lang}@kilde.example`,
      password: 'source-til-utlysning-42',
    });
    const registration = await createPosting(page, lang, { title: 'Registration', status: 'unlisted', fields: applicationFields() });
    const target = await createPosting(page, lang, { title: lang === 'nb' ? 'Lagermedarbeider' : 'Warehouse worker', status: 'published', fields: applicationFields() });
    const candidatePage = await (await app.newContext(lang)).newPage();
    await applyWithCv(candidatePage, lang, registration.link, { first: 'Åse', last: 'Kandidat', email: `ase.${lang}@example.no`, cv: 'ase.pdf' });

    await page.getByRole('link', { name: l.candidates, exact: true }).click();
    await page.getByRole('combobox', { name: l.source, exact: true }).selectOption({ label: 'Registration' });
    await page.getByRole('button', { name: l.filter, exact: true }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('checkbox', { name: l.select('Åse Kandidat'), exact: true }).check();
    await page.getByRole('button', { name: l.sourceTo, exact: true }).click();
    await expectNoAxeViolations(page);
    const title = lang === 'nb' ? 'Lagermedarbeider' : 'Warehouse worker';
    await page.getByRole('combobox', { name: l.job, exact: true }).selectOption({ label: title });
    await page.getByRole('button', { name: l.go, exact: true }).click();
    await page.getByText(l.result(1, title), { exact: true }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto(target.staffPath);
    await page.getByRole('button', { name: l.goToScreening, exact: true }).click();
    const firstColumn = page.getByRole('region').first();
    assert.match(await firstColumn.getByRole('heading').textContent(), /\(1\)/);
    assert.equal(await firstColumn.getByRole('link', { name: 'Åse Kandidat', exact: true }).count(), 1);
  });
});
