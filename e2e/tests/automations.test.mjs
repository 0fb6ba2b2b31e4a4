// Step automations (issue 22, part 4), in each language, against a real SMTP sink:
//  1. the administrator makes an email template (Bedriftsinnstillinger → E-postmaler) whose subject and body use
//     {{candidate.first_name}}, {{candidate.full_name}} and {{job.title}};
//  2. a published posting; its edit form's «Steg 2» fieldset → «Når en kandidat flyttes hit» → «Send e-postmal» =
//     the template, «Tildel til» = the administrator; «Lagre utlysning»; the form shows both choices again;
//  3. a candidate applies; on the board, «Flytt til steg» = step 2 and «Flytt …»: the sink gets one email to the
//     candidate, filled in for them, and nothing else to them;
//  4. the profile's timeline says an automatic email was sent, with its subject; «Mine oppgaver» lists the candidate
//     (the assignment ran too).
// axe runs on the posting form with the automation chosen, on the board after the move and on the profile.
import assert from 'node:assert/strict';
import {
  button,
  expectH1,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  fail,
  forEachLanguage,
  journey,
  setupCompany,
  T,
  ui,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import { createPosting, stepGroup, submitWith } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv, createEmailTemplate, openBoard, SCREEN } from '../lib/screening.mjs';

/** What this test names, per language. */
const L = {
  nb: {
    company: 'Automatikk AS',
    title: 'Lagerleder',
    templateName: 'Videre til intervju',
    subject: 'Intervju for {{job.title}}, {{candidate.first_name}}',
    body: 'Hei {{candidate.full_name}}!\n\nDu går videre til intervju for {{job.title}}.',
    myTasks: 'Mine oppgaver',
  },
  en: {
    company: 'Automatics Ltd',
    title: 'Warehouse lead',
    templateName: 'On to the interview',
    subject: 'Interview for {{job.title}}, {{candidate.first_name}}',
    body: 'Hi {{candidate.full_name}}!\n\nYou go on to an interview for {{job.title}}.',
    myTasks: 'My tasks',
  },
};

const fill = (text, values) => text.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (_, name) => values[name] ?? '');

forEachLanguage('automations', (lang) => {
  const sink = useSmtpSink();
  const app = useApp('automations', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const { step, check } = journey({ prefix: app.name, page: () => app.page });
  const t = T[lang];
  const u = ui(lang);
  const sc = SCREEN[lang];
  const l = L[lang];
  const admin = { first: 'Aud', last: 'Automat', email: `aud.${lang}@automatikk.example` };
  const adminName = `${admin.first} ${admin.last}`;
  const candidate = { first: 'Bjørn', last: 'Ærlig', email: `bjorn.${lang}@example.no` };
  const candidateName = `${candidate.first} ${candidate.last}`;
  const secondStep = t.defaultSteps[1];
  let posting;
  const values = { 'candidate.first_name': candidate.first, 'candidate.full_name': candidateName, 'job.title': l.title };
  const subject = fill(l.subject, values);

  /** «Når en kandidat flyttes hit» inside «Steg 2». */
  const automation = () =>
    stepGroup(app.page, lang, 2).getByRole('group', { name: u('automation.heading'), exact: true });

  step('the company, an email template and a published posting', async () => {
    const page = app.page;
    await setupCompany(page, lang, { company: l.company, ...admin, password: 'automatisk-e-post-til-kandidaten-7' });
    await createEmailTemplate(page, lang, { name: l.templateName, subject: l.subject, body: l.body });
    posting = await createPosting(page, lang, { title: l.title, status: 'published', fields: applicationFields() });
  });

  step(`«${t.edit}» → «${t.step(2)}» → «${u('automation.heading')}»: «${u('automation.template')}» and «${u('automation.assign')}»`, async () => {
    const page = app.page;
    await page.goto(posting.staffPath);
    await page.getByRole('link', { name: u('posting.edit'), exact: true }).click();
    await expectPath(page, `${posting.staffPath}/edit`);
    const group = await expectVisible(page, automation(), `group "${u('automation.heading')}" in "${t.step(2)}"`);
    await group.getByRole('combobox', { name: u('automation.template'), exact: true }).selectOption({ label: l.templateName });
    await group.getByRole('combobox', { name: u('automation.assign'), exact: true }).selectOption({ label: adminName });
    await expectVisible(page, group.getByRole('spinbutton', { name: u('automation.delay'), exact: true }), `"${u('automation.delay')}"`);
  });

  check('axe: the posting form with a step automation chosen', async () => {
    await expectNoAxeViolations(app.page, 'posting form, step automation');
  });

  step(`«${u('posting.save')}»: saved, and the form shows the automation again`, async () => {
    const page = app.page;
    const res = await submitWith(page, button(page, u('posting.save')));
    if (res.status() >= 400) await fail(page, `saving the posting was answered with ${res.status()}`);
    await expectPath(page, posting.staffPath);
    await page.getByRole('link', { name: u('posting.edit'), exact: true }).click();
    const group = await expectVisible(page, automation(), `group "${u('automation.heading')}"`);
    const shown = async (name) =>
      group.getByRole('combobox', { name, exact: true }).evaluate((el) => el.selectedOptions[0]?.label.trim());
    assert.equal(await shown(u('automation.template')), l.templateName);
    assert.equal(await shown(u('automation.assign')), adminName);
  });

  step('a candidate applies (their confirmation arrives)', async () => {
    const own = await (await app.newContext(lang)).newPage();
    await applyWithCv(own, lang, posting.link, { ...candidate, cv: 'Bjorn.pdf' });
    await sink.waitForMessage({ to: candidate.email });
  });

  step(`the board: «${sc.moveTo}» = «${secondStep}» → the template's email reaches the candidate`, async () => {
    const page = app.page;
    await openBoard(page, lang, l.title);
    const before = sink.messages.length;
    const card = page
      .getByRole('region', { name: sc.column(t.defaultSteps[0], 1), exact: true })
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: candidateName, exact: true }) });
    await card.getByRole('combobox', { name: sc.moveTo, exact: true }).selectOption({ label: secondStep });
    const res = await submitWith(page, card.getByRole('button', { name: sc.moveCandidate(candidateName), exact: true }));
    if (res.status() >= 400) await fail(page, `the move was answered with ${res.status()}`);
    await expectVisible(page, page.getByRole('region', { name: sc.column(secondStep, 1), exact: true }), `"${sc.column(secondStep, 1)}"`);
    const mail = await sink.waitForMessage({ to: candidate.email, where: (m) => m.parsed.subject === subject });
    assert.equal((mail.parsed.text ?? '').trimEnd(), fill(l.body, values), 'the body, filled in for the candidate');
    assert.deepEqual(mail.envelope.to, [candidate.email], 'to the candidate alone');
    const theirs = sink.messages.slice(before).filter((m) => m.envelope.to.includes(candidate.email));
    assert.equal(theirs.length, 1, 'one email to the candidate');
  });

  check('axe: the board after the move', async () => {
    await expectNoAxeViolations(app.page, 'board after an automated move');
  });

  step('the profile: the timeline says the automatic email was sent', async () => {
    const page = app.page;
    await page.getByRole('link', { name: candidateName, exact: true }).first().click();
    await expectH1(page, candidateName);
    const line = u('timeline.emailed_automatic', { subject });
    await expectVisible(page, page.getByText(line, { exact: false }), `the timeline line "${line}"`);
  });

  check('axe: the profile with the automatic email on its timeline', async () => {
    await expectNoAxeViolations(app.page, 'profile, automatic email');
  });

  step(`«${l.myTasks}» lists the candidate the step assigned`, async () => {
    const page = app.page;
    await page.goto('/tasks');
    await expectH1(page, l.myTasks);
    await expectVisible(page, page.getByRole('main').getByRole('link', { name: candidateName, exact: true }), `"${candidateName}" in "${l.myTasks}"`);
  });
});
