// Small building blocks of journeys, by role and accessible name: form fields, buttons, links, the user menu, the
// first-run setup and signing in.
import { expectH1, expectPath, expectVisible, fail } from './expect.mjs';
import { T } from './i18n.mjs';

/** The form control labelled exactly `label`. */
export const field = (page, label) => page.getByLabel(label, { exact: true });
export const button = (page, name) => page.getByRole('button', { name, exact: true });
export const link = (page, name) => page.getByRole('link', { name, exact: true });

/** The main menu of the signed-in layout (navigation "Hovedmeny"). */
export const mainMenu = (page, lang) => page.getByRole('navigation', { name: T[lang].mainMenu, exact: true });

/** Clicks `name` ("Stillinger", "Kandidater") in the main menu. */
export async function openMainMenuLink(page, lang, name) {
  const nav = await expectVisible(page, mainMenu(page, lang), `the main menu (navigation "${T[lang].mainMenu}")`);
  await nav.getByRole('link', { name, exact: true }).click();
}

/** The signed-in user's picture in the main menu: a button named with the user's full name. */
export const userMenuButton = (page, fullName) => page.getByRole('button', { name: fullName, exact: true });

/** Opens the user menu (if closed) and waits until it says so (aria-expanded="true"). */
export async function openUserMenu(page, fullName) {
  const b = await expectVisible(page, userMenuButton(page, fullName), `the user menu button named "${fullName}"`);
  if ((await b.getAttribute('aria-expanded')) !== 'true') await b.click();
  const deadline = Date.now() + 5000;
  while ((await b.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) await fail(page, `the user menu "${fullName}" did not open (aria-expanded)`);
    await page.waitForTimeout(100);
  }
}

/**
 * The first-run setup page in `lang` (the page's language comes from the context's Accept-Language): creates the
 * company and its administrator, who is then signed in on the Jobs page.
 * @param {{ company: string, first: string, last: string, email: string, password: string }} admin
 */
export async function setupCompany(page, lang, admin) {
  const t = T[lang];
  await page.goto('/');
  await expectPath(page, '/setup');
  await field(page, t.companyName).fill(admin.company);
  await field(page, t.firstName).fill(admin.first);
  await field(page, t.lastName).fill(admin.last);
  await field(page, t.email).fill(admin.email);
  await field(page, t.password).fill(admin.password);
  await button(page, t.createCompany).click();
  await expectPath(page, '/jobs');
  await expectH1(page, t.jobs);
}

/** Fills and submits the login form shown on the page. */
export async function logIn(page, lang, email, password) {
  const t = T[lang];
  await expectVisible(page, field(page, t.email), `field "${t.email}" of the login form`);
  await field(page, t.email).fill(email);
  await field(page, t.password).fill(password);
  await button(page, t.logIn).click();
}

/**
 * Article step 1 as an administrator, in its words: the picture in the main menu → "Bedriftsinnstillinger" → "Ansatte" →
 * "Inviter ansatt", fill the form and "Send invitasjon"; waits for the employees list with its confirmation.
 * `beforeSubmit(page)` runs on the filled form (e.g. axe).
 * @param {{ adminName: string, first: string, last: string, email: string, role: 'administrator'|'recruiter'|'user' }} who
 * @param {{ beforeSubmit?: (page) => Promise<void> }} [options]
 */
export async function inviteEmployee(page, lang, who, { beforeSubmit } = {}) {
  const t = T[lang];
  await openUserMenu(page, who.adminName);
  await page.locator('#user-menu').getByRole('link', { name: t.companySettings, exact: true }).click();
  await expectPath(page, '/settings');
  const nav = page.getByRole('navigation', { name: t.settingsNav, exact: true });
  await expectVisible(page, nav, `the settings sub-navigation (navigation "${t.settingsNav}")`);
  await nav.getByRole('link', { name: t.employees, exact: true }).click();
  await expectPath(page, '/settings/employees');
  await button(page, t.inviteEmployee).click();
  await expectPath(page, '/settings/employees/new');
  await field(page, t.firstName).fill(who.first);
  await field(page, t.lastName).fill(who.last);
  await field(page, t.email).fill(who.email);
  await page.getByRole('combobox', { name: t.role, exact: true }).selectOption({ label: t.roles[who.role] });
  if (beforeSubmit) await beforeSubmit(page);
  await button(page, t.sendInvitation).click();
  await expectPath(page, '/settings/employees');
  await expectVisible(
    page,
    page.getByRole('status').filter({ hasText: t.invitationSent(who.email) }),
    `status message "${t.invitationSent(who.email)}"`,
  );
}
