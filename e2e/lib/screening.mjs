// Screening (article step 4, "notes on registered candidates"): the vocabulary of the board, the candidate profile
// and its notes per language (spec/GLOSSARY.md, "Screening and candidates"), and the building blocks the screening
// test needs around them: accepting an invitation from the SMTP sink, creating the registration posting with the
// article's two-step pipeline and an agency on the hiring team, and applying through the public link.
import { button, field } from './actions.mjs';
import { expectH1, expectPath, expectVisible, fail } from './expect.mjs';
import { T } from './i18n.mjs';
import { PUBLIC, STAFF, pdfFile } from './public.mjs';

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

/** A date as the staff pages show it (UTC): nb "26.11.2025", en "26 Nov 2025". */
export function shownDate(lang, d = new Date()) {
  const day = d.getUTCDate();
  const month = d.getUTCMonth();
  const year = d.getUTCFullYear();
  return lang === 'nb'
    ? `${String(day).padStart(2, '0')}.${String(month + 1).padStart(2, '0')}.${year}`
    : `${day} ${MONTHS[month]} ${year}`;
}

/**
 * Clicks a submit button of a server-rendered form and waits for the page that comes back; returns the response to
 * the POST (its status: 200/422 for a page, 303 for a redirect).
 */
export async function submitWith(page, locator) {
  const response = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.request().isNavigationRequest() && r.frame() === page.mainFrame(),
  );
  const loaded = page.waitForEvent('load');
  await locator.click();
  const [res] = await Promise.all([response, loaded]);
  return res;
}

/**
 * Takes the invitation email for `email` from the SMTP sink and accepts it on the acceptance page (password twice,
 * "Opprett konto") in a browser context of its own, which is closed afterwards: the invitee signs in later through
 * /login like anybody else.
 */
export async function acceptInvitation(app, sink, lang, { email, password, company }) {
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
    await button(page, t.createAccount).click();
    await expectPath(page, '/jobs');
  } finally {
    await ctx.close();
  }
}

/**
 * The registration posting of article step 2 through the staff form /jobs/new, as the signed-in administrator:
 * the two steps the article names ("Screening"/Screening/Standard and `secondStep`/Other/None), the agency added to
 * the hiring team by typing its name into "Legg til medlem" and "Legg til", the agency as contact person, CV
 * required, education optional, status "Ikke oppført". Returns { id, staffPath, link }.
 * @param {{ title: string, body: string, member: string, secondStep: string }} spec
 */
export async function createRegistrationPosting(page, lang, spec) {
  const t = T[lang];
  const s = STAFF[lang];
  const region = (name) => page.getByRole('region', { name, exact: true });
  const stepGroup = (n) => region(t.sec.pipeline).getByRole('group', { name: t.step(n), exact: true });
  await page.goto('/jobs/new');
  await expectPath(page, '/jobs/new');
  // The default pipeline has four steps; the article's has two.
  for (const n of [4, 3]) {
    await expectVisible(page, stepGroup(n), `group "${t.step(n)}"`);
    await submitWith(page, stepGroup(n).getByRole('button', { name: t.removeStep, exact: true }));
    if ((await stepGroup(n).count()) > 0) await fail(page, `"${t.step(n)}" still there after "${t.removeStep}"`);
  }
  // Hiring team: the agency, by name.
  const team = region(t.sec.team);
  await team.getByLabel(t.addMember, { exact: true }).fill(spec.member);
  await submitWith(page, team.getByRole('button', { name: t.add, exact: true }));
  await expectVisible(
    page,
    region(t.sec.team).getByRole('listitem').filter({ hasText: spec.member }),
    `"${spec.member}" in the hiring team after "${t.add}"`,
  );
  // Details.
  const details = region(t.sec.details);
  await details.getByRole('textbox', { name: t.postingTitle, exact: true }).fill(spec.title);
  await details.getByRole('combobox', { name: t.positionType, exact: true }).selectOption({ label: t.positionTypes.other });
  await details.getByRole('combobox', { name: t.contactPerson, exact: true }).selectOption({ label: spec.member });
  // Pipeline.
  const steps = [
    ['Screening', t.stepTypes.screening, t.evaluationForms.standard],
    [spec.secondStep, t.stepTypes.other, t.evaluationForms.none],
  ];
  for (const [i, [name, type, form]] of steps.entries()) {
    const g = stepGroup(i + 1);
    await g.getByRole('textbox', { name: t.stepName, exact: true }).fill(name);
    await g.getByRole('combobox', { name: t.stepType, exact: true }).selectOption({ label: type });
    await g.getByRole('combobox', { name: t.evaluationForm, exact: true }).selectOption({ label: form });
  }
  await page.getByRole('textbox', { name: s.body, exact: true }).fill(spec.body);
  for (const [f, setting] of Object.entries(applicationFields())) {
    await page.getByRole('combobox', { name: s.fields[f], exact: true }).selectOption({ label: s.settings[setting] });
  }
  await page
    .getByRole('group', { name: s.statusGroup, exact: true })
    .getByRole('radio', { name: s.statuses.unlisted, exact: true })
    .check();
  await button(page, s.create).click();
  await page.waitForURL((u) => /^\/jobs\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 10_000 }).catch(async () => {
    await fail(page, `"${s.create}" did not lead to the new posting's page /jobs/<id>`);
  });
  await expectH1(page, spec.title);
  const staffPath = new URL(page.url()).pathname;
  const linkField = await expectVisible(page, page.getByRole('textbox', { name: s.link, exact: true }), `textbox "${s.link}"`);
  return { id: staffPath.split('/').pop(), staffPath, link: await linkField.inputValue() };
}

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
 * A candidate applies on link + /apply (in `page`, a browser context of the candidate's own) with a CV named
 * `cv`, and lands on the receipt.
 * @param {{ first: string, last: string, email: string, cv: string }} c
 */
export async function applyWithCv(page, lang, postingLink, c) {
  const p = PUBLIC[lang];
  await page.goto(`${postingLink}/apply`);
  await page.getByRole('textbox', { name: p.required(p.firstName), exact: true }).fill(c.first);
  await page.getByRole('textbox', { name: p.required(p.lastName), exact: true }).fill(c.last);
  await page.getByRole('textbox', { name: p.required(p.email), exact: true }).fill(c.email);
  await page.getByLabel(p.required(p.cv), { exact: true }).setInputFiles(pdfFile(c.cv, `CV ${c.email}`));
  await page.getByRole('checkbox', { name: p.consent }).check();
  await button(page, p.submit).click();
  await page.waitForURL((u) => u.pathname.endsWith('/applied'), { timeout: 10_000 }).catch(async () => {
    await fail(page, `"${p.submit}" did not lead to the receipt (…/applied)`);
  });
  await expectH1(page, p.thanks);
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
 * A posting through /jobs/new with the default pipeline (Screening, Intervju, Tilbud, Ansatt), `forms[i]` (the
 * label of an option of "Vurderingsskjema": "Standard", "Ingen" or a company form) on step i+1, `member` added to
 * the hiring team by name, CV required, and the given status. Returns { id, staffPath, link }.
 * @param {{ title: string, body: string, member: string, forms: string[],
 *   status: 'draft'|'published'|'unlisted'|'closed' }} spec
 */
export async function createTeamPosting(page, lang, spec) {
  const t = T[lang];
  const s = STAFF[lang];
  const region = (name) => page.getByRole('region', { name, exact: true });
  const stepGroup = (n) => region(t.sec.pipeline).getByRole('group', { name: t.step(n), exact: true });
  await page.goto('/jobs/new');
  await expectPath(page, '/jobs/new');
  const team = region(t.sec.team);
  await team.getByLabel(t.addMember, { exact: true }).fill(spec.member);
  await submitWith(page, team.getByRole('button', { name: t.add, exact: true }));
  await expectVisible(
    page,
    region(t.sec.team).getByRole('listitem').filter({ hasText: spec.member }),
    `"${spec.member}" in the hiring team after "${t.add}"`,
  );
  const details = region(t.sec.details);
  await details.getByRole('textbox', { name: t.postingTitle, exact: true }).fill(spec.title);
  await details.getByRole('combobox', { name: t.positionType, exact: true }).selectOption({ label: t.positionTypes.other });
  for (const [i, form] of spec.forms.entries()) {
    await stepGroup(i + 1).getByRole('combobox', { name: t.evaluationForm, exact: true }).selectOption({ label: form });
  }
  await page.getByRole('textbox', { name: s.body, exact: true }).fill(spec.body);
  for (const [f, setting] of Object.entries(applicationFields())) {
    await page.getByRole('combobox', { name: s.fields[f], exact: true }).selectOption({ label: s.settings[setting] });
  }
  await page
    .getByRole('group', { name: s.statusGroup, exact: true })
    .getByRole('radio', { name: s.statuses[spec.status], exact: true })
    .check();
  await button(page, s.create).click();
  await page.waitForURL((u) => /^\/jobs\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 10_000 }).catch(async () => {
    await fail(page, `"${s.create}" did not lead to the new posting's page /jobs/<id>`);
  });
  await expectH1(page, spec.title);
  const staffPath = new URL(page.url()).pathname;
  const linkField = await expectVisible(page, page.getByRole('textbox', { name: s.link, exact: true }), `textbox "${s.link}"`);
  return { id: staffPath.split('/').pop(), staffPath, link: await linkField.inputValue() };
}
