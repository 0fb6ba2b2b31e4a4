// Issue 22, parts 1 and 2, in each language: «Tildel til ansatt», triage and tags. Two candidates apply to a posting. On the board, the
// administrator moves to a card's «Stjernemarkert» with the keyboard alone (Tab) and presses it with Space: the
// button is pressed (`aria-pressed`) after the page comes back, and «Ikke vurdert» is not; the board narrowed to
// «Stjernemarkert» shows that card only. On the profile they add the tag «Java» («Tagger» → «Legg til tagg»), are
// refused a 200-character tag with a clear message, and Kandidater filtered by the tag lists that candidate only.
// Bedriftsinnstillinger → «Tagger» renames the tag, and merges a second tag into it (the other candidate then
// carries it too). axe (WCAG 2.1 A/AA) runs on the board, the profile (also with the error) and the Tagger
// settings; screenshots of the three are kept. Then the administrator invites a Bruker (on no hiring team), assigns
// them the first candidate's application from the profile («Tildel til ansatt» → «Ansatt» → «Tildel»); the Bruker
// gets the email, signs in, finds it on «Mine oppgaver» (main menu; axe) and opens the candidate. Deactivated while
// the admin's «Tildel» form is open, the Bruker is refused with the deactivated message (axe), nothing assigned.
// Labels come from the translation files the UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  button,
  expectH1,
  expectNoAxeViolations,
  forEachLanguage,
  inviteEmployee,
  logIn,
  screenshotDir,
  setupCompany,
  ui,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import { listedCandidates } from '../lib/candidates.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { acceptInvitation, applicationFields, applyWithCv } from '../lib/screening.mjs';

const PEOPLE = {
  nb: { first: ['Sigrid', 'Stjerne'], second: ['Mikkel', 'Mulig'], tag: 'Java', renamed: 'Java SE', other: 'Kotlin' },
  en: { first: ['Sally', 'Star'], second: ['Mick', 'Maybe'], tag: 'Java', renamed: 'Java SE', other: 'Kotlin' },
};

forEachLanguage('triage', (lang) => {
  const sink = useSmtpSink();
  const app = useApp('triage', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  test('triage on the board by keyboard, tags on the profile, the tag filter, and renaming and merging tags', async () => {
    const page = app.page;
    const t = ui(lang);
    const P = PEOPLE[lang];
    const name = ([first, last]) => `${first} ${last}`;
    const shot = (what) => page.screenshot({ path: path.join(screenshotDir(), `e2e-triage-${what}-${lang}.png`), fullPage: true });
    await setupCompany(page, lang, {
      company: lang === 'nb' ? 'Vurdering AS' : 'Triage Ltd',
      first: 'Tora',
      last: 'Admin',
      email: `tora.${lang}@triage.example`,
      password: 'stjerner-og-tagger-2026',
    });
    const title = lang === 'nb' ? 'Elektriker' : 'Electrician';
    const posting = await createPosting(page, lang, { title, status: 'published', fields: applicationFields() });
    for (const [who, i] of [[P.first, 1], [P.second, 2]]) {
      const visitor = await (await app.newContext(lang)).newPage();
      await applyWithCv(visitor, lang, posting.link, { first: who[0], last: who[1], email: `${who[1].toLowerCase()}${i}.${lang}@example.no`, cv: 'cv.pdf' });
    }

    // The board: every card starts «Ikke vurdert»; Tab to the first card's «Stjernemarkert», Space presses it.
    await page.goto(`${posting.staffPath}/board`);
    const group = (p, who) => p.getByRole('group', { name: t('triage.group', { name: name(who) }), exact: true });
    const toggle = (p, who, key) => group(p, who).getByRole('button', { name: t(key), exact: true });
    assert.equal(await toggle(page, P.first, 'triage.none').getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle(page, P.first, 'triage.starred').getAttribute('aria-pressed'), 'false');
    await expectNoAxeViolations(page, 'the board with triage buttons');
    await toggle(page, P.first, 'triage.none').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.ok(focused.endsWith(t('triage.starred')), `Tab reaches «${t('triage.starred')}»: ${focused}`);
    await Promise.all([page.waitForURL((u) => u.hash.startsWith('#card-')), page.keyboard.press('Space')]);
    assert.equal(await toggle(page, P.first, 'triage.starred').getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle(page, P.first, 'triage.none').getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle(page, P.second, 'triage.starred').getAttribute('aria-pressed'), 'false');
    // Narrowed to «Stjernemarkert»: that card only.
    await page.getByRole('combobox', { name: t('triage.filter'), exact: true }).selectOption({ label: t('triage.starred') });
    await button(page.getByRole('main'), t('candidates.filter.submit')).click();
    await page.waitForURL((u) => u.searchParams.get('triage') === 'starred');
    assert.equal(await group(page, P.first).count(), 1);
    assert.equal(await group(page, P.second).count(), 0);
    await shot('board');

    // The profile: «Legg til tagg»; a 200-character tag is refused with a message naming the field.
    await page.getByRole('link', { name: name(P.first), exact: true }).click();
    await expectH1(page, name(P.first));
    const tags = page.getByRole('region', { name: t('tags.heading'), exact: true });
    assert.equal(await toggle(page, P.first, 'triage.starred').getAttribute('aria-pressed'), 'true', 'the profile shows it too');
    await tags.getByRole('combobox', { name: t('tags.add_field'), exact: true }).fill('x'.repeat(200));
    await button(tags, t('tags.add')).click();
    await tags.getByRole('alert').filter({ hasText: `${t('tags.add_field')}: ${t('error.too_long', { max: 40 })}` }).waitFor();
    await expectNoAxeViolations(page, 'the profile with a refused tag');
    await tags.getByRole('combobox', { name: t('tags.add_field'), exact: true }).fill(P.tag);
    await button(tags, t('tags.add')).click();
    await tags.getByRole('listitem').filter({ hasText: P.tag }).waitFor();
    await tags.getByRole('button', { name: t('tags.remove', { tag: P.tag }), exact: true }).waitFor();
    await expectNoAxeViolations(page, 'the profile with a tag');
    await shot('profile');

    // Kandidater filtered by the tag: that candidate only.
    await page.goto('/candidates');
    assert.equal((await listedCandidates(page)).length, 2);
    await page.getByRole('combobox', { name: t('tags.heading'), exact: true }).selectOption({ label: P.tag });
    await button(page.getByRole('main'), t('candidates.filter.submit')).click();
    await page.waitForURL((u) => u.searchParams.has('tagg'));
    assert.deepEqual(await listedCandidates(page), [name(P.first)]);

    // The second candidate gets another tag; Bedriftsinnstillinger → «Tagger»: rename, then merge it in.
    await page.goto('/candidates');
    await page.getByRole('link', { name: name(P.second), exact: true }).click();
    await expectH1(page, name(P.second));
    const tags2 = page.getByRole('region', { name: t('tags.heading'), exact: true });
    await tags2.getByRole('combobox', { name: t('tags.add_field'), exact: true }).fill(P.other);
    await button(tags2, t('tags.add')).click();
    await tags2.getByRole('listitem').filter({ hasText: P.other }).waitFor();

    await page.goto('/settings');
    await page.getByRole('navigation', { name: t('settings.nav'), exact: true }).getByRole('link', { name: t('tags.heading'), exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/settings/tags');
    await expectNoAxeViolations(page, 'Bedriftsinnstillinger → Tagger');
    await page.getByRole('textbox', { name: t('tags.rename_label', { name: P.tag }), exact: true }).fill(P.renamed);
    await button(page, `${t('tags.rename')} ${P.tag}`).click();
    await page.getByRole('status').filter({ hasText: t('tags.renamed') }).waitFor();
    await page.getByRole('combobox', { name: t('tags.merge_label', { name: P.other }), exact: true }).selectOption({ label: P.renamed });
    await button(page, `${t('tags.merge')} ${P.other}`).click();
    await page.getByRole('status').filter({ hasText: t('tags.merged') }).waitFor();
    await page.getByText(t('tags.count', { n: 2 }), { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'Tagger after merging');
    await shot('settings');

    await page.goto('/candidates');
    await page.getByRole('combobox', { name: t('tags.heading'), exact: true }).selectOption({ label: P.renamed });
    await button(page.getByRole('main'), t('candidates.filter.submit')).click();
    await page.waitForURL((u) => u.searchParams.has('tagg'));
    assert.deepEqual((await listedCandidates(page)).sort(), [name(P.first), name(P.second)].sort());
  });

  test('«Tildel til ansatt» from the profile, and «Mine oppgaver» as the assignee', async () => {
    const page = app.page;
    const t = ui(lang);
    const P = PEOPLE[lang];
    const name = ([first, last]) => `${first} ${last}`;
    const company = lang === 'nb' ? 'Vurdering AS' : 'Triage Ltd';
    const bruker = { first: 'Bror', last: 'Byrå', email: `bror.${lang}@byraa.example`, password: 'tildelt-meg-en-kandidat' };
    await inviteEmployee(page, lang, { adminName: 'Tora Admin', first: bruker.first, last: bruker.last, email: bruker.email, role: 'user' });
    await acceptInvitation(app, sink, lang, { email: bruker.email, password: bruker.password, company });

    await page.goto('/candidates');
    await page.getByRole('link', { name: name(P.first), exact: true }).click();
    await expectH1(page, name(P.first));
    const box = page.getByRole('region', { name: t('assign.heading'), exact: true });
    await box.getByRole('combobox', { name: t('assign.field'), exact: true }).selectOption({ label: `${bruker.first} ${bruker.last}` });
    await button(box, t('assign.submit')).click();
    await page.getByRole('status').filter({ hasText: t('assign.done') }).waitFor();
    await expectNoAxeViolations(page, 'the profile after «Tildel»');
    const mail = await sink.waitForMessage({ to: bruker.email, where: (m) => m.parsed.subject.includes(name(P.first)), timeout: 15_000 });
    assert.match(mail.parsed.text, /\/candidates\/[0-9a-f-]{36}#app-/);

    const ctx = await app.newContext(lang);
    const other = await ctx.newPage();
    await other.goto('/login');
    await logIn(other, lang, bruker.email, bruker.password);
    await other.waitForURL((u) => u.pathname === '/jobs');
    await other.getByRole('navigation').getByRole('link', { name: t('tasks.title'), exact: true }).click();
    await other.waitForURL((u) => u.pathname === '/tasks');
    await expectH1(other, t('tasks.title'));
    const rows = other.getByRole('main').getByRole('table').getByRole('row');
    assert.equal(await rows.count(), 2, 'the header and the one assigned application');
    await expectNoAxeViolations(other, '«Mine oppgaver»');
    await other.screenshot({ path: path.join(screenshotDir(), `e2e-triage-tasks-${lang}.png`), fullPage: true });
    await other.getByRole('link', { name: name(P.first), exact: true }).click();
    await expectH1(other, name(P.first));
    // The Bruker is on no hiring team: this one application is all they see of the company's candidates.
    assert.equal(await other.getByRole('link', { name: name(P.second), exact: true }).count(), 0);
  });
  test('«Tildel» to someone deactivated meanwhile: its own message, nothing assigned', async () => {
    const page = app.page;
    const t = ui(lang);
    const P = PEOPLE[lang];
    const brukerName = 'Bror Byrå';
    await page.goto('/candidates');
    await page.getByRole('link', { name: `${P.second[0]} ${P.second[1]}`, exact: true }).click();
    const profile = page.url();
    const box = page.getByRole('region', { name: t('assign.heading'), exact: true });
    await box.getByRole('combobox', { name: t('assign.field'), exact: true }).selectOption({ label: brukerName });
    // In another tab, the Bruker is deactivated while the form is still open.
    const other = await page.context().newPage();
    await other.goto('/settings/employees');
    await other.getByRole('link', { name: brukerName, exact: true }).click();
    await other.waitForURL((u) => /^\/settings\/employees\/[^/]+$/.test(u.pathname));
    await button(other, t('employees.deactivate')).click();
    await other.getByRole('status').filter({ hasText: t('employees.done.saved') }).waitFor();
    await other.close();
    await button(box, t('assign.submit')).click();
    await page.getByText(t('assign.refused_deactivated'), { exact: true }).waitFor();
    assert.equal(await page.getByText(t('error.not_an_employee')).count(), 0);
    await expectNoAxeViolations(page, 'the refusal to assign to a deactivated employee');
    await page.goto(profile);
    await expectH1(page, `${P.second[0]} ${P.second[1]}`);
    assert.equal(await page.getByText(t('assign.assigned_to', { name: brukerName })).count(), 0, 'not assigned');
  });
});
