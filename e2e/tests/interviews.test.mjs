// Interviews (issue 22), in each language, against a real SMTP sink:
//  1. the administrator makes an email template and a published posting (they are on its hiring team), and a
//     candidate applies with a CV;
//  2. the candidate's profile → "Planlegg intervju": Dato, Klokkeslett, Varighet (minutter), Sted eller videolenke,
//     Intervjuere (the administrator), E-postmal → "Send invitasjon": the profile says it was sent and lists it under
//     "Kommende intervjuer"; the candidate gets the template's email with a `text/calendar; method=REQUEST` part
//     (SEQUENCE 0, the time in Europe/Oslo), and the administrator gets one too;
//  3. "Endre intervju" to another time: the candidate gets the update (same UID, SEQUENCE 1);
//  4. "Avlys intervju" (a link, by keyboard) opens a confirmation page; "Behold intervjuet" goes back with nothing
//     sent; confirmed, the candidate gets METHOD:CANCEL with STATUS:CANCELLED, and the interview moves to
//     "Tidligere intervjuer" as cancelled.
// axe runs on the form (also with its errors), on the profile with the interview listed and on the confirmation.
import assert from 'node:assert/strict';
import {
  button,
  expectH1,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  forEachLanguage,
  journey,
  screenshotDir,
  setupCompany,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import { openCandidates } from '../lib/candidates.mjs';
import { ui } from '../lib/locales.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import { applicationFields, applyWithCv, createEmailTemplate, dateIn } from '../lib/screening.mjs';

/** The calendar object an email carries (its text/calendar part), and that part's content type. */
function calendarOf(m) {
  const part = (m.parsed.attachments ?? []).find((a) => a.contentType === 'text/calendar');
  assert.ok(part, `a text/calendar part in "${m.parsed.subject}"`);
  const ics = part.content.toString('utf8').replace(/\r\n[ \t]/g, '');
  const header = /Content-Type: text\/calendar;[^\r\n]*(\r\n[ \t][^\r\n]*)*/i.exec(m.raw.toString('latin1'))?.[0] ?? '';
  return { ics, header: header.replace(/\r\n[ \t]+/g, ' ') };
}

/** The value of property `name` (without parameters): in the VEVENT if it has one, else in the calendar. */
function prop(ics, name) {
  const find = (text) => new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'm').exec(text)?.[1]?.trim();
  return find(ics.slice(ics.indexOf('BEGIN:VEVENT'))) ?? find(ics);
}

forEachLanguage('interviews', (lang) => {
  const sink = useSmtpSink();
  const app = useApp('interviews', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const { step, check } = journey({ prefix: app.name, page: () => app.page });
  const u = ui(lang);
  const admin = { first: 'Ida', last: 'Intervju', email: `ida.${lang}@intervju.example` };
  const candidate = { first: 'Bjørn', last: 'Ærlig', email: `bjorn.${lang}@example.no` };
  const candidateName = `${candidate.first} ${candidate.last}`;
  const title = lang === 'nb' ? 'Lagerleder' : 'Warehouse manager';
  const templateName = lang === 'nb' ? 'Innkalling' : 'Invitation';
  const subject = lang === 'nb' ? 'Intervju: {{job.title}}' : 'Interview: {{job.title}}';
  const date = dateIn(9);
  let profile;
  let uid;

  step('a template, a published posting and a candidate who applies', async () => {
    const page = app.page;
    await setupCompany(page, lang, { company: 'Intervju AS', ...admin, password: 'planlegg-et-intervju-42' });
    await createEmailTemplate(page, lang, { name: templateName, subject, body: 'Hei {{candidate.first_name}}!' });
    const posting = await createPosting(page, lang, { title, status: 'published', fields: applicationFields() });
    const own = await (await app.newContext(lang)).newPage();
    await applyWithCv(own, lang, posting.link, { ...candidate, cv: 'cv.pdf' });
    await sink.waitForMessage({ to: candidate.email });
  });

  step(`the profile → "${u('interview.schedule')}": the form, and its errors`, async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await page.getByRole('link', { name: candidateName, exact: true }).click();
    await expectH1(page, candidateName);
    profile = new URL(page.url()).pathname;
    await page.getByRole('link', { name: u('interview.schedule'), exact: true }).click();
    await expectH1(page, u('interview.schedule'));
    // Nothing filled in but the length: every missing field is named.
    await page.getByLabel(u('interview.minutes'), { exact: true }).fill('0');
    await button(page, u('interview.send')).click();
    await expectVisible(page, page.getByRole('alert'), 'the error summary');
    const summary = await page.getByRole('alert').innerText();
    for (const label of ['interview.date', 'interview.time', 'interview.minutes', 'interview.place', 'interview.interviewers']) {
      assert.ok(summary.includes(u(label)), `the summary names "${u(label)}": ${summary}`);
    }
  });

  check('axe: the form with its errors', async () => {
    await expectNoAxeViolations(app.page, 'Planlegg intervju with errors');
  });

  step(`"${u('interview.send')}": the candidate and the interviewer get the invitation`, async () => {
    const page = app.page;
    await page.getByLabel(u('interview.date'), { exact: true }).fill(date);
    await page.getByLabel(u('interview.time'), { exact: true }).fill('10:00');
    await page.getByLabel(u('interview.minutes'), { exact: true }).fill('45');
    await page.getByLabel(u('interview.place'), { exact: true }).fill('Storgata 1, Oslo');
    const who = page.getByRole('group', { name: u('interview.interviewers'), exact: true });
    await who.getByRole('checkbox', { name: `${admin.first} ${admin.last}`, exact: true }).check();
    await page.getByRole('combobox', { name: u('interview.template'), exact: true }).selectOption({ label: templateName });
    await expectNoAxeViolations(page, 'Planlegg intervju filled in');
    await page.screenshot({ path: `${screenshotDir()}/interview-form-${lang}.png`, fullPage: true });
    const from = sink.messages.length;
    await button(page, u('interview.send')).click();
    await expectPath(page, profile);
    await expectVisible(page, page.getByRole('status').filter({ hasText: u('interview.scheduled') }), 'the notice');
    const section = page.getByRole('region', { name: u('interview.heading'), exact: true });
    await expectVisible(page, section.getByText(u('interview.upcoming'), { exact: true }), 'upcoming interviews');
    await expectVisible(page, section.getByText('Storgata 1, Oslo'), 'the place');
    await page.screenshot({ path: `${screenshotDir()}/interview-profile-${lang}.png`, fullPage: true });

    const mail = await sink.waitForMessage({ to: candidate.email, where: (m) => sink.messages.indexOf(m) >= from });
    assert.equal(mail.parsed.subject, subject.replace('{{job.title}}', title));
    const { ics, header } = calendarOf(mail);
    assert.match(header, /method=REQUEST/i, header);
    assert.match(header, /charset=utf-8/i, header);
    assert.equal(prop(ics, 'METHOD'), 'REQUEST');
    assert.equal(prop(ics, 'SEQUENCE'), '0');
    assert.equal(prop(ics, 'DTSTART'), `${date.replaceAll('-', '')}T100000`);
    assert.match(ics, /DTSTART;TZID=Europe\/Oslo:/);
    assert.equal(prop(ics, 'LOCATION'), 'Storgata 1\\, Oslo');
    uid = prop(ics, 'UID');
    assert.ok(uid, 'a UID');
    const toAdmin = await sink.waitForMessage({ to: admin.email, where: (m) => sink.messages.indexOf(m) >= from });
    assert.equal(prop(calendarOf(toAdmin).ics, 'UID'), uid, 'the interviewer gets the same event');
  });

  check('axe: the profile with the interview', async () => {
    await expectNoAxeViolations(app.page, 'profile with an interview');
  });

  step(`"${u('interview.change')}": the update has the same UID and SEQUENCE 1`, async () => {
    const page = app.page;
    await page.getByRole('link', { name: u('interview.change'), exact: true }).click();
    await expectH1(page, u('interview.change'));
    assert.equal(await page.getByLabel(u('interview.time'), { exact: true }).inputValue(), '10:00');
    await page.getByLabel(u('interview.time'), { exact: true }).fill('13:30');
    const from = sink.messages.length;
    await button(page, u('interview.change')).click();
    await expectPath(page, profile);
    await expectVisible(page, page.getByRole('status').filter({ hasText: u('interview.changed') }), 'the notice');
    const mail = await sink.waitForMessage({ to: candidate.email, where: (m) => sink.messages.indexOf(m) >= from });
    const { ics } = calendarOf(mail);
    assert.equal(prop(ics, 'UID'), uid);
    assert.equal(prop(ics, 'SEQUENCE'), '1');
    assert.equal(prop(ics, 'DTSTART'), `${date.replaceAll('-', '')}T133000`);
  });

  step(`"${u('interview.cancel')}" asks first; "${u('interview.keep')}" changes nothing (keyboard only)`, async () => {
    const page = app.page;
    const from = sink.messages.length;
    const link = page.getByRole('link', { name: u('interview.cancel'), exact: true });
    await link.focus();
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/cancel')), page.keyboard.press('Enter')]);
    await expectH1(page, u('interview.cancel_title', { name: candidateName }));
    await expectVisible(page, page.getByText(u('interview.cancel_told')), 'who is told');
    await expectVisible(page, page.getByText('Storgata 1, Oslo'), 'the place');
    await expectNoAxeViolations(page, 'Avlys intervju confirmation');
    await page.screenshot({ path: `${screenshotDir()}/interview-cancel-${lang}.png`, fullPage: true });
    await page.getByRole('link', { name: u('interview.keep'), exact: true }).focus();
    await Promise.all([page.waitForURL((url) => url.pathname === profile), page.keyboard.press('Enter')]);
    const section = page.getByRole('region', { name: u('interview.heading'), exact: true });
    await expectVisible(page, section.getByText(u('interview.upcoming'), { exact: true }), 'still upcoming');
    const cancels = sink.messages.slice(from).filter((m) => m.raw.toString('latin1').includes('METHOD:CANCEL'));
    assert.equal(cancels.length, 0, 'no cancellation sent');
  });

  step(`"${u('interview.cancel')}" confirmed: METHOD:CANCEL, and the interview is listed as cancelled`, async () => {
    const page = app.page;
    const from = sink.messages.length;
    await page.getByRole('link', { name: u('interview.cancel'), exact: true }).click();
    await button(page, u('interview.cancel')).click();
    await expectPath(page, profile);
    await expectVisible(page, page.getByRole('status').filter({ hasText: u('interview.cancelled_notice') }), 'notice');
    const section = page.getByRole('region', { name: u('interview.heading'), exact: true });
    await expectVisible(page, section.getByText(u('interview.past'), { exact: true }), 'past interviews');
    assert.equal(await section.getByRole('link', { name: u('interview.cancel'), exact: true }).count(), 0);
    const mail = await sink.waitForMessage({ to: candidate.email, where: (m) => sink.messages.indexOf(m) >= from });
    const { ics, header } = calendarOf(mail);
    assert.match(header, /method=CANCEL/i, header);
    assert.equal(prop(ics, 'METHOD'), 'CANCEL');
    assert.equal(prop(ics, 'STATUS'), 'CANCELLED');
    assert.equal(prop(ics, 'SEQUENCE'), '2');
    assert.equal(prop(ics, 'UID'), uid);
  });
});
