// Personvern (issue 19), in each language. The administrator opens Bedriftsinnstillinger → "Personvern", sets
// "Oppbevaringstid (måneder)" to 0 and saves ("Lagre"). Two candidates apply. One is rejected ("Avslå"), and
// `ansett retention run` (run by the test, as an operator would) anonymises exactly that one. The other is deleted on
// their profile: "Slett kandidat" → a confirmation naming what goes → "Slett permanent". Both names are then gone
// from Kandidater (all, archived included) and from its search ("Søk"); an anonymised profile says "Anonymisert
// kandidat". "Slettes snart" on the Personvern tab lists the rejected candidate before the pass. axe (WCAG 2.1 A/AA)
// runs on the Personvern tab (also with a field error, and with "Utsett sletting" open), the confirmation page and
// the anonymised profile. Then "Revisjonslogg": the pass, the deletion and the CV download are there, by id and
// never by name; the filter by action and a bad date; axe on the log. Labels come from the translation files the
// UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  button,
  expectNoAxeViolations,
  expectPath,
  forEachLanguage,
  retentionRun,
  screenshotDir,
  setupCompany,
  ui,
  useApp,
} from '../lib/index.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv } from '../lib/screening.mjs';

const PEOPLE = {
  nb: { rejected: ['Åse', 'Vinterkjær'], deleted: ['Øystein', 'Brennholm'] },
  en: { rejected: ['Alice', 'Winterbrook'], deleted: ['Oscar', 'Fernhollow'] },
};

forEachLanguage('privacy', (lang) => {
  const app = useApp('privacy', lang);
  test('retention 0, a rejected candidate anonymised by the pass, another by "Slett kandidat"', async () => {
    const page = app.page;
    const t = ui(lang);
    const people = PEOPLE[lang];
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Glemsel & Søn AS' : 'Oblivion & Sons Ltd',
      first: 'Petra',
      last: 'Personvern',
      email: `petra.${lang}@glemsel.example`,
      password: 'glem-meg-etter-null-42',
    });

    // Bedriftsinnstillinger → Personvern: a bad value is refused with the field named, then 0 is saved.
    await page.goto('/settings');
    await page.getByRole('navigation', { name: t('settings.nav') }).getByRole('link', { name: t('privacy.tab'), exact: true }).click();
    await expectPath(page, '/settings/privacy');
    const retention = page.getByRole('spinbutton', { name: t('privacy.retention_months'), exact: true });
    assert.equal(await retention.inputValue(), '6', 'the default keeps the privacy notice\'s promise');
    assert.equal(await page.getByRole('spinbutton', { name: t('privacy.talent_pool_months'), exact: true }).inputValue(), '12');
    await expectNoAxeViolations(page, 'Personvern');
    await retention.fill('121');
    await button(page, t('common.save')).click();
    await page.getByRole('alert').filter({ hasText: t('error.out_of_range', { min: 0, max: 120 }) }).waitFor();
    await expectNoAxeViolations(page, 'Personvern with a field error');
    await retention.fill('0');
    await button(page, t('common.save')).click();
    await page.getByRole('status').filter({ hasText: t('settings.saved') }).waitFor();
    assert.equal(await retention.inputValue(), '0');

    const posting = await createPosting(page, lang, {
      title: lang === 'nb' ? 'Lagermedarbeider' : 'Warehouse worker',
      status: 'published',
      fields: applicationFields(),
    });
    const visitor = await (await app.newContext(lang)).newPage();
    for (const [first, last] of [people.rejected, people.deleted]) {
      await applyWithCv(visitor, lang, posting.link, { first, last, email: `${last.toLowerCase()}.${lang}@example.no`, cv: 'cv.pdf' });
    }
    const fullName = ([first, last]) => `${first} ${last}`;
    const openProfile = async (person) => {
      await page.goto('/candidates');
      await page.getByRole('main').getByRole('link', { name: fullName(person), exact: true }).click();
      await page.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
      return new URL(page.url()).pathname;
    };

    // The first is rejected; the pass anonymises them and nobody else.
    await openProfile(people.rejected);
    await page.getByText(t('reject.open'), { exact: true }).click();
    await page.getByRole('combobox', { name: t('reject.reason'), exact: true }).selectOption({ label: t('reject.reason.not_qualified') });
    await button(page, t('reject.submit')).click();
    await page.waitForURL((u) => u.searchParams.has('closed'));
    // "Slettes snart" on the Personvern tab lists them (due already: 0 months), with "Utsett sletting".
    await page.goto('/settings/privacy');
    const dueList = page.getByRole('region', { name: t('privacy.due_heading'), exact: true }).or(
      page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: t('privacy.due_heading'), exact: true }) }));
    await dueList.getByRole('link', { name: fullName(people.rejected), exact: true }).waitFor();
    assert.equal(await dueList.getByRole('link', { name: fullName(people.deleted), exact: true }).count(), 0, 'a running recruitment is not due');
    await dueList.getByRole('cell').getByText(t('privacy.postpone')).first().click();
    await dueList.getByRole('textbox', { name: t('privacy.hold_reason'), exact: true }).waitFor();
    await expectNoAxeViolations(page, 'Slettes snart with Utsett sletting open');
    const out = retentionRun(app.server);
    assert.match(out, /retention pass: 1 candidate\(s\) anonymised/, out);
    assert.doesNotMatch(out, new RegExp(people.rejected[1]), 'the output names no one');

    // The second: "Slett kandidat" → what goes → "Slett permanent".
    const profile = await openProfile(people.deleted);
    await page.getByRole('link', { name: t('privacy.delete'), exact: true }).click();
    await expectPath(page, `${profile}/delete`);
    await page.getByRole('heading', { level: 1, name: t('privacy.delete_title', { name: fullName(people.deleted) }) }).waitFor();
    await page.getByRole('listitem').filter({ hasText: t('privacy.removed.files', { n: 1 }) }).waitFor();
    await expectNoAxeViolations(page, 'Slett kandidat');
    await button(page, t('privacy.delete_permanently')).click();
    await expectPath(page, '/candidates');

    // Gone from Kandidater (archived included) and from its search; what remains is "Anonymisert kandidat".
    await page.goto('/candidates?arkiverte=alle');
    const main = page.getByRole('main');
    assert.equal(await main.getByRole('link', { name: t('privacy.anonymised_candidate'), exact: true }).count(), 2);
    for (const person of [people.rejected, people.deleted]) {
      assert.equal(await main.getByText(person[1]).count(), 0, `${fullName(person)} is not listed`);
      await page.getByRole('searchbox', { name: t('candidates.filter.search'), exact: true }).or(
        page.getByRole('textbox', { name: t('candidates.filter.search'), exact: true })).fill(person[1]);
      await button(page, t('candidates.filter.submit')).click();
      await page.waitForURL((u) => u.searchParams.get('q') === person[1]);
      assert.equal(await main.getByText(person[1]).count(), 0, `a search for ${person[1]} finds nothing`);
      assert.equal(await main.getByRole('link', { name: t('privacy.anonymised_candidate'), exact: true }).count(), 0);
    }
    await page.goto(profile);
    await page.getByRole('heading', { level: 1, name: t('privacy.anonymised_candidate'), exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: t('privacy.delete'), exact: true }).count(), 0);
    await expectNoAxeViolations(page, 'an anonymised candidate');

    // Bedriftsinnstillinger → Revisjonslogg: what was done, by whom, never naming the candidates.
    await page.goto('/settings');
    await page.getByRole('navigation', { name: t('settings.nav') }).getByRole('link', { name: t('audit.tab'), exact: true }).click();
    await expectPath(page, '/settings/audit-log');
    const log = page.getByRole('table');
    for (const action of ['retention.pass', 'candidate.anonymised', 'privacy.policy_changed']) {
      await log.getByRole('cell', { name: t(`audit.action.${action}`), exact: true }).first().waitFor();
    }
    await log.getByRole('cell', { name: t('audit.actor.system'), exact: true }).first().waitFor();
    await log.getByRole('cell', { name: 'Petra Personvern', exact: true }).first().waitFor();
    for (const person of [people.rejected, people.deleted]) {
      assert.equal(await page.getByRole('main').getByText(person[1]).count(), 0, `the log does not name ${fullName(person)}`);
    }
    await expectNoAxeViolations(page, 'Revisjonslogg');
    await page.screenshot({ path: path.join(screenshotDir(), `e2e-audit-log-${lang}.png`), fullPage: true });
    await page.getByRole('combobox', { name: t('audit.filter.action'), exact: true }).selectOption({ label: t('audit.action.retention.pass') });
    await button(page, t('audit.filter.submit')).click();
    await page.waitForURL((u) => u.searchParams.get('handling') === 'retention.pass');
    assert.ok(await log.getByRole('row').count() >= 2, 'the header and the operator\'s pass');
    assert.equal(await log.getByRole('cell', { name: t('audit.action.candidate.anonymised'), exact: true }).count(), 0, 'only passes');
    await page.getByLabel(t('audit.filter.from'), { exact: true }).fill('2026-03-02');
    await page.getByLabel(t('audit.filter.to'), { exact: true }).fill('2026-03-01');
    await button(page, t('audit.filter.submit')).click();
    await page.getByText(t('error.end_before_start'), { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'Revisjonslogg with a filter error');
  });
});
