// Talentbank (issue 19, part 4), in each language. A candidate applies and ticks the optional second checkbox
// ("Jeg vil at {bedrift} tar vare på søknaden min i {n} måneder …", unticked until they tick it); another applies
// without. The administrator sees the consent in the profile's Personvern section (valid until, and the exact text
// on demand) and finds exactly that candidate under Kandidater → "Talentbank". Eleven months later (the test moves
// the consent's expiry to 20 days ahead) the retention pass (`ansett retention run`) sends one email with
// "Forleng samtykke"; its page renews with a button, once, and the used link then says it cannot be used. The
// administrator then withdraws the consent on the profile ("Trekk samtykket") and Talentbank lists nobody. axe
// (WCAG 2.1 A/AA) runs on the apply form, the profile, the filtered list and every state of the renewal page.
// Labels come from the translation files the UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  button,
  expectH1,
  expectNoAxeViolations,
  forEachLanguage,
  retentionRun,
  runSql,
  setupCompany,
  ui,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import { listedCandidates } from '../lib/candidates.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv } from '../lib/screening.mjs';

const DAY_MS = 86_400_000;

const PEOPLE = {
  nb: { pool: ['Tuva', 'Talentsen'], other: ['Odd', 'Uten'] },
  en: { pool: ['Tessa', 'Poolworth'], other: ['Otto', 'Without'] },
};

forEachLanguage('talent-pool', (lang) => {
  const sink = useSmtpSink();
  const app = useApp('talent-pool', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  test('apply with talent-pool consent, see it on the profile and under Talentbank, renew it once by email', async () => {
    const page = app.page;
    const t = ui(lang);
    const company = lang === 'nb' ? 'Talentfabrikken AS' : 'Talent Works Ltd';
    const people = PEOPLE[lang];
    const fullName = ([first, last]) => `${first} ${last}`;
    const email = ([, last]) => `${last.toLowerCase()}.${lang}@example.no`;
    await setupCompany(page, lang, {
      company,
      first: 'Tora',
      last: 'Bank',
      email: `tora.${lang}@talent.example`,
      password: 'talentbank-i-tolv-maaneder',
    });
    const posting = await createPosting(page, lang, {
      title: lang === 'nb' ? 'Kokk' : 'Chef',
      status: 'published',
      fields: applicationFields(),
    });

    // The form offers the second checkbox, unticked; one candidate ticks it, the other does not.
    const consentLabel = t('apply.talent_pool', { company, n: 12 });
    const visitor = await (await app.newContext(lang)).newPage();
    await visitor.goto(`${posting.link}/apply`);
    const box = visitor.getByRole('checkbox', { name: consentLabel, exact: true });
    assert.equal(await box.isChecked(), false, 'optional and unticked');
    await expectNoAxeViolations(visitor, 'the apply form with the talent-pool checkbox');
    await applyWithCv(visitor, lang, posting.link, { first: people.pool[0], last: people.pool[1], email: email(people.pool), cv: 'cv.pdf', tick: [consentLabel] });
    const other = await (await app.newContext(lang)).newPage();
    await applyWithCv(other, lang, posting.link, { first: people.other[0], last: people.other[1], email: email(people.other), cv: 'cv.pdf' });

    // Kandidater → "Talentbank": exactly the one who consented.
    await page.goto('/candidates');
    assert.deepEqual((await listedCandidates(page)).sort(), [fullName(people.other), fullName(people.pool)].sort());
    await page.getByRole('checkbox', { name: t('candidates.filter.talent_pool'), exact: true }).check();
    await button(page, t('candidates.filter.submit')).click();
    await page.waitForURL((u) => u.searchParams.get('talentbank') === 'ja');
    assert.deepEqual(await listedCandidates(page), [fullName(people.pool)]);
    await expectNoAxeViolations(page, 'Kandidater filtered by Talentbank');

    // The profile's Personvern section: valid until, the exact text on demand, and when they become due.
    await page.getByRole('main').getByRole('link', { name: fullName(people.pool), exact: true }).click();
    await page.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
    const privacy = page.getByRole('region', { name: t('privacy.tab'), exact: true });
    await privacy.getByRole('heading', { name: t('privacy.consent_heading'), exact: true }).waitFor();
    await privacy.getByText(t('privacy.consent.expires'), { exact: true }).waitFor();
    await privacy.getByText(t('privacy.due_at'), { exact: true }).waitFor();
    await privacy.getByText(t('privacy.consent.text'), { exact: true }).click();
    await privacy.getByText(consentLabel, { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'the profile with the talent-pool consent');

    // Eleven months on: the consent expires in 20 days; the pass sends one "Forleng samtykke" email.
    runSql(app.server, `UPDATE talent_pool_consents SET expires_at = ${Date.now() + 20 * DAY_MS}`);
    const out = retentionRun(app.server);
    assert.match(out, /1 talent-pool renewal reminder\(s\) sent/, out);
    const mail = await sink.waitForMessage({ to: email(people.pool), where: (m) => /\/talent-pool\//.test(m.parsed.text || '') });
    const text = mail.parsed.text || '';
    assert.ok(text.includes(t('talent_pool.renew')), text);
    const link = text.match(/https?:\/\/\S+\/talent-pool\/\S+/)[0];
    assert.equal(retentionRun(app.server).includes('reminder'), false, 'a second pass sends nothing more');

    // The link's page renews only when its button is pressed, once.
    const renewal = await (await app.newContext(lang)).newPage();
    await renewal.goto(link);
    await expectH1(renewal, t('talent_pool.renew_title'));
    await expectNoAxeViolations(renewal, 'the renewal page');
    await button(renewal, t('talent_pool.renew')).click();
    await expectH1(renewal, t('talent_pool.renewed_title'));
    await expectNoAxeViolations(renewal, 'the renewal page after renewing');
    const again = await renewal.goto(link);
    assert.equal(again.status(), 410);
    await expectH1(renewal, t('talent_pool.link_unusable_title'));
    assert.equal(await button(renewal, t('talent_pool.renew')).count(), 0);
    await expectNoAxeViolations(renewal, 'a used renewal link');

    // The profile shows the renewal; the administrator withdraws the consent (the candidate asked by letter), and
    // Talentbank lists nobody.
    await page.reload();
    const section = page.getByRole('region', { name: t('privacy.tab'), exact: true });
    await section.getByText(t('privacy.consent.renewed'), { exact: true }).waitFor();
    await button(section, t('privacy.consent.withdraw')).click();
    await page.getByRole('status').filter({ hasText: t('privacy.consent.withdrawn_notice') }).waitFor();
    await section.getByText(t('privacy.consent.withdrawn'), { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'the profile with a withdrawn consent');
    await page.goto('/candidates?talentbank=ja');
    assert.deepEqual(await listedCandidates(page), []);
  });
});
