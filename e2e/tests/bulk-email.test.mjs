// "Send e-post" and sourcing with email (issue #7), in each language, against a real SMTP sink:
//  1. the administrator reaches "E-postmaler" through the user menu → "Bedriftsinnstillinger" → "Innstillinger" and
//     makes a template whose subject and body use {{candidate.first_name}}, {{job.title}} and {{company.name}};
//  2. two candidates apply with a CV, each from a browser context of their own, to a published posting;
//  3. "Kandidater" → tick both → "Send e-post" → "E-postmal" → "Send e-post": the result counts two queued emails and
//     the sink gets exactly one email per candidate, addressed to that candidate alone, filled in for them, with
//     Reply-To the signed-in administrator ("Svar går til deg");
//  4. "Source til utlysning" to a second published posting with "Send e-post til kandidatene" and the template: the
//     result counts the sourced candidate and the email, and that candidate alone gets one email filled in for the new
//     posting; sourcing the other candidate without the box sends nothing (the sink is watched for five seconds, longer than the mail worker's idle poll);
//  5. the list's address keeps its filters in the browser history: "Kilde", then "Søk" on top, back restores the
//     Kilde-only list (address, controls and rows), forward the search again.
// axe runs on the "Send e-post" confirmation page and on "Source til utlysning" with the email box ticked.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  button,
  expectH1,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  fail,
  forEachLanguage,
  journey,
  openMainMenuLink,
  setupCompany,
  T,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import {
  filterCandidates,
  listedCandidates,
  openCandidates,
  openSourceDialog,
  selectCandidates,
  sourceTo,
} from '../lib/candidates.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv, createEmailTemplate } from '../lib/screening.mjs';

/** Labels not in T[lang] (catalog keys bulk.*, candidates.filter.search, candidates.email_button). */
const L = {
  nb: {
    sendEmail: 'Send e-post',
    template: 'E-postmal',
    each: 'Hver kandidat får sin egen e-post, fylt ut for sin siste søknad. Svar går til deg.',
    queued: (n) => `${n} e-post(er) lagt i kø`,
    sendEmailBox: 'Send e-post til kandidatene',
    search: 'Søk',
    first: 'Lagermedarbeider',
    second: 'Truckfører',
    company: 'Epost Ærlig AS',
    templateName: 'Nytt om stillingen',
    subject: 'Nytt om {{job.title}}, {{candidate.first_name}}',
    body: 'Hei {{candidate.first_name}}!\n\nDette gjelder {{job.title}} hos {{company.name}}.\n\nSvar gjerne på denne e-posten.',
  },
  en: {
    sendEmail: 'Send email',
    template: 'Email template',
    each: 'Each candidate gets an email of their own, filled in for their latest application. Replies come to you.',
    queued: (n) => `${n} email(s) queued`,
    sendEmailBox: 'Send email to the candidates',
    search: 'Search',
    first: 'Warehouse worker',
    second: 'Forklift driver',
    company: 'Email Ærlig Ltd',
    templateName: 'News about the job',
    subject: 'News about {{job.title}}, {{candidate.first_name}}',
    body: 'Hi {{candidate.first_name}}!\n\nThis is about {{job.title}} at {{company.name}}.\n\nFeel free to reply to this email.',
  },
};

/** The template's text filled the way crates/domain/src/placeholders.rs does. */
const fill = (text, values) => text.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (_, name) => values[name] ?? '');

/** The messages the sink received from index `from` on. */
const since = (sink, from) => sink.messages.slice(from);

/**
 * Waits until at least `n` messages arrived after index `from`, then `quiet` ms more (so an extra one would show),
 * and returns all that arrived after `from`.
 */
async function newMessages(sink, from, n, { timeout = 15_000, quiet = 1000 } = {}) {
  const deadline = Date.now() + timeout;
  while (since(sink, from).length < n) {
    if (Date.now() > deadline) {
      const seen = since(sink, from).map((m) => `  to ${m.envelope.to.join(', ')}: ${m.parsed.subject}`).join('\n') || '  (none)';
      assert.fail(`expected ${n} new email(s) at the SMTP sink within ${timeout} ms; received:\n${seen}`);
    }
    await sleep(100);
  }
  await sleep(quiet);
  return since(sink, from);
}

/**
 * Watches the sink for `ms` ms and fails as soon as a message arrives after index `from`. The default outlasts the
 * mail worker's idle poll (2 s, crates/mail/src/worker.rs) with room to deliver: an email queued without waking the
 * worker would still arrive in time to be seen.
 */
async function expectNoNewMail(sink, from, ms = 5000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const extra = since(sink, from);
    if (extra.length) {
      assert.fail(`no email was expected, but ${extra.map((m) => `to ${m.envelope.to.join(', ')}: "${m.parsed.subject}"`).join('; ')} arrived`);
    }
    await sleep(100);
  }
}

/** The label of the option the combobox shows. */
const shownOption = (combobox) => combobox.inputValue();

forEachLanguage('bulk-email', (lang) => {
  const sink = useSmtpSink();
  const app = useApp('bulk-email', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const { step, check } = journey({ prefix: app.name, page: () => app.page });
  const t = T[lang];
  const l = L[lang];
  const admin = { first: 'Eli', last: 'Epost', email: `eli.${lang}@epost.example` };
  const adminName = `${admin.first} ${admin.last}`;
  const people = [
    { first: 'Bjørn', last: 'Ærlig', email: `bjorn.${lang}@example.no` },
    { first: 'Dina', last: 'Hansen', email: `dina.${lang}@example.no` },
  ].map((p) => ({ ...p, name: `${p.first} ${p.last}` }));
  let first; // the posting both applied to

  /** The one email `m` must be: to `person` alone, the template filled for them and `title`, replies to the admin. */
  function expectTemplateEmail(m, person, title) {
    const values = {
      'candidate.first_name': person.first,
      'candidate.full_name': person.name,
      'job.title': title,
      'company.name': l.company,
    };
    const what = `the email to ${person.email}`;
    assert.deepEqual(m.envelope.to, [person.email], `${what}: envelope recipients`);
    assert.deepEqual(m.parsed.to?.value.map((a) => a.address), [person.email], `${what}: To`);
    assert.equal(m.parsed.to.value[0].name, person.name, `${what}: the name in To`);
    assert.equal(m.parsed.cc, undefined, `${what}: Cc`);
    assert.equal(m.parsed.bcc, undefined, `${what}: Bcc`);
    assert.equal(m.parsed.subject, fill(l.subject, values), `${what}: subject`);
    assert.equal((m.parsed.text ?? '').trimEnd(), fill(l.body, values), `${what}: plain text`);
    const greeting = fill(l.body.split('\n\n')[0], values);
    assert.ok(m.parsed.html?.includes(greeting), `${what}: the HTML part says "${greeting}"`);
    assert.deepEqual(
      (m.parsed.replyTo?.value ?? []).map((a) => ({ address: a.address, name: a.name })),
      [{ address: admin.email, name: adminName }],
      `${what}: Reply-To is the administrator who sent it`,
    );
  }

  step('the company and an email template made under Bedriftsinnstillinger → E-postmaler', async () => {
    const page = app.page;
    await setupCompany(page, lang, { company: l.company, ...admin, password: 'send-e-post-til-kandidatene-42' });
    // The way there from the UI: the main menu → "Bedriftsinnstillinger" → "E-postmaler" in its sub-navigation.
    await openMainMenuLink(page, lang, t.companySettings);
    await expectPath(page, '/settings');
    await expectH1(page, t.companySettings);
    const nav = await expectVisible(page, page.getByRole('navigation', { name: t.settingsNav, exact: true }), `navigation "${t.settingsNav}"`);
    await nav.getByRole('link', { name: t.settingsEmailTemplates, exact: true }).click();
    await expectPath(page, '/settings/email-templates');
    await expectVisible(page, page.getByRole('link', { name: t.ev.newEmailTemplate, exact: true }), `link "${t.ev.newEmailTemplate}"`);
    await createEmailTemplate(page, lang, { name: l.templateName, subject: l.subject, body: l.body });
  });

  step('a published posting and two candidates who apply with a CV', async () => {
    const page = app.page;
    first = await createPosting(page, lang, { title: l.first, status: 'published', fields: applicationFields() });
    for (const p of people) {
      const own = await (await app.newContext(lang)).newPage();
      await applyWithCv(own, lang, first.link, { first: p.first, last: p.last, email: p.email, cv: `${p.first}.pdf` });
    }
    // Their confirmation emails, so that every email counted from here on is one the steps below caused.
    for (const p of people) await sink.waitForMessage({ to: p.email });
  });

  step('Kandidater → tick both → "Send e-post": the confirmation page', async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await selectCandidates(page, lang, people.map((p) => p.name));
    await button(page, l.sendEmail).click();
    await expectPath(page, '/candidates/email');
    await expectH1(page, l.sendEmail);
    const listed = (await page.getByRole('main').getByRole('listitem').allInnerTexts()).map((s) => s.trim()).sort();
    assert.deepEqual(listed, people.map((p) => p.name).sort(), `"${t.cand.selected}" lists both`);
    await expectVisible(page, page.getByText(l.each, { exact: true }), `the note "${l.each}"`);
    await page.getByRole('combobox', { name: l.template, exact: true }).selectOption({ label: l.templateName });
  });

  check('axe: the "Send e-post" confirmation page', async () => {
    await expectNoAxeViolations(app.page, 'Send e-post: choose the template');
  });

  step('"Send e-post": one email per candidate, filled in for them, replies to the administrator', async () => {
    const page = app.page;
    const from = sink.messages.length;
    await button(page, l.sendEmail).click();
    await expectVisible(page, page.getByRole('status').filter({ hasText: l.queued(2) }), `the result "${l.queued(2)}" (role=status)`);
    assert.equal(await page.getByRole('alert').count(), 0, 'no problem is shown');
    const mails = await newMessages(sink, from, people.length);
    assert.equal(mails.length, people.length, `exactly one email per candidate, got ${mails.length}`);
    for (const p of people) {
      const theirs = mails.filter((m) => m.envelope.to.some((a) => a.toLowerCase() === p.email));
      assert.equal(theirs.length, 1, `one email to ${p.email}`);
      expectTemplateEmail(theirs[0], p, l.first);
    }
  });

  step('a second published posting; "Source til utlysning" with the email box ticked and the template chosen', async () => {
    const page = app.page;
    await createPosting(page, lang, { title: l.second, status: 'published', fields: applicationFields() });
    await openCandidates(page, lang);
    await selectCandidates(page, lang, [people[0].name]);
    await openSourceDialog(page, lang, [people[0].name]);
    await page.getByRole('checkbox', { name: l.sendEmailBox, exact: true }).check();
    await page.getByRole('combobox', { name: l.template, exact: true }).selectOption({ label: l.templateName });
    await page.getByRole('combobox', { name: t.cand.sourceJob, exact: true }).selectOption({ label: l.second });
  });

  check('axe: "Source til utlysning" with the email box ticked', async () => {
    await expectNoAxeViolations(app.page, 'Source til utlysning, Send e-post til kandidatene ticked');
  });

  step('"Source": the candidate is sourced and gets one email filled in for the new posting', async () => {
    const page = app.page;
    const from = sink.messages.length;
    assert.equal(await sourceTo(page, lang, l.second, 1), t.cand.sourced(1, l.second));
    await expectVisible(page, page.getByRole('status').filter({ hasText: l.queued(1) }), `the result "${l.queued(1)}" (role=status)`);
    const mails = await newMessages(sink, from, 1);
    assert.deepEqual(mails.map((m) => m.envelope.to), [[people[0].email]], 'only the sourced candidate gets an email');
    expectTemplateEmail(mails[0], people[0], l.second);
  });

  step('"Source" without the email box: sourced, and no email', async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await selectCandidates(page, lang, [people[1].name]);
    await openSourceDialog(page, lang, [people[1].name]);
    const box = page.getByRole('checkbox', { name: l.sendEmailBox, exact: true });
    assert.equal(await box.isChecked(), false, `"${l.sendEmailBox}" is not ticked to begin with`);
    const from = sink.messages.length;
    assert.equal(await sourceTo(page, lang, l.second, 1), t.cand.sourced(1, l.second));
    assert.equal(await page.getByRole('status').filter({ hasText: l.queued(0) }).count(), 0, 'no email count is shown');
    assert.equal(await page.getByRole('status').filter({ hasText: l.queued(1) }).count(), 0, 'no email count is shown');
    await expectNoNewMail(sink, from);
  });

  // The list's filters as the steps below see them.
  const kildeBox = () => app.page.getByRole('combobox', { name: t.cand.source, exact: true });
  const searchBox = () => app.page.getByRole('searchbox', { name: l.search, exact: true });
  const everyone = people.map((p) => p.name).sort();
  const found = people[0];
  let kildeOnly; // the address of the list filtered by Kilde alone
  let searched; // … and by Søk too

  step('Kandidater: "Kilde", then "Søk" on top; the address carries both', async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await filterCandidates(page, lang, { kilde: l.first });
    kildeOnly = page.url();
    const kildeId = new URL(kildeOnly).searchParams.get('kilde');
    assert.ok(kildeId, `the address carries kilde: ${kildeOnly}`);
    assert.deepEqual((await listedCandidates(page)).sort(), everyone);

    await searchBox().fill(found.first);
    await button(page, t.cand.filter).click();
    await page
      .waitForURL((u) => u.searchParams.get('q') === found.first)
      .catch(() => fail(page, `"${t.cand.filter}" did not put q=${found.first} into the address`));
    searched = page.url();
    const u = new URL(searched);
    assert.equal(u.pathname, '/candidates');
    assert.equal(u.searchParams.get('kilde'), kildeId, 'the search keeps Kilde in the address');
    assert.equal(await searchBox().inputValue(), found.first);
    assert.equal(await shownOption(kildeBox()), l.first);
    assert.deepEqual(await listedCandidates(page), [found.name]);
  });

  step('back: the address and the list of the Kilde-only state', async () => {
    const page = app.page;
    await page.goBack();
    await expectPath(page, '/candidates');
    assert.equal(page.url(), kildeOnly, 'back: the address of the Kilde-only list');
    await expectH1(page, t.candidates);
    assert.deepEqual((await listedCandidates(page)).sort(), everyone, 'back: both candidates are listed');
  });

  // Browsers restore what was typed into a form when a page is shown again from the history, unless the form opts
  // out (autocomplete="off"): then "Søk" would show the search the address and the list no longer have.
  check('back: the filter controls show the Kilde-only state ("Kilde" chosen, "Søk" empty)', async () => {
    const page = app.page;
    assert.equal(await shownOption(kildeBox()), l.first, `back: "${t.cand.source}" still shows the posting`);
    assert.equal(
      await searchBox().inputValue(),
      '',
      `back: "${l.search}" must be empty, as the address (${page.url()}) and the list say`,
    );
  });

  step('forward: the search again', async () => {
    const page = app.page;
    await page.goForward();
    await expectPath(page, '/candidates');
    assert.equal(page.url(), searched, 'forward: the address with the search');
    await expectH1(page, t.candidates);
    assert.equal(await searchBox().inputValue(), found.first, `forward: "${l.search}" shows the search`);
    assert.equal(await shownOption(kildeBox()), l.first, `forward: "${t.cand.source}" still shows the posting`);
    assert.deepEqual(await listedCandidates(page), [found.name], 'forward: only the candidate searched for');
  });
});
