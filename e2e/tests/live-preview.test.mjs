// The posting form's confirmation email is previewed live, with sample data, while it is written (JavaScript
// enhancement; without script the "Forhåndsvis" button does the same round trip, tested in postings.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoAxeViolations, forEachLanguage, setupCompany, useApp } from '../lib/index.mjs';

const LABELS = {
  nb: { newPosting: 'Ny stillingsannonse', title: 'Tittel', subject: 'Emne', body: 'Innhold', chip: 'Kandidatens fornavn' },
  en: { newPosting: 'New job posting', title: 'Title', subject: 'Subject', body: 'Body', chip: "Candidate's first name" },
};

forEachLanguage('live email preview', (lang) => {
  {
    const app = useApp('live-preview', lang);
    test('typing updates the preview with sample values', async () => {
      const page = app.page;
      const l = LABELS[lang];
      await setupCompany(page, lang, {
        company: 'Forhånd AS',
        first: 'Vera',
        last: 'Visning',
        email: `vera.${lang}@forhand.example`,
        password: 'forhandsvisning-er-fint-42',
      });
      await page.getByRole('button', { name: l.newPosting, exact: true }).click();
      await page.getByRole('textbox', { name: l.title, exact: true }).fill('Snekker');
      const subject = page.getByRole('textbox', { name: l.subject, exact: true });
      await subject.fill('Hei ');
      await page.getByRole('button', { name: l.chip, exact: true }).click();
      const preview = page.locator('[data-live-preview]');
      await assert.doesNotReject(preview.waitFor({ state: 'visible' }));
      assert.equal(await preview.locator('[data-live-subject]').textContent(), 'Hei Kari');
      assert.equal(await subject.inputValue(), 'Hei {{candidate.first_name}}');
      await page.getByRole('textbox', { name: l.body, exact: true }).fill('{{job.title}} hos {{company.name}}, {{contact.full_name}}');
      assert.equal(await preview.locator('[data-live-body]').textContent(), 'Snekker hos Forhånd AS, Vera Visning');
      await expectNoAxeViolations(page);
    });
  }
});
