// Evaluations, rejecting and the activity timeline, in each language. The administrator creates a company
// evaluation form (two criteria rated 1–5, one free-text question) under "Vurderingsskjemaer" and a rejection email
// template with placeholders under "E-postmaler", invites an agency as Bruker (the invitation arrives at a real SMTP
// server on loopback and is accepted), and creates a published posting whose Screening step uses the company form
// and whose Intervju step uses "Standard", with the agency on the hiring team. A candidate applies with a PDF CV.
// The Bruker opens the candidate, is refused an evaluation without "Samlet anbefaling" (the ratings, answer and
// comment stay), saves it, sees it listed and the form gone, has no reject/archive controls (and a POST gets 403),
// and mentions the administrator in a note (who gets the email). The administrator sees the evaluation summary on
// the board card, drags the card from Screening to Intervju (it stays there after a reload), evaluates with
// "Standard", opens the inline PDF preview, rejects with a reason and the company template (the candidate gets the
// email with the placeholders filled), finds the card gone from the board, "Avslått: …" on the profile and every
// event in "Aktivitet", and brings the application back with "Gjenopprett". axe (WCAG 2.1 A/AA) runs on the
// profile with the evaluation form (also with its errors) and with "Avslå" open, on the board, on
// "Vurderingsskjemaer" and on the email template form.
import { test } from 'node:test';
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
  setupCompany,
  useApp,
  userMenuButton,
  useSmtpSink,
} from '../lib/index.mjs';
import { submitWith } from '../lib/posting-form.mjs';
import {
  acceptInvitation,
  applyWithCv,
  createEmailTemplate,
  createEvaluationForm,
  createTeamPosting,
  openBoard,
  publishNote,
  SCREEN,
} from '../lib/screening.mjs';

const DATA = {
  nb: {
    admin: {
      company: 'Lyngheia Bygg AS',
      first: 'Solveig',
      last: 'Haugen',
      email: 'solveig.haugen@lyngheia.example',
      password: 'granskog-fjellbekk-2025-æøå',
    },
    agency: { first: 'Østby', last: 'Rekruttering', email: 'post@ostby-rekruttering.example', password: 'blåbær-syltetøy-2025' },
    form: {
      name: 'Lagerkompetanse',
      criteria: ['Fagkunnskap', 'Samarbeid og kommunikasjon'],
      questions: ['Hva bør vi sjekke i intervjuet?'],
    },
    template: {
      name: 'Avslag etter intervju',
      subject: 'Om søknaden din på {{job.title}}',
      body: 'Hei {{candidate.first_name}},\n\ntakk for interessen for {{job.title}}. Vi har dessverre valgt en annen kandidat.\n\nVennlig hilsen\nLyngheia Bygg AS',
      filledSubject: (title) => `Om søknaden din på ${title}`,
      greeting: (first) => `Hei ${first},`,
    },
    posting: { title: 'Lagerleder – Bergen', body: 'Vi søker en lagerleder til vårt lager i Bergen.' },
    candidate: { first: 'Åsmund', last: 'Lie', email: 'asmund.lie@kandidat.example', cv: 'Åsmund CV.pdf' },
    evaluation: { ratings: ['4', '3'], answers: ['Ledererfaring og truckførerbevis.'], comment: 'God match for lageret.' },
    adminComment: 'Sterkt intervju, konkrete eksempler.',
    note: (mention) => `Solid erfaring fra lager. ${mention}, kan du se på CV-en før intervjuet?`,
  },
  en: {
    admin: {
      company: 'Harbour Build Ltd',
      first: 'Grace',
      last: 'Ólafsdóttir',
      email: 'grace.olafsdottir@harbour-build.example',
      password: 'correct-horse-battery-staple-42',
    },
    agency: { first: 'Fjord', last: 'Talent Søndre', email: 'hello@fjord-talent.example', password: 'blueberry-jam-æøå-2025' },
    form: {
      name: 'Warehouse skills',
      criteria: ['Technical knowledge', 'Teamwork and communication'],
      questions: ['What should we check in the interview?'],
    },
    template: {
      name: 'Rejection after interview',
      subject: 'About your application for {{job.title}}',
      body: 'Hi {{candidate.first_name}},\n\nthank you for your interest in {{job.title}}. We have unfortunately chosen another candidate.\n\nKind regards\nHarbour Build Ltd',
      filledSubject: (title) => `About your application for ${title}`,
      greeting: (first) => `Hi ${first},`,
    },
    posting: { title: 'Warehouse lead – Bergen', body: 'We are looking for a warehouse lead in Bergen.' },
    candidate: { first: 'Zoë', last: 'Ångström', email: 'zoe.angstrom@candidate.example', cv: 'Zoë CV.pdf' },
    evaluation: { ratings: ['4', '3'], answers: ['Leadership and a forklift licence.'], comment: 'Good match for the warehouse.' },
    adminComment: 'Strong interview, concrete examples.',
    note: (mention) => `Solid warehouse experience. ${mention}, could you look at the CV before the interview?`,
  },
};

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

forEachLanguage('evaluations', (lang, t) => {
  const sink = useSmtpSink();
  const app = useApp('evaluations', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const ev = t.ev;
  const sc = SCREEN[lang];
  const D = DATA[lang];
  const { admin, agency, candidate: c } = D;
  const adminName = `${admin.first} ${admin.last}`;
  const agencyName = `${agency.first} ${agency.last}`;
  const cName = `${c.first} ${c.last}`;
  const [screening, interview] = t.defaultSteps;
  const title = D.posting.title;
  const note = D.note(`@${adminName}`);
  const rejectionSubject = D.template.filledSubject(title);
  const reason = ev.reasons.otherCandidate;

  let pageU = null; // the agency (Bruker), signed in through /login
  let current = () => app.page; // the page a failure's screenshot shows
  const { step, check } = journey({ prefix: app.name, page: () => current(), timeout: 45_000 });
  const axe = (what, page) => check(`axe: ${what}`, () => expectNoAxeViolations(page(), what));

  const postingRef = {}; // { id, staffPath, link }
  let cPath = null; // /candidates/<id>
  let applicationId = null;

  // --- page parts -----------------------------------------------------------------------------------------------
  const main = (page) => page.getByRole('main');
  const region = (page, name) => page.getByRole('region', { name, exact: true });
  const statusMessage = (page) => page.getByRole('status').filter({ hasText: /\S/ });
  const application = (page) => region(page, sc.applications).getByRole('article', { name: title, exact: true });
  const evalForm = (page, heading) => application(page).getByRole('form', { name: heading, exact: true });
  const group = (scope, name) => scope.getByRole('group', { name, exact: true });
  const radio = (scope, groupName, label) => group(scope, groupName).getByRole('radio', { name: label, exact: true });
  const summary = (scope, text) => scope.locator('summary').filter({ hasText: new RegExp(`^\\s*${esc(text)}(\\s|$)`) });
  /** A board column (region named "{step} ({n})"), whatever its count. */
  const column = (page, stepName) => main(page).getByRole('region', { name: new RegExp(`^${esc(stepName)} \\(\\d+\\)$`) });
  const card = (page, stepName, n) =>
    region(page, `${stepName} (${n})`).getByRole('listitem').filter({ has: page.getByRole('link', { name: cName, exact: true }) });
  const timelineItems = async (page) => (await region(page, ev.activity).getByRole('listitem').allInnerTexts()).map(squash);

  /** dt → dd of the description lists inside `scope` (the first dt of a name wins). */
  const facts = (scope) =>
    scope.evaluate((root) => {
      const out = {};
      for (const dt of root.querySelectorAll('dt')) {
        let dd = dt.nextElementSibling;
        while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
        const k = dt.textContent.trim();
        if (!(k in out)) out[k] = dd ? dd.textContent.replace(/\s+/g, ' ').trim() : null;
      }
      return out;
    });
  const optionLabels = async (select) => (await select.locator('option').allInnerTexts()).map((x) => x.trim());

  /** "Stillinger" → the posting → "Gå til screening": the board. */
  async function openPostingBoard(page) {
    const { staffPath } = await openBoard(page, lang, title);
    await expectEqual(page, staffPath, postingRef.staffPath, 'the posting whose board opened');
    await expectHtmlLang(page, lang);
  }

  async function openProfile(page) {
    await page.goto(cPath);
    await expectPath(page, cPath);
    await expectH1(page, cName);
  }

  /** The timeline contains a line ending with each of `lines` ("{time} – {text}"). */
  async function expectTimeline(page, lines) {
    const items = await timelineItems(page);
    const missing = lines.filter((l) => !items.some((i) => i.endsWith(` – ${l}`) || i === l));
    if (missing.length) {
      await fail(page, `"${ev.activity}" lacks ${JSON.stringify(missing)}; it has:\n  ${items.join('\n  ')}`);
    }
  }

  // --- setup ----------------------------------------------------------------------------------------------------
  step(`the administrator sets up ${admin.company}, invites "${agencyName}" as "${t.roles.user}", who accepts`, async () => {
    await setupCompany(app.page, lang, admin);
    await inviteEmployee(app.page, lang, { adminName, first: agency.first, last: agency.last, email: agency.email, role: 'user' });
    await acceptInvitation(app, sink, lang, { email: agency.email, password: agency.password, company: admin.company });
  });

  // axe on a form page that the helper leaves by saving: run before saving, reported by a check of its own.
  const axeBeforeSave = {};
  const deferAxe = (key, what) => async (page) => {
    axeBeforeSave[key] = await expectNoAxeViolations(page, what).then(() => null, (e) => e);
  };
  const reportAxe = (key, what) =>
    check(`axe: ${what}`, () => {
      if (!(key in axeBeforeSave)) throw new Error(`axe did not run on ${what}`);
      if (axeBeforeSave[key]) throw axeBeforeSave[key];
    });

  step(`"${ev.evaluationForms}" → "${ev.newEvaluationForm}": "${D.form.name}" with 2 criteria and 1 question`, async () => {
    await createEvaluationForm(app.page, lang, { ...D.form, beforeSave: deferAxe('form', 'the new evaluation form') });
    const row = main(app.page).getByRole('listitem').filter({ has: app.page.getByRole('link', { name: D.form.name, exact: true }) });
    if (!squash(await row.innerText()).includes(ev.formCounts(2, 1))) {
      await fail(app.page, `the list does not say "${ev.formCounts(2, 1)}" for "${D.form.name}": ${JSON.stringify(await row.innerText())}`);
    }
  });
  reportAxe('form', `"${ev.newEvaluationForm}", filled in`);
  axe(`"${ev.evaluationForms}" with the new form`, () => app.page);

  step(`"${ev.emailTemplates}" → "${ev.newEmailTemplate}": "${D.template.name}" with {{candidate.first_name}} and {{job.title}}`, async () => {
    await createEmailTemplate(app.page, lang, { ...D.template, beforeSave: deferAxe('template', 'the new email template') });
  });
  reportAxe('template', `"${ev.newEmailTemplate}", filled in`);
  axe(`"${ev.emailTemplates}" with the new template`, () => app.page);

  step(`a published posting "${title}": "${screening}" with "${D.form.name}", "${interview}" with "${t.evaluationForms.standard}", "${agencyName}" on the team`, async () => {
    Object.assign(
      postingRef,
      await createTeamPosting(app.page, lang, {
        title,
        body: D.posting.body,
        member: agencyName,
        forms: [D.form.name, t.evaluationForms.standard],
        status: 'published',
      }),
    );
  });

  step(`${cName} applies with a PDF CV`, async () => {
    const ctx = await app.newContext(lang);
    const page = await ctx.newPage();
    await applyWithCv(page, lang, postingRef.link, c);
    await ctx.close();
  });

  // --- the Bruker evaluates with the company form ---------------------------------------------------------------
  const companyHeading = ev.headingNamed(screening, D.form.name);

  step(`"${agencyName}" signs in and opens ${cName} from the board: the form "${companyHeading}"`, async () => {
    const ctx = await app.newContext(lang);
    pageU = await ctx.newPage();
    current = () => pageU;
    await pageU.goto('/login');
    await logIn(pageU, lang, agency.email, agency.password);
    await expectVisible(pageU, userMenuButton(pageU, agencyName), `the user menu button named "${agencyName}"`);
    await openPostingBoard(pageU);
    await card(pageU, screening, 1).getByRole('link', { name: cName, exact: true }).click();
    await pageU.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
    cPath = new URL(pageU.url()).pathname;
    await expectH1(pageU, cName);
    applicationId = (await application(pageU).getAttribute('id'))?.replace(/^app-/, '');
    if (!/^[0-9a-f-]{36}$/.test(applicationId || '')) await fail(pageU, `no application id on the article: ${applicationId}`);
    const form = await expectVisible(pageU, evalForm(pageU, companyHeading), `form "${companyHeading}"`);
    const recs = await group(form, ev.recommendation).getByRole('radio').count();
    await expectEqual(pageU, recs, 4, `radios in "${ev.recommendation}"`);
    for (const label of Object.values(ev.rec)) await expectVisible(pageU, radio(form, ev.recommendation, label), `radio "${label}"`);
    for (const crit of D.form.criteria) {
      await expectEqual(pageU, await group(form, crit).getByRole('radio').count(), 5, `radios 1–5 in "${crit}"`);
    }
    for (const q of D.form.questions) await expectVisible(pageU, form.getByRole('textbox', { name: q, exact: true }), `textbox "${q}"`);
    await expectVisible(pageU, form.getByRole('textbox', { name: ev.comment, exact: true }), `textbox "${ev.comment}"`);
    await expectVisible(pageU, form.getByRole('button', { name: ev.saveEvaluation, exact: true }), `button "${ev.saveEvaluation}"`);
  });
  axe('the profile with the evaluation form', () => pageU);

  step(`"${ev.saveEvaluation}" without "${ev.recommendation}": refused, the ratings, answer and comment kept`, async () => {
    const form = evalForm(pageU, companyHeading);
    for (const [i, crit] of D.form.criteria.entries()) await radio(form, crit, D.evaluation.ratings[i]).check();
    for (const [i, q] of D.form.questions.entries()) await form.getByRole('textbox', { name: q, exact: true }).fill(D.evaluation.answers[i]);
    await form.getByRole('textbox', { name: ev.comment, exact: true }).fill(D.evaluation.comment);
    const res = await submitWith(pageU, form.getByRole('button', { name: ev.saveEvaluation, exact: true }));
    await expectEqual(pageU, res.status(), 422, `HTTP status of "${ev.saveEvaluation}" without a recommendation`);
    await expectH1(pageU, cName);
    const again = await expectVisible(pageU, evalForm(pageU, companyHeading), `form "${companyHeading}" again`);
    await expectVisible(pageU, again.getByRole('alert').filter({ hasText: sc.required }), `an error "${sc.required}" (role=alert) in the form`);
    for (const [i, crit] of D.form.criteria.entries()) {
      const checked = await radio(again, crit, D.evaluation.ratings[i]).isChecked();
      if (!checked) await fail(pageU, `"${crit}" lost its rating ${D.evaluation.ratings[i]} after the refusal`);
    }
    for (const [i, q] of D.form.questions.entries()) {
      await expectEqual(pageU, await again.getByRole('textbox', { name: q, exact: true }).inputValue(), D.evaluation.answers[i], `"${q}" after the refusal`);
    }
    await expectEqual(pageU, await again.getByRole('textbox', { name: ev.comment, exact: true }).inputValue(), D.evaluation.comment, `"${ev.comment}" after the refusal`);
    for (const label of Object.values(ev.rec)) {
      if (await radio(again, ev.recommendation, label).isChecked()) await fail(pageU, `"${label}" is checked though none was chosen`);
    }
  });
  axe('the profile with the evaluation errors', () => pageU);

  check(
    `the evaluation error names "${ev.recommendation}"`,
    async () => {
      const alert = evalForm(pageU, companyHeading).getByRole('alert');
      const text = squash(await alert.innerText());
      if (!text.includes(ev.recommendation)) {
        await fail(pageU, `the error ${JSON.stringify(text)} does not name "${ev.recommendation}"`);
      }
    },
  );

  check(
    'the focus is on the evaluation error after the refusal',
    async () => {
      const focused = await pageU.evaluate(() => {
        const a = document.activeElement;
        return { inAlert: !!a?.closest('[role="alert"]'), tag: a?.tagName, cls: a?.className };
      });
      if (!focused.inAlert) await fail(pageU, `the focus is on <${focused.tag} class="${focused.cls}">, not on the error`);
    },
  );

  step(`"${ev.rec.yes}" and "${ev.saveEvaluation}": "${ev.evaluationSaved}", the evaluation listed, the form gone`, async () => {
    const form = evalForm(pageU, companyHeading);
    await radio(form, ev.recommendation, ev.rec.yes).check();
    const res = await submitWith(pageU, form.getByRole('button', { name: ev.saveEvaluation, exact: true }));
    if (res.status() >= 400) await fail(pageU, `"${ev.saveEvaluation}" was answered with ${res.status()}`);
    await expectPath(pageU, cPath);
    await expectH1(pageU, cName);
    const st = await expectVisible(pageU, statusMessage(pageU), 'a status message (role=status)');
    await expectEqual(pageU, squash(await st.innerText()), ev.evaluationSaved, 'the status message');
    const article = application(pageU);
    const item = await expectVisible(pageU, article.getByRole('listitem').filter({ hasText: agencyName }).filter({ hasText: D.evaluation.comment }), `the evaluation by "${agencyName}"`);
    const text = squash(await item.innerText());
    for (const want of [agencyName, screening, ev.rec.yes, D.evaluation.answers[0], D.evaluation.comment]) {
      if (!text.includes(want)) await fail(pageU, `the evaluation does not show ${JSON.stringify(want)}: ${JSON.stringify(text)}`);
    }
    const ratings = await facts(item);
    for (const [i, crit] of D.form.criteria.entries()) {
      await expectEqual(pageU, ratings[crit], `${D.evaluation.ratings[i]} / 5`, `the rating of "${crit}"`);
    }
    const f = await facts(article);
    await expectEqual(pageU, f[ev.evaluations], `1 × ${ev.rec.yes}`, `"${ev.evaluations}" of the application`);
    await expectEqual(pageU, await article.locator('form.evaluate').count(), 0, 'evaluation forms after evaluating');
    await expectEqual(pageU, await article.getByRole('button', { name: ev.saveEvaluation, exact: true }).count(), 0, `buttons "${ev.saveEvaluation}" after evaluating`);
  });

  step(`"${agencyName}" (${t.roles.user}) has no "${ev.reject}", "${ev.archive}" or "${ev.restore}"`, async () => {
    const article = application(pageU);
    await expectEqual(pageU, await summary(article, ev.reject).count(), 0, `disclosures "${ev.reject}"`);
    for (const name of [ev.rejectSubmit, ev.archive, ev.restore]) {
      await expectEqual(pageU, await pageU.getByRole('button', { name, exact: true }).count(), 0, `buttons "${name}"`);
    }
    for (const name of [ev.reason, ev.template, ev.sendEmail]) {
      await expectEqual(pageU, await pageU.getByLabel(name, { exact: true }).count(), 0, `fields "${name}"`);
    }
  });

  step(`a POST to reject, archive or restore as "${agencyName}" gets 403 and changes nothing`, async () => {
    const csrf = await pageU.locator('input[name="_csrf"]').first().inputValue();
    const origin = new URL(pageU.url()).origin;
    for (const [what, form] of [
      ['reject', { _csrf: csrf, reason: 'not_qualified' }],
      ['archive', { _csrf: csrf }],
      ['restore', { _csrf: csrf }],
    ]) {
      const res = await pageU.request.post(`/applications/${applicationId}/${what}`, { form, headers: { Origin: origin }, maxRedirects: 0 });
      await expectEqual(pageU, res.status(), 403, `HTTP status of POST /applications/<id>/${what} by a ${t.roles.user}`);
    }
    await openProfile(pageU);
    const f = await facts(application(pageU));
    if (ev.status in f) await fail(pageU, `the application has a "${ev.status}" after the refused POSTs: ${f[ev.status]}`);
  });

  step(`"${agencyName}" publishes a note mentioning "@${adminName}"; the administrator gets the email`, async () => {
    const notes = region(pageU, sc.notes);
    const res = await publishNote(pageU, lang, note);
    if (res.status() >= 400) await fail(pageU, `"${sc.publish}" was answered with ${res.status()}`);
    await expectVisible(pageU, notes.getByRole('listitem').filter({ hasText: note }), 'the note');
    const subject = ev.mentionedSubject(agencyName, cName);
    const mail = await sink.waitForMessage({ to: admin.email, where: (m) => m.parsed.subject === subject });
    const body = mail.parsed.text || '';
    if (!body.includes(note)) throw new Error(`the mention email does not quote the note:\n${body}`);
    if (!body.includes(`${cPath}#notes`)) throw new Error(`the mention email does not link to ${cPath}#notes:\n${body}`);
    const others = sink.messages.filter((m) => m.parsed.subject === subject && !m.envelope.to.includes(admin.email));
    if (others.length) throw new Error(`the mention email also went to ${others.map((m) => m.envelope.to).join(', ')}`);
  });

  // --- the administrator: board, drag and drop, Standard evaluation, PDF preview --------------------------------
  step(`the administrator's board: ${cName} in "${screening}" with "${ev.summary(`1 × ${ev.rec.yes}`)}"`, async () => {
    current = () => app.page;
    await openPostingBoard(app.page);
    const cd = await expectVisible(app.page, card(app.page, screening, 1), `${cName}'s card in "${screening} (1)"`);
    const lines = (await cd.innerText()).split('\n').map(squash);
    if (!lines.includes(ev.summary(`1 × ${ev.rec.yes}`))) {
      await fail(app.page, `the card does not say "${ev.summary(`1 × ${ev.rec.yes}`)}": ${JSON.stringify(lines)}`);
    }
    await expectEqual(app.page, await cd.getAttribute('draggable'), 'true', 'draggable of the card');
  });
  axe('the board', () => app.page);

  step(`drag ${cName}'s card from "${screening}" to "${interview}": it moves in place and stays after a reload`, async () => {
    const page = app.page;
    const moved = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/applications/${applicationId}/move`),
    );
    await card(page, screening, 1).dragTo(column(page, interview));
    const res = await moved;
    await expectEqual(page, res.status(), 204, 'HTTP status of the move posted by the drop');
    await expectVisible(page, card(page, interview, 1), `${cName}'s card in "${interview} (1)"`);
    await expectVisible(page, region(page, `${screening} (0)`), `region "${screening} (0)"`);
    await expectVisible(page, page.getByRole('status').filter({ hasText: ev.dndMoved(cName, interview) }), `the live region saying "${ev.dndMoved(cName, interview)}"`);
    const select = card(page, interview, 1).getByRole('combobox', { name: sc.moveTo, exact: true });
    await expectEqual(page, await select.evaluate((el) => el.selectedOptions[0]?.label.trim()), interview, `selected "${sc.moveTo}" after the drop`);
    await page.reload();
    await expectH1(page, t.boardTitle(title));
    await expectVisible(page, card(page, interview, 1), `${cName}'s card in "${interview} (1)" after a reload`);
    await expectEqual(page, await card(page, screening, 1).count(), 0, `cards in "${screening}" after a reload`);
  });
  axe('the board after the drop', () => app.page);

  const standardHeading = ev.heading(interview);
  step(`the administrator evaluates in "${interview}" with "${t.evaluationForms.standard}": "${ev.rec.strongYes}"`, async () => {
    const page = app.page;
    await card(page, interview, 1).getByRole('link', { name: cName, exact: true }).click();
    await expectPath(page, cPath);
    const form = await expectVisible(page, evalForm(page, standardHeading), `form "${standardHeading}"`);
    await expectEqual(page, await form.getByRole('group').count(), 1, `groups in "${standardHeading}" (only "${ev.recommendation}")`);
    await radio(form, ev.recommendation, ev.rec.strongYes).check();
    await form.getByRole('textbox', { name: ev.comment, exact: true }).fill(D.adminComment);
    const res = await submitWith(page, form.getByRole('button', { name: ev.saveEvaluation, exact: true }));
    if (res.status() >= 400) await fail(page, `"${ev.saveEvaluation}" was answered with ${res.status()}`);
    await expectPath(page, cPath);
    await expectVisible(page, statusMessage(page).filter({ hasText: ev.evaluationSaved }), `status "${ev.evaluationSaved}"`);
    const f = await facts(application(page));
    await expectEqual(page, f[sc.step], interview, `"${sc.step}" of the application`);
    await expectEqual(page, f[ev.evaluations], `1 × ${ev.rec.strongYes}, 1 × ${ev.rec.yes}`, `"${ev.evaluations}" of the application`);
    await expectVisible(page, application(page).getByRole('listitem').filter({ hasText: adminName }).filter({ hasText: D.adminComment }), `the evaluation by "${adminName}"`);
    await expectEqual(page, await application(page).locator('form.evaluate').count(), 0, 'evaluation forms after evaluating');
  });

  step(`"${ev.preview}" of the CV: the iframe loads /files/<id>/preview, 200, application/pdf, inline`, async () => {
    const page = app.page;
    const previews = [];
    const onResponse = (r) => {
      if (/\/files\/[0-9a-f-]{36}\/preview$/.test(new URL(r.url()).pathname)) previews.push(r);
    };
    page.on('response', onResponse);
    try {
      await openProfile(page);
      const article = application(page);
      const disclosure = await expectVisible(page, summary(article, ev.preview), `disclosure "${ev.preview}"`);
      await disclosure.click();
      const iframe = await expectVisible(page, article.locator('iframe[src$="/preview"]'), 'the preview iframe');
      const src = await iframe.getAttribute('src');
      if (!/^\/files\/[0-9a-f-]{36}\/preview$/.test(src || '')) await fail(page, `iframe src: ${src}`);
      if (!(await iframe.getAttribute('title'))?.includes(c.cv)) await fail(page, `the iframe's title does not name "${c.cv}"`);
      const deadline = Date.now() + 10_000;
      while (previews.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
      if (previews.length === 0) await fail(page, `the iframe did not request ${src} within 10 s`);
      const r = previews[0];
      await expectEqual(page, r.status(), 200, 'HTTP status of the preview in the iframe');
      await expectEqual(page, (await r.headerValue('content-type'))?.split(';')[0], 'application/pdf', 'content-type of the preview');
      // The same URL through the API: inline, framable only by our own pages.
      const direct = await page.request.get(src);
      const h = direct.headers();
      await expectEqual(page, direct.status(), 200, `HTTP status of GET ${src}`);
      await expectEqual(page, h['content-type'], 'application/pdf', `content-type of GET ${src}`);
      if (!/^inline\b/.test(h['content-disposition'] || '')) await fail(page, `content-disposition of the preview: ${h['content-disposition']}`);
      await expectEqual(page, h['x-frame-options'], 'SAMEORIGIN', 'x-frame-options of the preview');
      if (!/frame-ancestors 'self'/.test(h['content-security-policy'] || '')) await fail(page, `CSP of the preview: ${h['content-security-policy']}`);
      const body = await direct.body();
      await expectEqual(page, body.subarray(0, 5).toString('latin1'), '%PDF-', 'the first bytes of the preview');
      // The iframe holds the PDF as a document of its own (not a download, not blocked by the framing headers).
      const frameDeadline = Date.now() + 10_000;
      let contentType = null;
      for (;;) {
        const frame = page.frames().find((f) => f.url().endsWith(src));
        contentType = frame ? await frame.evaluate(() => document.contentType).catch(() => null) : null;
        if (contentType === 'application/pdf' || Date.now() > frameDeadline) break;
        await page.waitForTimeout(100);
      }
      await expectEqual(page, contentType, 'application/pdf', 'document.contentType inside the preview iframe');
    } finally {
      page.off('response', onResponse);
    }
  });

  // --- rejecting --------------------------------------------------------------------------------------------------
  step(`"${ev.reject}" opens "${ev.reason}", "${ev.sendEmail}", "${ev.template}" (first "${ev.standardRejection}") and "${ev.rejectSubmit}"`, async () => {
    const page = app.page;
    await openProfile(page);
    const article = application(page);
    await summary(article, ev.reject).click();
    const reasonSelect = await expectVisible(page, article.getByRole('combobox', { name: ev.reason, exact: true }), `combobox "${ev.reason}"`);
    if (!(await optionLabels(reasonSelect)).includes(reason)) await fail(page, `"${ev.reason}" has no "${reason}"`);
    await expectVisible(page, article.getByRole('checkbox', { name: ev.sendEmail, exact: true }), `checkbox "${ev.sendEmail}"`);
    const tpl = article.getByRole('combobox', { name: ev.template, exact: true });
    await expectEqual(page, JSON.stringify(await optionLabels(tpl)), JSON.stringify([ev.standardRejection, D.template.name]), `the options of "${ev.template}"`);
    await expectVisible(page, article.getByRole('button', { name: ev.rejectSubmit, exact: true }), `button "${ev.rejectSubmit}"`);
    await expectVisible(page, article.getByRole('button', { name: ev.archive, exact: true }), `button "${ev.archive}"`);
  });
  axe(`the profile with "${ev.reject}" open`, () => app.page);

  step(`"${reason}", "${ev.sendEmail}", "${D.template.name}", "${ev.rejectSubmit}": "${ev.rejected(reason)}"`, async () => {
    const page = app.page;
    const article = application(page);
    await article.getByRole('combobox', { name: ev.reason, exact: true }).selectOption({ label: reason });
    await article.getByRole('checkbox', { name: ev.sendEmail, exact: true }).check();
    await article.getByRole('combobox', { name: ev.template, exact: true }).selectOption({ label: D.template.name });
    const res = await submitWith(page, article.getByRole('button', { name: ev.rejectSubmit, exact: true }));
    if (res.status() >= 400) await fail(page, `"${ev.rejectSubmit}" was answered with ${res.status()}`);
    await expectPath(page, cPath);
    await expectVisible(page, statusMessage(page).filter({ hasText: ev.closed }), `status "${ev.closed}"`);
    const f = await facts(application(page));
    await expectEqual(page, f[ev.status], ev.rejected(reason), `"${ev.status}" of the application`);
    await expectVisible(page, application(page).getByRole('button', { name: ev.restore, exact: true }), `button "${ev.restore}"`);
    await expectEqual(page, await summary(application(page), ev.reject).count(), 0, `"${ev.reject}" on a rejected application`);
  });

  step(`${cName} gets "${rejectionSubject}" with the first name and the job title filled in`, async () => {
    const mail = await sink.waitForMessage({ to: c.email, where: (m) => m.parsed.subject === rejectionSubject });
    const body = mail.parsed.text || '';
    for (const want of [D.template.greeting(c.first), title]) {
      if (!body.includes(want)) throw new Error(`the rejection email lacks ${JSON.stringify(want)}:\n${body}`);
    }
    if (/\{\{|\}\}/.test(body + mail.parsed.subject)) throw new Error(`the rejection email has an unfilled placeholder:\n${body}`);
  });

  step(`the board no longer shows ${cName}`, async () => {
    const page = app.page;
    await openPostingBoard(page);
    await expectVisible(page, region(page, `${interview} (0)`), `region "${interview} (0)"`);
    await expectEqual(page, await main(page).getByRole('link', { name: cName, exact: true }).count(), 0, `links "${cName}" on the board`);
  });

  step(`"${ev.activity}": applied, emailed, moved, evaluated (both), noted, rejected`, async () => {
    const page = app.page;
    await openProfile(page);
    await expectTimeline(page, [
      ev.tl.applied(title),
      ev.tl.evaluated(agencyName, screening, title, ev.rec.yes),
      ev.tl.noted(agencyName),
      ev.tl.moved(adminName, screening, interview, title),
      ev.tl.evaluated(adminName, interview, title, ev.rec.strongYes),
      ev.tl.rejected(adminName, title, reason),
      ev.tl.emailed(rejectionSubject),
    ]);
  });

  step(`"${ev.restore}" brings ${cName} back to "${interview}" on the board`, async () => {
    const page = app.page;
    const res = await submitWith(page, application(page).getByRole('button', { name: ev.restore, exact: true }));
    if (res.status() >= 400) await fail(page, `"${ev.restore}" was answered with ${res.status()}`);
    await expectPath(page, cPath);
    const f = await facts(application(page));
    if (ev.status in f) await fail(page, `the restored application still has "${ev.status}": ${f[ev.status]}`);
    await expectTimeline(page, [ev.tl.restored(adminName, title)]);
    await openPostingBoard(page);
    await expectVisible(page, card(page, interview, 1), `${cName}'s card in "${interview} (1)"`);
  });
});

