// Bulk actions in Kandidater (issue #7), in each language: tick two candidates → "Flytt til steg" → "Stilling" →
// "Velg steg" → "Steg" → "Flytt", and the result counts them; both land in that step on the board. "Send e-post"
// without company templates shows the hint and its link; "Arkiver" → "Alle stillinger" archives both. axe runs
// on every confirmation page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, expectPath, forEachLanguage, setupCompany, useApp } from '../lib/index.mjs';
import { applicationFields, applyWithCv } from '../lib/screening.mjs';
import { createPosting } from '../lib/posting-form.mjs';

const L = {
  nb: {
    candidates: 'Kandidater',
    select: (n) => `Velg ${n}`,
    moveToStep: 'Flytt til steg',
    job: 'Stilling',
    chooseStep: 'Velg steg',
    step: 'Steg',
    move: 'Flytt',
    interview: 'Intervju',
    moved: (n, s) => `${n} kandidat(er) flyttet til ${s}`,
    sendEmail: 'Send e-post',
    noTemplates: 'Bedriften har ingen e-postmaler ennå.',
    createTemplate: 'Lag en e-postmal',
    archive: 'Arkiver',
    allPostings: 'Alle stillinger',
    archived: (n) => `${n} søknad(er) arkivert`,
    back: 'Tilbake til kandidatene',
    goToScreening: 'Gå til screening',
    title: 'Lagermedarbeider',
  },
  en: {
    candidates: 'Candidates',
    select: (n) => `Select ${n}`,
    moveToStep: 'Move to step',
    job: 'Job',
    chooseStep: 'Choose step',
    step: 'Step',
    move: 'Move',
    interview: 'Interview',
    moved: (n, s) => `${n} candidate(s) moved to ${s}`,
    sendEmail: 'Send email',
    noTemplates: 'The company has no email templates yet.',
    createTemplate: 'Create an email template',
    archive: 'Archive',
    allPostings: 'All postings',
    archived: (n) => `${n} application(s) archived`,
    back: 'Back to the candidates',
    goToScreening: 'Go to screening',
    title: 'Warehouse worker',
  },
};

const PEOPLE = ['Bjørn Ærlig', 'Dina Hansen'];

forEachLanguage('bulk', (lang) => {
  const app = useApp('bulk', lang);
  test('move two candidates to a step, and the other bulk actions', async () => {
    const page = app.page;
    const l = L[lang];
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Flytt Ærlig AS' : 'Move Ærlig Ltd',
      first: 'Frida',
      last: 'Flytt',
      email: `frida.${lang}@flytt.example`,
      password: 'flytt-til-steg-samlet-42',
    });
    const posting = await createPosting(page, lang, { title: l.title, status: 'published', fields: applicationFields() });
    const candidate = await (await app.newContext(lang)).newPage();
    for (const name of PEOPLE) {
      const [first, last] = name.split(' ');
      await applyWithCv(candidate, lang, posting.link, { first, last, email: `${first.toLowerCase()}.${lang}@example.no`, cv: 'cv.pdf' });
    }
    const selectBoth = async () => {
      await page.getByRole('link', { name: l.candidates, exact: true }).click();
      await expectPath(page, '/candidates');
      for (const name of PEOPLE) await page.getByRole('checkbox', { name: l.select(name), exact: true }).check();
    };

    // Flytt til steg: Stilling, then Steg of that posting.
    await selectBoth();
    await page.getByRole('button', { name: l.moveToStep, exact: true }).click();
    await expectPath(page, '/candidates/move');
    for (const name of PEOPLE) assert.equal(await page.getByRole('listitem').filter({ hasText: name }).count(), 1, name);
    await expectNoAxeViolations(page, 'move: choose the posting');
    await page.getByRole('combobox', { name: l.job, exact: true }).selectOption({ label: l.title });
    await page.getByRole('button', { name: l.chooseStep, exact: true }).click();
    await expectNoAxeViolations(page, 'move: choose the step');
    await page.getByRole('combobox', { name: l.step, exact: true }).selectOption({ label: l.interview });
    await page.getByRole('button', { name: l.move, exact: true }).click();
    await page.getByRole('status').filter({ hasText: l.moved(2, l.interview) }).waitFor();
    await expectNoAxeViolations(page, 'move: result');

    await page.goto(posting.staffPath);
    await page.getByRole('button', { name: l.goToScreening, exact: true }).click();
    const interview = page.getByRole('region').filter({ has: page.getByRole('heading', { name: new RegExp(`^${l.interview}`) }) });
    assert.match(await interview.getByRole('heading').first().textContent(), /\(2\)/);

    // Send e-post without company templates: a hint and where to make one.
    await selectBoth();
    await page.getByRole('button', { name: l.sendEmail, exact: true }).click();
    await expectPath(page, '/candidates/email');
    await page.getByText(l.noTemplates).waitFor();
    assert.equal(await page.getByRole('link', { name: l.createTemplate, exact: true }).getAttribute('href'), '/settings/email-templates');
    await expectNoAxeViolations(page, 'email: no templates');

    // Arkiver in all postings.
    await page.getByRole('link', { name: l.back, exact: true }).click();
    for (const name of PEOPLE) await page.getByRole('checkbox', { name: l.select(name), exact: true }).check();
    await page.getByRole('button', { name: l.archive, exact: true }).click();
    await expectPath(page, '/candidates/archive');
    await expectNoAxeViolations(page, 'archive: choose');
    await page.getByRole('combobox', { name: l.job, exact: true }).selectOption({ label: l.allPostings });
    await page.getByRole('button', { name: l.archive, exact: true }).click();
    await page.getByRole('status').filter({ hasText: l.archived(2) }).waitFor();
    await expectNoAxeViolations(page, 'archive: result');
  });
});
