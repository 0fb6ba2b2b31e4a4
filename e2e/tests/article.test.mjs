// The founding user story, spec/agency-registration.nb.txt (and its English rendering), followed from step 1 to step
// 5 as one journey — one server, one browser — per language, through the real UI, finding every control the article
// names by the GLOSSARY's label as its accessible name:
//   1. first-run setup as the company administrator; picture → "Bedriftsinnstillinger" → "Ansatte" → "Inviter
//      ansatt" invites the recruitment agency with "Rolle" = "Bruker"; the invitation arrives at a real SMTP server on
//      loopback and the agency accepts it in a browser context of its own, choosing a password;
//   2. "Stillinger" → "Ny stillingsannonse": the registration posting, section by section as the article has it
//      (Annet, the agency as contact person, Screening/Screening/Standard + Sourcet videre/Annet/Ingen, the agency on
//      the hiring team, the text, education optional and a CV required, a confirmation email with placeholders,
//      "Ikke oppført"), "Opprett utlysning"; and a normal published posting to source into later;
//   3. the agency signs in and takes "Link til annonse"; a candidate (anonymous) opens it, "Søk på stillingen",
//      applies with a small PDF CV and gets the confirmation email; another candidate applies to the published one;
//   4. the agency: "Stillinger" → the registration posting → "Gå til screening" → the candidate's name → a note at the
//      bottom, "Publiser"; the published posting and its candidate stay out of the agency's sight;
//   5. the administrator: "Kandidater" → "Kilde" = the registration posting → "Velg {fullt navn}" → "Source til
//      utlysning" → "Stilling" = the published posting → "Source": "1 kandidat(er) sourcet til …"; the candidate is
//      in the published posting's Screening step, and the agency's note is still on the profile.
// axe (WCAG 2.1 A/AA) runs on every main page of the way.
import {
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
  logIn,
  openMainMenuLink,
  setupCompany,
  useApp,
  userMenuButton,
  useSmtpSink,
  screenshotDir,
} from '../lib/index.mjs';
import {
  filterCandidates,
  listedCandidates,
  openCandidates,
  openSourceDialog,
  selectCandidates,
  sourceTo,
} from '../lib/candidates.mjs';
import {
  addTeamMember,
  chooseStatus,
  createPosting,
  fillConfirmationEmail,
  fillDetails,
  fillPostingText,
  openNewPostingForm,
  postingSection,
  setFormFields,
  setStep,
  setStepCount,
  stepGroup,
  submitNewPosting,
} from '../lib/posting-form.mjs';
import { careersSlug, PUBLIC } from '../lib/public.mjs';
import {
  acceptInvitation,
  applicationFields,
  applyWithCv,
  openBoard,
  publishNote,
  registrationSteps,
  SCREEN,
  submitApplicationWithCv,
} from '../lib/screening.mjs';

const SCREENSHOT_DIR = screenshotDir();

const DATA = {
  nb: {
    admin: {
      company: 'Fjordlys & Sønner AS',
      first: 'Kari',
      last: 'Nordmann',
      email: 'kari.nordmann@fjordlys.example',
      password: 'riktig-hest-batteri-stift-42',
    },
    // One shared account for the agency: first name + last name = the agency's name.
    agency: { first: 'Byrå', last: 'Rekruttering Øst', email: 'post@byraa-rekruttering.example', password: 'blåbær-syltetøy-2025' },
    registration: {
      title: 'Registrering – Byrå Rekruttering Øst',
      text: 'Registrer deg som kandidat hos Fjordlys & Sønner AS',
      email: {
        subject: 'Takk for registreringen, {{candidate.first_name}}!',
        body: 'Hei {{candidate.full_name}},\n\ntakk for at du registrerte deg hos {{company.name}} ({{job.title}}).\n\nVennlig hilsen\n{{contact.full_name}}',
      },
      confirmation: (c, company, title, contact) => ({
        subject: `Takk for registreringen, ${c.first}!`,
        body: `Hei ${c.first} ${c.last}, takk for at du registrerte deg hos ${company} (${title}). Vennlig hilsen ${contact}`,
      }),
    },
    published: { title: 'Lagermedarbeider', body: 'Vi søker en lagermedarbeider til lageret i Bergen.' },
    candidate: { first: 'Åse', last: 'Ødegård', email: 'aase.odegard@kandidat.example', cv: 'Åse Ødegård CV.pdf' },
    other: { first: 'Per', last: 'Hansen', email: 'per.hansen@kandidat.example', cv: 'cv-per.pdf' },
    note: 'Ringt 12. mai: fem års erfaring fra lager og logistikk, truckførerbevis. Passer for Lagermedarbeider.',
  },
  en: {
    admin: {
      company: 'Ærø Harbour & Sons Ltd',
      first: 'Emma',
      last: 'Smith',
      email: 'emma.smith@harbour.example',
      password: 'correct-horse-battery-staple-42',
    },
    agency: { first: 'Fjord', last: 'Talent Søndre', email: 'hello@fjord-talent.example', password: 'blueberry-jam-æøå-2025' },
    registration: {
      title: 'Registration – Fjord Talent Søndre',
      text: 'Register as a candidate with Ærø Harbour & Sons Ltd',
      email: {
        subject: 'Thank you for registering, {{candidate.first_name}}!',
        body: 'Hi {{candidate.full_name}},\n\nthank you for registering with {{company.name}} ({{job.title}}).\n\nKind regards\n{{contact.full_name}}',
      },
      confirmation: (c, company, title, contact) => ({
        subject: `Thank you for registering, ${c.first}!`,
        body: `Hi ${c.first} ${c.last}, thank you for registering with ${company} (${title}). Kind regards ${contact}`,
      }),
    },
    published: { title: 'Warehouse associate', body: 'We are looking for a warehouse associate in Bergen.' },
    candidate: { first: 'Zoë', last: 'Ångström', email: 'zoe.angstrom@candidate.example', cv: 'Zoë Ångström CV.pdf' },
    other: { first: 'Oliver', last: 'Brown', email: 'oliver.brown@candidate.example', cv: 'cv-oliver.pdf' },
    note: 'Called on 12 May: five years in warehousing and logistics, forklift licence. A fit for Warehouse associate.',
  },
};

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const UUID_PATH = /^\/(jobs|candidates)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

forEachLanguage('article', (lang, t) => {
  const sink = useSmtpSink();
  const app = useApp('article', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const D = DATA[lang];
  const { admin, agency, candidate: c1, other: c2 } = D;
  const R = D.registration;
  const P = D.published;
  const sc = SCREEN[lang];
  const p = PUBLIC[lang];
  const cand = t.cand;
  const adminName = `${admin.first} ${admin.last}`;
  const agencyName = `${agency.first} ${agency.last}`;
  const c1Name = `${c1.first} ${c1.last}`;
  const c2Name = `${c2.first} ${c2.last}`;
  const [screening, ...laterSteps] = t.defaultSteps; // the published posting keeps the default pipeline

  let agencyPage = null; // the agency, signed in through /login (from step 3 on)
  let candidatePage = null; // the candidate, anonymous
  let current = () => app.page; // the page a failure's screenshot shows
  const { step, check } = journey({ prefix: app.name, page: () => current() });
  const axe = (what, page = () => app.page) => check(`axe: ${what}`, () => expectNoAxeViolations(page(), what));
  /**
   * axe on a page state that lives only inside a step (a form just before it is sent, in a context the step closes):
   * `run` is handed to the step, `check()` reports the verdict as a check of its own.
   */
  const axeInside = (what) => {
    let verdict;
    return {
      run: async (page) => {
        verdict = await expectNoAxeViolations(page, what).then(
          () => null,
          (e) => e,
        );
      },
      check: () =>
        check(`axe: ${what}`, () => {
          if (verdict === undefined) throw new Error(`axe never ran on ${what}`);
          if (verdict) throw verdict;
        }),
    };
  };

  let registration = null; // { id, staffPath, link } of the registration posting
  let published = null; // the same for the published posting
  let sentLink = null; // "Link til annonse" as the agency finds it
  let c1Path = null; // /candidates/<id> of the registered candidate

  // --- page parts -------------------------------------------------------------------------------------------------
  const main = (page) => page.getByRole('main');
  const region = (page, name) => page.getByRole('region', { name, exact: true });
  const statusMessage = (page) => page.getByRole('status').filter({ hasText: /\S/ });
  const h2s = async (page) => (await main(page).getByRole('heading', { level: 2 }).allInnerTexts()).map(squash);
  const card = (page, column, name) =>
    region(page, column).getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
  const application = (page, title) => region(page, sc.applications).getByRole('article', { name: title, exact: true });
  const noteItem = (page, text) => region(page, sc.notes).getByRole('listitem').filter({ hasText: text });
  const selectedLabel = (select) => select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);

  /** term → definition of the description list(s) in `scope`. */
  async function facts(scope) {
    const terms = (await scope.getByRole('term').allInnerTexts()).map(squash);
    const defs = (await scope.getByRole('definition').allInnerTexts()).map(squash);
    return Object.fromEntries(terms.map((k, i) => [k, defs[i]]));
  }

  /** Waits for the employees table to show `email` with "Rolle" = `role` and "Status" = `status`. */
  async function expectEmployeeRow(page, email, role, status) {
    const cell = (name) => page.getByRole('cell', { name, exact: true });
    const row = page.getByRole('row').filter({ has: cell(email) }).filter({ has: cell(role) }).filter({ has: cell(status) });
    await expectVisible(page, row, `a row of the employees table: ${email}, "${role}", "${status}"`);
  }

  /** The titles linked in the Jobs table, with the status each row shows. */
  async function jobRows(page) {
    const rows = main(page).getByRole('row').filter({ has: page.getByRole('cell') });
    const out = {};
    for (const row of await rows.all()) {
      const cells = (await row.getByRole('cell').allInnerTexts()).map(squash);
      out[cells[0]] = cells[1];
    }
    return out;
  }

  /** The applications on a profile, by their headings (the posting titles), sorted. */
  async function applicationTitles(page) {
    const titles = [];
    for (const a of await region(page, sc.applications).getByRole('article').all()) {
      titles.push(squash(await a.getByRole('heading').first().innerText()));
    }
    return titles.sort();
  }

  // === 1. Invitere rekrutteringsbyrået ================================================================================
  step(`1. first-run setup: "${t.createCompany}" ${admin.company} as ${adminName}`, async () => {
    await setupCompany(app.page, lang, admin);
    await expectHtmlLang(app.page, lang);
    await expectVisible(app.page, userMenuButton(app.page, adminName), `the user menu button named "${adminName}"`);
  });
  axe(`${t.jobs} without postings`);

  const inviteForm = axeInside('the invitation form, filled');
  step(`1. main menu → "${t.companySettings}" → "${t.employees}" → "${t.inviteEmployee}": "${agencyName}", "${t.role}" = "${t.roles.user}", "${t.sendInvitation}"`, async () => {
    await inviteEmployee(app.page, lang, { adminName, ...agency, role: 'user' }, { beforeSubmit: inviteForm.run });
    await expectEmployeeRow(app.page, agency.email, t.roles.user, t.employeeStatus.invited);
  });
  inviteForm.check();
  axe(`${t.employees} with the invited agency`);

  const acceptPage = axeInside('the invitation acceptance page, filled');
  step(`1. "${t.invitationSubject(admin.company)}" arrives; the agency, in a browser of its own, "${t.password}", "${t.repeatPassword}", "${t.createAccount}"`, async () => {
    const { mail } = await acceptInvitation(app, sink, lang, { email: agency.email, password: agency.password, company: admin.company }, { beforeSubmit: acceptPage.run });
    const text = mail.parsed.text || '';
    for (const s of [admin.company, agency.first, adminName]) {
      if (!text.includes(s)) await fail(app.page, `the invitation lacks ${JSON.stringify(s)}:\n${text}`);
    }
  });
  acceptPage.check();

  step(`1. the administrator's "${t.employees}" shows "${agencyName}" as "${t.roles.user}", "${t.employeeStatus.active}"`, async () => {
    const page = app.page;
    await page.getByRole('navigation', { name: t.settingsNav, exact: true }).getByRole('link', { name: t.employees, exact: true }).click();
    await expectPath(page, '/settings/employees');
    await expectH1(page, t.companySettings);
    await expectEmployeeRow(page, agency.email, t.roles.user, t.employeeStatus.active);
  });

  // === 2. Opprette utlysning for kandidatregistrering ================================================================
  step(`2. "${t.jobs}" in the main menu → "${t.newPosting}"`, async () => {
    await openNewPostingForm(app.page, lang);
    await expectEqual(app.page, JSON.stringify(await h2s(app.page)), JSON.stringify(t.postingSections), 'the sections of the form, in order');
  });
  axe('the empty posting form');

  step(`2.1 ${t.sec.details}: "${R.title}", "${t.positionType}" = "${t.positionTypes.other}", "${t.contactPerson}" = "${agencyName}"`, async () => {
    await fillDetails(app.page, lang, { title: R.title, positionType: 'other', contact: agencyName });
  });

  step(`2.2 ${t.sec.pipeline}: "Screening" (${t.stepTypes.screening}, ${t.evaluationForms.standard}) and "${sc.secondStep}" (${t.stepTypes.other}, ${t.evaluationForms.none})`, async () => {
    await setStepCount(app.page, lang, 2);
    for (const [i, s] of registrationSteps(sc.secondStep).entries()) await setStep(app.page, lang, i + 1, s);
  });

  step(`2.3 ${t.sec.team}: "${agencyName}" in "${t.addMember}", "${t.add}"`, async () => {
    await addTeamMember(app.page, lang, agencyName);
    const rows = (await postingSection(app.page, lang, 'team').getByRole('listitem').allInnerTexts()).map(squash);
    await expectEqual(app.page, rows.length, 2, `members of "${t.sec.team}" (${JSON.stringify(rows)})`);
  });

  step(`2.4 ${t.sec.text}: "${R.text}"`, async () => {
    await fillPostingText(app.page, lang, R.text);
  });

  step(`2.5 ${t.sec.form}: "${t.formFields.education}" = "${t.fieldSettings.optional}", "${t.formFields.cv}" = "${t.fieldSettings.required}"`, async () => {
    await setFormFields(app.page, lang, applicationFields());
  });

  step(`2.6 ${t.sec.email}: "${t.emailSubject}" and "${t.emailBody}" with placeholders`, async () => {
    await fillConfirmationEmail(app.page, lang, R.email);
  });

  step(`2.7 ${t.sec.status}: "${t.postingStatuses.unlisted}"; everything entered is still in the form`, async () => {
    const page = app.page;
    await chooseStatus(page, lang, 'unlisted');
    // "Fjern steg" and "Legg til" sent the form back and forth: nothing typed before them may be lost.
    const details = postingSection(page, lang, 'details');
    await expectEqual(page, await details.getByRole('textbox', { name: t.postingTitle, exact: true }).inputValue(), R.title, `"${t.postingTitle}"`);
    await expectEqual(page, await selectedLabel(details.getByRole('combobox', { name: t.positionType, exact: true })), t.positionTypes.other, `"${t.positionType}"`);
    await expectEqual(page, await selectedLabel(details.getByRole('combobox', { name: t.contactPerson, exact: true })), agencyName, `"${t.contactPerson}"`);
    for (const [i, s] of registrationSteps(sc.secondStep).entries()) {
      const g = stepGroup(page, lang, i + 1);
      await expectEqual(page, await g.getByRole('textbox', { name: t.stepName, exact: true }).inputValue(), s.name, `"${t.stepName}" of "${t.step(i + 1)}"`);
      await expectEqual(page, await selectedLabel(g.getByRole('combobox', { name: t.stepType, exact: true })), t.stepTypes[s.type], `"${t.stepType}" of "${t.step(i + 1)}"`);
      await expectEqual(page, await selectedLabel(g.getByRole('combobox', { name: t.evaluationForm, exact: true })), t.evaluationForms[s.form], `"${t.evaluationForm}" of "${t.step(i + 1)}"`);
    }
    await expectEqual(page, await stepGroup(page, lang, 3).count(), 0, `a "${t.step(3)}"`);
  });
  axe('the filled registration posting form');

  step(`2.8 "${t.createPosting}": the posting page says "${t.postingCreated}", "${t.postingStatuses.unlisted}", and what was entered`, async () => {
    const page = app.page;
    registration = await submitNewPosting(page, lang, R.title);
    const notice = await expectVisible(page, statusMessage(page), 'a status message (role=status)');
    await expectEqual(page, squash(await notice.innerText()), t.postingCreated, 'the status message');
    await expectVisible(page, main(page).getByText(t.postingStatuses.unlisted, { exact: true }), `the status "${t.postingStatuses.unlisted}"`);
    const expectedLink = `${app.server.baseURL}/careers/${careersSlug(admin.company)}/${registration.id}`;
    await expectEqual(page, registration.link, expectedLink, `"${t.linkToPosting}"`);
    const f = await facts(region(page, t.sec.details));
    await expectEqual(page, f[t.positionType], t.positionTypes.other, `"${t.positionType}" on the posting page`);
    await expectEqual(page, f[t.contactPerson], agencyName, `"${t.contactPerson}" on the posting page`);
    const steps = (await region(page, t.sec.pipeline).getByRole('listitem').allInnerTexts()).map(squash);
    await expectEqual(page, JSON.stringify(steps), JSON.stringify([
      `Screening ${t.stepTypes.screening} · ${t.evaluationForm}: ${t.evaluationForms.standard}`,
      `${sc.secondStep} ${t.stepTypes.other} · ${t.evaluationForm}: ${t.evaluationForms.none}`,
    ]), `"${t.sec.pipeline}" on the posting page`);
    const team = (await region(page, t.sec.team).getByRole('listitem').allInnerTexts()).map(squash);
    if (!team.some((m) => m.includes(agencyName) && m.includes(agency.email))) {
      await fail(page, `"${agencyName}" is not in "${t.sec.team}" on the posting page: ${JSON.stringify(team)}`);
    }
  });
  axe('the registration posting page');

  step(`2. a normal posting "${P.title}", "${t.postingStatuses.published}", to source into later`, async () => {
    published = await createPosting(app.page, lang, { title: P.title, body: P.body, fields: applicationFields(), status: 'published' });
  });

  step(`2. "${t.jobs}" lists "${R.title}" (${t.postingStatuses.unlisted}) and "${P.title}" (${t.postingStatuses.published})`, async () => {
    await openMainMenuLink(app.page, lang, t.jobs);
    await expectPath(app.page, '/jobs');
    const rows = Object.entries(await jobRows(app.page)).sort();
    const want = [[R.title, t.postingStatuses.unlisted], [P.title, t.postingStatuses.published]].sort();
    await expectEqual(app.page, JSON.stringify(rows), JSON.stringify(want), '[title, status] in the Jobs table');
  });
  axe(`${t.jobs} with both postings`);

  // === 3. Sende registreringsskjema til aktuelle kandidater ==========================================================
  step(`3. the agency signs in on /login and finds "${t.linkToPosting}" on "${R.title}"`, async () => {
    agencyPage = await (await app.newContext(lang)).newPage();
    current = () => agencyPage;
    await agencyPage.goto('/login');
    await logIn(agencyPage, lang, agency.email, agency.password);
    await expectVisible(agencyPage, userMenuButton(agencyPage, agencyName), `the user menu button named "${agencyName}" (signed in)`);
    await openMainMenuLink(agencyPage, lang, t.jobs);
    await expectPath(agencyPage, '/jobs');
    await main(agencyPage).getByRole('link', { name: R.title, exact: true }).click();
    await expectPath(agencyPage, registration.staffPath);
    await expectH1(agencyPage, R.title);
    const box = await expectVisible(agencyPage, agencyPage.getByRole('textbox', { name: t.linkToPosting, exact: true }), `textbox "${t.linkToPosting}"`);
    sentLink = await box.inputValue();
    await expectEqual(agencyPage, sentLink, registration.link, `"${t.linkToPosting}" as the agency sees it`);
  });
  axe('the registration posting page as the agency', () => agencyPage);

  step(`3. a candidate opens the link: "${R.title}", the posting text, "${p.apply}"`, async () => {
    candidatePage = await (await app.newContext(lang)).newPage();
    current = () => candidatePage;
    const res = await candidatePage.goto(sentLink);
    await expectEqual(candidatePage, res?.status(), 200, `HTTP status of ${sentLink}`);
    await expectHtmlLang(candidatePage, lang);
    await expectH1(candidatePage, R.title);
    await expectVisible(candidatePage, main(candidatePage).getByText(R.text, { exact: true }), `the posting text "${R.text}"`);
    await expectVisible(candidatePage, main(candidatePage).getByRole('link', { name: p.apply, exact: true }), `link "${p.apply}"`);
  });
  axe('the public registration posting', () => candidatePage);

  step(`3. "${p.apply}": "${p.applyTitle(R.title)}", with "${p.educationGroup(1)}" offered (optional)`, async () => {
    // (the posting page offers it above and below the text)
    await main(candidatePage).getByRole('link', { name: p.apply, exact: true }).first().click();
    await expectPath(candidatePage, `${new URL(sentLink).pathname}/apply`);
    await expectH1(candidatePage, p.applyTitle(R.title));
    const edu = await expectVisible(candidatePage, candidatePage.getByRole('group', { name: p.educationGroup(1), exact: true }), `group "${p.educationGroup(1)}"`);
    await expectVisible(candidatePage, edu.getByRole('textbox', { name: p.edu.school, exact: true }), `textbox "${p.edu.school}" (not required)`);
    await expectVisible(candidatePage, candidatePage.getByLabel(p.required(p.cv), { exact: true }), `file input "${p.required(p.cv)}"`);
  });
  axe('the application form', () => candidatePage);

  step(`3. name, email, "${c1.cv}" as "${p.cv}", consent, "${p.submit}": "${p.thanks}"`, async () => {
    await submitApplicationWithCv(candidatePage, lang, c1);
    await expectPath(candidatePage, `${new URL(sentLink).pathname}/applied`);
  });
  axe('the receipt', () => candidatePage);

  step(`3. the confirmation email reaches ${c1.email} with the placeholders filled in (contact: "${agencyName}")`, async () => {
    const want = R.confirmation(c1, admin.company, R.title, agencyName);
    const mail = await sink.waitForMessage({ to: c1.email, timeout: 15_000 });
    await expectEqual(candidatePage, mail.parsed.subject, want.subject, `Subject of the confirmation to ${c1.email}`);
    const text = squash(mail.parsed.text);
    if (!text.includes(want.body)) await fail(candidatePage, `the confirmation lacks ${JSON.stringify(want.body)}:\n${mail.parsed.text}`);
    if (/\{\{|\}\}/.test(`${mail.parsed.subject}\n${text}`)) await fail(candidatePage, `a placeholder was left in the confirmation:\n${text}`);
  });

  step(`3. ${c2Name} applies to "${P.title}" (a candidate the agency must not see)`, async () => {
    const page = await (await app.newContext(lang)).newPage();
    current = () => page;
    await applyWithCv(page, lang, published.link, c2, { via: 'posting' });
    await page.context().close();
  });

  // === 4. Innleggelse av notater på registrerte kandidater ===========================================================
  step(`4. the agency's "${t.jobs}" lists only "${R.title}"`, async () => {
    current = () => agencyPage;
    await openMainMenuLink(agencyPage, lang, t.jobs);
    await expectPath(agencyPage, '/jobs');
    await expectH1(agencyPage, t.jobs);
    const rows = await jobRows(agencyPage);
    await expectEqual(agencyPage, JSON.stringify(Object.keys(rows)), JSON.stringify([R.title]), `the postings the agency sees`);
    if ((await agencyPage.getByText(P.title).count()) > 0) await fail(agencyPage, `the agency sees "${P.title}"`);
  });
  axe(`${t.jobs} as the agency`, () => agencyPage);

  step(`4.1 "${R.title}" → "${t.goToScreening}": "${sc.column('Screening', 1)}" holds ${c1Name}, not ${c2Name}`, async () => {
    const { staffPath } = await openBoard(agencyPage, lang, R.title);
    await expectEqual(agencyPage, staffPath, registration.staffPath, 'the posting whose board opened');
    const columns = [sc.column('Screening', 1), sc.column(sc.secondStep, 0)];
    await expectEqual(agencyPage, JSON.stringify(await h2s(agencyPage)), JSON.stringify(columns), 'the step columns of the board');
    const cardText = squash(await (await expectVisible(agencyPage, card(agencyPage, columns[0], c1Name), `${c1Name}'s card in "${columns[0]}"`)).innerText());
    if (!cardText.includes(sc.appliedThrough(R.title))) await fail(agencyPage, `the card lacks "${sc.appliedThrough(R.title)}": ${JSON.stringify(cardText)}`);
    if ((await agencyPage.getByText(c2Name).count()) > 0) await fail(agencyPage, `the agency's board shows ${c2Name}`);
  });
  axe('the registration board as the agency', () => agencyPage);

  step(`4.2 the candidate's name opens the profile: "${sc.applications}" holds only "${R.title}", with "${c1.cv}"`, async () => {
    await card(agencyPage, sc.column('Screening', 1), c1Name).getByRole('link', { name: c1Name, exact: true }).click();
    await agencyPage.waitForURL((u) => UUID_PATH.test(u.pathname) && u.pathname.startsWith('/candidates/'));
    c1Path = new URL(agencyPage.url()).pathname;
    await expectH1(agencyPage, c1Name);
    await expectEqual(agencyPage, JSON.stringify(await applicationTitles(agencyPage)), JSON.stringify([R.title]), 'the applications the agency sees');
    await expectVisible(agencyPage, application(agencyPage, R.title).getByRole('link', { name: c1.cv, exact: true }), `the CV "${c1.cv}"`);
    const sections = await h2s(agencyPage);
    await expectEqual(agencyPage, sections[sections.length - 1], sc.notes, `the last section of the profile ("${sc.notes}" at the bottom)`);
  });
  axe('the profile as the agency', () => agencyPage);

  step(`4.3 the note in "${sc.note}" at the bottom, "${sc.publish}": "${sc.published}", signed "${agencyName}"`, async () => {
    const res = await publishNote(agencyPage, lang, D.note);
    if (res.status() >= 400) await fail(agencyPage, `"${sc.publish}" was answered with ${res.status()}`);
    await expectPath(agencyPage, c1Path);
    const st = await expectVisible(agencyPage, statusMessage(agencyPage), 'a status message (role=status)');
    await expectEqual(agencyPage, squash(await st.innerText()), sc.published, 'the status message');
    const note = squash(await (await expectVisible(agencyPage, noteItem(agencyPage, D.note), `the note in "${sc.notes}"`)).innerText());
    if (!note.includes(agencyName)) await fail(agencyPage, `the note does not name its author "${agencyName}": ${JSON.stringify(note)}`);
  });
  axe('the profile with the note', () => agencyPage);

  step(`4. the agency's "${t.candidates}" lists ${c1Name} only`, async () => {
    await openCandidates(agencyPage, lang);
    await expectEqual(agencyPage, JSON.stringify(await listedCandidates(agencyPage)), JSON.stringify([c1Name]), `the candidates the agency sees`);
  });
  axe(`${t.candidates} as the agency`, () => agencyPage);

  step(`4. "${P.title}" and its board are "${t.notFound}" for the agency`, async () => {
    for (const path of [published.staffPath, `${published.staffPath}/board`]) {
      const res = await agencyPage.goto(path);
      await expectEqual(agencyPage, res?.status(), 404, `HTTP status of ${path} for the agency`);
      await expectH1(agencyPage, t.notFound);
      if ((await agencyPage.getByText(c2Name).count()) > 0) await fail(agencyPage, `the 404 page shows ${c2Name}`);
    }
  });

  // === 5. Source registrerte kandidater til eksisterende stillinger ==================================================
  step(`5. the administrator: "${t.candidates}" in the main menu lists ${c1Name} and ${c2Name}`, async () => {
    current = () => app.page;
    await openCandidates(app.page, lang);
    await expectEqual(app.page, JSON.stringify((await listedCandidates(app.page)).sort()), JSON.stringify([c1Name, c2Name].sort()), 'the candidates listed');
  });
  axe(t.candidates);

  step(`5. "${cand.source}" = "${R.title}", "${cand.filter}": only ${c1Name}`, async () => {
    await filterCandidates(app.page, lang, { kilde: R.title });
    await expectEqual(app.page, JSON.stringify(await listedCandidates(app.page)), JSON.stringify([c1Name]), `the candidates with "${cand.source}" = "${R.title}"`);
  });
  axe(`${t.candidates} filtered by "${cand.source}"`);

  step(`5. "${cand.select(c1Name)}", "${cand.sourceTo}": "${cand.selected}" lists ${c1Name}`, async () => {
    await selectCandidates(app.page, lang, [c1Name]);
    await openSourceDialog(app.page, lang, [c1Name]);
  });
  axe(`"${cand.sourceTo}"`);

  step(`5. "${cand.sourceJob}" = "${P.title}", "${cand.sourceGo}": "${cand.sourced(1, P.title)}"`, async () => {
    const message = await sourceTo(app.page, lang, P.title, 1);
    await expectEqual(app.page, message, cand.sourced(1, P.title), 'the result message');
  });
  axe(`the result of "${cand.sourceTo}"`);

  step(`5. "${P.title}" → "${t.goToScreening}": ${c1Name} in "${screening}", "${cand.sourcedFrom(R.title, adminName)}"`, async () => {
    const page = app.page;
    const { staffPath } = await openBoard(page, lang, P.title);
    await expectEqual(page, staffPath, published.staffPath, 'the posting whose board opened');
    const columns = [sc.column(screening, 2), ...laterSteps.map((s) => sc.column(s, 0))];
    await expectEqual(page, JSON.stringify(await h2s(page)), JSON.stringify(columns), 'the step columns of the board');
    const text = squash(await (await expectVisible(page, card(page, columns[0], c1Name), `${c1Name}'s card in "${columns[0]}"`)).innerText());
    if (!text.includes(cand.sourcedFrom(R.title, adminName))) await fail(page, `${c1Name}'s card lacks "${cand.sourcedFrom(R.title, adminName)}": ${JSON.stringify(text)}`);
    await expectVisible(page, card(page, columns[0], c2Name), `${c2Name}'s card in "${columns[0]}"`);
  });
  axe(`the board of "${P.title}" after sourcing`);

  step(`5. ${c1Name}'s profile: "${P.title}" in "${screening}" (${cand.sourcedFrom(R.title, adminName)}), "${R.title}" unchanged, ${agencyName}'s note still there`, async () => {
    const page = app.page;
    await card(page, sc.column(screening, 2), c1Name).getByRole('link', { name: c1Name, exact: true }).click();
    await expectPath(page, c1Path);
    await expectH1(page, c1Name);
    await expectEqual(page, JSON.stringify(await applicationTitles(page)), JSON.stringify([R.title, P.title].sort()), 'the applications on the profile');
    const sourced = await facts(application(page, P.title));
    await expectEqual(page, sourced[sc.step], screening, `"${sc.step}" of the application to "${P.title}"`);
    await expectEqual(page, sourced[sc.source], cand.sourcedFrom(R.title, adminName), `"${sc.source}" of the application to "${P.title}"`);
    const registered = await facts(application(page, R.title));
    await expectEqual(page, registered[sc.step], 'Screening', `"${sc.step}" of the application to "${R.title}"`);
    await expectEqual(page, registered[sc.source], sc.appliedThrough(R.title), `"${sc.source}" of the application to "${R.title}"`);
    const note = squash(await (await expectVisible(page, noteItem(page, D.note), `${agencyName}'s note in "${sc.notes}"`)).innerText());
    if (!note.includes(agencyName)) await fail(page, `the note does not name its author "${agencyName}": ${JSON.stringify(note)}`);
    const event = cand.sourcedEvent(adminName, P.title, R.title);
    const timeline = (await region(page, sc.activity).getByRole('listitem').allInnerTexts()).map(squash);
    if (!timeline.some((e) => e.endsWith(event))) await fail(page, `"${sc.activity}" lacks "${event}": ${JSON.stringify(timeline)}`);
  });
  axe(`${c1Name}'s profile after sourcing`);
  check('screenshot of the profile at the end of the article', async () => {
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-article-${lang}.png`, fullPage: true });
  });

  check(`the agency still sees only ${c1Name}'s registration, with the note — not the application to "${P.title}"`, async () => {
    current = () => agencyPage;
    await agencyPage.goto(c1Path);
    await expectH1(agencyPage, c1Name);
    await expectEqual(agencyPage, JSON.stringify(await applicationTitles(agencyPage)), JSON.stringify([R.title]), 'the applications the agency sees after sourcing');
    await expectVisible(agencyPage, noteItem(agencyPage, D.note), 'the note');
  });
});
