// The staff posting form (article step 2: "Stillinger" → "Ny stillingsannonse", /jobs/new; the same form edits a
// posting), by role and accessible name: its sections, pipeline steps, hiring team and status, the actions that
// re-render the form (remove or add a step, add a team member), filling each section, and creating a whole posting
// in one call. The labels come from T[lang] (spec/GLOSSARY.md); wherever a choice is asked for, a key of T[lang]'s
// table (e.g. step type 'screening', form 'standard', status 'unlisted') or the option's label itself may be given.
import { button, openMainMenuLink } from './actions.mjs';
import { expectH1, expectPath, expectVisible, fail } from './expect.mjs';
import { T } from './i18n.mjs';

/** Question answer types, per language (not in T: only the posting form uses them). */
export const QUESTION_KINDS = {
  nb: { shortText: 'Kort tekst', longText: 'Lang tekst', yesNo: 'Ja/nei', single: 'Ett valg', multiple: 'Flere valg' },
  en: { shortText: 'Short text', longText: 'Long text', yesNo: 'Yes/no', single: 'Single choice', multiple: 'Multiple choice' },
};

const label = (table, v) => table[v] ?? v;

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

/** A section of the form (a region named by its h2): key of T[lang].sec ('details', 'pipeline', 'team', …). */
export const postingSection = (page, lang, key) =>
  page.getByRole('region', { name: T[lang].sec[key], exact: true });

/** The fieldset "Steg N" of the pipeline. */
export const stepGroup = (page, lang, n) =>
  postingSection(page, lang, 'pipeline').getByRole('group', { name: T[lang].step(n), exact: true });

/** Every "Steg N" fieldset of the pipeline (not the groups inside one, such as «Når en kandidat flyttes hit»). */
const stepGroups = (page, lang) => {
  const pattern = T[lang].step(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('1', '\\d+');
  return postingSection(page, lang, 'pipeline').getByRole('group', { name: new RegExp(`^${pattern}$`) });
};

/**
 * "Legg til medlem": a text input with a datalist of the employees' names, so its role is combobox, not textbox
 * (HTML-AAM); found by its label.
 */
export const memberField = (page, lang) =>
  postingSection(page, lang, 'team').getByLabel(T[lang].addMember, { exact: true });

/** The radio group "Utlysningsstatus" (a fieldset, or a radiogroup). */
export function statusGroup(page, lang) {
  const t = T[lang];
  const region = postingSection(page, lang, 'status');
  return region
    .getByRole('radiogroup', { name: t.postingStatus, exact: true })
    .or(region.getByRole('group', { name: t.postingStatus, exact: true }));
}

/** "Stillinger" in the main menu, then "Ny stillingsannonse": the empty form. */
export async function openNewPostingForm(page, lang) {
  const t = T[lang];
  await openMainMenuLink(page, lang, t.jobs);
  await expectPath(page, '/jobs');
  await button(page, t.newPosting).click();
  await expectPath(page, '/jobs/new');
  await expectH1(page, t.newPosting);
}

/**
 * 1. Utlysningsdetaljer. Only what is given is filled.
 * @param {{ title?: string, positionType?: string, contact?: string, deadline?: string }} d  contact: the option's
 *   label (an invited employee's reads "Name (invitert)"); deadline: YYYY-MM-DD
 */
export async function fillDetails(page, lang, d) {
  const t = T[lang];
  const details = postingSection(page, lang, 'details');
  if (d.title !== undefined) await details.getByRole('textbox', { name: t.postingTitle, exact: true }).fill(d.title);
  if (d.positionType !== undefined) {
    await details
      .getByRole('combobox', { name: t.positionType, exact: true })
      .selectOption({ label: label(t.positionTypes, d.positionType) });
  }
  if (d.contact !== undefined) {
    await details.getByRole('combobox', { name: t.contactPerson, exact: true }).selectOption({ label: d.contact });
  }
  if (d.deadline !== undefined) await details.getByLabel(t.deadline, { exact: true }).fill(d.deadline);
}

/** "Fjern steg" in "Steg N"; waits for the form to come back without it. Returns the response to the POST. */
export async function removeStep(page, lang, n) {
  const t = T[lang];
  await expectVisible(page, stepGroup(page, lang, n), `group "${t.step(n)}"`);
  const count = await stepGroups(page, lang).count();
  const res = await submitWith(page, stepGroup(page, lang, n).getByRole('button', { name: t.removeStep, exact: true }));
  const after = await stepGroups(page, lang).count();
  if (after !== count - 1) await fail(page, `"${t.removeStep}" in "${t.step(n)}": ${count} steps before, ${after} after`);
  return res;
}

/** "Legg til steg"; waits for the form to come back with one more step. Returns the response to the POST. */
export async function addStep(page, lang) {
  const t = T[lang];
  const pipeline = postingSection(page, lang, 'pipeline');
  const count = await stepGroups(page, lang).count();
  const res = await submitWith(page, pipeline.getByRole('button', { name: t.addStep, exact: true }));
  await expectVisible(page, stepGroup(page, lang, count + 1), `group "${t.step(count + 1)}" after "${t.addStep}"`);
  return res;
}

/** Removes steps from the end or adds empty ones until the pipeline has `n` steps. */
export async function setStepCount(page, lang, n) {
  for (let count = await stepGroups(page, lang).count(); count !== n; count = await stepGroups(page, lang).count()) {
    if (count > n) await removeStep(page, lang, count);
    else await addStep(page, lang);
  }
}

/**
 * 2. Screening-pipeline: "Navn på steg", "Type steg" and "Vurderingsskjema" of "Steg N" (only what is given).
 * @param {{ name?: string, type?: string, form?: string }} s  type: key of T.stepTypes or a label; form: key of
 *   T.evaluationForms ('none', 'standard') or a label (a company form's name)
 */
export async function setStep(page, lang, n, s) {
  const t = T[lang];
  const g = stepGroup(page, lang, n);
  if (s.name !== undefined) await g.getByRole('textbox', { name: t.stepName, exact: true }).fill(s.name);
  if (s.type !== undefined) {
    await g.getByRole('combobox', { name: t.stepType, exact: true }).selectOption({ label: label(t.stepTypes, s.type) });
  }
  if (s.form !== undefined) {
    await g
      .getByRole('combobox', { name: t.evaluationForm, exact: true })
      .selectOption({ label: label(t.evaluationForms, s.form) });
  }
}

/**
 * 3. Ansettelsesteam: types `member` (an employee's name or any email) into "Legg til medlem" and presses
 * "Legg til"; waits for the form to come back with a row showing it. Returns the response to the POST.
 */
export async function addTeamMember(page, lang, member) {
  const t = T[lang];
  const team = postingSection(page, lang, 'team');
  await memberField(page, lang).fill(member);
  const res = await submitWith(page, team.getByRole('button', { name: t.add, exact: true }));
  await expectVisible(
    page,
    postingSection(page, lang, 'team').getByRole('listitem').filter({ hasText: member }),
    `"${member}" in "${t.sec.team}" after "${t.add}"`,
  );
  return res;
}

/** 4. Utlysningstekst (Markdown). */
export async function fillPostingText(page, lang, text) {
  const t = T[lang];
  await postingSection(page, lang, 'text').getByRole('textbox', { name: t.postingText, exact: true }).fill(text);
}

/**
 * 5. Søknadsskjema: one select per field.
 * @param {Record<string, string>} fields  key of T.formFields ('cv', 'education', …) → 'required'|'optional'|'hidden'
 */
export async function setFormFields(page, lang, fields) {
  const t = T[lang];
  const form = postingSection(page, lang, 'form');
  for (const [f, setting] of Object.entries(fields)) {
    await form
      .getByRole('combobox', { name: label(t.formFields, f), exact: true })
      .selectOption({ label: label(t.fieldSettings, setting) });
  }
}

/**
 * "Legg til spørsmål" once per question (each submits the form), then fills "Spørsmål N".
 * @param {{ text: string, kind: string, required: boolean }[]} questions  kind: key of QUESTION_KINDS
 */
export async function addQuestions(page, lang, questions) {
  const t = T[lang];
  const form = () => postingSection(page, lang, 'form');
  const existing = await form().getByRole('group', { name: new RegExp(`^${t.question(1).replace('1', '\\d+')}$`) }).count();
  for (let i = 0; i < questions.length; i++) {
    await submitWith(page, form().getByRole('button', { name: t.addQuestion, exact: true }));
    const name = t.question(existing + i + 1);
    await expectVisible(page, form().getByRole('group', { name, exact: true }), `group "${name}"`);
  }
  for (const [i, q] of questions.entries()) {
    const g = form().getByRole('group', { name: t.question(existing + i + 1), exact: true });
    await g.getByRole('textbox', { name: t.questionText, exact: true }).fill(q.text);
    await g.getByRole('combobox', { name: t.answerType, exact: true }).selectOption({ label: label(QUESTION_KINDS[lang], q.kind) });
    await g.getByRole('checkbox', { name: t.questionRequired, exact: true }).setChecked(q.required);
  }
}

/** 6. Bekreftelses-e-post: "Emne" and "Innhold". */
export async function fillConfirmationEmail(page, lang, { subject, body }) {
  const t = T[lang];
  const email = postingSection(page, lang, 'email');
  if (subject !== undefined) await email.getByRole('textbox', { name: t.emailSubject, exact: true }).fill(subject);
  if (body !== undefined) await email.getByRole('textbox', { name: t.emailBody, exact: true }).fill(body);
}

/** 7. Utlysningsstatus: 'draft'|'published'|'unlisted'|'closed' (or the label). */
export async function chooseStatus(page, lang, status) {
  const t = T[lang];
  await statusGroup(page, lang).getByRole('radio', { name: label(t.postingStatuses, status), exact: true }).check();
}

/**
 * 8. "Opprett utlysning": waits for the new posting's page /jobs/<id> headed `title`, and reads "Link til annonse"
 * (which must be readonly). Returns { id, staffPath, link }.
 */
export async function submitNewPosting(page, lang, title) {
  const t = T[lang];
  await button(page, t.createPosting).click();
  await page.waitForURL((u) => /^\/jobs\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 10_000 }).catch(async () => {
    await fail(page, `"${t.createPosting}" did not lead to the new posting's page /jobs/<id>`);
  });
  await expectH1(page, title);
  const staffPath = new URL(page.url()).pathname;
  const box = await expectVisible(page, page.getByRole('textbox', { name: t.linkToPosting, exact: true }), `textbox "${t.linkToPosting}"`);
  if ((await box.getAttribute('readonly')) === null) await fail(page, `"${t.linkToPosting}" is not readonly`);
  return { id: staffPath.split('/').pop(), staffPath, link: await box.inputValue() };
}

/**
 * A whole posting through the form, as the signed-in employee on `page`: "Stillinger" → "Ny stillingsannonse", the
 * actions that re-render the form first (questions, steps, team), then every field given, then "Opprett utlysning".
 * Returns { id, staffPath, link } ("Link til annonse").
 * @param {{ title: string, status: string, positionType?: string, contact?: string, deadline?: string,
 *   steps?: { name?: string, type?: string, form?: string }[], member?: string, body?: string,
 *   fields?: Record<string, string>, questions?: { text: string, kind: string, required: boolean }[],
 *   email?: { subject?: string, body?: string } }} spec
 *   positionType defaults to 'other'; steps, when given, makes the pipeline exactly that long (an empty entry keeps
 *   the step as it comes); member is added to the hiring team by name or email.
 */
export async function createPosting(page, lang, spec) {
  await openNewPostingForm(page, lang);
  if (spec.questions?.length) await addQuestions(page, lang, spec.questions);
  if (spec.steps) await setStepCount(page, lang, spec.steps.length);
  if (spec.member) await addTeamMember(page, lang, spec.member);
  await fillDetails(page, lang, {
    title: spec.title,
    positionType: spec.positionType ?? 'other',
    contact: spec.contact,
    deadline: spec.deadline,
  });
  for (const [i, s] of (spec.steps ?? []).entries()) await setStep(page, lang, i + 1, s);
  if (spec.body !== undefined) await fillPostingText(page, lang, spec.body);
  if (spec.fields) await setFormFields(page, lang, spec.fields);
  if (spec.email) await fillConfirmationEmail(page, lang, spec.email);
  await chooseStatus(page, lang, spec.status);
  return submitNewPosting(page, lang, spec.title);
}
