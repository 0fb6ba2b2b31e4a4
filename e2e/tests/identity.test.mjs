// Issue 23, finding 2, in each language: a known email never rewrites the candidate staff see. A candidate
// applies to one posting; someone applies to another with the same address in capitals and another name. The
// Kandidater list still shows the first name; the administrator opens the profile and finds "Nye opplysninger i
// søknad {dato}" with old → new, presses "Bruk disse opplysningene", and the profile and the list take the new
// name. axe (WCAG 2.1 A/AA) runs on the profile with the box and after accepting. Labels come from the
// translation files the UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { button, expectH1, expectNoAxeViolations, forEachLanguage, setupCompany, ui, useApp } from '../lib/index.mjs';
import { listedCandidates } from '../lib/candidates.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv, shownDate } from '../lib/screening.mjs';

const PEOPLE = {
  nb: { owner: ['Sigrid', 'Eiersen'], other: ['Mikkel', 'Annensen'] },
  en: { owner: ['Sally', 'Owner'], other: ['Mick', 'Otherton'] },
};

forEachLanguage('identity', (lang) => {
  const app = useApp('identity', lang);
  test('new details in an application are shown to staff and used only when they accept them', async () => {
    const page = app.page;
    const t = ui(lang);
    const { owner, other } = PEOPLE[lang];
    const fullName = ([first, last]) => `${first} ${last}`;
    const email = `${owner[1].toLowerCase()}.${lang}@example.no`;
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Identitet AS' : 'Identity Ltd',
      first: 'Ida',
      last: 'Admin',
      email: `ida.${lang}@identity.example`,
      password: 'opplysninger-er-ikke-bekreftet',
    });
    const fields = applicationFields();
    const first = await createPosting(page, lang, { title: lang === 'nb' ? 'Snekker' : 'Carpenter', status: 'published', fields });
    const second = await createPosting(page, lang, { title: lang === 'nb' ? 'Maler' : 'Painter', status: 'published', fields });

    const visitor = await (await app.newContext(lang)).newPage();
    await applyWithCv(visitor, lang, first.link, { first: owner[0], last: owner[1], email, cv: 'cv.pdf' });
    const stranger = await (await app.newContext(lang)).newPage();
    await applyWithCv(stranger, lang, second.link, { first: other[0], last: other[1], email: email.toUpperCase(), cv: 'cv.pdf' });

    // One candidate, still under the name they gave first.
    await page.goto('/candidates');
    assert.deepEqual(await listedCandidates(page), [fullName(owner)]);

    // The profile shows the difference, old → new, with the button.
    await page.getByRole('main').getByRole('link', { name: fullName(owner), exact: true }).click();
    await page.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
    await expectH1(page, fullName(owner));
    const box = page.getByRole('region', { name: t('candidate.new_details.title', { date: shownDate(lang) }), exact: true });
    await box.waitFor();
    for (const i of [0, 1]) await box.getByText(`${owner[i]} → ${other[i]}`, { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'the profile with new details from an application');

    // "Bruk disse opplysningene": the profile and the list follow, and the box is gone.
    await button(box, t('candidate.new_details.accept')).click();
    await page.getByRole('status').filter({ hasText: t('candidate.new_details.accepted') }).waitFor();
    await expectH1(page, fullName(other));
    assert.equal(await page.getByRole('region', { name: t('candidate.new_details.title', { date: shownDate(lang) }) }).count(), 0);
    await expectNoAxeViolations(page, 'the profile after accepting the new details');
    await page.goto('/candidates');
    assert.deepEqual(await listedCandidates(page), [fullName(other)]);
  });
});
