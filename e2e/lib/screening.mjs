// Screening (article step 4, "notes on registered candidates"): the vocabulary of the board, the candidate profile
// and its notes per language (spec/GLOSSARY.md, "Screening and candidates"), and the building blocks the screening
// test needs around them: accepting an invitation from the SMTP sink, creating the registration posting with the
// article's two-step pipeline and an agency on the hiring team (through lib/posting-form.mjs), and applying through
// the public link.
import { button, field, openMainMenuLink } from './actions.mjs';
import { expectH1, expectPath, expectVisible, fail } from './expect.mjs';
import { T } from './i18n.mjs';
import { createPosting, submitWith } from './posting-form.mjs';
import { PUBLIC, pdfFile } from './public.mjs';

/** Board, profile and notes, per language. */
export const SCREEN = {
  nb: {
    boardTitle: (title) => `Screening: ${title}`,
    column: (name, n) => `${name} (${n})`,
    applied: (date) => `Søkte ${date}`,
    appliedThrough: (title) => `Søkte via ${title}`,
    moveTo: 'Flytt til steg',
    move: 'Flytt',
    moveCandidate: (name) => `Flytt ${name}`,
    moved: 'Kandidaten er flyttet.',
    contact: 'Kontaktinformasjon',
    applications: 'Søknader',
    step: 'Steg',
    source: 'Kilde',
    documents: 'Dokumenter',
    activity: 'Aktivitet',
    notes: 'Notater',
    note: 'Notat',
    publish: 'Publiser',
    published: 'Notatet er publisert.',
    required: 'Feltet må fylles ut.',
    editNote: 'Rediger notat',
    saveChange: 'Lagre endring',
    deleteNote: 'Slett notat',
    edited: 'redigert',
    noPostings: 'Ingen stillingsannonser ennå.',
    secondStep: 'Sourcet videre',
    showMore: 'Vis flere',
  },
  en: {
    boardTitle: (title) => `Screening: ${title}`,
    column: (name, n) => `${name} (${n})`,
    applied: (date) => `Applied ${date}`,
    appliedThrough: (title) => `Applied through ${title}`,
    moveTo: 'Move to step',
    move: 'Move',
    moveCandidate: (name) => `Move ${name}`,
    moved: 'The candidate has been moved.',
    contact: 'Contact details',
    applications: 'Applications',
    step: 'Step',
    source: 'Source',
    documents: 'Documents',
    activity: 'Activity',
    notes: 'Notes',
    note: 'Note',
    publish: 'Publish',
    published: 'The note has been published.',
    required: 'This field is required.',
    editNote: 'Edit note',
    saveChange: 'Save change',
    deleteNote: 'Delete note',
    edited: 'edited',
    noPostings: 'No job postings yet.',
    secondStep: 'Sourced onward',
    showMore: 'Show more',
  },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The date of `d` on Norwegian clocks (Europe/Oslo), in which ansett shows and reads dates. */
export function norwegianDate(d = new Date()) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(d)
    .reduce((acc, p) => ({ ...acc, [p.type]: Number(p.value) }), {});
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** `YYYY-MM-DD` (as a date field takes it) of the Norwegian date `days` from now. */
export function dateIn(days) {
  const { year, month, day } = norwegianDate(new Date(Date.now() + days * 86_400_000));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A date as the staff pages show it (its Norwegian date): nb "26.11.2025", en "26 Nov 2025". */
export function shownDate(lang, d = new Date()) {
  const { year, month, day } = norwegianDate(d);
  return lang === 'nb'
    ? `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`
    : `${day} ${MONTHS[month - 1]} ${year}`;
}

/**
 * Takes the invitation email for `email` from the SMTP sink and accepts it on the acceptance page (password twice,
 * "Opprett konto") in a browser context of its own, which is closed afterwards: the invitee signs in later through
 * /login like anybody else. `beforeSubmit(page)` runs on the filled acceptance page (e.g. axe). Returns the email
 * and the link it carried.
 * @param {{ beforeSubmit?: (page) => Promise<void> }} [options]
 */
export async function acceptInvitation(app, sink, lang, { email, password, company }, { beforeSubmit } = {}) {
  const t = T[lang];
  const mail = await sink.waitForMessage({
    to: email,
    where: (m) => m.parsed.subject === t.invitationSubject(company),
    timeout: 15_000,
  });
  const m = (mail.parsed.text || '').match(/https?:\/\/\S+\/invitations\/[0-9a-f]{64}/);
  if (!m) throw new Error(`no invitation link in the email to ${email}:\n${mail.parsed.text}`);
  const ctx = await app.newContext(lang);
  const page = await ctx.newPage();
  try {
    await page.goto(m[0]);
    await expectH1(page, t.invitationTitle(company));
    await field(page, t.password).fill(password);
    await field(page, t.repeatPassword).fill(password);
    if (beforeSubmit) await beforeSubmit(page);
    await button(page, t.createAccount).click();
    await expectPath(page, '/jobs');
  } finally {
    await ctx.close();
  }
  return { mail, link: m[0] };
}

/**
 * The registration posting of article step 2 through the staff form, as the signed-in administrator: the two steps
 * the article names ("Screening"/Screening/Standard and `secondStep`/Other/None), the agency added to the hiring team
 * by typing its name into "Legg til medlem" and "Legg til", the agency as contact person, CV required, education
 * optional, status "Ikke oppført". Returns { id, staffPath, link }.
 * @param {{ title: string, body: string, member: string, secondStep: string }} spec
 */
export function createRegistrationPosting(page, lang, spec) {
  return createPosting(page, lang, {
    title: spec.title,
    positionType: 'other',
    contact: spec.member,
    steps: registrationSteps(spec.secondStep),
    member: spec.member,
    body: spec.body,
    fields: applicationFields(),
    status: 'unlisted',
  });
}

/** The pipeline article step 2 suggests for the registration posting. */
export const registrationSteps = (secondStep) => [
  { name: 'Screening', type: 'screening', form: 'standard' },
  { name: secondStep, type: 'other', form: 'none' },
];

/** The application form settings both postings of the screening test use: a CV is required. */
export const applicationFields = () => ({
  phone: 'optional',
  cv: 'required',
  coverLetter: 'optional',
  education: 'optional',
  workExperience: 'optional',
  linkedin: 'optional',
});

/**
 * A candidate applies (in `page`, a browser context of the candidate's own) with a CV named `cv`, and lands on the
 * receipt. By default straight on link + /apply (the article's tip); with `{ via: 'posting' }` the candidate opens
 * the link itself and follows "Søk på stillingen".
 * @param {{ first: string, last: string, email: string, cv: string }} c
 * @param {{ via?: 'apply'|'posting' }} [options]
 */
export async function applyWithCv(page, lang, postingLink, c, { via = 'apply' } = {}) {
  const p = PUBLIC[lang];
  if (via === 'posting') {
    await page.goto(postingLink);
    await page.getByRole('main').getByRole('link', { name: p.apply, exact: true }).first().click();
  } else {
    await page.goto(`${postingLink}/apply`);
  }
  await expectPath(page, `${new URL(postingLink).pathname}/apply`);
  await submitApplicationWithCv(page, lang, c);
}

/**
 * On the application form the page shows: the name, the email, a one-page PDF named `cv` as "CV", consent, and
 * "Send søknad"; waits for the receipt "Takk for søknaden". `tick`: accessible names of further checkboxes to tick
 * (e.g. the talent-pool consent).
 * @param {{ first: string, last: string, email: string, cv: string, tick?: string[] }} c
 */
export async function submitApplicationWithCv(page, lang, c) {
  const p = PUBLIC[lang];
  await page.getByRole('textbox', { name: p.required(p.firstName), exact: true }).fill(c.first);
  await page.getByRole('textbox', { name: p.required(p.lastName), exact: true }).fill(c.last);
  await page.getByRole('textbox', { name: p.required(p.email), exact: true }).fill(c.email);
  await page.getByLabel(p.required(p.cv), { exact: true }).setInputFiles(pdfFile(c.cv, `CV ${c.email}`));
  await page.getByRole('checkbox', { name: p.consent }).check();
  for (const name of c.tick ?? []) await page.getByRole('checkbox', { name, exact: true }).check();
  await button(page, p.submit).click();
  await page.waitForURL((u) => u.pathname.endsWith('/applied'), { timeout: 10_000 }).catch(async () => {
    await fail(page, `"${p.submit}" did not lead to the receipt (…/applied)`);
  });
  await expectH1(page, p.thanks);
}

// --- Board, profile, notes ---------------------------------------------------------------------------------------

/**
 * "Stillinger" in the main menu → the posting's title → "Gå til screening": the board "Screening: {title}".
 * Returns { id, staffPath } of the posting.
 */
export async function openBoard(page, lang, title) {
  const t = T[lang];
  await openMainMenuLink(page, lang, t.jobs);
  await expectPath(page, '/jobs');
  await expectH1(page, t.jobs);
  await page.getByRole('main').getByRole('link', { name: title, exact: true }).click();
  await page.waitForURL((u) => /^\/jobs\/[0-9a-f-]{36}$/.test(u.pathname));
  await expectH1(page, title);
  const staffPath = new URL(page.url()).pathname;
  const id = staffPath.split('/').pop();
  await button(page, t.goToScreening).click();
  await expectPath(page, `${staffPath}/board`);
  await expectH1(page, t.boardTitle(title));
  return { id, staffPath };
}

/** On a candidate's profile: "Notat" in "Notater" and "Publiser". Returns the response to the POST. */
export async function publishNote(page, lang, text) {
  const sc = SCREEN[lang];
  const notes = page.getByRole('region', { name: sc.notes, exact: true });
  await notes.getByRole('textbox', { name: sc.note, exact: true }).fill(text);
  return submitWith(page, notes.getByRole('button', { name: sc.publish, exact: true }));
}

// --- Evaluations, rejecting, email templates (T[lang].ev) --------------------------------------------------------

/** Bedriftsinnstillinger's sub-navigation (navigation "Innstillinger") → `linkName`, from /settings. */
async function openSettingsSection(page, lang, linkName, path) {
  const t = T[lang];
  await page.goto('/settings');
  const nav = await expectVisible(
    page,
    page.getByRole('navigation', { name: t.settingsNav, exact: true }),
    `the settings sub-navigation (navigation "${t.settingsNav}")`,
  );
  await nav.getByRole('link', { name: linkName, exact: true }).click();
  await expectPath(page, path);
}

/**
 * As an administrator: "Vurderingsskjemaer" → "Nytt vurderingsskjema", "Navn på skjema", "Kriterium N",
 * "Spørsmål N", "Lagre skjema"; waits for the list with "Lagret." and the new form in it. `beforeSave(page)` runs
 * on the filled form (e.g. axe).
 * @param {{ name: string, criteria: string[], questions: string[], beforeSave?: (page) => Promise<void> }} spec
 */
export async function createEvaluationForm(page, lang, spec) {
  const ev = T[lang].ev;
  await openSettingsSection(page, lang, ev.evaluationForms, '/settings/evaluation-forms');
  await page.getByRole('link', { name: ev.newEvaluationForm, exact: true }).click();
  await expectPath(page, '/settings/evaluation-forms/new');
  await page.getByRole('textbox', { name: ev.formName, exact: true }).fill(spec.name);
  for (const [i, c] of spec.criteria.entries()) {
    await page.getByRole('textbox', { name: ev.criterion(i + 1), exact: true }).fill(c);
  }
  for (const [i, q] of spec.questions.entries()) {
    await page.getByRole('textbox', { name: ev.question(i + 1), exact: true }).fill(q);
  }
  if (spec.beforeSave) await spec.beforeSave(page);
  await button(page, ev.saveForm).click();
  await expectPath(page, '/settings/evaluation-forms');
  await expectVisible(page, page.getByRole('status').filter({ hasText: ev.saved }), `status "${ev.saved}"`);
  await expectVisible(page, page.getByRole('main').getByRole('link', { name: spec.name, exact: true }), `the form "${spec.name}" in the list`);
}

/**
 * As an administrator: "E-postmaler" → "Ny e-postmal", "Navn på mal", "Emne", "Innhold", "Lagre mal"; waits for
 * the list with "Lagret." and the new template in it. `beforeSave(page)` runs on the filled form.
 * @param {{ name: string, subject: string, body: string, beforeSave?: (page) => Promise<void> }} spec
 */
export async function createEmailTemplate(page, lang, spec) {
  const ev = T[lang].ev;
  await openSettingsSection(page, lang, ev.emailTemplates, '/settings/email-templates');
  await page.getByRole('link', { name: ev.newEmailTemplate, exact: true }).click();
  await expectPath(page, '/settings/email-templates/new');
  await page.getByRole('textbox', { name: ev.templateName, exact: true }).fill(spec.name);
  await page.getByRole('textbox', { name: ev.subject, exact: true }).fill(spec.subject);
  await page.getByRole('textbox', { name: ev.body, exact: true }).fill(spec.body);
  if (spec.beforeSave) await spec.beforeSave(page);
  await button(page, ev.saveTemplate).click();
  await expectPath(page, '/settings/email-templates');
  await expectVisible(page, page.getByRole('status').filter({ hasText: ev.saved }), `status "${ev.saved}"`);
  await expectVisible(page, page.getByRole('main').getByRole('link', { name: spec.name, exact: true }), `the template "${spec.name}" in the list`);
}

/**
 * A posting through the staff form with the default pipeline (Screening, Intervju, Tilbud, Ansatt), `forms[i]` (the
 * label of an option of "Vurderingsskjema": "Standard", "Ingen" or a company form) on step i+1, `member` added to
 * the hiring team by name, CV required, and the given status. Returns { id, staffPath, link }.
 * @param {{ title: string, body: string, member: string, forms: string[],
 *   status: 'draft'|'published'|'unlisted'|'closed' }} spec
 */
export function createTeamPosting(page, lang, spec) {
  return createPosting(page, lang, {
    title: spec.title,
    positionType: 'other',
    steps: T[lang].defaultSteps.map((_, i) => (spec.forms[i] === undefined ? {} : { form: spec.forms[i] })),
    member: spec.member,
    body: spec.body,
    fields: applicationFields(),
    status: spec.status,
  });
}
