// Postings, in each language: step 2 of the help article ("Create a posting for candidate registration") followed
// word for word in the UI — the agency invited (step 1) but not yet accepted, "Stillinger" → "Ny stillingsannonse",
// the seven sections filled as the article says (Registration, Annet, the agency user as contact person,
// Screening/Screening/Standard + Sourcet videre/Annet/Ingen, the agency user and a colleague invited by email in the
// hiring team, the posting text, "Utdanning og akademiske resultater" optional, a confirmation email with
// placeholders, "Ikke oppført"), a failed submit first, then "Opprett utlysning"; the posting page holding exactly
// what was entered, "Link til annonse" with "Kopier", "Gå til screening", "Rediger" (and saving it unchanged); then a
// normal published posting with a deadline, the Jobs list and its status filter. The emails the form queues arrive at
// a real SMTP server on loopback. axe runs on every page state; the form must fit 320 px.
import {
  button,
  expectEqual,
  expectH1,
  expectHtmlLang,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  fail,
  forEachLanguage,
  inviteEmployee,
  journey,
  LANGUAGE_NAMES,
  link,
  openMainMenuLink,
  setupCompany,
  useApp,
  userMenuButton,
  useSmtpSink,
  screenshotDir,
} from '../lib/index.mjs';
import {
  addStep,
  addTeamMember,
  chooseStatus,
  fillDetails,
  fillPostingText,
  memberField as teamMemberField,
  openNewPostingForm,
  removeStep,
  setFormFields,
  setStep,
  statusGroup as postingStatusGroup,
  stepGroup as pipelineStep,
  submitWith,
} from '../lib/posting-form.mjs';
import { norwegianDate, registrationSteps, shownDate } from '../lib/screening.mjs';

const SCREENSHOT_DIR = screenshotDir();

const PEOPLE = {
  nb: {
    admin: {
      company: 'Bølgen & Sæter AS',
      first: 'Kari',
      last: 'Nordmann',
      email: 'kari.nordmann@bolgen.example',
      password: 'riktig-hest-batteri-stift-42',
    },
    // One shared account for the agency: first name + last name = the agency's name.
    agency: { first: 'Byrå', last: 'Rekruttering Øst', email: 'post@byraa-rekruttering.example' },
    // More agency staff, invited right from the hiring team field (article step 2.3).
    colleague: 'ola.hansen@byraa-rekruttering.example',
  },
  en: {
    admin: {
      company: 'Ærø Harbour & Sons Ltd',
      first: 'Emma',
      last: 'Smith',
      email: 'emma.smith@harbour.example',
      password: 'correct-horse-battery-staple-42',
    },
    agency: { first: 'Byrå', last: 'Recruitment Søndre', email: 'hello@byraa-recruitment.example' },
    colleague: 'jane.doe@byraa-recruitment.example',
  },
};

/** What the article has the administrator type, per language. */
function article(lang, company) {
  if (lang === 'nb') {
    return {
      title: 'Registration',
      secondStep: 'Sourcet videre',
      text: `Registrer deg som kandidat hos ${company}`,
      subjectTyped: 'Takk for registreringen, ',
      bodyTyped:
        'Hei {{candidate.first_name}},\n\ntakk for at du registrerte deg hos {{company.name}} ({{job.title}}). ' +
        'Vi tar kontakt når vi har en stilling som passer.\n\nVennlig hilsen\n',
      // the normal posting
      second: 'Butikkmedarbeider',
    };
  }
  return {
    title: 'Registration',
    secondStep: 'Sourced onward',
    text: `Register as a candidate with ${company}`,
    subjectTyped: 'Thank you for registering, ',
    bodyTyped:
      'Hi {{candidate.first_name}},\n\nthank you for registering with {{company.name}} ({{job.title}}). ' +
      'We will be in touch when we have a position that fits.\n\nKind regards\n',
    second: 'Shop assistant',
  };
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Today + `days` (in Norway) as YYYY-MM-DD, and as the UI writes dates in each language. */
function futureDate(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  const { year, month, day } = norwegianDate(d);
  const pad = (n) => String(n).padStart(2, '0');
  return { iso: `${year}-${pad(month)}-${pad(day)}`, nb: shownDate('nb', d), en: shownDate('en', d) };
}

forEachLanguage('postings', (lang, t) => {
  const sink = useSmtpSink();
  const app = useApp('postings', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const { admin, agency, colleague } = PEOPLE[lang];
  const adminName = `${admin.first} ${admin.last}`;
  const agencyName = `${agency.first} ${agency.last}`;
  const a = article(lang, admin.company);
  const deadline = futureDate(30);

  const { step, check } = journey({ prefix: app.name, page: () => app.page });
  const axe = (what) => check(`axe: ${what}`, () => expectNoAxeViolations(app.page, what));

  // What the journey learns on the way.
  let defaults = null; // the empty form as it comes
  let registration = null; // { id, path, link } of the registration posting
  let second = null; // { id, path } of the normal posting
  let subject = null; // the confirmation email's subject and body as entered
  let body = null;

  // --- page parts ---------------------------------------------------------------------------------------------
  const main = (page) => page.getByRole('main');
  const region = (page, name) => page.getByRole('region', { name, exact: true });
  const textbox = (scope, name) => scope.getByRole('textbox', { name, exact: true });
  const combobox = (scope, name) => scope.getByRole('combobox', { name, exact: true });
  const btn = (scope, name) => scope.getByRole('button', { name, exact: true });
  // The form's parts as lib/posting-form.mjs finds them ("Legg til medlem" is checked below to be a text input).
  const memberField = (page) => teamMemberField(page, lang);
  const stepGroup = (page, n) => pipelineStep(page, lang, n);
  const statusGroup = (page) => postingStatusGroup(page, lang);
  const alert = (page) => page.getByRole('alert').filter({ hasText: /\S/ });
  const statusMessage = (page) => page.getByRole('status').filter({ hasText: /\S/ });

  const selectedLabel = (select) => select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);
  const optionLabels = async (select) => (await select.locator('option').allInnerTexts()).map((s) => s.trim());

  async function expectOptions(page, select, expected, what) {
    await expectEqual(page, JSON.stringify(await optionLabels(select)), JSON.stringify(expected), `options of ${what}`);
  }

  async function expectNoHorizontalScroll(page, what) {
    const { scrollWidth, overflowing } = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const overflowing = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
        .slice(0, 10)
        .map((el) => `${el.outerHTML.slice(0, 200)} (right=${Math.round(el.getBoundingClientRect().right)})`);
      return { scrollWidth: document.scrollingElement.scrollWidth, overflowing };
    });
    if (scrollWidth > 320) {
      await fail(
        page,
        `${what}: document.scrollingElement.scrollWidth is ${scrollWidth} (> 320); elements reaching past the viewport:\n  ${overflowing.join('\n  ')}`,
      );
    }
  }

  // --- reading the form ---------------------------------------------------------------------------------------
  /** The team rows of the form: the text of each row (without its button) and its button's name. */
  async function teamRows(page) {
    const items = region(page, t.sec.team).getByRole('listitem');
    const rows = [];
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      const buttons = await item.getByRole('button').all();
      const names = [];
      for (const b of buttons) names.push(norm(await b.evaluate((el) => el.getAttribute('aria-label') || el.textContent)));
      const text = norm(
        await item.evaluate((el) => {
          const c = el.cloneNode(true);
          c.querySelectorAll('button, input').forEach((b) => b.remove());
          return c.textContent;
        }),
      );
      rows.push({ text, buttons: names });
    }
    return rows;
  }

  /** Everything the form shows, by accessible name. */
  async function readForm(page) {
    const details = region(page, t.sec.details);
    const steps = [];
    for (let n = 1; (await stepGroup(page, n).count()) > 0; n++) {
      const g = stepGroup(page, n);
      steps.push({
        name: await textbox(g, t.stepName).inputValue(),
        type: await selectedLabel(combobox(g, t.stepType)),
        form: await selectedLabel(combobox(g, t.evaluationForm)),
      });
    }
    const formRegion = region(page, t.sec.form);
    const fields = {};
    for (const label of Object.values(t.formFields)) fields[label] = await selectedLabel(combobox(formRegion, label));
    const email = region(page, t.sec.email);
    let status = null;
    for (const label of Object.values(t.postingStatuses)) {
      if (await statusGroup(page).getByRole('radio', { name: label, exact: true }).isChecked()) status = label;
    }
    return {
      title: await textbox(details, t.postingTitle).inputValue(),
      positionType: await selectedLabel(combobox(details, t.positionType)),
      contact: await selectedLabel(combobox(details, t.contactPerson)),
      deadline: await details.getByLabel(t.deadline, { exact: true }).inputValue(),
      language: await selectedLabel(combobox(details, t.postingLanguage)),
      steps,
      team: await teamRows(page),
      text: await textbox(region(page, t.sec.text), t.postingText).inputValue(),
      fields,
      questions: await formRegion.getByRole('group', { name: new RegExp(`^${escapeRegExp(t.question(1)).replace('1', '\\d+')}$`) }).count(),
      subject: await textbox(email, t.emailSubject).inputValue(),
      body: await textbox(email, t.emailBody).inputValue(),
      status,
    };
  }

  /**
   * Compares the form with `expected` (keys of readForm; team as [{ has: [strings the row shows], note: null |
   * 'invited' | 'willInvite', remove?: name of its button }]).
   */
  async function expectForm(page, expected, when) {
    const actual = await readForm(page);
    const problems = [];
    for (const [key, want] of Object.entries(expected)) {
      if (key === 'team') continue;
      if (JSON.stringify(actual[key]) !== JSON.stringify(want)) {
        problems.push(`${key}: expected ${JSON.stringify(want)}, found ${JSON.stringify(actual[key])}`);
      }
    }
    if (expected.team) {
      if (actual.team.length !== expected.team.length) {
        problems.push(`team: expected ${expected.team.length} member(s), found ${JSON.stringify(actual.team)}`);
      } else {
        // matched by what each row shows, in any order (a saved team need not keep the order of adding)
        const unmatched = [...actual.team];
        for (const want of expected.team) {
          const i = unmatched.findIndex((r) => want.has.every((s) => r.text.includes(s)));
          if (i < 0) {
            problems.push(`no team row shows ${JSON.stringify(want.has)}: ${JSON.stringify(actual.team)}`);
            continue;
          }
          const [row] = unmatched.splice(i, 1);
          const notes = { invited: t.memberInvited, willInvite: t.memberWillBeInvited };
          for (const [k, note] of Object.entries(notes)) {
            if ((want.note === k) !== row.text.includes(note)) {
              problems.push(`team row ${JSON.stringify(want.has)} ${want.note === k ? 'lacks' : 'shows'} "${note}": ${JSON.stringify(row)}`);
            }
          }
          if (want.remove && JSON.stringify(row.buttons) !== JSON.stringify([want.remove])) {
            problems.push(`team row ${JSON.stringify(want.has)}: expected one button "${want.remove}", found ${JSON.stringify(row.buttons)}`);
          }
        }
      }
    }
    if (problems.length) await fail(page, `the form ${when} is not as expected:\n  ${problems.join('\n  ')}`);
    return actual;
  }

  // The registration posting as the article has it entered, built up section by section.
  const want = {};

  // --- the posting page ---------------------------------------------------------------------------------------
  /** term → definition pairs of the description list in a region. */
  async function facts(scope) {
    const terms = (await scope.getByRole('term').allInnerTexts()).map(norm);
    const defs = (await scope.getByRole('definition').allInnerTexts()).map(norm);
    return Object.fromEntries(terms.map((k, i) => [k, defs[i]]));
  }

  async function expectFacts(page, scope, expected, what) {
    const actual = await facts(scope);
    for (const [k, v] of Object.entries(expected)) {
      const ok = typeof v === 'function' ? v(actual[k]) : actual[k] === v;
      if (!ok) await fail(page, `${what}, "${k}": expected ${typeof v === 'function' ? v.description : JSON.stringify(v)}, found ${JSON.stringify(actual[k])} (all: ${JSON.stringify(actual)})`);
    }
  }

  /**
   * The posting page shows exactly `p`: { title, status, positionType, contact, deadline (text or predicate), language,
   * steps [{name,type,form}], team [[strings a row shows], …] with invited flags, text, fields {label: setting},
   * subject, body }.
   */
  async function expectPostingPage(page, p) {
    await expectHtmlLang(page, lang);
    await expectH1(page, p.title);
    await expectVisible(page, main(page).getByText(p.status, { exact: true }), `the status badge "${p.status}"`);
    await expectVisible(page, btn(page, t.goToScreening), `button "${t.goToScreening}"`);
    const edit = await expectVisible(page, link(page, t.edit), `link "${t.edit}"`);
    const href = new URL(await edit.getAttribute('href'), page.url()).pathname;
    await expectEqual(page, href, `${p.path}/edit`, `path of the "${t.edit}" link`);

    const details = await expectVisible(page, region(page, t.sec.details), `region "${t.sec.details}"`);
    await expectFacts(page, details, {
      [t.positionType]: p.positionType,
      [t.contactPerson]: p.contact,
      [t.deadline]: p.deadline,
      [t.postingLanguage]: p.language,
    }, `"${t.sec.details}" on the posting page`);

    const pipeline = await expectVisible(page, region(page, t.sec.pipeline), `region "${t.sec.pipeline}"`);
    const stepItems = (await pipeline.getByRole('listitem').allInnerTexts()).map(norm);
    if (stepItems.length !== p.steps.length) {
      await fail(page, `"${t.sec.pipeline}" on the posting page: expected ${p.steps.length} steps, found ${JSON.stringify(stepItems)}`);
    }
    for (const [i, s] of p.steps.entries()) {
      const item = stepItems[i];
      // "<name> <type> · <Vurderingsskjema>: <form>"
      const rest = item.startsWith(`${s.name} `) ? item.slice(s.name.length + 1) : null;
      if (rest === null || !rest.includes(s.type) || !rest.includes(`${t.evaluationForm}: ${s.form}`)) {
        await fail(page, `step ${i + 1} on the posting page: expected name "${s.name}", type "${s.type}", ${t.evaluationForm} "${s.form}"; found ${JSON.stringify(item)}`);
      }
    }

    const team = await expectVisible(page, region(page, t.sec.team), `region "${t.sec.team}"`);
    const members = (await team.getByRole('listitem').allInnerTexts()).map(norm);
    if (members.length !== p.team.length) {
      await fail(page, `"${t.sec.team}" on the posting page: expected ${p.team.length} members, found ${JSON.stringify(members)}`);
    }
    // (in any order: the page need not keep the order members were added in)
    for (const m of p.team) {
      const row = members.find((r) => m.has.every((s) => r.includes(s)));
      if (!row) await fail(page, `no member showing ${JSON.stringify(m.has)} under "${t.sec.team}": ${JSON.stringify(members)}`);
      if (m.invited !== row.includes(t.memberInvited)) {
        await fail(page, `team member ${JSON.stringify(m.has)} ${m.invited ? 'lacks' : 'shows'} "${t.memberInvited}": ${JSON.stringify(row)}`);
      }
    }

    const text = await expectVisible(page, region(page, t.sec.text), `region "${t.sec.text}"`);
    const rendered = norm((await text.innerText()).replace(t.sec.text, ''));
    await expectEqual(page, rendered, norm(p.text), `the rendered text under "${t.sec.text}"`);

    const form = await expectVisible(page, region(page, t.sec.form), `region "${t.sec.form}"`);
    await expectFacts(page, form, {
      [t.firstName]: t.alwaysRequired,
      [t.lastName]: t.alwaysRequired,
      [t.email]: t.alwaysRequired,
      ...p.fields,
    }, `"${t.sec.form}" on the posting page`);

    const email = await expectVisible(page, region(page, t.sec.email), `region "${t.sec.email}"`);
    const emailText = await email.innerText();
    const lines = emailText.replace(/\r\n/g, '\n').split('\n');
    // heading, subject, body
    const shownSubject = lines.find((l) => l.trim() === p.subject);
    if (!shownSubject) await fail(page, `"${t.sec.email}" on the posting page lacks the subject ${JSON.stringify(p.subject)}:\n${emailText}`);
    if (!emailText.replace(/\r\n/g, '\n').includes(p.body)) {
      await fail(page, `"${t.sec.email}" on the posting page lacks the body exactly as entered.\nexpected:\n${p.body}\nshown:\n${emailText}`);
    }
  }

  // --- the journey --------------------------------------------------------------------------------------------
  step(`the administrator sets up the company and invites the agency as "${t.roles.user}" (article step 1)`, async () => {
    const page = app.page;
    await setupCompany(page, lang, admin);
    await inviteEmployee(page, lang, { adminName, ...agency, role: 'user' });
  });

  step(`"${t.jobs}" in the main menu: heading, "${t.newPosting}", the status filter, no postings yet`, async () => {
    const page = app.page;
    await openMainMenuLink(page, lang, t.jobs);
    await expectPath(page, '/jobs');
    await expectHtmlLang(page, lang);
    await expectH1(page, t.jobs);
    await expectVisible(page, btn(page, t.newPosting), `button "${t.newPosting}"`);
    const status = await expectVisible(page, combobox(page, t.jobsFilterStatus), `select "${t.jobsFilterStatus}"`);
    await expectOptions(page, status, [t.jobsFilterAll, ...Object.values(t.postingStatuses)], `"${t.jobsFilterStatus}"`);
    await expectVisible(page, btn(page, t.jobsFilter), `button "${t.jobsFilter}"`);
    if ((await main(page).getByRole('link', { name: a.title, exact: true }).count()) > 0) await fail(page, 'a posting is listed before any was created');
  });
  axe(`${t.jobs} page without postings`);

  step(`"${t.newPosting}" opens the form with its seven sections in the article's order`, async () => {
    const page = app.page;
    await btn(page, t.newPosting).click();
    await expectPath(page, '/jobs/new');
    await expectHtmlLang(page, lang);
    await expectH1(page, t.newPosting);
    const h2s = (await main(page).getByRole('heading', { level: 2 }).allInnerTexts()).map(norm);
    await expectEqual(page, JSON.stringify(h2s), JSON.stringify(t.postingSections), 'the h2 sections of the form, in order');
    for (const name of t.postingSections) await expectVisible(page, region(page, name), `region "${name}"`);
    await expectVisible(page, btn(page, t.createPosting), `button "${t.createPosting}"`);
  });
  axe('the empty posting form');

  step(`the empty form: its fields, options and defaults (4 steps, the creator in the team, "${t.postingStatuses.draft}")`, async () => {
    const page = app.page;
    const details = region(page, t.sec.details);
    await expectVisible(page, textbox(details, t.postingTitle), `textbox "${t.postingTitle}"`);
    await expectOptions(page, combobox(details, t.positionType), Object.values(t.positionTypes), `"${t.positionType}"`);
    const contact = await expectVisible(page, combobox(details, t.contactPerson), `select "${t.contactPerson}"`);
    const people = await optionLabels(contact);
    for (const name of [adminName, t.invitedOption(agencyName)]) {
      if (!people.includes(name)) await fail(page, `"${t.contactPerson}" lacks the option ${JSON.stringify(name)}; options: ${JSON.stringify(people)}`);
    }
    const deadlineInput = await expectVisible(page, details.getByLabel(t.deadline, { exact: true }), `date input "${t.deadline}"`);
    await expectEqual(page, await deadlineInput.getAttribute('type'), 'date', `type of "${t.deadline}"`);
    await expectVisible(page, combobox(details, t.postingLanguage), `select "${t.postingLanguage}"`);

    const s1 = stepGroup(page, 1);
    await expectOptions(page, combobox(s1, t.stepType), Object.values(t.stepTypes), `"${t.stepType}"`);
    await expectOptions(page, combobox(s1, t.evaluationForm), Object.values(t.evaluationForms), `"${t.evaluationForm}"`);
    await expectVisible(page, btn(s1, t.removeStep), `button "${t.removeStep}" in "${t.step(1)}"`);
    await expectVisible(page, btn(s1, t.moveDown), `button "${t.moveDown}" in "${t.step(1)}"`);
    await expectVisible(page, btn(stepGroup(page, 2), t.moveUp), `button "${t.moveUp}" in "${t.step(2)}"`);
    await expectVisible(page, btn(region(page, t.sec.pipeline), t.addStep), `button "${t.addStep}"`);

    const team = region(page, t.sec.team);
    const member = await expectVisible(page, memberField(page), `text field "${t.addMember}"`);
    await expectEqual(page, await member.getAttribute('type'), 'text', `type of "${t.addMember}"`);
    await expectVisible(page, btn(team, t.add), `button "${t.add}"`);

    const text = region(page, t.sec.text);
    await expectVisible(page, textbox(text, t.postingText), `textarea "${t.postingText}"`);
    await expectVisible(page, btn(text, t.preview), `button "${t.preview}" under "${t.sec.text}"`);

    const form = region(page, t.sec.form);
    for (const label of [t.firstName, t.lastName, t.email]) {
      const row = form.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
      await expectVisible(page, row, `a row "${label}" under "${t.sec.form}"`);
      await expectEqual(page, norm(await row.first().innerText()).replace(label, '').trim(), t.alwaysRequired, `the row "${label}"`);
    }
    for (const label of Object.values(t.formFields)) {
      await expectOptions(page, combobox(form, label), Object.values(t.fieldSettings), `"${label}"`);
    }
    await expectVisible(page, form.getByText(t.ownQuestions, { exact: true }), `"${t.ownQuestions}"`);
    await expectVisible(page, btn(form, t.addQuestion), `button "${t.addQuestion}"`);

    const email = region(page, t.sec.email);
    await expectVisible(page, email.getByRole('group', { name: t.insertPlaceholder, exact: true }), `group "${t.insertPlaceholder}"`);
    await expectVisible(page, btn(email, t.preview), `button "${t.preview}" under "${t.sec.email}"`);

    await expectVisible(page, statusGroup(page), `radio group "${t.postingStatus}"`);
    const radios = (await statusGroup(page).getByRole('radio').all()).length;
    await expectEqual(page, radios, 4, `number of radios in "${t.postingStatus}"`);

    defaults = await readForm(page);
    const problems = [];
    const expectDefault = (what, actual, expected) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
    };
    expectDefault('title', defaults.title, '');
    expectDefault('step names', defaults.steps.map((s) => s.name), t.defaultSteps);
    expectDefault('contact person', defaults.contact, adminName);
    expectDefault('deadline', defaults.deadline, '');
    expectDefault('posting language', defaults.language, LANGUAGE_NAMES[lang]);
    expectDefault('team', defaults.team.map((r) => r.buttons), [[t.removeMember(adminName)]]);
    expectDefault('status', defaults.status, t.postingStatuses.draft);
    expectDefault('questions', defaults.questions, 0);
    if (!defaults.body.includes('{{candidate.first_name}}') || !defaults.body.includes('{{job.title}}')) {
      problems.push(`the default "${t.emailBody}" lacks {{candidate.first_name}} / {{job.title}}: ${JSON.stringify(defaults.body)}`);
    }
    if (!defaults.subject.trim()) problems.push(`the default "${t.emailSubject}" is empty`);
    if (problems.length) await fail(page, `the new form's defaults:\n  ${problems.join('\n  ')}`);
  });

  check('the empty form fits a 320 px wide viewport without horizontal scrolling', async () => {
    const page = app.page;
    const size = page.viewportSize();
    try {
      await page.setViewportSize({ width: 320, height: 640 });
      await expectNoHorizontalScroll(page, 'the empty posting form at 320 px');
    } finally {
      await page.setViewportSize(size);
    }
  });

  // 1. Utlysningsdetaljer
  step(`1. ${t.sec.details}: "${a.title}", "${t.positionTypes.other}", the agency user as "${t.contactPerson}"`, async () => {
    const page = app.page;
    await fillDetails(page, lang, { title: a.title, positionType: 'other', contact: t.invitedOption(agencyName) });
    Object.assign(want, {
      title: a.title,
      positionType: t.positionTypes.other,
      contact: t.invitedOption(agencyName),
      deadline: '',
      language: LANGUAGE_NAMES[lang],
    });
    await expectForm(page, want, 'after filling the details');
  });

  // 2. Screening-pipeline
  step(`2. ${t.sec.pipeline}: "${t.step(1)}" = Screening/${t.stepTypes.screening}/${t.evaluationForms.standard}, "${t.step(2)}" = ${a.secondStep}/${t.stepTypes.other}/${t.evaluationForms.none}`, async () => {
    const page = app.page;
    for (const [i, s] of registrationSteps(a.secondStep).entries()) await setStep(page, lang, i + 1, s);
  });

  const article2Steps = () => [
    { name: 'Screening', type: t.stepTypes.screening, form: t.evaluationForms.standard },
    { name: a.secondStep, type: t.stepTypes.other, form: t.evaluationForms.none },
  ];

  step(`"${t.addStep}" adds an empty "${t.step(5)}" and keeps everything typed`, async () => {
    const page = app.page;
    const res = await addStep(page, lang);
    await expectEqual(page, res.status(), 200, `HTTP status after "${t.addStep}"`);
    await expectPath(page, '/jobs/new');
    await expectForm(page, {
      ...want,
      steps: [...article2Steps(), ...defaults.steps.slice(2), { name: '', type: t.stepTypes.other, form: t.evaluationForms.none }],
    }, `after "${t.addStep}"`);
  });
  axe(`the form after "${t.addStep}"`);

  step(`"${t.moveDown}" on "${t.step(1)}" and "${t.moveUp}" on "${t.step(2)}" swap the steps and back`, async () => {
    const page = app.page;
    await submitWith(page, btn(stepGroup(page, 1), t.moveDown));
    const swapped = await readForm(page);
    await expectEqual(page, JSON.stringify(swapped.steps.slice(0, 2)), JSON.stringify(article2Steps().reverse()), `steps 1–2 after "${t.moveDown}"`);
    await submitWith(page, btn(stepGroup(page, 2), t.moveUp));
    const back = await readForm(page);
    await expectEqual(page, JSON.stringify(back.steps.slice(0, 2)), JSON.stringify(article2Steps()), `steps 1–2 after "${t.moveUp}"`);
  });

  step(`"${t.removeStep}" removes the other steps one by one, keeping the two the article names`, async () => {
    const page = app.page;
    for (const n of [5, 4, 3]) {
      const res = await removeStep(page, lang, n);
      await expectEqual(page, res.status(), 200, `HTTP status after "${t.removeStep}" in "${t.step(n)}"`);
      if ((await stepGroup(page, n).count()) > 0) await fail(page, `"${t.step(n)}" still there after "${t.removeStep}"`);
    }
    want.steps = article2Steps();
    await expectForm(page, want, `after "${t.removeStep}"`);
  });
  axe(`the form after "${t.removeStep}"`);

  // 3. Ansettelsesteam
  step(`3. ${t.sec.team}: typing the agency's name and "${t.add}" adds them, "${t.memberInvited}"`, async () => {
    const page = app.page;
    await addTeamMember(page, lang, agencyName);
    want.team = [
      { has: [adminName], note: null, remove: t.removeMember(adminName) },
      { has: [agencyName], note: 'invited', remove: t.removeMember(agencyName) },
    ];
    await expectForm(page, want, `after adding "${agencyName}"`);
    await expectEqual(page, await memberField(page).inputValue(), '', `"${t.addMember}" after adding`);
  });

  step(`typing a new email and "${t.add}" adds a row "${t.memberWillBeInvited}"`, async () => {
    const page = app.page;
    await addTeamMember(page, lang, colleague);
    want.team.push({ has: [colleague], note: 'willInvite', remove: t.removeMember(colleague) });
    await expectForm(page, want, `after adding ${colleague}`);
  });
  axe('the form with the hiring team');

  // 4. Utlysningstekst
  step(`4. ${t.sec.text}: "${a.text}"; "${t.preview}" shows it rendered`, async () => {
    const page = app.page;
    const text = region(page, t.sec.text);
    await fillPostingText(page, lang, a.text);
    want.text = a.text;
    await submitWith(page, btn(text, t.preview));
    const preview = await expectVisible(
      page,
      region(page, t.sec.text).getByRole('region', { name: t.previewHeading, exact: true }),
      `region "${t.previewHeading}" under "${t.sec.text}"`,
    );
    const html = await preview.evaluate((el) => el.innerHTML);
    const rendered = norm((await preview.innerText()).replace(t.previewHeading, ''));
    await expectEqual(page, rendered, a.text, `the "${t.previewHeading}" of the text`);
    if (!/<p>[^<]*<\/p>/.test(html)) await fail(page, `the preview is not rendered HTML (no <p>): ${html}`);
    await expectForm(page, want, `after "${t.preview}"`);
  });
  axe('the form with the text preview');

  // 5. Søknadsskjema
  step(`5. ${t.sec.form}: "${t.formFields.education}" = "${t.fieldSettings.optional}"`, async () => {
    const page = app.page;
    await setFormFields(page, lang, { education: 'optional' });
    want.fields = { ...defaults.fields, [t.formFields.education]: t.fieldSettings.optional };
    want.questions = 0;
    await expectForm(page, want, 'after choosing the fields');
  });

  step(`"${t.addQuestion}" adds "${t.question(1)}"; "${t.removeQuestion}" takes it away again`, async () => {
    const page = app.page;
    await submitWith(page, btn(region(page, t.sec.form), t.addQuestion));
    const q = region(page, t.sec.form).getByRole('group', { name: t.question(1), exact: true });
    await expectVisible(page, q, `group "${t.question(1)}"`);
    await expectVisible(page, textbox(q, t.questionText), `textbox "${t.questionText}"`);
    await expectVisible(page, combobox(q, t.answerType), `select "${t.answerType}"`);
    await expectVisible(page, textbox(q, t.questionOptions), `textarea "${t.questionOptions}"`);
    await expectVisible(page, q.getByRole('checkbox', { name: t.questionRequired, exact: true }), `checkbox "${t.questionRequired}"`);
    await expectForm(page, { ...want, questions: 1 }, `after "${t.addQuestion}"`);
    await submitWith(page, btn(q, t.removeQuestion));
    await expectForm(page, want, `after "${t.removeQuestion}"`);
  });

  // 6. Bekreftelses-e-post
  step(`6. ${t.sec.email}: a subject and body of our own, placeholders inserted with "${t.insertPlaceholder}" at the cursor`, async () => {
    const page = app.page;
    const email = region(page, t.sec.email);
    const subj = textbox(email, t.emailSubject);
    const bodyBox = textbox(email, t.emailBody);
    const chips = email.getByRole('group', { name: t.insertPlaceholder, exact: true });
    await subj.fill(a.subjectTyped);
    await bodyBox.fill(a.bodyTyped);
    // the subject last focused, cursor at its end: "Kandidatens fornavn" goes there
    await subj.focus();
    await subj.press('End');
    await btn(chips, t.placeholderNames['candidate.first_name']).click();
    subject = `${a.subjectTyped}{{candidate.first_name}}`;
    await expectEqual(page, await subj.inputValue(), subject, `"${t.emailSubject}" after "${t.placeholderNames['candidate.first_name']}"`);
    // then the body, cursor at its end: "Kontaktpersonens navn" goes there, not into the subject
    await bodyBox.focus();
    await bodyBox.press('Control+End');
    await btn(chips, t.placeholderNames['contact.full_name']).click();
    body = `${a.bodyTyped}{{contact.full_name}}`;
    await expectEqual(page, await bodyBox.inputValue(), body, `"${t.emailBody}" after "${t.placeholderNames['contact.full_name']}"`);
    await expectEqual(page, await subj.inputValue(), subject, `"${t.emailSubject}" after inserting into the body`);
    want.subject = subject;
    want.body = body;
  });

  step(`"${t.preview}" shows the email with sample data (first name "Kari")`, async () => {
    const page = app.page;
    await submitWith(page, btn(region(page, t.sec.email), t.preview));
    const preview = await expectVisible(
      page,
      region(page, t.sec.email).getByRole('region', { name: t.previewHeading, exact: true }),
      `region "${t.previewHeading}" under "${t.sec.email}"`,
    );
    const shown = (await preview.innerText()).replace(/\r\n/g, '\n');
    const fill = (s) =>
      s
        .replaceAll('{{candidate.first_name}}', 'Kari')
        .replaceAll('{{company.name}}', admin.company)
        .replaceAll('{{job.title}}', a.title)
        .replaceAll('{{contact.full_name}}', agencyName);
    for (const part of [fill(subject), ...fill(body).split('\n').filter(Boolean)]) {
      if (!shown.includes(part)) await fail(page, `the email preview lacks ${JSON.stringify(part)}:\n${shown}`);
    }
    if (shown.includes('{{')) await fail(page, `the email preview still shows a placeholder:\n${shown}`);
    await expectForm(page, want, `after the email "${t.preview}"`);
  });
  axe('the form with the email preview');

  // 7. Utlysningsstatus
  step(`7. ${t.sec.status}: "${t.postingStatuses.unlisted}"`, async () => {
    const page = app.page;
    await chooseStatus(page, lang, 'unlisted');
    want.status = t.postingStatuses.unlisted;
    await expectForm(page, want, `after choosing "${t.postingStatuses.unlisted}"`);
  });
  check('screenshot of the filled form', async () => {
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-posting-form-${lang}.png`, fullPage: true });
  });

  step(`"${t.createPosting}" with the title emptied and an unknown placeholder: 422, "${t.formErrors}", everything kept`, async () => {
    const page = app.page;
    const details = region(page, t.sec.details);
    await textbox(details, t.postingTitle).fill('');
    const badBody = `${body}\n{{candidate.age}}`;
    await textbox(region(page, t.sec.email), t.emailBody).fill(badBody);
    const res = await submitWith(page, btn(page, t.createPosting));
    await expectEqual(page, res.status(), 422, `HTTP status of the failed "${t.createPosting}"`);
    await expectPath(page, '/jobs/new');
    const summary = await expectVisible(page, alert(page), `an error summary (role=alert) "${t.formErrors}"`);
    const summaryText = norm(await summary.innerText());
    if (!summaryText.startsWith(t.formErrors)) await fail(page, `the error summary does not start with "${t.formErrors}": ${JSON.stringify(summaryText)}`);
    const links = summary.getByRole('link');
    const targets = [];
    for (const l of await links.all()) targets.push({ text: norm(await l.innerText()), href: await l.getAttribute('href') });
    for (const [label, control] of [
      [t.postingTitle, textbox(details, t.postingTitle)],
      [t.emailBody, textbox(region(page, t.sec.email), t.emailBody)],
    ]) {
      const id = await control.getAttribute('id');
      const target = targets.find((x) => x.href === `#${id}`);
      if (!target || !target.text.startsWith(label)) {
        await fail(page, `the error summary has no link "${label}: …" to #${id}; links: ${JSON.stringify(targets)}`);
      }
      await expectEqual(page, await control.getAttribute('aria-invalid'), 'true', `aria-invalid of "${label}"`);
      const described = await control.evaluate((el) =>
        (el.getAttribute('aria-describedby') || '').split(/\s+/).map((i) => document.getElementById(i)?.textContent.trim()).filter(Boolean),
      );
      if (described.length === 0) await fail(page, `"${label}" is not described by an error message (aria-describedby)`);
      if (label === t.emailBody && !described.some((d) => d.startsWith(t.unknownPlaceholder))) {
        await fail(page, `the error of "${label}" does not say "${t.unknownPlaceholder} …": ${JSON.stringify(described)}`);
      }
    }
    if (targets.length !== 2) await fail(page, `expected 2 errors in the summary, found ${JSON.stringify(targets)}`);
    await expectForm(page, { ...want, title: '', body: badBody }, 'after the failed submit');
  });
  axe('the form after a failed submit');

  step(`title and body fixed, "${t.createPosting}" opens the posting page: "${t.postingCreated}"`, async () => {
    const page = app.page;
    await textbox(region(page, t.sec.details), t.postingTitle).fill(a.title);
    await textbox(region(page, t.sec.email), t.emailBody).fill(body);
    await expectForm(page, want, 'before creating the posting');
    const res = await submitWith(page, btn(page, t.createPosting));
    await expectEqual(page, res.status(), 303, `HTTP status of "${t.createPosting}"`);
    await page.waitForURL((u) => /^\/jobs\/[^/]+$/.test(u.pathname) && u.search === '?created=1');
    const path = new URL(page.url()).pathname;
    const id = path.split('/')[2];
    if (!new RegExp(`^${UUID}$`).test(id)) await fail(page, `the posting's id in ${path} is not a UUID`);
    registration = { id, path };
    const notice = await expectVisible(page, statusMessage(page), 'a status message (role=status)');
    await expectEqual(page, norm(await notice.innerText()), t.postingCreated, 'the status message');
  });

  const registrationPage = () => ({
    path: registration.path,
    title: a.title,
    status: t.postingStatuses.unlisted,
    positionType: t.positionTypes.other,
    contact: agencyName,
    deadline: Object.assign((v) => typeof v === 'string' && !/\d/.test(v), { description: 'no date' }),
    language: LANGUAGE_NAMES[lang],
    steps: article2Steps(),
    team: [
      { has: [adminName, admin.email], invited: false },
      { has: [agencyName, agency.email], invited: true },
      { has: [colleague], invited: true },
    ],
    text: a.text,
    fields: want.fields,
    subject,
    body,
  });

  step('the posting page holds exactly what was entered', async () => {
    await expectPostingPage(app.page, registrationPage());
  });
  axe('the posting page');
  check('screenshot of the posting page', async () => {
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-posting-${lang}.png`, fullPage: true });
  });

  step(`"${t.linkToPosting}": readonly, ${'<base>'}/careers/<company>/<id>; "${t.copy}" copies it, "${t.copied}"`, async () => {
    const page = app.page;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.baseURL });
    const box = await expectVisible(page, textbox(page, t.linkToPosting), `textbox "${t.linkToPosting}"`);
    if (!(await box.evaluate((el) => el.readOnly))) await fail(page, `"${t.linkToPosting}" is not readonly`);
    const value = await box.inputValue();
    const pattern = new RegExp(`^${escapeRegExp(app.server.baseURL)}/careers/[a-z0-9-]+/${registration.id}$`);
    if (!pattern.test(value)) await fail(page, `"${t.linkToPosting}" is ${JSON.stringify(value)}, expected ${pattern}`);
    registration.link = value;
    await btn(page, t.copy).click();
    await expectVisible(page, page.getByRole('status').filter({ hasText: t.copied }), `status text "${t.copied}"`);
    await expectEqual(page, await page.evaluate(() => navigator.clipboard.readText()), value, 'the clipboard after "Copy"');
  });

  step(`"${t.goToScreening}" opens the board: "${t.boardTitle(a.title)}", one column per step, each "(0)"`, async () => {
    const page = app.page;
    await btn(page, t.goToScreening).click();
    await expectPath(page, `${registration.path}/board`);
    await expectHtmlLang(page, lang);
    await expectH1(page, t.boardTitle(a.title));
    const columns = article2Steps().map((s) => `${s.name} (0)`);
    const h2s = (await main(page).getByRole('heading', { level: 2 }).allInnerTexts()).map(norm);
    await expectEqual(page, JSON.stringify(h2s), JSON.stringify(columns), 'the column headings of the board');
    for (const c of columns) await expectVisible(page, region(page, c), `region "${c}"`);
  });
  axe('the screening board');

  step(`"${t.edit}" opens the form with what was saved, and "${t.savePosting}"`, async () => {
    const page = app.page;
    await page.goto(registration.path);
    await link(page, t.edit).click();
    await expectPath(page, `${registration.path}/edit`);
    await expectHtmlLang(page, lang);
    const h2s = (await main(page).getByRole('heading', { level: 2 }).allInnerTexts()).map(norm);
    await expectEqual(page, JSON.stringify(h2s), JSON.stringify(t.postingSections), 'the h2 sections of the edit form');
    await expectVisible(page, btn(page, t.savePosting), `button "${t.savePosting}"`);
    if ((await btn(page, t.createPosting).count()) > 0) await fail(page, `the edit form offers "${t.createPosting}"`);
    await expectForm(page, {
      ...want,
      // the colleague is an invited employee now
      team: [
        { has: [adminName], note: null, remove: t.removeMember(adminName) },
        { has: [agencyName], note: 'invited', remove: t.removeMember(agencyName) },
        { has: [colleague], note: 'invited' },
      ],
    }, 'when editing');
  });
  axe('the edit form');

  check('the filled edit form fits a 320 px wide viewport without horizontal scrolling', async () => {
    const page = app.page;
    const size = page.viewportSize();
    try {
      await page.setViewportSize({ width: 320, height: 640 });
      await expectNoHorizontalScroll(page, 'the filled edit form at 320 px');
    } finally {
      await page.setViewportSize(size);
    }
  });

  step(`"${t.savePosting}" unchanged keeps the posting exactly as it was`, async () => {
    const page = app.page;
    const res = await submitWith(page, btn(page, t.savePosting));
    await expectEqual(page, res.status(), 303, `HTTP status of "${t.savePosting}"`);
    await expectPath(page, registration.path);
    await expectVisible(page, statusMessage(page), 'a status message (role=status)');
    await expectPostingPage(page, registrationPage());
  });

  // --- the emails the form queued --------------------------------------------------------------------------------
  check(`the colleague's invitation arrives ("${t.invitationSubject(admin.company)}")`, async () => {
    const mail = await sink.waitForMessage({ to: colleague, where: (m) => m.parsed.subject === t.invitationSubject(admin.company) });
    if (!(mail.parsed.text || '').includes('/invitations/')) await fail(app.page, `the invitation has no link:\n${mail.parsed.text}`);
  });

  check(`the agency and the colleague are told "${t.teamAddedSubject(a.title)}", once each`, async () => {
    for (const to of [agency.email, colleague]) {
      await sink.waitForMessage({ to, where: (m) => m.parsed.subject === t.teamAddedSubject(a.title) });
    }
    await new Promise((r) => setTimeout(r, 500));
    const notices = sink.messages.filter((m) => m.parsed.subject === t.teamAddedSubject(a.title));
    const recipients = notices.flatMap((m) => m.envelope.to).sort();
    await expectEqual(app.page, JSON.stringify(recipients), JSON.stringify([agency.email, colleague].sort()), 'recipients of the team notices');
  });

  // --- a normal published posting ---------------------------------------------------------------------------------
  step(`a normal posting "${a.second}": defaults, a deadline in 30 days, "${t.postingStatuses.published}"`, async () => {
    const page = app.page;
    await openNewPostingForm(page, lang);
    await fillDetails(page, lang, { title: a.second, deadline: deadline.iso });
    await chooseStatus(page, lang, 'published');
    const res = await submitWith(page, btn(page, t.createPosting));
    await expectEqual(page, res.status(), 303, `HTTP status of "${t.createPosting}"`);
    await page.waitForURL((u) => /^\/jobs\/[^/]+$/.test(u.pathname) && u.search === '?created=1');
    const path = new URL(page.url()).pathname;
    second = { id: path.split('/')[2], path };
    await expectPostingPage(page, {
      path,
      title: a.second,
      status: t.postingStatuses.published,
      positionType: defaults.positionType,
      contact: adminName,
      deadline: deadline[lang],
      language: LANGUAGE_NAMES[lang],
      steps: defaults.steps,
      team: [{ has: [adminName], invited: false }],
      text: '',
      fields: defaults.fields,
      subject: defaults.subject,
      body: defaults.body,
    });
  });
  axe('the published posting page');

  // --- the Jobs list and its filter --------------------------------------------------------------------------------
  /** The rows of the Jobs table: { title, href, status, deadline, contact } in order. */
  async function jobRows(page) {
    const rows = main(page).getByRole('row').filter({ has: page.getByRole('cell') });
    const out = [];
    for (const row of await rows.all()) {
      const cells = (await row.getByRole('cell').allInnerTexts()).map(norm);
      const l = row.getByRole('link');
      const href = (await l.count()) ? new URL(await l.first().getAttribute('href'), page.url()).pathname : null;
      out.push({ title: cells[0], href, status: cells[1], candidates: cells[2], deadline: cells[3], contact: cells[4] });
    }
    return out;
  }

  async function filterBy(page, label) {
    await combobox(page, t.jobsFilterStatus).selectOption({ label });
    await btn(page, t.jobsFilter).click();
    await page.waitForLoadState('load');
    await expectPath(page, '/jobs');
    await expectH1(page, t.jobs);
    await expectEqual(page, await selectedLabel(combobox(page, t.jobsFilterStatus)), label, `"${t.jobsFilterStatus}" after "${t.jobsFilter}"`);
  }

  step(`"${t.jobs}" lists both postings with their status, deadline and contact person; titles link to them`, async () => {
    const page = app.page;
    await openMainMenuLink(page, lang, t.jobs);
    await expectPath(page, '/jobs');
    await expectH1(page, t.jobs);
    const headers = (await main(page).getByRole('columnheader').allInnerTexts()).map(norm);
    await expectEqual(page, JSON.stringify(headers), JSON.stringify(t.jobsColumns), 'the column headers of the Jobs table');
    const rows = await jobRows(page);
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]));
    await expectEqual(page, JSON.stringify(rows.map((r) => r.title).sort()), JSON.stringify([a.title, a.second].sort()), 'the postings listed');
    const reg = byTitle[a.title];
    const pub = byTitle[a.second];
    const problems = [];
    const expectCell = (what, actual, ok) => {
      if (!ok) problems.push(`${what}: found ${JSON.stringify(actual)}`);
    };
    expectCell(`"${a.title}" links to ${registration.path}`, reg.href, reg.href === registration.path);
    expectCell(`"${a.second}" links to ${second.path}`, pub.href, pub.href === second.path);
    expectCell(`"${a.title}" status "${t.postingStatuses.unlisted}"`, reg.status, reg.status === t.postingStatuses.unlisted);
    expectCell(`"${a.second}" status "${t.postingStatuses.published}"`, pub.status, pub.status === t.postingStatuses.published);
    expectCell(`"${a.title}" contact "${agencyName}"`, reg.contact, reg.contact === agencyName);
    expectCell(`"${a.second}" contact "${adminName}"`, pub.contact, pub.contact === adminName);
    expectCell(`"${a.title}" has no deadline`, reg.deadline, !/\d/.test(reg.deadline));
    expectCell(`"${a.second}" deadline ${deadline[lang]}`, pub.deadline, pub.deadline === deadline[lang] || pub.deadline === deadline.iso);
    if (problems.length) await fail(page, `the Jobs table:\n  ${problems.join('\n  ')}\nrows: ${JSON.stringify(rows)}`);
    // the badges are the status texts inside the Status cells
    await expectVisible(page, main(page).getByRole('row', { name: new RegExp(escapeRegExp(a.title)) }).getByText(t.postingStatuses.unlisted, { exact: true }), `badge "${t.postingStatuses.unlisted}"`);
  });
  axe(`${t.jobs} page with two postings`);

  step(`"${t.jobsFilterStatus}" filter: each status shows only its postings, "${t.jobsFilterAll}" shows both`, async () => {
    const page = app.page;
    const expected = [
      [t.postingStatuses.unlisted, [a.title]],
      [t.postingStatuses.published, [a.second]],
      [t.postingStatuses.draft, []],
      [t.postingStatuses.closed, []],
      [t.jobsFilterAll, [a.second, a.title].sort()],
    ];
    for (const [label, titles] of expected) {
      await filterBy(page, label);
      const shown = (await jobRows(page)).map((r) => r.title).sort();
      await expectEqual(page, JSON.stringify(shown), JSON.stringify(titles), `postings listed with "${t.jobsFilterStatus}" = "${label}"`);
    }
  });

  step(`"${t.jobsFilterStatus}" = "${t.postingStatuses.unlisted}" again`, async () => {
    await filterBy(app.page, t.postingStatuses.unlisted);
  });
  axe(`${t.jobs} page filtered by "${t.postingStatuses.unlisted}"`);

  step('the title in the list opens the posting', async () => {
    const page = app.page;
    await main(page).getByRole('link', { name: a.title, exact: true }).click();
    await expectPath(page, registration.path);
    await expectH1(page, a.title);
    if ((await userMenuButton(page, adminName).count()) === 0) await fail(page, 'no longer signed in');
  });
});
