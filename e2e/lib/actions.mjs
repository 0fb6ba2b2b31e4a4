// Small building blocks of journeys, by role and accessible name: form fields, buttons, links, the user menu, the
// first-run setup and signing in.
import { expectH1, expectPath, expectVisible, fail } from './expect.mjs';
import { T } from './i18n.mjs';

/** The form control labelled exactly `label`. */
export const field = (page, label) => page.getByLabel(label, { exact: true });
export const button = (page, name) => page.getByRole('button', { name, exact: true });
export const link = (page, name) => page.getByRole('link', { name, exact: true });

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
