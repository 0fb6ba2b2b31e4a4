// Foundation, in each language: first-run setup, signed-in layout and user menu, sign out, sign-in redirect with
// `next`, wrong password, language switch (signed out and signed in, saved to the profile), /setup after setup,
// the profile's language select, and the login page at 320 px. axe runs on every page the journey visits.
import {
  expectEqual,
  expectH1,
  expectHtmlLang,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  fail,
  forEachLanguage,
  journey,
  LANGUAGE_NAMES,
  mainMenu,
  other,
  T,
  useApp,
  withArtifacts,
  screenshotDir,
} from '../lib/index.mjs';

const SCREENSHOT_DIR = screenshotDir();

const ADMIN = {
  nb: {
    company: 'Bølgen & Søn AS',
    first: 'Kari',
    last: 'Nordmann',
    email: 'kari.nordmann@bolgen.example',
    password: 'riktig-hest-batteri-stift-42',
  },
  en: {
    company: 'Harbour & Sons Ltd',
    first: 'Emma',
    last: 'Smith',
    email: 'emma.smith@harbour.example',
    password: 'correct-horse-battery-staple-42',
  },
};

forEachLanguage('foundation', (lang, t) => {
  const app = useApp('foundation', lang);
  const o = other(lang);
  const to = T[o];
  const me = ADMIN[lang];
  const fullName = `${me.first} ${me.last}`;
  const { step, check } = journey({ prefix: app.name, page: () => app.page });
  const axe = (what) => check(`axe: ${what}`, () => expectNoAxeViolations(app.page, what));

  // --- page parts ---------------------------------------------------------------------------------------------
  const languageSwitch = (page, l) => page.getByRole('group', { name: T[l].languageGroup, exact: true });
  const languageButton = (page, inLang, target) =>
    languageSwitch(page, inLang).getByRole('button', { name: LANGUAGE_NAMES[target], exact: true });
  const userMenuButton = (page) => page.getByRole('button', { name: fullName, exact: true });
  const field = (page, label) => page.getByLabel(label, { exact: true });
  const button = (page, name) => page.getByRole('button', { name, exact: true });

  async function expectLanguageSwitch(page, l) {
    await expectVisible(page, languageSwitch(page, l), `the language switch (group "${T[l].languageGroup}")`);
    for (const target of ['nb', 'en']) {
      await expectVisible(page, languageButton(page, l, target), `button "${LANGUAGE_NAMES[target]}" in the language switch`);
    }
  }

  async function expectHref(page, locator, pathname, what) {
    const href = await locator.getAttribute('href');
    const actual = href === null ? null : new URL(href, page.url()).pathname;
    await expectEqual(page, actual, pathname, `path of the ${what} link (href=${JSON.stringify(href)})`);
  }

  async function expectMainNav(page, l) {
    const nav = page.getByRole('navigation').filter({ has: page.getByRole('link', { name: T[l].jobs, exact: true }) });
    await expectVisible(page, nav, `a navigation landmark containing the link "${T[l].jobs}"`);
    const jobs = await expectVisible(page, nav.first().getByRole('link', { name: T[l].jobs, exact: true }), `link "${T[l].jobs}"`);
    const candidates = await expectVisible(
      page,
      nav.first().getByRole('link', { name: T[l].candidates, exact: true }),
      `link "${T[l].candidates}" in the main navigation`,
    );
    await expectHref(page, jobs, '/jobs', `"${T[l].jobs}"`);
    await expectHref(page, candidates, '/candidates', `"${T[l].candidates}"`);
  }

  async function expectSignedInLayout(page, l, heading) {
    await expectHtmlLang(page, l);
    await expectH1(page, heading);
    await expectMainNav(page, l);
    await expectVisible(page, userMenuButton(page), `the user menu button named "${fullName}"`);
    await expectLanguageSwitch(page, l);
  }

  async function expectLoginForm(page, l) {
    await expectVisible(page, field(page, T[l].email), `field "${T[l].email}"`);
    await expectVisible(page, field(page, T[l].password), `field "${T[l].password}"`);
    await expectVisible(page, button(page, T[l].logIn), `button "${T[l].logIn}"`);
  }

  async function logIn(page, l, password) {
    await field(page, T[l].email).fill(me.email);
    await field(page, T[l].password).fill(password);
    await button(page, T[l].logIn).click();
  }

  async function ariaExpanded(page, locator, value, what) {
    const deadline = Date.now() + 5000;
    let v;
    while ((v = await locator.getAttribute('aria-expanded')) !== value && Date.now() < deadline) {
      await page.waitForTimeout(100);
    }
    await expectEqual(page, v, value, `aria-expanded of ${what}`);
  }

  // --- the journey ----------------------------------------------------------------------------------------------
  step(`/ redirects to the first-run setup page, in ${lang} (Accept-Language)`, async () => {
    const page = app.page;
    await page.goto('/');
    await expectPath(page, '/setup');
    await expectHtmlLang(page, lang);
    await expectLanguageSwitch(page, lang);
    for (const label of [t.companyName, t.firstName, t.lastName, t.email, t.password]) {
      await expectVisible(page, field(page, label), `field "${label}"`);
    }
    await expectVisible(page, button(page, t.createCompany), `button "${t.createCompany}"`);
  });
  axe('first-run setup page');

  step(`"${t.createCompany}" signs in and lands on the ${t.jobs} page`, async () => {
    const page = app.page;
    await field(page, t.companyName).fill(me.company);
    await field(page, t.firstName).fill(me.first);
    await field(page, t.lastName).fill(me.last);
    await field(page, t.email).fill(me.email);
    await field(page, t.password).fill(me.password);
    await button(page, t.createCompany).click();
    await expectPath(page, '/jobs');
    await expectSignedInLayout(page, lang, t.jobs);
  });
  axe(`${t.jobs} page`);
  check(`screenshot of the ${t.jobs} page`, async () => {
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-jobs-${lang}.png`, fullPage: true });
  });

  check('the login page (signed out) fits a 320 px wide viewport without horizontal scrolling', async () => {
    const ctx = await app.newContext(lang, { viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    try {
      await withArtifacts(page, `${app.name}-login-320px`, async () => {
        await page.goto('/login');
        await expectPath(page, '/login');
        await expectHtmlLang(page, lang);
        await expectLoginForm(page, lang);
        const { scrollWidth, overflowing } = await page.evaluate(() => {
          const vw = document.documentElement.clientWidth;
          const overflowing = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
            .slice(0, 10)
            .map((el) => `${el.outerHTML.slice(0, 160)} (right=${Math.round(el.getBoundingClientRect().right)})`);
          return { scrollWidth: document.scrollingElement.scrollWidth, overflowing };
        });
        if (scrollWidth > 320) {
          await fail(page, `document.scrollingElement.scrollWidth is ${scrollWidth} (> 320); elements reaching past the viewport:\n  ${overflowing.join('\n  ')}`);
        }
        await expectNoAxeViolations(page, 'login page at 320 px');
      });
    } finally {
      await ctx.close();
    }
  });

  step(`the "${fullName}" button opens and closes the user menu`, async () => {
    const page = app.page;
    const menuButton = userMenuButton(page);
    await ariaExpanded(page, menuButton, 'false', `"${fullName}" before opening`);
    await menuButton.click();
    await ariaExpanded(page, menuButton, 'true', `"${fullName}" after clicking it`);
    const logOut = await expectVisible(page, button(page, t.logOut), `button "${t.logOut}" in the open user menu`);
    await menuButton.click();
    await ariaExpanded(page, menuButton, 'false', `"${fullName}" after clicking it again`);
    await logOut.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => fail(page, `"${t.logOut}" still visible with the menu closed`));
    await menuButton.click();
    await ariaExpanded(page, menuButton, 'true', `"${fullName}" after opening it again`);
    // Bedriftsinnstillinger is in the main menu (the setup user is an administrator), and behind the picture too,
    // where the help article says to find it.
    const settings = await expectVisible(
      page,
      mainMenu(page, lang).getByRole('link', { name: t.companySettings, exact: true }),
      `link "${t.companySettings}" in the main menu`,
    );
    await expectHref(page, settings, '/settings', `"${t.companySettings}"`);
    const inMenu = await expectVisible(
      page,
      page.locator('#user-menu').getByRole('link', { name: t.companySettings, exact: true }),
      `link "${t.companySettings}" in the open user menu`,
    );
    await expectHref(page, inMenu, '/settings', `"${t.companySettings}" in the user menu`);
    const profile = await expectVisible(page, page.getByRole('link', { name: t.myProfile, exact: true }), `link "${t.myProfile}"`);
    await expectHref(page, profile, '/profile', `"${t.myProfile}"`);
    await expectVisible(page, button(page, t.logOut), `button "${t.logOut}"`);
  });
  axe(`${t.jobs} page with the user menu open`);

  step(`"${t.logOut}" signs out; / now redirects to /login`, async () => {
    const page = app.page;
    await button(page, t.logOut).click();
    await userMenuButton(page)
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => fail(page, `still signed in (button "${fullName}" present) after "${t.logOut}"`));
    await page.waitForLoadState('load');
    await page.goto('/');
    await expectPath(page, '/login');
    await expectHtmlLang(page, lang);
    await expectLoginForm(page, lang);
  });
  axe('login page');

  step(`the language switch works signed out: ${LANGUAGE_NAMES[o]} and back to ${LANGUAGE_NAMES[lang]}`, async () => {
    const page = app.page;
    await languageButton(page, lang, o).click();
    await expectHtmlLang(page, o);
    await expectPath(page, '/login');
    await expectLoginForm(page, o);
    await expectLanguageSwitch(page, o);
    await languageButton(page, o, lang).click();
    await expectHtmlLang(page, lang);
    await expectPath(page, '/login');
    await expectLoginForm(page, lang);
  });

  step('/candidates signed out redirects to /login?next=%2Fcandidates', async () => {
    const page = app.page;
    await page.goto('/candidates');
    await expectPath(page, '/login', '?next=%2Fcandidates');
    await expectHtmlLang(page, lang);
    await expectLanguageSwitch(page, lang);
    await expectLoginForm(page, lang);
  });
  axe('login page with ?next');

  step('a wrong password shows an error (role=alert) and stays on the login page', async () => {
    const page = app.page;
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    if (await alert.first().isVisible()) await fail(page, 'an alert is already shown before signing in');
    await logIn(page, lang, `${me.password}-wrong`);
    await expectVisible(page, alert, 'an error message (role=alert)');
    await expectPath(page, '/login');
    await expectHtmlLang(page, lang);
    await expectLoginForm(page, lang);
    if ((await userMenuButton(page).count()) > 0) await fail(page, 'signed in with a wrong password');
  });
  axe('login page showing the wrong-password error');

  step(`signing in with the right password on the same page lands on the ${t.candidates} page (next)`, async () => {
    const page = app.page;
    await logIn(page, lang, me.password);
    await expectPath(page, '/candidates');
    await expectSignedInLayout(page, lang, t.candidates);
  });
  axe(`${t.candidates} page`);

  step(`the language switch (signed in) to ${LANGUAGE_NAMES[o]} changes <html lang> and the labels`, async () => {
    const page = app.page;
    await languageButton(page, lang, o).click();
    await expectHtmlLang(page, o);
    await expectPath(page, '/candidates');
    await expectSignedInLayout(page, o, to.candidates);
  });
  axe(`${to.candidates} page after switching to ${o}`);

  step(`the choice is kept: / goes to /jobs, now in ${o}`, async () => {
    const page = app.page;
    await page.goto('/');
    await expectPath(page, '/jobs');
    await expectSignedInLayout(page, o, to.jobs);
  });
  axe(`${to.jobs} page in ${o}`);

  step('/setup now that a company exists: signed in, back to the work; signed out, to sign-in', async () => {
    const page = app.page;
    await page.goto('/setup');
    await expectPath(page, '/jobs');
    await expectSignedInLayout(page, o, to.jobs);
    const anon = await fetch(new URL('/setup', app.server.baseURL), { redirect: 'manual' });
    await expectEqual(page, anon.status, 303, 'HTTP status of GET /setup (signed out)');
    await expectEqual(page, anon.headers.get('location'), '/login', 'where GET /setup (signed out) leads');
  });

  step(`"${to.myProfile}" shows the language select set to ${LANGUAGE_NAMES[o]} and the name fields`, async () => {
    const page = app.page;
    await page.goto('/jobs');
    await userMenuButton(page).click();
    await page.getByRole('link', { name: to.myProfile, exact: true }).click();
    await expectPath(page, '/profile');
    await expectHtmlLang(page, o);
    const select = await expectVisible(
      page,
      page.getByRole('combobox', { name: to.language, exact: true }),
      `select "${to.language}"`,
    );
    const options = (await select.locator('option').allInnerTexts()).map((s) => s.trim());
    for (const name of ['Norsk', 'English']) {
      if (!options.includes(name)) await fail(page, `select "${to.language}" lacks option "${name}"; options: ${JSON.stringify(options)}`);
    }
    const selected = await select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);
    await expectEqual(page, selected, LANGUAGE_NAMES[o], `selected option of "${to.language}"`);
    const first = await expectVisible(page, field(page, to.firstName), `field "${to.firstName}"`);
    const last = await expectVisible(page, field(page, to.lastName), `field "${to.lastName}"`);
    await expectEqual(page, await first.inputValue(), me.first, `value of "${to.firstName}"`);
    await expectEqual(page, await last.inputValue(), me.last, `value of "${to.lastName}"`);
    await expectVisible(page, button(page, to.save), `button "${to.save}"`);
  });
  axe(`profile page in ${o}`);

  step(`choosing ${LANGUAGE_NAMES[lang]} on the profile and "${to.save}" switches the UI back to ${lang}`, async () => {
    const page = app.page;
    await page.getByRole('combobox', { name: to.language, exact: true }).selectOption({ label: LANGUAGE_NAMES[lang] });
    await button(page, to.save).click();
    await expectHtmlLang(page, lang);
    await page.goto('/profile');
    await expectHtmlLang(page, lang);
    const select = await expectVisible(
      page,
      page.getByRole('combobox', { name: t.language, exact: true }),
      `select "${t.language}"`,
    );
    const selected = await select.evaluate((el) => el.selectedOptions[0]?.label.trim() ?? null);
    await expectEqual(page, selected, LANGUAGE_NAMES[lang], `selected option of "${t.language}" after saving`);
    await expectEqual(page, await field(page, t.firstName).inputValue(), me.first, `"${t.firstName}" after saving`);
    await expectEqual(page, await field(page, t.lastName).inputValue(), me.last, `"${t.lastName}" after saving`);
  });
  axe(`profile page in ${lang}`);

  step(`the saved language wins over Accept-Language ${o} in a new session`, async () => {
    const ctx = await app.newContext(o);
    const page = await ctx.newPage();
    try {
      await withArtifacts(page, `${app.name}-new-session`, async () => {
        await page.goto('/login?next=%2Fjobs');
        await expectHtmlLang(page, o); // signed out: from Accept-Language
        await expectLoginForm(page, o);
        await logIn(page, o, me.password);
        await expectPath(page, '/jobs');
        await expectSignedInLayout(page, lang, t.jobs);
      });
    } finally {
      await ctx.close();
    }
  });
});
