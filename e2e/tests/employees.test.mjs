// Employees, in each language: step 1 of the help article ("Invite the recruitment agency") followed word for word in
// the UI, the invitation email arriving at a real SMTP server on loopback (parsed as MIME), accepting it and signing
// in as the new employee, what a User may not open, changing the role, deactivation ending access (and reactivation
// restoring it), and the email log. axe runs on every page state the journey visits.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  button,
  expectEqual,
  expectH1,
  expectHtmlLang,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  fail,
  field,
  forEachLanguage,
  journey,
  link,
  logIn,
  openMainMenuLink,
  openUserMenu,
  RESULTS_DIR,
  setupCompany,
  useApp,
  userMenuButton,
  useSmtpSink,
  withArtifacts,
  screenshotDir,
} from '../lib/index.mjs';
import { ui } from '../lib/locales.mjs';

const SCREENSHOT_DIR = screenshotDir();

// The company is set up on the first-run page in the block's language, which makes that language the company's
// default, and so the language of the invitation email.
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
    agency: {
      first: 'Byrå',
      last: 'Rekruttering Øst',
      email: 'post@byraa-rekruttering.example',
      password: 'blåbær-syltetøy-2025',
    },
  },
  en: {
    admin: {
      company: 'Ærø Harbour & Sons Ltd',
      first: 'Emma',
      last: 'Smith',
      email: 'emma.smith@harbour.example',
      password: 'correct-horse-battery-staple-42',
    },
    agency: {
      first: 'Byrå',
      last: 'Recruitment Søndre',
      email: 'hello@byraa-recruitment.example',
      password: 'blueberry-jam-æøå-2025',
    },
  },
};

/** &amp; &#38; &#x26; … → characters (enough for names in the HTML part). */
function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

forEachLanguage('employees', (lang, t) => {
  const sink = useSmtpSink();
  const app = useApp('employees', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const { admin, agency } = PEOPLE[lang];
  const adminName = `${admin.first} ${admin.last}`;
  const agencyName = `${agency.first} ${agency.last}`;

  let invitee = null; // the invitee's page, in its own browser context
  let current = () => app.page; // the page a failure's screenshot shows
  const { step, check } = journey({ prefix: app.name, page: () => current() });
  const axe = (what, page = () => app.page) => check(`axe: ${what}`, () => expectNoAxeViolations(page(), what));

  let mail = null; // the invitation email as received by the SMTP sink
  let employeePath = null; // /settings/employees/<id> of the agency
  let invitationLink = null;

  // --- page parts ---------------------------------------------------------------------------------------------
  const settingsNav = (page) => page.getByRole('navigation', { name: t.settingsNav, exact: true });
  const roleSelect = (page) => page.getByRole('combobox', { name: t.role, exact: true });
  const alert = (page) => page.getByRole('alert').filter({ hasText: /\S/ });
  const statusMessage = (page) => page.getByRole('status').filter({ hasText: /\S/ });

  async function expectSettingsNav(page, current) {
    const nav = await expectVisible(page, settingsNav(page), `the settings sub-navigation (navigation "${t.settingsNav}")`);
    const expected = [
      t.companySection,
      t.employees,
      t.settingsEvaluationForms,
      t.settingsEmailTemplates,
      t.emailLog,
      ui(lang)('tags.heading'),
      ui(lang)('privacy.tab'),
      ui(lang)('webhooks.tab'),
      ui(lang)('jobboards.tab'),
      ui(lang)('audit.tab'),
    ];
    const names = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
    await expectEqual(page, JSON.stringify(names), JSON.stringify(expected), `links of the "${t.settingsNav}" navigation`);
    if (current) {
      const ariaCurrent = await nav.getByRole('link', { name: current, exact: true }).getAttribute('aria-current');
      await expectEqual(page, ariaCurrent, 'page', `aria-current of "${current}" in the "${t.settingsNav}" navigation`);
    }
  }

  async function goToSettingsSection(page, name) {
    await expectSettingsNav(page);
    await settingsNav(page).getByRole('link', { name, exact: true }).click();
  }

  async function expectEmployeesList(page) {
    await expectPath(page, '/settings/employees');
    await expectHtmlLang(page, lang);
    await expectH1(page, t.companySettings);
    await expectVisible(page, page.getByRole('heading', { level: 2, name: t.employees, exact: true }), `heading "${t.employees}"`);
    await expectSettingsNav(page, t.employees);
    const headers = (await page.getByRole('columnheader').allInnerTexts()).map((s) => s.trim());
    await expectEqual(page, JSON.stringify(headers), JSON.stringify(t.employeeColumns), 'column headers of the employees table');
  }

  /** The cells (Name, Email, Role, Status, Invited, Joined) of the employees-table row whose Email cell is `email`. */
  async function employeeRow(page, email) {
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
    await expectVisible(page, row, `a row for ${email} in the employees table`);
    const cells = (await row.first().getByRole('cell').allInnerTexts()).map((s) => s.trim().replace(/\s+/g, ' '));
    const [name, mail, role, status, invited, joined] = cells;
    return { row: row.first(), cells, name, email: mail, role, status, invited, joined };
  }

  async function expectEmployeeRow(page, email, expected) {
    const r = await employeeRow(page, email);
    for (const [key, want] of Object.entries(expected)) {
      const ok = typeof want === 'function' ? want(r[key]) : r[key] === want;
      if (!ok) {
        await fail(page, `employees table, row ${email}, column ${key}: expected ${typeof want === 'function' ? want.description || 'a match' : JSON.stringify(want)}, found ${JSON.stringify(r[key])} (row: ${JSON.stringify(r.cells)})`);
      }
    }
    return r;
  }
  const nonEmpty = Object.assign((v) => typeof v === 'string' && v.length > 0, { description: 'a date (non-empty)' });
  const empty = Object.assign((v) => v === '', { description: 'nothing (empty)' });

  async function expectEmployeePage(page) {
    await expectPath(page, employeePath);
    await expectHtmlLang(page, lang);
    await expectVisible(page, page.getByRole('heading', { name: agencyName, exact: true }), `heading "${agencyName}" (the employee's name)`);
    await expectSettingsNav(page, t.employees);
  }

  async function selectedLabel(page, select) {
    return select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);
  }

  async function openEmployeePage(page) {
    await goToSettingsSection(page, t.employees);
    await expectEmployeesList(page);
    const { row } = await employeeRow(page, agency.email);
    await row.getByRole('link', { name: agencyName, exact: true }).click();
    await page.waitForURL((u) => /^\/settings\/employees\/[^/]+$/.test(u.pathname) && u.pathname !== '/settings/employees/new');
    employeePath = new URL(page.url()).pathname;
    await expectEmployeePage(page);
  }

  async function expectEmployeeStatus(page, status) {
    await expectVisible(page, page.getByRole('main').getByText(status, { exact: true }), `status "${status}" on the employee page`);
  }

  // --- 1. Invite the recruitment agency --------------------------------------------------------------------------
  step(`the administrator sets up the company on the first-run page (${lang})`, async () => {
    await setupCompany(app.page, lang, admin);
    await expectVisible(app.page, userMenuButton(app.page, adminName), `the user menu button named "${adminName}"`);
  });

  step(`"${t.companySettings}" in the main menu, then "${t.employees}"`, async () => {
    const page = app.page;
    await openMainMenuLink(page, lang, t.companySettings);
    await expectPath(page, '/settings');
    await expectH1(page, t.companySettings);
    await expectSettingsNav(page, t.companySection);
    await goToSettingsSection(page, t.employees);
    await expectEmployeesList(page);
    await expectEmployeeRow(page, admin.email, {
      role: t.roles.administrator,
      status: t.employeeStatus.active,
    });
  });
  axe(`${t.employees} list`);

  step(`"${t.inviteEmployee}" opens the invitation form: ${t.firstName}, ${t.lastName}, ${t.email}, ${t.role}`, async () => {
    const page = app.page;
    await button(page, t.inviteEmployee).click();
    await expectPath(page, '/settings/employees/new');
    await expectHtmlLang(page, lang);
    await expectVisible(page, page.getByRole('heading', { name: t.inviteEmployee, exact: true }), `heading "${t.inviteEmployee}"`);
    for (const label of [t.firstName, t.lastName, t.email]) {
      await expectVisible(page, field(page, label), `field "${label}"`);
    }
    const select = await expectVisible(page, roleSelect(page), `select "${t.role}"`);
    const options = (await select.locator('option').allInnerTexts()).map((s) => s.trim());
    const expected = [t.roles.administrator, t.roles.recruiter, t.roles.user];
    await expectEqual(page, JSON.stringify(options), JSON.stringify(expected), `options of "${t.role}"`);
    await expectVisible(page, button(page, t.sendInvitation), `button "${t.sendInvitation}"`);
  });
  axe('invitation form');

  step(`"${t.sendInvitation}" without an email shows a field error and keeps what was typed`, async () => {
    const page = app.page;
    await field(page, t.firstName).fill(agency.first);
    await field(page, t.lastName).fill(agency.last);
    await roleSelect(page).selectOption({ label: t.roles.user });
    await button(page, t.sendInvitation).click();
    await expectVisible(page, alert(page), 'an error summary (role=alert)');
    await expectPath(page, '/settings/employees/new');
    const email = field(page, t.email);
    await expectEqual(page, await email.getAttribute('aria-invalid'), 'true', `aria-invalid of "${t.email}"`);
    const described = await email.evaluate((el) =>
      (el.getAttribute('aria-describedby') || '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent.trim())
        .filter(Boolean),
    );
    if (described.length === 0) await fail(page, `field "${t.email}" is not described by an error message (aria-describedby)`);
    await expectEqual(page, await field(page, t.firstName).inputValue(), agency.first, `"${t.firstName}" after the failed submit`);
    await expectEqual(page, await field(page, t.lastName).inputValue(), agency.last, `"${t.lastName}" after the failed submit`);
    await expectEqual(page, await selectedLabel(page, roleSelect(page)), t.roles.user, `"${t.role}" after the failed submit`);
    if (sink.messages.length > 0) await fail(page, 'an email was sent for an invalid invitation');
  });
  axe('invitation form with a missing email');

  step(`"${t.role}" = "${t.roles.user}" and "${t.sendInvitation}": back on the list, the agency is "${t.employeeStatus.invited}"`, async () => {
    const page = app.page;
    await field(page, t.firstName).fill(agency.first);
    await field(page, t.lastName).fill(agency.last);
    await field(page, t.email).fill(agency.email);
    await roleSelect(page).selectOption({ label: t.roles.user });
    await button(page, t.sendInvitation).click();
    await expectEmployeesList(page);
    const notice = await expectVisible(page, statusMessage(page), 'a status message (role=status)');
    await expectEqual(page, (await notice.innerText()).trim(), t.invitationSent(agency.email), 'the status message');
    await expectEmployeeRow(page, agency.email, {
      name: agencyName,
      role: t.roles.user,
      status: t.employeeStatus.invited,
      invited: nonEmpty,
      joined: empty,
    });
  });
  axe(`${t.employees} list with the invited agency`);
  check(`screenshot of the ${t.employees} list`, async () => {
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-employees-${lang}.png`, fullPage: true });
  });

  // --- the email ---------------------------------------------------------------------------------------------------
  step('the invitation arrives at the SMTP server', async () => {
    mail = await sink.waitForMessage({ to: agency.email, timeout: 15_000 });
    // kept for whoever reads a failure of the checks below
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, `${app.name}-invitation.eml`), mail.raw);
  });

  check('the email is multipart/alternative: a UTF-8 text part and a UTF-8 HTML part', async () => {
    const { mime } = mail;
    await expectEqual(app.page, mime.contentType.value, 'multipart/alternative', 'Content-Type of the email');
    const kinds = mime.parts.map((p) => p.contentType.value);
    await expectEqual(app.page, JSON.stringify(kinds), JSON.stringify(['text/plain', 'text/html']), 'the parts of the multipart/alternative');
    for (const part of mime.parts) {
      await expectEqual(app.page, (part.contentType.params.charset || '').toLowerCase(), 'utf-8', `charset of the ${part.contentType.value} part`);
    }
  });

  check(`subject "${t.invitationSubject(admin.company)}", From, To, Reply-To the administrator, Message-ID, Date`, async () => {
    const { parsed, raw } = mail;
    const page = app.page;
    await expectEqual(page, parsed.subject, t.invitationSubject(admin.company), 'Subject (decoded)');
    await expectEqual(page, parsed.to?.value?.[0]?.address, agency.email, 'To address');
    if (!parsed.from?.value?.[0]?.address) await fail(page, `the email has no From address: ${parsed.headers.get('from')?.text}`);
    const replyTo = parsed.replyTo?.value ?? [];
    await expectEqual(page, replyTo.length, 1, 'number of Reply-To addresses');
    await expectEqual(page, replyTo[0].address, admin.email, 'Reply-To address');
    await expectEqual(page, replyTo[0].name, adminName, 'Reply-To name');
    if (!/^<[^<>@\s]+@[^<>@\s]+>$/.test(parsed.messageId || '')) {
      await fail(page, `Message-ID is not <id@domain>: ${JSON.stringify(parsed.messageId)}`);
    }
    const date = parsed.headers.get('date');
    if (!(date instanceof Date) || Number.isNaN(date.getTime()) || Math.abs(Date.now() - date.getTime()) > 10 * 60_000) {
      await fail(page, `Date header missing or not about now: ${JSON.stringify(date)}`);
    }
    const rawHeaders = raw.toString('latin1').split(/\r?\n\r?\n/)[0];
    for (const h of ['Message-ID', 'Date', 'Reply-To', 'MIME-Version']) {
      if (!new RegExp(`^${h}:`, 'im').test(rawHeaders)) await fail(page, `header ${h} missing from the raw message:\n${rawHeaders}`);
    }
  });

  check('the text and HTML parts carry the names with æøå intact and the invitation link', async () => {
    const { parsed } = mail;
    const page = app.page;
    const text = parsed.text || '';
    const html = decodeEntities(parsed.html || '');
    for (const [part, body] of [['text', text], ['HTML', html]]) {
      for (const name of [admin.company, agency.first, adminName]) {
        if (!body.includes(name)) await fail(page, `the ${part} part lacks ${JSON.stringify(name)}:\n${body}`);
      }
    }
    const pattern = new RegExp(`${app.server.baseURL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/invitations/[0-9a-f]{64}(?![0-9a-zA-Z])`);
    const m = text.match(pattern);
    if (!m) await fail(page, `no link ${app.server.baseURL}/invitations/<64 hex> in the text part:\n${text}`);
    invitationLink = m[0];
    if (!html.includes(invitationLink)) await fail(page, `the HTML part lacks the link ${invitationLink}:\n${html}`);
  });

  // --- accepting the invitation ------------------------------------------------------------------------------------
  step(`the invitee opens the link: "${t.invitationTitle(admin.company)}", ${t.password}, ${t.repeatPassword}`, async () => {
    if (!invitationLink) {
      const m = (mail?.parsed.text || '').match(/https?:\/\/\S+\/invitations\/[0-9a-f]{64}/);
      if (!m) throw new Error('no invitation link found in the email');
      invitationLink = m[0];
    }
    const ctx = await app.newContext(lang);
    invitee = await ctx.newPage();
    current = () => invitee;
    await invitee.goto(invitationLink);
    await expectHtmlLang(invitee, lang);
    await expectH1(invitee, t.invitationTitle(admin.company));
    await expectVisible(invitee, field(invitee, t.password), `field "${t.password}"`);
    await expectVisible(invitee, field(invitee, t.repeatPassword), `field "${t.repeatPassword}"`);
    await expectVisible(invitee, button(invitee, t.createAccount), `button "${t.createAccount}"`);
  });
  axe('invitation acceptance page', () => invitee);

  step('passwords that differ show an error and create nothing', async () => {
    await field(invitee, t.password).fill(agency.password);
    await field(invitee, t.repeatPassword).fill(`${agency.password}-other`);
    await button(invitee, t.createAccount).click();
    await expectVisible(invitee, alert(invitee), 'an error summary (role=alert)');
    await expectEqual(invitee, new URL(invitee.url()).pathname, new URL(invitationLink).pathname, 'path after the failed submit');
    await expectH1(invitee, t.invitationTitle(admin.company));
    if ((await userMenuButton(invitee, agencyName).count()) > 0) await fail(invitee, 'signed in although the passwords differ');
    const invalid = await field(invitee, t.repeatPassword).getAttribute('aria-invalid');
    await expectEqual(invitee, invalid, 'true', `aria-invalid of "${t.repeatPassword}"`);
  });
  axe('invitation acceptance page with an error', () => invitee);

  step(`matching passwords and "${t.createAccount}" sign the invitee in on ${t.jobs}, without "${t.companySettings}"`, async () => {
    await field(invitee, t.password).fill(agency.password);
    await field(invitee, t.repeatPassword).fill(agency.password);
    await button(invitee, t.createAccount).click();
    await expectPath(invitee, '/jobs');
    await expectH1(invitee, t.jobs);
    await openUserMenu(invitee, agencyName);
    await expectVisible(invitee, link(invitee, t.myProfile), `link "${t.myProfile}" in the user menu`);
    if ((await link(invitee, t.companySettings).count()) > 0) {
      await fail(invitee, `the page of a "${t.roles.user}" offers "${t.companySettings}"`);
    }
  });
  axe(`${t.jobs} page of the invitee`, () => invitee);

  step(`a "${t.roles.user}" opening /settings/employees gets the 404 page`, async () => {
    const res = await invitee.goto('/settings/employees');
    await expectEqual(invitee, res?.status(), 404, 'HTTP status of GET /settings/employees as a User');
    await expectH1(invitee, t.notFound);
    if ((await page404Leaks(invitee)) > 0) await fail(invitee, 'the 404 page shows the employees table');
  });
  axe('404 page for a User', () => invitee);

  step(`the used link shows "${t.invitationUnusable}"`, async () => {
    const ctx = await app.newContext(lang);
    const page = await ctx.newPage();
    current = () => page;
    await withArtifacts(page, `${app.name}-used-link`, async () => {
      await page.goto(invitationLink);
      await expectHtmlLang(page, lang);
      await expectH1(page, t.invitationUnusable);
      if ((await field(page, t.password).count()) > 0) await fail(page, 'the used link still offers a password field');
      await expectNoAxeViolations(page, 'unusable invitation link page');
    });
    // the invitee, still signed in, gets the same answer, then goes back to work
    current = () => invitee;
    await invitee.goto(invitationLink);
    await expectH1(invitee, t.invitationUnusable);
    await invitee.goto('/jobs');
    await expectH1(invitee, t.jobs);
  });

  step(`the administrator's list shows the agency as "${t.employeeStatus.active}" with a "${t.employeeColumns[5]}" date`, async () => {
    current = () => app.page;
    const page = app.page;
    await goToSettingsSection(page, t.employees);
    await expectEmployeesList(page);
    await expectEmployeeRow(page, agency.email, {
      name: agencyName,
      role: t.roles.user,
      status: t.employeeStatus.active,
      invited: nonEmpty,
      joined: nonEmpty,
    });
  });

  // --- role change -------------------------------------------------------------------------------------------------
  step(`the agency's name opens the employee page; "${t.role}" shows "${t.roles.user}"`, async () => {
    const page = app.page;
    await openEmployeePage(page);
    await expectEmployeeStatus(page, t.employeeStatus.active);
    const select = await expectVisible(page, roleSelect(page), `select "${t.role}"`);
    await expectEqual(page, await selectedLabel(page, select), t.roles.user, `selected "${t.role}"`);
    await expectVisible(page, button(page, t.saveRole), `button "${t.saveRole}"`);
    await expectVisible(page, button(page, t.deactivate), `button "${t.deactivate}"`);
  });
  axe('employee page');

  step(`"${t.role}" = "${t.roles.recruiter}" and "${t.saveRole}": "${t.changeSaved}"`, async () => {
    const page = app.page;
    await roleSelect(page).selectOption({ label: t.roles.recruiter });
    await button(page, t.saveRole).click();
    await expectVisible(page, statusMessage(page).filter({ hasText: t.changeSaved }), `status message "${t.changeSaved}"`);
    await expectEmployeePage(page);
    await expectEqual(page, await selectedLabel(page, roleSelect(page)), t.roles.recruiter, `selected "${t.role}" after saving`);
  });
  axe('employee page after saving the role');

  step(`the list shows the agency as "${t.roles.recruiter}"`, async () => {
    const page = app.page;
    await goToSettingsSection(page, t.employees);
    await expectEmployeesList(page);
    await expectEmployeeRow(page, agency.email, { role: t.roles.recruiter, status: t.employeeStatus.active });
  });

  // --- deactivation ends access --------------------------------------------------------------------------------------
  step(`"${t.deactivate}" makes the agency "${t.employeeStatus.deactivated}"`, async () => {
    const page = app.page;
    await openEmployeePage(page);
    await button(page, t.deactivate).click();
    await expectVisible(page, statusMessage(page).filter({ hasText: t.changeSaved }), `status message "${t.changeSaved}"`);
    await expectEmployeePage(page);
    await expectEmployeeStatus(page, t.employeeStatus.deactivated);
    await expectVisible(page, button(page, t.reactivate), `button "${t.reactivate}"`);
  });
  axe('employee page of a deactivated employee');

  step(`the deactivated agency's next click ("${t.candidates}") ends on the login page`, async () => {
    current = () => invitee;
    await expectH1(invitee, t.jobs); // the page the invitee had open before being deactivated
    await link(invitee, t.candidates).click();
    await expectPath(invitee, '/login');
    await expectHtmlLang(invitee, lang);
    if ((await userMenuButton(invitee, agencyName).count()) > 0) await fail(invitee, 'still signed in after deactivation');
  });

  step(`signing in again as the deactivated agency fails: "${t.wrongCredentials}"`, async () => {
    await logIn(invitee, lang, agency.email, agency.password);
    const a = await expectVisible(invitee, alert(invitee), 'an error message (role=alert)');
    await expectEqual(invitee, (await a.innerText()).trim(), t.wrongCredentials, 'the login error');
    await expectPath(invitee, '/login');
    if ((await userMenuButton(invitee, agencyName).count()) > 0) await fail(invitee, 'a deactivated employee signed in');
  });

  step(`"${t.reactivate}" lets the agency sign in again (and on to ${t.candidates})`, async () => {
    current = () => app.page;
    const page = app.page;
    await button(page, t.reactivate).click();
    await expectVisible(page, statusMessage(page).filter({ hasText: t.changeSaved }), `status message "${t.changeSaved}"`);
    await expectEmployeeStatus(page, t.employeeStatus.active);
    current = () => invitee;
    await logIn(invitee, lang, agency.email, agency.password);
    await expectVisible(invitee, userMenuButton(invitee, agencyName), `the user menu button named "${agencyName}" (signed in)`);
    await expectHtmlLang(invitee, lang);
    // the login page kept where the invitee was going (?next=/candidates)
    await expectPath(invitee, '/candidates');
    await expectH1(invitee, t.candidates);
  });

  // --- email log --------------------------------------------------------------------------------------------------
  step(`"${t.emailLog}" lists the invitation as "${t.emailSent}"`, async () => {
    current = () => app.page;
    const page = app.page;
    await goToSettingsSection(page, t.emailLog);
    await expectPath(page, '/settings/email-log');
    await expectH1(page, t.companySettings);
    await expectSettingsNav(page, t.emailLog);
    await expectVisible(page, page.getByRole('heading', { level: 2, name: t.emailLog, exact: true }), `heading "${t.emailLog}"`);
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: agency.email, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: t.invitationSubject(admin.company), exact: true }) });
    await expectVisible(page, row, `a row for the invitation to ${agency.email} with subject "${t.invitationSubject(admin.company)}"`);
    await expectVisible(page, row.getByRole('cell', { name: t.emailSent, exact: true }), `status "${t.emailSent}" in the invitation's row`);
  });
  axe(`${t.emailLog} page`);

  /** How many elements of the employees table a 404 page shows (it must show none). */
  async function page404Leaks(page) {
    return page.getByRole('cell', { name: agency.email, exact: true }).count();
  }
});
