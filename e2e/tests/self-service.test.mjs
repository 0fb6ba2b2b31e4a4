// "Mine data" (issue 19), in each language. A candidate applies, then follows the careers pages' footer link
// "Mine data", types their address in "E-post" and presses "Send lenke"; the page answers the same as for any
// address. The emailed link opens "Dine data": the application with its status; "Last ned dataene mine" downloads
// a ZIP holding their data; "Trekk samtykket" withdraws the talent-pool consent they gave when applying (the
// administrator's Talentbank then lists nobody); "Trekk søknaden" ends the application (the administrator sees it withdrawn by the
// candidate); "Slett dataene mine" → "Ja, slett alt" anonymises them at once and a confirmation email arrives. The
// used link then says it has expired or was used, with the form to ask again. axe (WCAG 2.1 A/AA) runs on every new
// page. Labels come from the translation files the UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  button,
  expectNoAxeViolations,
  expectPath,
  forEachLanguage,
  setupCompany,
  ui,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv } from '../lib/screening.mjs';

const PEOPLE = {
  nb: { first: 'Sigrun', last: 'Selvbetjent', title: 'Lagermedarbeider' },
  en: { first: 'Selma', last: 'Selfservice', title: 'Warehouse worker' },
};

/** The first link into the server in an email's text. */
function linkIn(text, baseURL) {
  const at = text.indexOf(baseURL);
  assert.ok(at >= 0, `no link to ${baseURL} in:\n${text}`);
  return text.slice(at).split(/\s/)[0];
}

forEachLanguage('self-service', (lang) => {
  const sink = useSmtpSink();
  const app = useApp('self-service', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  test('Mine data: the emailed link, Dine data, download, withdraw, delete', async () => {
    const page = app.page;
    const t = ui(lang);
    const person = PEOPLE[lang];
    const email = `${person.last.toLowerCase()}.${lang}@example.no`;
    const company = lang === 'nb' ? 'Innsyn & Sønn AS' : 'Insight & Sons Ltd';
    await setupCompany(page, lang, {
      company,
      first: 'Selma',
      last: 'Sjef',
      email: `sjef.${lang}@innsyn.example`,
      password: 'innsyn-er-en-rett-42',
    });
    const posting = await createPosting(page, lang, { title: person.title, status: 'published', fields: applicationFields() });
    const careers = new URL(posting.link).pathname.split('/').slice(0, 3).join('/');
    const visitor = await (await app.newContext(lang)).newPage();
    const consentLabel = t('apply.talent_pool', { company, n: 12 });
    await applyWithCv(visitor, lang, posting.link, {
      first: person.first,
      last: person.last,
      email,
      cv: 'cv.pdf',
      tick: [consentLabel],
    });

    // The careers pages' footer: "Mine data" → "E-post" → "Send lenke"; the same answer for any address.
    await visitor.goto(careers);
    await visitor.getByRole('contentinfo').getByRole('link', { name: t('mydata.title'), exact: true }).click();
    await expectPath(visitor, `${careers}/my-data`);
    await visitor.getByRole('heading', { level: 1, name: t('mydata.title'), exact: true }).waitFor();
    await expectNoAxeViolations(visitor, 'Mine data');
    const address = visitor.getByRole('textbox', { name: t('field.email'), exact: true });
    await address.fill('ikke-en-adresse');
    await button(visitor, t('mydata.send')).click();
    await visitor.getByRole('alert').first().waitFor();
    await expectNoAxeViolations(visitor, 'Mine data with a field error');
    for (const who of [`ukjent.${lang}@example.no`, email]) {
      await visitor.getByRole('textbox', { name: t('field.email'), exact: true }).fill(who);
      await button(visitor, t('mydata.send')).click();
      await visitor.getByRole('status').filter({ hasText: t('mydata.sent') }).waitFor();
    }
    await expectNoAxeViolations(visitor, 'Mine data, link sent');
    const subject = t('email.self_service.subject', { company });
    const mail = await sink.waitForMessage({ to: email, where: (m) => m.parsed.subject === subject });
    assert.equal(
      sink.messages.filter((m) => m.parsed.subject === subject).length,
      1,
      'only the known address gets an email',
    );
    const link = linkIn(mail.parsed.text, app.server.baseURL);

    // "Dine data": the application and its status.
    await visitor.goto(link);
    await visitor.getByRole('heading', { level: 1, name: t('yourdata.title'), exact: true }).waitFor();
    const row = visitor.getByRole('row').filter({ hasText: person.title });
    await row.getByRole('cell', { name: t('yourdata.status.running'), exact: true }).waitFor();
    await expectNoAxeViolations(visitor, 'Dine data');

    // "Last ned dataene mine": a ZIP with their data (stored uncompressed, so its JSON reads as it is).
    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.getByRole('link', { name: t('yourdata.download'), exact: true }).click(),
    ]);
    const zip = readFileSync(await download.path());
    assert.equal(zip.subarray(0, 2).toString(), 'PK', 'a ZIP');
    const inside = zip.toString('latin1');
    assert.ok(inside.includes('data.json') && inside.includes(email) && inside.includes(person.title), 'their data');

    // "Talentbanken": the consent given when applying; "Trekk samtykket" withdraws it, and Talentbank lists nobody.
    await page.goto('/candidates?talentbank=ja');
    await page.getByRole('main').getByRole('link', { name: `${person.first} ${person.last}`, exact: true }).waitFor();
    const consent = visitor.getByRole('region', { name: t('yourdata.consent'), exact: true });
    await button(consent, t('yourdata.consent_withdraw')).click();
    await visitor.getByRole('status').filter({ hasText: t('yourdata.consent_withdrawn') }).waitFor();
    assert.equal(await visitor.getByRole('region', { name: t('yourdata.consent'), exact: true }).count(), 0);
    await expectNoAxeViolations(visitor, 'Dine data, consent withdrawn');
    await page.goto('/candidates?talentbank=ja');
    assert.equal(await page.getByRole('main').getByText(person.last).count(), 0, 'no longer in Talentbank');

    // "Trekk søknaden": ended; the administrator sees it withdrawn by the candidate.
    await row.getByRole('button', { name: t('yourdata.withdraw'), exact: true }).click();
    await visitor.getByRole('status').filter({ hasText: t('yourdata.withdrawn') }).waitFor();
    await row.getByRole('cell', { name: t('yourdata.status.withdrawn'), exact: true }).waitFor();
    assert.equal(await visitor.getByRole('button', { name: t('yourdata.withdraw'), exact: true }).count(), 0);
    await expectNoAxeViolations(visitor, 'Dine data, withdrawn');
    await page.goto('/candidates?arkiverte=alle');
    await page.getByRole('main').getByRole('link', { name: `${person.first} ${person.last}`, exact: true }).click();
    await page.getByText(t('profile.status.withdrawn'), { exact: true }).first().waitFor();
    await page.getByRole('listitem').filter({ hasText: t('timeline.withdrawn', { posting: person.title }) }).waitFor();

    // "Slett dataene mine" → "Ja, slett alt": anonymised at once, and a confirmation email.
    await visitor.getByRole('link', { name: t('yourdata.delete'), exact: true }).click();
    await expectPath(visitor, `${careers}/my-data/view/delete`);
    await visitor.getByRole('heading', { level: 1, name: t('yourdata.delete'), exact: true }).waitFor();
    await expectNoAxeViolations(visitor, 'Slett dataene mine');
    await button(visitor, t('yourdata.delete_confirm')).click();
    await visitor.getByRole('status').filter({ hasText: t('mydata.deleted') }).waitFor();
    const deleted = t('email.data_deleted.subject', { company });
    await sink.waitForMessage({ to: email, where: (m) => m.parsed.subject === deleted });
    await page.goto('/candidates?arkiverte=alle');
    assert.equal(await page.getByRole('main').getByText(person.last).count(), 0, 'gone from Kandidater');
    await page.getByRole('main').getByRole('link', { name: t('privacy.anonymised_candidate'), exact: true }).waitFor();

    // The used link: expired or used, with the form to ask again.
    await visitor.goto(link);
    await visitor.getByRole('alert').filter({ hasText: t('mydata.unusable') }).waitFor();
    await visitor.getByRole('button', { name: t('mydata.send'), exact: true }).waitFor();
    await expectNoAxeViolations(visitor, 'a used link');
  });
});
