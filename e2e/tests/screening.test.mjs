// Screening, in each language: step 4 of the help article ("Add notes on registered candidates") followed word for
// word in the UI. The administrator invites two agencies as Users (the invitations arrive at a real SMTP server on
// loopback and both accept them), creates the unlisted registration posting with agency A on the hiring team and a
// published posting without it; one candidate applies to both postings, another only to the published one. Agency A
// signs in, finds only the registration posting under "Stillinger", presses "Gå til screening", clicks the
// candidate's name, is refused an empty note, publishes a note, edits it (and deletes another), and moves the
// candidate to "Sourcet videre" on the board. The administrator sees the note with A as its author. Agency B, not on
// the hiring team, sees no postings and gets the 404 page for the posting, its board, the candidate and the CV;
// agency A gets it for the other candidate and sees only the registration application of the first. The server
// shows one card per column: the published posting's board shows the newest candidate and "Vis flere", a plain link
// that shows the other. axe (WCAG 2.1 A/AA) runs on the board (also with "Vis flere"), the profile (before and after
// the note, with the edit disclosure open) and the 404 page.
import {
  button,
  expectEqual,
  expectH1,
  expectHtmlLang,
  expectNoAxeViolations,
  expectPath,
  expectReflow,
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
import { ui } from '../lib/locales.mjs';
import { createPosting, submitWith } from '../lib/posting-form.mjs';
import { STAFF } from '../lib/public.mjs';
import {
  acceptInvitation,
  applicationFields,
  applyWithCv,
  createRegistrationPosting,
  openBoard,
  publishNote,
  SCREEN,
  shownDate,
} from '../lib/screening.mjs';

const SCREENSHOT_DIR = screenshotDir();

const DATA = {
  nb: {
    admin: {
      company: 'Fjellvann & Søn AS',
      first: 'Kari',
      last: 'Nordmann',
      email: 'kari.nordmann@fjellvann.example',
      password: 'riktig-hest-batteri-stift-42',
    },
    // One shared account per agency: first name + last name = the agency's name.
    agencyA: { first: 'Østby', last: 'Rekruttering', email: 'post@ostby-rekruttering.example', password: 'blåbær-syltetøy-2025' },
    agencyB: { first: 'Vestland', last: 'Bemanning', email: 'post@vestland-bemanning.example', password: 'multe-krem-æøå-2025' },
    registration: { title: 'Registrering – Østby Rekruttering', body: 'Registrer deg som kandidat hos Fjellvann & Søn AS.' },
    other: { title: 'Lagermedarbeider', body: 'Vi søker en lagermedarbeider.' },
    candidates: [
      { first: 'Ingrid', last: 'Æsøy', email: 'ingrid.aesoy@kandidat.example', cv: 'Ingrid CV.pdf' },
      { first: 'Per', last: 'Ødegaard', email: 'per.odegaard@kandidat.example', cv: 'cv-per.pdf' },
    ],
    note: 'Sterk kandidat: fem års erfaring fra lager og logistikk. Ønsker heltid i Bergen.',
    editedNote: 'Sterk kandidat: fem års erfaring fra lager og logistikk. Ønsker heltid i Bergen eller Oslo.',
    // A pasted link of 4,000 characters and no space: the profile must still fit 320 px (WCAG 1.4.10).
    throwaway: `Feilført notat – slettes: https://example.com/${'a'.repeat(4000)}`,
  },
  en: {
    admin: {
      company: 'Ærø Harbour & Sons Ltd',
      first: 'Emma',
      last: 'Smith',
      email: 'emma.smith@harbour.example',
      password: 'correct-horse-battery-staple-42',
    },
    agencyA: { first: 'Fjord', last: 'Talent Søndre', email: 'hello@fjord-talent.example', password: 'blueberry-jam-æøå-2025' },
    agencyB: { first: 'Harbour', last: 'Staffing Nord', email: 'hello@harbour-staffing.example', password: 'cloudberry-cream-2025' },
    registration: { title: 'Registration – Fjord Talent', body: 'Register as a candidate with Ærø Harbour & Sons Ltd.' },
    other: { title: 'Warehouse associate', body: 'We are looking for a warehouse associate.' },
    candidates: [
      { first: 'Oliver', last: 'Brown', email: 'oliver.brown@candidate.example', cv: 'Oliver CV.pdf' },
      { first: 'Zoë', last: 'Ångström', email: 'zoe.angstrom@candidate.example', cv: 'cv-zoe.pdf' },
    ],
    note: 'Strong candidate: five years in warehousing and logistics. Wants full-time work in Bergen.',
    editedNote: 'Strong candidate: five years in warehousing and logistics. Wants full-time work in Bergen or Oslo.',
    throwaway: `Note written by mistake – to be deleted: https://example.com/${'a'.repeat(4000)}`,
  },
};

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

forEachLanguage('screening', (lang, t) => {
  const sink = useSmtpSink();
  // One card per column (--board-page 1), so that the published posting's board of two candidates pages.
  const app = useApp('screening', lang, { serverArgs: () => ['--smtp-url', sink.url, '--board-page', '1'] });
  const sc = SCREEN[lang];
  const s = STAFF[lang];
  const D = DATA[lang];
  const { admin, agencyA, agencyB } = D;
  const adminName = `${admin.first} ${admin.last}`;
  const nameA = `${agencyA.first} ${agencyA.last}`;
  const nameB = `${agencyB.first} ${agencyB.last}`;
  const [c1, c2] = D.candidates;
  const c1Name = `${c1.first} ${c1.last}`;
  const c2Name = `${c2.first} ${c2.last}`;

  let pageA = null; // agency A, signed in through /login
  let pageB = null; // agency B
  let current = () => app.page; // the page a failure's screenshot shows
  const { step, check } = journey({ prefix: app.name, page: () => current() });
  const axe = (what, page) => check(`axe: ${what}`, () => expectNoAxeViolations(page(), what));

  const postings = {}; // registration, other → { id, staffPath, link }
  let c1Path = null; // /candidates/<id> of candidate 1
  let c2Path = null; // /candidates/<id> of candidate 2
  let cvHref = null; // /files/<id>: candidate 1's CV in the registration application
  let cvOtherHref = null; // /files/<id>: candidate 1's CV in the application to the other posting

  // --- page parts -----------------------------------------------------------------------------------------------
  const main = (page) => page.getByRole('main');
  const region = (page, name) => page.getByRole('region', { name, exact: true });
  const statusMessage = (page) => page.getByRole('status').filter({ hasText: /\S/ });
  const notes = (page) => region(page, sc.notes);
  // The publish form is after the list of notes; an open edit disclosure has a textbox of the same name above it.
  // The new-note box; the edit box inside an open "Rediger notat" has its own name.
  const noteField = (page) => notes(page).getByRole('textbox', { name: sc.note, exact: true });
  const noteItem = (page, text) => notes(page).getByRole('listitem').filter({ hasText: text });
  const card = (page, columnName, name) =>
    region(page, columnName)
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });

  /** dt → dd of the description lists inside `scope`. */
  const facts = (scope) =>
    scope.evaluate((root) => {
      const out = {};
      for (const dt of root.querySelectorAll('dt')) {
        let dd = dt.nextElementSibling;
        while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
        out[dt.textContent.trim()] = dd ? dd.textContent.replace(/\s+/g, ' ').trim() : null;
      }
      return out;
    });

  const selectedLabel = (select) => select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);
  const optionLabels = async (select) => (await select.locator('option').allInnerTexts()).map((x) => x.trim());

  /** The h2s of main, whitespace squashed (on the board: the step columns with their counts). */
  const h2s = async (page) => (await main(page).getByRole('heading', { level: 2 }).allInnerTexts()).map(squash);

  /** The board of the registration posting: its h1 and exactly these step regions, in this order. */
  async function expectBoard(page, counts) {
    const { id } = postings.registration;
    await expectPath(page, `/jobs/${id}/board`);
    await expectHtmlLang(page, lang);
    await expectH1(page, sc.boardTitle(D.registration.title));
    const want = [sc.column('Screening', counts[0]), sc.column(sc.secondStep, counts[1])];
    await expectEqual(page, JSON.stringify(await h2s(page)), JSON.stringify(want), 'the step columns of the board (h2)');
    for (const name of want) await expectVisible(page, region(page, name), `region "${name}"`);
    const regions = await main(page).getByRole('region').count();
    await expectEqual(page, regions, want.length, 'number of regions on the board (one per step)');
    return want;
  }

  /** The candidate's profile: h1 = full name, then the sections in order (Tagger, the applications, Intervjuer, the
   * activity timeline, then Notes at the bottom); an administrator also sees the candidate's Personvern section
   * after Tagger. */
  async function expectProfile(page, path, fullName, { administrator = false } = {}) {
    await expectPath(page, path);
    await expectHtmlLang(page, lang);
    await expectH1(page, fullName);
    const privacy = administrator ? [ui(lang)('privacy.tab')] : [];
    const want = [
      sc.contact,
      ui(lang)('tags.heading'),
      ...privacy,
      sc.applications,
      ui(lang)('interview.heading'),
      sc.activity,
      sc.notes,
    ];
    await expectEqual(page, JSON.stringify(await h2s(page)), JSON.stringify(want), 'the sections of the profile (h2, in order)');
    for (const name of want) await expectVisible(page, region(page, name), `region "${name}"`);
  }

  /** The application articles of the profile, by their names (the posting titles). */
  async function applicationTitles(page) {
    const articles = region(page, sc.applications).getByRole('article');
    const out = [];
    for (const a of await articles.all()) {
      out.push(squash(await a.getByRole('heading').first().innerText()));
    }
    return out;
  }

  /**
   * Opens `url` and expects the 404 page ("Fant ikke siden") with status 404 and nothing of the candidate. A file
   * served as a download instead makes page.goto throw, which is reported as such.
   */
  async function expectNotFound(page, url, what) {
    let res;
    try {
      res = await page.goto(url);
    } catch (e) {
      await fail(page, `${what} (${url}): expected the 404 page, but opening it gave: ${e.message.split('\n')[0]}`);
    }
    await expectEqual(page, res?.status(), 404, `HTTP status of ${what} (${url})`);
    await expectHtmlLang(page, lang);
    await expectH1(page, t.notFound);
    for (const secret of [c1Name, c1.email, c2Name, D.note, D.editedNote, c1.cv]) {
      if ((await page.getByText(secret).count()) > 0) await fail(page, `the 404 page for ${what} shows ${JSON.stringify(secret)}`);
    }
  }

  /** "Søkte {date}" for today (or the minutes just before Norwegian midnight). */
  const appliedRe = () => {
    const dates = [shownDate(lang), shownDate(lang, new Date(Date.now() - 15 * 60_000))];
    return new RegExp(`(^|\\n|\\s)(${dates.map((d) => esc(sc.applied(d))).join('|')})(\\s|$)`);
  };

  // --- setup: the company, two agencies (article step 1), the postings (step 2), applications (step 3) -----------
  step(`the administrator sets up ${admin.company} (${lang})`, async () => {
    await setupCompany(app.page, lang, admin);
  });

  step(`"${t.inviteEmployee}": agency A "${nameA}" and agency B "${nameB}", both "${t.roles.user}"`, async () => {
    for (const a of [agencyA, agencyB]) {
      await inviteEmployee(app.page, lang, { adminName, first: a.first, last: a.last, email: a.email, role: 'user' });
    }
  });

  step('both agencies accept their emailed invitations and choose passwords', async () => {
    for (const a of [agencyA, agencyB]) {
      await acceptInvitation(app, sink, lang, { email: a.email, password: a.password, company: admin.company });
    }
  });

  step(`the registration posting "${D.registration.title}" (${s.statuses.unlisted}), "${nameA}" added with "${t.addMember}" + "${t.add}"`, async () => {
    postings.registration = await createRegistrationPosting(app.page, lang, {
      title: D.registration.title,
      body: D.registration.body,
      member: nameA,
      secondStep: sc.secondStep,
    });
    const team = await expectVisible(app.page, region(app.page, t.sec.team), `region "${t.sec.team}" on the posting page`);
    const members = (await team.getByRole('listitem').allInnerTexts()).map(squash);
    if (!members.some((m) => m.includes(nameA))) await fail(app.page, `"${nameA}" is not in the hiring team: ${JSON.stringify(members)}`);
  });

  step(`a ${s.statuses.published} posting "${D.other.title}" without the agency`, async () => {
    postings.other = await createPosting(app.page, lang, {
      title: D.other.title,
      body: D.other.body,
      status: 'published',
      fields: applicationFields(),
    });
  });

  step(`${c1Name} applies to both postings with a CV; ${c2Name} only to "${D.other.title}"`, async () => {
    for (const [c, list] of [[c1, [postings.registration, postings.other]], [c2, [postings.other]]]) {
      const ctx = await app.newContext(lang);
      const page = await ctx.newPage();
      current = () => page;
      for (const p of list) await applyWithCv(page, lang, p.link, c);
      await ctx.close();
    }
    current = () => app.page;
  });

  // --- article step 4 as agency A ----------------------------------------------------------------------------------
  step(`agency A signs in on /login`, async () => {
    const ctx = await app.newContext(lang);
    pageA = await ctx.newPage();
    current = () => pageA;
    await pageA.goto('/login');
    await expectHtmlLang(pageA, lang);
    await logIn(pageA, lang, agencyA.email, agencyA.password);
    await expectVisible(pageA, userMenuButton(pageA, nameA), `the user menu button named "${nameA}" (signed in)`);
  });

  step(`"${t.jobs}" in the main menu lists only "${D.registration.title}"`, async () => {
    await openMainMenuLink(pageA, lang, t.jobs);
    await expectPath(pageA, '/jobs');
    await expectH1(pageA, t.jobs);
    const rows = main(pageA).getByRole('row').filter({ has: pageA.getByRole('cell') });
    const texts = (await rows.allInnerTexts()).map(squash);
    await expectEqual(pageA, texts.length, 1, `number of postings agency A sees (rows: ${JSON.stringify(texts)})`);
    await expectVisible(pageA, rows.first().getByRole('link', { name: D.registration.title, exact: true }), `link "${D.registration.title}"`);
    if ((await pageA.getByText(D.other.title).count()) > 0) await fail(pageA, `agency A sees "${D.other.title}"`);
  });

  step(`the title opens the posting; "${s.goToScreening}" opens the board "${sc.boardTitle(D.registration.title)}"`, async () => {
    await main(pageA).getByRole('link', { name: D.registration.title, exact: true }).click();
    await expectPath(pageA, postings.registration.staffPath);
    await expectH1(pageA, D.registration.title);
    await expectVisible(pageA, button(pageA, s.goToScreening), `button "${s.goToScreening}"`);
    await button(pageA, s.goToScreening).click();
    await expectBoard(pageA, [1, 0]);
  });

  step(`the card: a link "${c1Name}", "${sc.applied('…')}", "${sc.appliedThrough(D.registration.title)}", "${sc.moveTo}" + "${sc.moveCandidate(c1Name)}"`, async () => {
    const col = sc.column('Screening', 1);
    const cards = region(pageA, col).getByRole('listitem');
    await expectEqual(pageA, await cards.count(), 1, `number of candidates in "${col}"`);
    const c = card(pageA, col, c1Name);
    await expectVisible(pageA, c, `a list item in "${col}" with a link "${c1Name}"`);
    const text = await c.innerText();
    if (!appliedRe().test(text)) await fail(pageA, `the card lacks "${sc.applied(shownDate(lang))}": ${JSON.stringify(text)}`);
    if (!text.includes(sc.appliedThrough(D.registration.title))) {
      await fail(pageA, `the card lacks "${sc.appliedThrough(D.registration.title)}": ${JSON.stringify(text)}`);
    }
    const select = await expectVisible(pageA, c.getByRole('combobox', { name: sc.moveTo, exact: true }), `combobox "${sc.moveTo}" on the card`);
    await expectEqual(pageA, JSON.stringify(await optionLabels(select)), JSON.stringify(['Screening', sc.secondStep]), `options of "${sc.moveTo}"`);
    await expectEqual(pageA, await selectedLabel(select), 'Screening', `selected "${sc.moveTo}"`);
    const move = await expectVisible(pageA, c.getByRole('button', { name: sc.moveCandidate(c1Name), exact: true }), `button "${sc.moveCandidate(c1Name)}"`);
    await expectEqual(pageA, squash(await move.innerText()), sc.move, 'the visible text of the move button');
    const empty = region(pageA, sc.column(sc.secondStep, 0));
    await expectEqual(pageA, await empty.getByRole('link').count(), 0, `candidates in "${sc.column(sc.secondStep, 0)}"`);
    if ((await pageA.getByText(c2Name).count()) > 0) await fail(pageA, `the board shows ${c2Name}, who did not apply to this posting`);
  });
  axe('the board', () => pageA);
  check(`screenshot of the board`, async () => {
    await pageA.screenshot({ path: `${SCREENSHOT_DIR}/e2e-board-${lang}.png`, fullPage: true });
  });

  step(`"${c1Name}" opens the profile: "${sc.contact}", "${sc.applications}", "${sc.notes}" at the bottom`, async () => {
    await card(pageA, sc.column('Screening', 1), c1Name).getByRole('link', { name: c1Name, exact: true }).click();
    await pageA.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
    c1Path = new URL(pageA.url()).pathname;
    await expectProfile(pageA, c1Path, c1Name);
    const contact = await facts(region(pageA, sc.contact));
    if (!Object.values(contact).includes(c1.email)) await fail(pageA, `"${sc.contact}" lacks ${c1.email}: ${JSON.stringify(contact)}`);
  });

  step(`"${sc.applications}": only the registration application (posting link, "${sc.step}", "${sc.source}", "${sc.moveTo}", "${sc.documents}" with the CV)`, async () => {
    await expectEqual(pageA, JSON.stringify(await applicationTitles(pageA)), JSON.stringify([D.registration.title]), `the applications agency A sees`);
    const article = region(pageA, sc.applications).getByRole('article', { name: D.registration.title, exact: true });
    await expectVisible(pageA, article, `article "${D.registration.title}"`);
    const title = await expectVisible(pageA, article.getByRole('link', { name: D.registration.title, exact: true }), `link "${D.registration.title}"`);
    await expectEqual(pageA, await title.getAttribute('href'), postings.registration.staffPath, `href of "${D.registration.title}"`);
    const f = await facts(article);
    await expectEqual(pageA, f[sc.step], 'Screening', `"${sc.step}" of the application`);
    await expectEqual(pageA, f[sc.source], sc.appliedThrough(D.registration.title), `"${sc.source}" of the application`);
    await expectVisible(pageA, article.getByRole('combobox', { name: sc.moveTo, exact: true }), `combobox "${sc.moveTo}" in the application`);
    await expectVisible(pageA, article.getByRole('button', { name: sc.move }), `button "${sc.move}" in the application`);
    await expectVisible(pageA, article.getByRole('heading', { name: sc.documents, exact: true }), `heading "${sc.documents}"`);
    const cv = await expectVisible(pageA, article.getByRole('link', { name: c1.cv, exact: true }), `link "${c1.cv}"`);
    const href = await cv.getAttribute('href');
    if (!/^\/files\/[0-9a-f-]{36}$/.test(href || '')) await fail(pageA, `href of "${c1.cv}": expected /files/<id>, found ${JSON.stringify(href)}`);
    if ((await pageA.getByText(D.other.title).count()) > 0) await fail(pageA, `agency A sees the application to "${D.other.title}"`);
  });

  step(`"${sc.notes}": a textbox "${sc.note}" and a button "${sc.publish}", no notes yet`, async () => {
    await expectVisible(pageA, noteField(pageA), `textbox "${sc.note}" in "${sc.notes}"`);
    await expectVisible(pageA, notes(pageA).getByRole('button', { name: sc.publish, exact: true }), `button "${sc.publish}"`);
    await expectEqual(pageA, await notes(pageA).getByRole('listitem').count(), 0, 'notes before the first one');
  });
  axe('the profile before the note', () => pageA);

  step(`"${sc.publish}" with an empty note: 422, "${sc.required}"`, async () => {
    const res = await publishNote(pageA, lang, '');
    await expectEqual(pageA, res.status(), 422, `HTTP status of "${sc.publish}" with an empty note`);
    await expectH1(pageA, c1Name);
    await expectVisible(pageA, pageA.getByRole('alert').filter({ hasText: sc.required }), `an error "${sc.required}" (role=alert)`);
    const f = noteField(pageA);
    await expectEqual(pageA, await f.getAttribute('aria-invalid'), 'true', `aria-invalid of "${sc.note}"`);
    const described = await f.evaluate((el) =>
      (el.getAttribute('aria-describedby') || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim()),
    );
    if (!described.includes(sc.required)) await fail(pageA, `"${sc.note}" is not described by "${sc.required}": ${JSON.stringify(described)}`);
    await expectEqual(pageA, await notes(pageA).getByRole('listitem').count(), 0, 'notes after the refused one');
  });
  axe('the profile with the empty-note error', () => pageA);

  step(`the note and "${sc.publish}": "${sc.published}", the note with "${nameA}" and the time`, async () => {
    const res = await publishNote(pageA, lang, D.note);
    if (res.status() >= 400) await fail(pageA, `"${sc.publish}" was answered with ${res.status()}`);
    await expectPath(pageA, c1Path);
    await expectH1(pageA, c1Name);
    const st = await expectVisible(pageA, statusMessage(pageA), 'a status message (role=status)');
    await expectEqual(pageA, squash(await st.innerText()), sc.published, 'the status message');
    const item = await expectVisible(pageA, noteItem(pageA, D.note), `the note in "${sc.notes}"`);
    const text = squash(await item.innerText());
    if (!text.includes(nameA)) await fail(pageA, `the note does not name its author "${nameA}": ${JSON.stringify(text)}`);
    const time = item.locator('time[datetime]');
    await expectEqual(pageA, await time.count(), 1, 'number of <time datetime> in the note');
    const when = squash(await time.innerText());
    const at = Date.parse(await time.getAttribute('datetime'));
    if (!when || Number.isNaN(at) || Math.abs(Date.now() - at) > 10 * 60_000) {
      await fail(pageA, `the note's time is not about now: text ${JSON.stringify(when)}, datetime ${await time.getAttribute('datetime')}`);
    }
    if (text.includes(sc.edited)) await fail(pageA, `a new note says "${sc.edited}": ${JSON.stringify(text)}`);
    await expectEqual(pageA, await noteField(pageA).inputValue(), '', `"${sc.note}" after publishing`);
  });
  axe('the profile after the note', () => pageA);

  step(`"${sc.editNote}" opens "${sc.saveChange}" and "${sc.deleteNote}" for the author`, async () => {
    const item = noteItem(pageA, D.note);
    const disclosure = await expectVisible(pageA, item.locator('summary').filter({ hasText: sc.editNote }), `disclosure "${sc.editNote}"`);
    await disclosure.click();
    const edit = await expectVisible(pageA, item.getByRole('textbox', { name: sc.editNote, exact: true }), `textbox "${sc.editNote}" in the open disclosure`);
    await expectEqual(pageA, await edit.inputValue(), D.note, 'the text to edit');
    await expectVisible(pageA, item.getByRole('button', { name: sc.saveChange, exact: true }), `button "${sc.saveChange}"`);
    await expectVisible(pageA, item.getByRole('button', { name: sc.deleteNote, exact: true }), `button "${sc.deleteNote}"`);
  });
  axe(`the profile with "${sc.editNote}" open`, () => pageA);

  step(`"${sc.saveChange}": the note shows the new text and "${sc.edited}"`, async () => {
    const item = noteItem(pageA, D.note);
    await item.getByRole('textbox', { name: sc.editNote, exact: true }).fill(D.editedNote);
    const res = await submitWith(pageA, item.getByRole('button', { name: sc.saveChange, exact: true }));
    if (res.status() >= 400) await fail(pageA, `"${sc.saveChange}" was answered with ${res.status()}`);
    await expectPath(pageA, c1Path);
    const edited = await expectVisible(pageA, noteItem(pageA, D.editedNote), 'the edited note');
    const text = squash(await edited.innerText());
    if (!text.includes(sc.edited)) await fail(pageA, `the edited note does not say "${sc.edited}": ${JSON.stringify(text)}`);
    if (!text.includes(nameA)) await fail(pageA, `the edited note does not name "${nameA}": ${JSON.stringify(text)}`);
    await expectEqual(pageA, await notes(pageA).getByRole('listitem').count(), 1, 'number of notes after the edit');
  });
  check('screenshot of the profile', async () => {
    await pageA.screenshot({ path: `${SCREENSHOT_DIR}/e2e-candidate-${lang}.png`, fullPage: true });
  });

  step(`a second note (a 4,000-character link), then "${sc.editNote}" → "${sc.deleteNote}" removes it and keeps the first`, async () => {
    await publishNote(pageA, lang, D.throwaway);
    const item = await expectVisible(pageA, noteItem(pageA, D.throwaway), 'the second note');
    await expectReflow(pageA, 'the profile with a note of one 4,000-character word');
    await item.locator('summary').filter({ hasText: sc.editNote }).click();
    const res = await submitWith(pageA, item.getByRole('button', { name: sc.deleteNote, exact: true }));
    if (res.status() >= 400) await fail(pageA, `"${sc.deleteNote}" was answered with ${res.status()}`);
    await expectPath(pageA, c1Path);
    await expectH1(pageA, c1Name);
    await expectEqual(pageA, await noteItem(pageA, D.throwaway).count(), 0, 'the deleted note');
    await expectVisible(pageA, noteItem(pageA, D.editedNote), 'the first note, still there');
  });

  step(`back on the board (posting link, "${s.goToScreening}"): "${sc.moveTo}" = "${sc.secondStep}" and "${sc.moveCandidate(c1Name)}": "${sc.moved}"`, async () => {
    const article = region(pageA, sc.applications).getByRole('article', { name: D.registration.title, exact: true });
    await article.getByRole('link', { name: D.registration.title, exact: true }).click();
    await expectPath(pageA, postings.registration.staffPath);
    await button(pageA, s.goToScreening).click();
    await expectBoard(pageA, [1, 0]);
    const c = card(pageA, sc.column('Screening', 1), c1Name);
    await c.getByRole('combobox', { name: sc.moveTo, exact: true }).selectOption({ label: sc.secondStep });
    const res = await submitWith(pageA, c.getByRole('button', { name: sc.moveCandidate(c1Name), exact: true }));
    if (res.status() >= 400) await fail(pageA, `"${sc.moveCandidate(c1Name)}" was answered with ${res.status()}`);
    await expectBoard(pageA, [0, 1]);
    const st = await expectVisible(pageA, statusMessage(pageA), 'a status message (role=status)');
    await expectEqual(pageA, squash(await st.innerText()), sc.moved, 'the status message');
    const moved = await expectVisible(pageA, card(pageA, sc.column(sc.secondStep, 1), c1Name), `"${c1Name}" in "${sc.column(sc.secondStep, 1)}"`);
    await expectEqual(pageA, await selectedLabel(moved.getByRole('combobox', { name: sc.moveTo, exact: true })), sc.secondStep, `selected "${sc.moveTo}" after moving`);
  });
  axe('the board after moving', () => pageA);

  check(`the profile shows "${sc.step}": "${sc.secondStep}" after the move`, async () => {
    await pageA.goto(c1Path);
    await expectProfile(pageA, c1Path, c1Name);
    const article = region(pageA, sc.applications).getByRole('article', { name: D.registration.title, exact: true });
    const f = await facts(article);
    await expectEqual(pageA, f[sc.step], sc.secondStep, `"${sc.step}" of the application after the move`);
  });

  // --- the administrator sees the note --------------------------------------------------------------------------
  step(`the administrator: "${t.jobs}" → "${D.registration.title}" → "${s.goToScreening}" → "${c1Name}" shows ${nameA}'s note`, async () => {
    current = () => app.page;
    const page = app.page;
    await openBoard(page, lang, D.registration.title);
    await expectBoard(page, [0, 1]);
    await card(page, sc.column(sc.secondStep, 1), c1Name).getByRole('link', { name: c1Name, exact: true }).click();
    await expectProfile(page, c1Path, c1Name, { administrator: true });
    const item = await expectVisible(page, noteItem(page, D.editedNote), `${nameA}'s note`);
    const text = squash(await item.innerText());
    if (!text.includes(nameA)) await fail(page, `the note does not name its author "${nameA}": ${JSON.stringify(text)}`);
    if (text.includes(adminName)) await fail(page, `the note names the administrator "${adminName}" as author: ${JSON.stringify(text)}`);
    if (!text.includes(sc.edited)) await fail(page, `the edited note does not say "${sc.edited}" to the administrator: ${JSON.stringify(text)}`);
    await expectEqual(page, await notes(page).getByRole('listitem').count(), 1, 'number of notes the administrator sees');
  });

  check(`the administrator, not the author, has no "${sc.editNote}" on ${nameA}'s note`, async () => {
    await expectEqual(app.page, await noteItem(app.page, D.editedNote).getByText(sc.editNote, { exact: true }).count(), 0, `"${sc.editNote}" for a note of someone else`);
  });

  step(`the administrator sees both applications of ${c1Name}, each with its CV`, async () => {
    const page = app.page;
    const titles = await applicationTitles(page);
    await expectEqual(page, JSON.stringify([...titles].sort()), JSON.stringify([D.registration.title, D.other.title].sort()), 'the applications the administrator sees');
    const hrefOf = async (title) => {
      const article = region(page, sc.applications).getByRole('article', { name: title, exact: true });
      const cv = await expectVisible(page, article.getByRole('link', { name: c1.cv, exact: true }), `link "${c1.cv}" in "${title}"`);
      return cv.getAttribute('href');
    };
    cvHref = await hrefOf(D.registration.title);
    cvOtherHref = await hrefOf(D.other.title);
    for (const h of [cvHref, cvOtherHref]) if (!/^\/files\/[0-9a-f-]{36}$/.test(h || '')) await fail(page, `a CV link is not /files/<id>: ${h}`);
  });
  axe('the profile as the administrator', () => app.page);

  // The newest card of a column shows first (one per page here); "Vis flere" is a plain link to the next ones.
  const firstColumn = (page) => region(page, sc.column('Screening', 2));
  const cardNames = async (page) =>
    (await firstColumn(page).getByRole('listitem').getByRole('link').allInnerTexts()).map(squash);
  const showMore = (page) => firstColumn(page).getByRole('link', { name: sc.showMore, exact: true });
  step(`the administrator's board of "${D.other.title}": "${sc.column('Screening', 2)}" shows ${c2Name}, the newest, and "${sc.showMore}"`, async () => {
    const page = app.page;
    await openBoard(page, lang, D.other.title);
    await expectH1(page, sc.boardTitle(D.other.title));
    await expectVisible(page, firstColumn(page), `region "${sc.column('Screening', 2)}"`);
    await expectEqual(page, JSON.stringify(await cardNames(page)), JSON.stringify([c2Name]), 'the cards on the first page');
    await expectVisible(page, showMore(page), `link "${sc.showMore}" in "${sc.column('Screening', 2)}"`);
  });
  axe(`the board with "${sc.showMore}"`, () => app.page);

  step(`"${sc.showMore}" shows ${c1Name} too, and no further link; ${c2Name}'s name opens the profile`, async () => {
    const page = app.page;
    await showMore(page).click();
    await page.waitForURL((u) => u.searchParams.has('show'));
    await expectH1(page, sc.boardTitle(D.other.title));
    await expectEqual(page, JSON.stringify(await cardNames(page)), JSON.stringify([c2Name, c1Name]), `the cards after "${sc.showMore}"`);
    await expectEqual(page, await showMore(page).count(), 0, `links "${sc.showMore}" once every card shows`);
    await main(page).getByRole('link', { name: c2Name, exact: true }).click();
    await page.waitForURL((u) => /^\/candidates\/[0-9a-f-]{36}$/.test(u.pathname));
    c2Path = new URL(page.url()).pathname;
    await expectH1(page, c2Name);
  });

  // --- agency B, not on the hiring team, does not see the candidate at all ------------------------------------------
  step(`agency B signs in; "${t.jobs}" says "${sc.noPostings}"`, async () => {
    const ctx = await app.newContext(lang);
    pageB = await ctx.newPage();
    current = () => pageB;
    await pageB.goto('/login');
    await logIn(pageB, lang, agencyB.email, agencyB.password);
    await expectVisible(pageB, userMenuButton(pageB, nameB), `the user menu button named "${nameB}" (signed in)`);
    await openMainMenuLink(pageB, lang, t.jobs);
    await expectPath(pageB, '/jobs');
    await expectH1(pageB, t.jobs);
    await expectVisible(pageB, main(pageB).getByText(sc.noPostings, { exact: true }), `text "${sc.noPostings}"`);
    for (const title of [D.registration.title, D.other.title]) {
      if ((await pageB.getByText(title).count()) > 0) await fail(pageB, `agency B sees "${title}"`);
    }
  });
  axe(`${t.jobs} of agency B (empty)`, () => pageB);

  check(`agency B: "${t.candidates}" does not show ${c1Name}`, async () => {
    await openMainMenuLink(pageB, lang, t.candidates);
    await expectPath(pageB, '/candidates');
    await expectH1(pageB, t.candidates);
    for (const secret of [c1Name, c1.email, c2Name]) {
      if ((await pageB.getByText(secret).count()) > 0) await fail(pageB, `agency B's "${t.candidates}" shows ${JSON.stringify(secret)}`);
    }
  });

  step(`agency B: the registration posting's URL gives the 404 page "${t.notFound}"`, async () => {
    await expectNotFound(pageB, postings.registration.staffPath, 'the registration posting');
  });
  axe('the 404 page', () => pageB);

  step(`agency B: its board URL gives "${t.notFound}"`, async () => {
    await expectNotFound(pageB, `/jobs/${postings.registration.id}/board`, 'the board of the registration posting');
  });

  step(`agency B: ${c1Name}'s profile URL gives "${t.notFound}"`, async () => {
    await expectNotFound(pageB, c1Path, `${c1Name}'s profile`);
  });

  step(`agency B: the CV URL (from the administrator's view) gives "${t.notFound}"`, async () => {
    await expectNotFound(pageB, cvHref, `${c1Name}'s CV`);
  });

  // --- agency A sees only what the registration posting brought ----------------------------------------------------
  step(`agency A: ${c2Name}'s profile URL gives "${t.notFound}"`, async () => {
    current = () => pageA;
    await expectNotFound(pageA, c2Path, `${c2Name}'s profile`);
  });
  axe('the 404 page for agency A', () => pageA);

  check(`agency A: the CV of ${c1Name}'s application to "${D.other.title}" gives "${t.notFound}"`, async () => {
    await expectNotFound(pageA, cvOtherHref, `the CV of the application to "${D.other.title}"`);
  });

  check(`agency A: "${D.other.title}" and its board give "${t.notFound}"`, async () => {
    await expectNotFound(pageA, postings.other.staffPath, `the posting "${D.other.title}"`);
    await expectNotFound(pageA, `/jobs/${postings.other.id}/board`, `the board of "${D.other.title}"`);
  });

  check(`agency A still sees only the registration application of ${c1Name}, with the note`, async () => {
    await pageA.goto(c1Path);
    await expectProfile(pageA, c1Path, c1Name);
    await expectEqual(pageA, JSON.stringify(await applicationTitles(pageA)), JSON.stringify([D.registration.title]), 'the applications agency A sees');
    await expectVisible(pageA, noteItem(pageA, D.editedNote), 'the note');
  });
});
