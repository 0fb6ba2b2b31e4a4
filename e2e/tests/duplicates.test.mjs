// Issue 22, part 5, in each language: duplicates across agencies. The same person applies through two
// registration postings (one per agency), the second time with the address in capitals. The administrator finds
// «Også søkt via {kilde} {dato}» and «Først søkt via {kilde} {dato}» on the board card of the second posting and
// under each application on the profile. axe (WCAG 2.1 A/AA) runs on both pages. What a Bruker may not learn is
// covered cell by cell in crates/web/tests/duplicates.rs. Labels come from the translation files the UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectH1, expectNoAxeViolations, forEachLanguage, setupCompany, ui, useApp } from '../lib/index.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv, openBoard, shownDate } from '../lib/screening.mjs';

const PERSON = { nb: ['Torill', 'Tvilling'], en: ['Tessa', 'Twin'] };
const AGENCIES = { nb: ['Byrå Nord', 'Byrå Sør'], en: ['Agency North', 'Agency South'] };

forEachLanguage('duplicates', (lang) => {
  const app = useApp('duplicates', lang);
  test('the company sees that a candidate also applied through another agency, and which came first', async () => {
    const page = app.page;
    const t = ui(lang);
    const [first, last] = PERSON[lang];
    const name = `${first} ${last}`;
    const [north, south] = AGENCIES[lang];
    const email = `${last.toLowerCase()}.${lang}@example.no`;
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Dobbel AS' : 'Double Ltd',
      first: 'Dag',
      last: 'Admin',
      email: `dag.${lang}@double.example`,
      password: 'hvem-kom-forst-med-kandidaten',
    });
    const fields = applicationFields();
    const a = await createPosting(page, lang, { title: north, status: 'unlisted', fields });
    const b = await createPosting(page, lang, { title: south, status: 'unlisted', fields });
    for (const [posting, address] of [[a, email], [b, email.toUpperCase()]]) {
      const visitor = await (await app.newContext(lang)).newPage();
      await applyWithCv(visitor, lang, posting.link, { first, last, email: address, cv: 'cv.pdf' });
    }
    const today = shownDate(lang);
    const also = (source) => t('duplicates.also', { source, date: today });
    const firstVia = t('duplicates.first', { source: north, date: today });

    // The second agency's board: the card names the first agency's application and that it came first.
    await openBoard(page, lang, south);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
    await card.getByText(also(north), { exact: true }).waitFor();
    await card.getByText(firstVia, { exact: true }).waitFor();
    assert.equal(await card.getByText(also(south), { exact: true }).count(), 0, 'not the card itself');
    await expectNoAxeViolations(page, 'the board with a duplicate hint');

    // The profile: each application names the other; both say which came first.
    await card.getByRole('link', { name, exact: true }).click();
    await page.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
    await expectH1(page, name);
    const application = (title) => page.getByRole('article').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    await application(south).getByText(also(north), { exact: true }).waitFor();
    await application(north).getByText(also(south), { exact: true }).waitFor();
    for (const title of [north, south]) await application(title).getByText(firstVia, { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'the profile with duplicate hints');
  });
});
