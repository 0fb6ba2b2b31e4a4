// Article step 5, in each language: "Kandidater" → the "Kilde" filter = the registration form → tick the candidate →
// "Source til utlysning" → "Stilling" → "Source". The candidate lands in the chosen posting's Screening step and is
// handled like any application; the result message counts them. axe runs on every page state.
// (tests/article.test.mjs follows the same steps as part of the whole article.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, forEachLanguage, setupCompany, T, useApp } from '../lib/index.mjs';
import {
  filterCandidates,
  listedCandidates,
  openCandidates,
  openSourceDialog,
  selectCandidates,
  sourceTo,
} from '../lib/candidates.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv, openBoard, SCREEN } from '../lib/screening.mjs';

forEachLanguage('sourcing', (lang) => {
  const app = useApp('sourcing', lang);
  test('source a registered candidate into an open posting', async () => {
    const page = app.page;
    const t = T[lang];
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Kilde Ærlig AS' : 'Source Ærlig Ltd',
      first: 'Siri',
      last: 'Sourcing',
      email: `siri.${lang}@kilde.example`,
      password: 'source-til-utlysning-42',
    });
    const title = lang === 'nb' ? 'Lagermedarbeider' : 'Warehouse worker';
    const registration = await createPosting(page, lang, { title: 'Registration', status: 'unlisted', fields: applicationFields() });
    const target = await createPosting(page, lang, { title, status: 'published', fields: applicationFields() });
    const candidatePage = await (await app.newContext(lang)).newPage();
    await applyWithCv(candidatePage, lang, registration.link, { first: 'Åse', last: 'Kandidat', email: `ase.${lang}@example.no`, cv: 'ase.pdf' });

    await openCandidates(page, lang);
    await filterCandidates(page, lang, { kilde: 'Registration' });
    assert.deepEqual(await listedCandidates(page), ['Åse Kandidat']);
    await expectNoAxeViolations(page, 'filtered by Kilde');
    await selectCandidates(page, lang, ['Åse Kandidat']);
    await openSourceDialog(page, lang, ['Åse Kandidat']);
    await expectNoAxeViolations(page, 'Source til utlysning');
    assert.equal(await sourceTo(page, lang, title, 1), t.cand.sourced(1, title));
    await expectNoAxeViolations(page, 'the result');

    const { staffPath } = await openBoard(page, lang, title);
    assert.equal(staffPath, target.staffPath);
    const firstColumn = page.getByRole('region', { name: SCREEN[lang].column(t.defaultSteps[0], 1), exact: true });
    assert.equal(await firstColumn.getByRole('link', { name: 'Åse Kandidat', exact: true }).count(), 1);
  });
});
