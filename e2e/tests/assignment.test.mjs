// Daily recruiting work (issue 22) where no other browser test goes, in each language, against a real SMTP sink. The
// administrator makes an email template, invites a Bruker who accepts, and publishes a posting with the Bruker on its
// hiring team ("Standard" on its first two steps); four candidates apply.
//  1. The board, by keyboard alone: Tab from a card's name to its «Tildel til ansatt» menu, Enter opens it, Tab to
//     «Ansatt», the arrow keys choose the Bruker, Tab to «Tildel», Enter: the card says «Tildelt {name}». Then Tab to
//     the card's «Flytt til steg», the arrow keys choose «Intervju», Space on «Flytt»: the card is in that column.
//  2. Kandidater → tick two → «Tildel til ansatt» → «Ansatt», «Alle stillinger» → «Tildel»: both assigned; «Tildelt»
//     narrows the list to the Bruker's three rows, each showing the Bruker's initials, the fourth row none.
//  3. «Ansatt» → «Ingen» → «Tildel» on a profile unassigns: the profile no longer names the Bruker, «Tildelt» no
//     longer lists the candidate.
//  4. «Følg opp» pressed on a profile: aria-pressed changes, and stays after a reload.
//  5. Kandidater's «Vurdering» filter («Følg opp», «Ikke vurdert»), and the board's «Tagger» filter after a tag is
//     added on a profile.
//  6. «Mine oppgaver» as the Bruker: the two assigned applications (not the unassigned one), no ✓; the Bruker
//     evaluates one and it gets the ✓. The administrator's «Planlegg intervju» with the Bruker as interviewer lists
//     it under «Kommende intervjuer» there; «Endre intervju» (axe on its form) to another place shows the new place.
// axe (WCAG 2.1 A/AA, and reflow) runs on every new page state: the card menu open, the board after each action, the
// bulk confirmation page and its result, the filtered lists, the profiles, «Mine oppgaver» and the interview forms.
// Labels come from the translation files the UI uses.
import assert from 'node:assert/strict';
import {
  button,
  expectEqual,
  expectH1,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  fail,
  forEachLanguage,
  inviteEmployee,
  journey,
  logIn,
  setupCompany,
  ui,
  useApp,
  useSmtpSink,
} from '../lib/index.mjs';
import { listedCandidates, openCandidates, selectCandidates } from '../lib/candidates.mjs';
import {
  acceptInvitation,
  applyWithCv,
  createEmailTemplate,
  createTeamPosting,
  dateIn,
  openBoard,
} from '../lib/screening.mjs';

const DATA = {
  nb: {
    company: 'Oppgaver AS',
    title: 'Lagermedarbeider',
    candidates: [['Aksel', 'Ås'], ['Berit', 'Bø'], ['Cato', 'Ørn'], ['Dina', 'Dahl']],
    tag: 'Truckførerbevis',
    template: { name: 'Innkalling', subject: 'Intervju: {{job.title}}', body: 'Hei {{candidate.first_name}}!' },
    place: 'Storgata 1, Oslo',
    newPlace: 'Møterom Fjellet',
  },
  en: {
    company: 'Tasks Ltd',
    title: 'Warehouse worker',
    candidates: [['Alex', 'Ås'], ['Bella', 'Bø'], ['Colin', 'Ørn'], ['Dora', 'Dahl']],
    tag: 'Forklift licence',
    template: { name: 'Invitation', subject: 'Interview: {{job.title}}', body: 'Hi {{candidate.first_name}}!' },
    place: '1 High Street, Oslo',
    newPlace: 'Meeting room Summit',
  },
};

/** The initials Kandidater shows for an assignee: each word's first letter, upper-cased. */
const initialsOf = (full) => full.split(/\s+/).map((w) => w[0].toUpperCase()).join('');

forEachLanguage('assignment', (lang, T) => {
  const sink = useSmtpSink();
  const app = useApp('assignment', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const u = ui(lang);
  const D = DATA[lang];
  const admin = { first: 'Tora', last: 'Tildeler', email: `tora.${lang}@oppgaver.example`, password: 'tildel-til-ansatt-2026' };
  const bruker = { first: 'Åse', last: 'Oppgave', email: `ase.${lang}@oppgaver.example`, password: 'mine-oppgaver-hver-dag' };
  const adminName = `${admin.first} ${admin.last}`;
  const brukerName = `${bruker.first} ${bruker.last}`;
  const [A, B, C, Dn] = D.candidates.map(([first, last]) => `${first} ${last}`);
  const [screening, interview] = T.defaultSteps;
  const ev = T.ev;
  let pageU = null; // the Bruker, signed in through /login
  let current = () => app.page;
  const { step, check } = journey({ prefix: app.name, page: () => current(), timeout: 60_000 });
  const axe = (what, page = () => app.page) => check(`axe: ${what}`, () => expectNoAxeViolations(page(), what));
  let posting; // { id, staffPath, link }
  const profiles = {}; // name → /candidates/<id>

  // --- page parts -----------------------------------------------------------------------------------------------
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const main = (page) => page.getByRole('main');
  /** A board column (region "{step} ({n})"), whatever its count. */
  const column = (page, stepName) => main(page).getByRole('region', { name: new RegExp(`^${esc(stepName)} \\(\\d+\\)$`) });
  /** The board card (list item) of `name`. */
  const card = (page, name) => main(page).getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
  const triageGroup = (page, name) => page.getByRole('group', { name: u('triage.group', { name }), exact: true });
  const triageButton = (page, name, key) => triageGroup(page, name).getByRole('button', { name: u(key), exact: true });
  const assignBox = (page) => page.getByRole('region', { name: u('assign.heading'), exact: true });
  const listRow = (page, name) => main(page).getByRole('table').getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  const selectedLabel = (select) => select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);

  /** What has the keyboard focus: its tag, its text, and the id of the board card (if any) it is in. */
  const focused = (page) =>
    page.evaluate(() => {
      const a = document.activeElement;
      return {
        tag: a?.tagName.toLowerCase(),
        text: a?.textContent?.replace(/\s+/g, ' ').trim(),
        label: a?.labels?.[0]?.textContent?.trim() ?? null,
        card: a?.closest('li.cardlet')?.id ?? null,
      };
    });

  /** Presses Tab until `isIt(focused)`, at most `max` times, never leaving the card `cardId`. */
  async function tabTo(page, cardId, what, isIt, max = 10) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f.card !== cardId) await fail(page, `Tab left the card ${cardId} before reaching ${what}: now on <${f.tag}> ${JSON.stringify(f.text)}`);
      if (isIt(f)) return f;
    }
    await fail(page, `${max} presses of Tab did not reach ${what} in the card ${cardId}`);
  }

  /** With a closed <select> focused, ArrowDown until it shows `label` (as a keyboard user picks an option). */
  async function arrowTo(page, select, label, max = 10) {
    for (let i = 0; i < max && (await selectedLabel(select)) !== label; i++) await page.keyboard.press('ArrowDown');
    await expectEqual(page, await selectedLabel(select), label, 'the option chosen with the arrow keys');
  }

  /** Chooses `option` in the filter select `label` and presses "Filtrer"; waits for `param` in the address. */
  async function narrow(page, label, option, param) {
    await main(page).getByRole('combobox', { name: label, exact: true }).selectOption({ label: option });
    await button(main(page), u('candidates.filter.submit')).click();
    await page.waitForURL((url) => (url.searchParams.get(param) ?? '') !== '').catch(() => fail(page, `"${u('candidates.filter.submit')}" did not filter by ${param}`));
  }

  async function expectListed(page, names, what) {
    const listed = (await listedCandidates(page)).sort();
    await expectEqual(page, JSON.stringify(listed), JSON.stringify([...names].sort()), what);
  }

  async function openProfile(page, name) {
    await page.goto(profiles[name]);
    await expectH1(page, name);
  }

  // --- setup ----------------------------------------------------------------------------------------------------
  step(`setup: a template, "${brukerName}" (${T.roles.user}) on the hiring team of "${D.title}", four candidates apply`, async () => {
    const page = app.page;
    await setupCompany(page, lang, { company: D.company, ...admin });
    await createEmailTemplate(page, lang, D.template);
    await inviteEmployee(page, lang, { adminName, first: bruker.first, last: bruker.last, email: bruker.email, role: 'user' });
    await acceptInvitation(app, sink, lang, { email: bruker.email, password: bruker.password, company: D.company });
    posting = await createTeamPosting(page, lang, {
      title: D.title,
      body: D.title,
      member: brukerName,
      forms: [T.evaluationForms.standard, T.evaluationForms.standard],
      status: 'published',
    });
    const visitor = await (await app.newContext(lang)).newPage();
    for (const [i, [first, last]] of D.candidates.entries()) {
      await applyWithCv(visitor, lang, posting.link, { first, last, email: `kandidat${i}.${lang}@example.no`, cv: 'cv.pdf' });
    }
    await openCandidates(page, lang);
    await expectListed(page, [A, B, C, Dn], 'Kandidater before anything is done');
    for (const name of [A, B, C, Dn]) {
      profiles[name] = await main(page).getByRole('link', { name, exact: true }).getAttribute('href');
    }
  });

  // --- 1. the board card's menu and «Flytt», by keyboard alone ----------------------------------------------------
  let cardId = null;
  step(`the board: Tab to ${A}'s «${u('assign.heading')}», Enter opens it`, async () => {
    const page = app.page;
    await openBoard(page, lang, D.title);
    cardId = await card(page, A).getAttribute('id');
    await expectVisible(page, card(page, A), `${A}'s card`);
    const menu = card(page, A).locator('details');
    assert.equal(await menu.getAttribute('open'), null, 'the menu starts closed');
    await card(page, A).getByRole('link', { name: A, exact: true }).focus();
    const f = await tabTo(page, cardId, `"${u('assign.heading')}"`, (x) => x.tag === 'summary');
    await expectEqual(page, f.text, `${u('assign.heading')}: ${A}`, 'the menu button names the candidate');
    await page.keyboard.press('Enter');
    await expectVisible(page, card(page, A).getByRole('combobox', { name: u('assign.field'), exact: true }), `«${u('assign.field')}» in the open menu`);
    assert.notEqual(await menu.getAttribute('open'), null, 'Enter opened the menu');
    await expectNoAxeViolations(page, 'the board with a card menu open');
  });

  step(`by keyboard: «${u('assign.field')}» = ${brukerName}, «${u('assign.submit')}»: the card says «${u('assign.assigned_to', { name: brukerName })}»`, async () => {
    const page = app.page;
    const select = card(page, A).getByRole('combobox', { name: u('assign.field'), exact: true });
    await expectEqual(page, await selectedLabel(select), u('assign.nobody'), `«${u('assign.field')}» before`);
    await tabTo(page, cardId, `«${u('assign.field')}»`, (x) => x.tag === 'select' && x.label === u('assign.field'));
    await arrowTo(page, select, brukerName);
    await tabTo(page, cardId, `«${u('assign.submit')}»`, (x) => x.tag === 'button' && x.text === u('assign.submit'));
    await Promise.all([page.waitForURL((url) => url.hash === `#${cardId}`), page.keyboard.press('Enter')]);
    await expectH1(page, T.boardTitle(D.title));
    await expectVisible(page, card(page, A).getByText(u('assign.assigned_to', { name: brukerName }), { exact: true }), `«${u('assign.assigned_to', { name: brukerName })}» on the card`);
    await expectEqual(page, await selectedLabel(card(page, A).getByRole('combobox', { name: u('assign.field'), exact: true, includeHidden: true })), brukerName, `«${u('assign.field')}» in the closed menu after`);
    for (const other of [B, C, Dn]) {
      assert.equal(await card(page, other).getByText(u('assign.assigned_to', { name: brukerName })).count(), 0, `${other} is not assigned`);
    }
  });
  axe('the board after «Tildel»');

  step(`by keyboard: «${u('board.move')}» = ${interview}, Space on «${u('board.move_button')}»: ${A} is in ${interview}`, async () => {
    const page = app.page;
    await expectVisible(page, column(page, screening).getByRole('link', { name: A, exact: true }), `${A} in ${screening}`);
    await card(page, A).getByRole('link', { name: A, exact: true }).focus();
    const select = card(page, A).getByRole('combobox', { name: u('board.move'), exact: true });
    await tabTo(page, cardId, `«${u('board.move')}»`, (x) => x.tag === 'select' && x.label === u('board.move'));
    await arrowTo(page, select, interview);
    await tabTo(page, cardId, `«${u('board.move_button')}»`, (x) => x.tag === 'button' && x.text === u('board.move_button'));
    await Promise.all([page.waitForURL((url) => url.searchParams.has('moved')), page.keyboard.press('Space')]);
    await expectVisible(page, column(page, interview).getByRole('link', { name: A, exact: true }), `${A} in ${interview}`);
    await page.reload();
    await expectVisible(page, column(page, interview).getByRole('link', { name: A, exact: true }), `${A} in ${interview} after a reload`);
    await expectEqual(page, await column(page, screening).getByRole('link', { name: A, exact: true }).count(), 0, `${A} in ${screening}`);
    await expectVisible(page, card(page, A).getByText(u('assign.assigned_to', { name: brukerName }), { exact: true }), 'still assigned');
  });
  axe('the board after «Flytt»');

  // --- 2. Kandidater: the bulk action, «Tildelt» and the initials ---------------------------------------------------
  step(`Kandidater → ${B} and ${C} → «${u('assign.heading')}»: the confirmation page`, async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await selectCandidates(page, lang, [B, C]);
    await button(main(page), u('assign.heading')).click();
    await expectPath(page, '/candidates/assign');
    await expectH1(page, u('assign.heading'));
    await expectVisible(page, page.getByRole('heading', { name: u('source.selected'), exact: true }), `heading «${u('source.selected')}»`);
    const listed = (await main(page).getByRole('listitem').allInnerTexts()).map((s) => s.trim()).sort();
    await expectEqual(page, JSON.stringify(listed), JSON.stringify([B, C].sort()), `«${u('source.selected')}»`);
  });
  axe(`«${u('assign.heading')}» for ${B} and ${C}`);

  step(`«${u('assign.field')}» = ${brukerName}, «${u('bulk.job')}» = «${u('bulk.all_postings')}», «${u('assign.submit')}»`, async () => {
    const page = app.page;
    await main(page).getByRole('combobox', { name: u('assign.field'), exact: true }).selectOption({ label: brukerName });
    await main(page).getByRole('combobox', { name: u('bulk.job'), exact: true }).selectOption({ label: u('bulk.all_postings') });
    await button(main(page), u('assign.submit')).click();
    const result = u('bulk.assign.result', { n: 2, name: brukerName });
    await expectVisible(page, page.getByRole('status').filter({ hasText: result }), `status «${result}»`);
  });
  axe(`the result of «${u('assign.heading')}»`);

  step(`«${u('candidates.filter.assigned')}» = ${brukerName}: ${A}, ${B} and ${C}, each with «${initialsOf(brukerName)}»`, async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await narrow(page, u('candidates.filter.assigned'), brukerName, 'tildelt');
    await expectListed(page, [A, B, C], `Kandidater with «${u('candidates.filter.assigned')}» = ${brukerName}`);
    for (const name of [A, B, C]) {
      await expectVisible(page, listRow(page, name).getByText(initialsOf(brukerName), { exact: true }), `«${initialsOf(brukerName)}» in ${name}'s row`);
      await expectEqual(page, await listRow(page, name).getByText(u('assign.assigned_to', { name: brukerName }), { exact: true }).count(), 1, `«${u('assign.assigned_to', { name: brukerName })}» for screen readers in ${name}'s row`);
    }
    await narrow(page, u('candidates.filter.assigned'), adminName, 'tildelt');
    await expectListed(page, [], `Kandidater with «${u('candidates.filter.assigned')}» = ${adminName}`);
    await page.goto('/candidates');
    await expectListed(page, [A, B, C, Dn], 'Kandidater unfiltered');
    await expectEqual(page, await listRow(page, Dn).getByText(initialsOf(brukerName), { exact: true }).count(), 0, `initials in ${Dn}'s row`);
    await narrow(page, u('candidates.filter.assigned'), brukerName, 'tildelt');
  });
  axe(`Kandidater narrowed by «${u('candidates.filter.assigned')}»`);

  // --- 3. unassigning on the profile ------------------------------------------------------------------------------
  step(`${C}'s profile: «${u('assign.field')}» = «${u('assign.nobody')}», «${u('assign.submit')}» unassigns`, async () => {
    const page = app.page;
    await openProfile(page, C);
    const assigned = page.getByRole('main').getByRole('definition').filter({ hasText: brukerName });
    await expectVisible(page, assigned, `${brukerName} under «${u('candidates.filter.assigned')}»`);
    const select = assignBox(page).getByRole('combobox', { name: u('assign.field'), exact: true });
    await expectEqual(page, await selectedLabel(select), brukerName, `«${u('assign.field')}» before`);
    await select.selectOption({ label: u('assign.nobody') });
    await button(assignBox(page), u('assign.submit')).click();
    await page.waitForURL((url) => url.pathname === profiles[C] && url.search !== '');
    await expectH1(page, C);
    await expectVisible(page, page.getByRole('status').filter({ hasText: u('assign.undone') }), 'the notice says it is unassigned');
    await expectEqual(page, await page.getByRole('status').filter({ hasText: u('assign.done') }).count(), 0, 'no notice that it is assigned');
    await page.reload();
    await expectEqual(page, await selectedLabel(assignBox(page).getByRole('combobox', { name: u('assign.field'), exact: true })), u('assign.nobody'), `«${u('assign.field')}» after a reload`);
    await expectEqual(page, await assigned.count(), 0, `${brukerName} under «${u('candidates.filter.assigned')}»`);
  });
  axe(`${C}'s profile, unassigned`);

  step(`«${u('candidates.filter.assigned')}» = ${brukerName} no longer lists ${C}`, async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await narrow(page, u('candidates.filter.assigned'), brukerName, 'tildelt');
    await expectListed(page, [A, B], `Kandidater with «${u('candidates.filter.assigned')}» = ${brukerName}`);
    await page.goto('/candidates');
    await expectEqual(page, await listRow(page, C).getByText(initialsOf(brukerName), { exact: true }).count(), 0, `initials in ${C}'s row`);
  });

  // --- 4. a triage button on the profile --------------------------------------------------------------------------
  step(`${Dn}'s profile: «${u('triage.follow_up')}» pressed, and still after a reload`, async () => {
    const page = app.page;
    await openProfile(page, Dn);
    await expectEqual(page, await triageButton(page, Dn, 'triage.none').getAttribute('aria-pressed'), 'true', `«${u('triage.none')}» before`);
    await expectEqual(page, await triageButton(page, Dn, 'triage.follow_up').getAttribute('aria-pressed'), 'false', `«${u('triage.follow_up')}» before`);
    await Promise.all([page.waitForURL((url) => url.hash.startsWith('#app-')), triageButton(page, Dn, 'triage.follow_up').click()]);
    await expectH1(page, Dn);
    for (const reloaded of [false, true]) {
      if (reloaded) await page.reload();
      const when = reloaded ? 'after a reload' : 'after pressing it';
      await expectEqual(page, await triageButton(page, Dn, 'triage.follow_up').getAttribute('aria-pressed'), 'true', `«${u('triage.follow_up')}» ${when}`);
      await expectEqual(page, await triageButton(page, Dn, 'triage.none').getAttribute('aria-pressed'), 'false', `«${u('triage.none')}» ${when}`);
      await expectEqual(page, await triageButton(page, Dn, 'triage.starred').getAttribute('aria-pressed'), 'false', `«${u('triage.starred')}» ${when}`);
    }
  });
  axe(`${Dn}'s profile with «${u('triage.follow_up')}»`);

  // --- 5. the «Vurdering» filter in Kandidater, the tag filter on the board -----------------------------------------
  step(`Kandidater → «${u('triage.filter')}» = «${u('triage.follow_up')}»: ${Dn} only`, async () => {
    const page = app.page;
    await openCandidates(page, lang);
    await narrow(page, u('triage.filter'), u('triage.follow_up'), 'triage');
    await expectListed(page, [Dn], `Kandidater with «${u('triage.filter')}» = «${u('triage.follow_up')}»`);
  });
  axe(`Kandidater narrowed by «${u('triage.filter')}»`);

  step(`«${u('triage.filter')}» = «${u('triage.none')}»: everyone else`, async () => {
    const page = app.page;
    await narrow(page, u('triage.filter'), u('triage.none'), 'triage');
    await expectListed(page, [A, B, C], `Kandidater with «${u('triage.filter')}» = «${u('triage.none')}»`);
  });

  step(`${B}'s profile: «${u('tags.add')}» «${D.tag}»; the board narrowed to it shows ${B} only`, async () => {
    const page = app.page;
    await openProfile(page, B);
    const tags = page.getByRole('region', { name: u('tags.heading'), exact: true });
    await tags.getByRole('combobox', { name: u('tags.add_field'), exact: true }).fill(D.tag);
    await button(tags, u('tags.add')).click();
    await expectVisible(page, tags.getByRole('listitem').filter({ hasText: D.tag }), `«${D.tag}» in «${u('tags.heading')}»`);
    await page.goto(`${posting.staffPath}/board`);
    await expectH1(page, T.boardTitle(D.title));
    for (const name of [A, B, C, Dn]) await expectVisible(page, card(page, name), `${name}'s card before narrowing`);
    await narrow(page, u('tags.heading'), D.tag, 'tagg');
    await expectH1(page, T.boardTitle(D.title));
    await expectVisible(page, card(page, B), `${B}'s card`);
    for (const name of [A, C, Dn]) await expectEqual(page, await card(page, name).count(), 0, `${name}'s cards on the board narrowed to «${D.tag}»`);
    await expectEqual(page, await selectedLabel(main(page).getByRole('combobox', { name: u('tags.heading'), exact: true })), D.tag, `«${u('tags.heading')}» after filtering`);
  });
  axe(`the board narrowed to «${D.tag}»`);

  // --- 6. «Mine oppgaver» ----------------------------------------------------------------------------------------
  /** The Bruker's «Mine oppgaver», from the main menu. */
  async function openTasks(page) {
    await page.getByRole('navigation', { name: T.mainMenu, exact: true }).getByRole('link', { name: u('tasks.title'), exact: true }).click();
    await expectPath(page, '/tasks');
    await expectH1(page, u('tasks.title'));
  }
  const taskRows = (page) => main(page).getByRole('table').getByRole('row').filter({ has: page.getByRole('cell') });
  const taskRow = (page, name) => taskRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
  const evaluatedCell = (page, name) => taskRow(page, name).getByRole('cell').last();
  const upcoming = (page) => page.getByRole('region', { name: u('interview.upcoming'), exact: true });

  step(`"${brukerName}" signs in: «${u('tasks.title')}» lists ${A} and ${B}, neither evaluated`, async () => {
    const ctx = await app.newContext(lang);
    pageU = await ctx.newPage();
    current = () => pageU;
    await pageU.goto('/login');
    await logIn(pageU, lang, bruker.email, bruker.password);
    await expectPath(pageU, '/jobs');
    await openTasks(pageU);
    const names = (await taskRows(pageU).getByRole('link').allInnerTexts()).map((s) => s.trim()).sort();
    await expectEqual(pageU, JSON.stringify(names), JSON.stringify([A, B].sort()), `the applications «${u('tasks.assigned_heading')}»`);
    for (const name of [A, B]) {
      await expectEqual(pageU, (await evaluatedCell(pageU, name).innerText()).trim(), u('tasks.not_evaluated'), `«${u('tasks.col.evaluated')}» of ${name}`);
    }
    await expectVisible(pageU, upcoming(pageU).getByText(u('interview.none'), { exact: true }), `«${u('interview.none')}»`);
  });
  axe(`«${u('tasks.title')}», nothing evaluated`, () => pageU);

  step(`"${brukerName}" evaluates ${A} («${ev.rec.yes}»): ✓ on «${u('tasks.title')}» for ${A} only`, async () => {
    await taskRow(pageU, A).getByRole('link', { name: A, exact: true }).click();
    await expectH1(pageU, A);
    const form = pageU.getByRole('form', { name: ev.heading(interview), exact: true });
    await form.getByRole('group', { name: ev.recommendation, exact: true }).getByRole('radio', { name: ev.rec.yes, exact: true }).check();
    await button(form, ev.saveEvaluation).click();
    await expectVisible(pageU, pageU.getByRole('status').filter({ hasText: ev.evaluationSaved }), `«${ev.evaluationSaved}»`);
    await openTasks(pageU);
    await expectVisible(pageU, evaluatedCell(pageU, A).getByText('✓', { exact: true }), `✓ for ${A}`);
    await expectEqual(pageU, (await evaluatedCell(pageU, A).innerText()).replace(/\s+/g, ''), `✓${u('tasks.evaluated')}`.replace(/\s+/g, ''), `«${u('tasks.col.evaluated')}» of ${A}`);
    await expectEqual(pageU, await evaluatedCell(pageU, B).getByText('✓').count(), 0, `✓ for ${B}`);
  });
  axe(`«${u('tasks.title')}» with ✓`, () => pageU);

  const date = dateIn(10);
  step(`the administrator: ${A}'s profile → «${u('interview.schedule')}» with "${brukerName}" as interviewer`, async () => {
    const page = app.page;
    current = () => app.page;
    await openProfile(page, A);
    await page.getByRole('link', { name: u('interview.schedule'), exact: true }).click();
    await expectH1(page, u('interview.schedule'));
    await page.getByLabel(u('interview.date'), { exact: true }).fill(date);
    await page.getByLabel(u('interview.time'), { exact: true }).fill('09:30');
    await page.getByLabel(u('interview.minutes'), { exact: true }).fill('30');
    await page.getByLabel(u('interview.place'), { exact: true }).fill(D.place);
    await page.getByRole('group', { name: u('interview.interviewers'), exact: true }).getByRole('checkbox', { name: brukerName, exact: true }).check();
    await page.getByRole('combobox', { name: u('interview.template'), exact: true }).selectOption({ label: D.template.name });
    await expectNoAxeViolations(page, `«${u('interview.schedule')}» filled in`);
    await button(page, u('interview.send')).click();
    await expectPath(page, profiles[A]);
    await expectVisible(page, page.getByRole('status').filter({ hasText: u('interview.scheduled') }), `«${u('interview.scheduled')}»`);
  });

  step(`"${brukerName}"'s «${u('tasks.title')}» lists the interview with ${A} under «${u('interview.upcoming')}»`, async () => {
    current = () => pageU;
    await pageU.reload();
    await expectH1(pageU, u('tasks.title'));
    const item = upcoming(pageU).getByRole('listitem').filter({ has: pageU.getByRole('link', { name: A, exact: true }) });
    await expectVisible(pageU, item, `the interview with ${A}`);
    const text = (await item.innerText()).replace(/\s+/g, ' ');
    for (const want of [D.title, D.place]) if (!text.includes(want)) await fail(pageU, `the interview ${JSON.stringify(text)} lacks ${JSON.stringify(want)}`);
    await expectEqual(pageU, await upcoming(pageU).getByRole('listitem').count(), 1, `interviews under «${u('interview.upcoming')}»`);
    const datetime = await item.locator('time').getAttribute('datetime');
    if (!datetime?.startsWith(date)) await fail(pageU, `the interview's time ${datetime} is not on ${date}`);
  });
  axe(`«${u('tasks.title')}» with an upcoming interview`, () => pageU);

  step(`the administrator: «${u('interview.change')}» to «${D.newPlace}»`, async () => {
    const page = app.page;
    current = () => app.page;
    await page.getByRole('link', { name: u('interview.change'), exact: true }).click();
    await expectH1(page, u('interview.change'));
    await expectEqual(page, await page.getByLabel(u('interview.place'), { exact: true }).inputValue(), D.place, `«${u('interview.place')}» in the form`);
    await expectNoAxeViolations(page, `«${u('interview.change')}»`);
    await page.getByLabel(u('interview.place'), { exact: true }).fill(D.newPlace);
    await button(page, u('interview.change')).click();
    await expectPath(page, profiles[A]);
    await expectVisible(page, page.getByRole('status').filter({ hasText: u('interview.changed') }), `«${u('interview.changed')}»`);
    current = () => pageU;
    await pageU.reload();
    const item = upcoming(pageU).getByRole('listitem').filter({ has: pageU.getByRole('link', { name: A, exact: true }) });
    await expectVisible(pageU, item.filter({ hasText: D.newPlace }), `the interview at «${D.newPlace}» on «${u('tasks.title')}»`);
  });
});
