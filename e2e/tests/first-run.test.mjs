// The first five minutes, in each language: the setup page asks for the language (preselected from the browser),
// «Opprett bedrift» lands on «Kom i gang» instead of an empty list, the careers page link is a real link, following
// «Inviter kolleger» and inviting someone ticks that step off, Bedriftsinnstillinger is in the main menu, and
// «Skjul veiledningen» hides the panel for good. axe runs on every page the journey shows; labels come from the
// UI's translation files (lib/locales.mjs).
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
  LANGUAGE_NAMES,
  mainMenu,
  openMainMenuLink,
  screenshotDir,
  ui,
  useApp,
} from '../lib/index.mjs';

const SCREENSHOT_DIR = screenshotDir();

const ADMIN = {
  nb: { company: 'Fjellheim Bygg AS', slug: 'fjellheim-bygg-as', first: 'Ingrid', last: 'Bakke', email: 'ingrid@fjellheim.example', password: 'fjellheim-bygg-passord-42' },
  en: { company: 'Northwind Works Ltd', slug: 'northwind-works-ltd', first: 'Oliver', last: 'Hughes', email: 'oliver@northwind.example', password: 'northwind-works-password-42' },
};
const COLLEAGUE = {
  nb: { first: 'Jonas', last: 'Lie', email: 'jonas@fjellheim.example' },
  en: { first: 'Amelia', last: 'Clark', email: 'amelia@northwind.example' },
};

forEachLanguage('first run', (lang, t) => {
  const app = useApp('first-run', lang);
  const u = ui(lang);
  const me = ADMIN[lang];
  const { step, check } = journey({ prefix: app.name, page: () => app.page });
  const axe = (what) => check(`axe: ${what}`, () => expectNoAxeViolations(app.page, what));

  const panel = (page) => page.getByRole('region', { name: u('start.title'), exact: true });
  const item = (page, title) =>
    panel(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  const STEPS = ['start.colleagues', 'start.posting', 'start.careers', 'start.settings', 'start.demo'];

  /** Which steps the panel shows ticked off, by their words ("✓ Gjort" / "Ikke gjort ennå"). */
  async function ticks(page) {
    const out = [];
    for (const key of STEPS) {
      const li = await expectVisible(page, item(page, u(key)), `the step "${u(key)}" in "${u('start.title')}"`);
      const text = await li.innerText();
      const done = text.includes(u('start.done'));
      if (done === text.includes(u('start.todo'))) await fail(page, `step "${u(key)}" says neither or both of done/not done: ${text}`);
      out.push(done);
    }
    const count = out.filter(Boolean).length;
    await expectVisible(page, panel(page).getByText(u('start.progress', { done: count, total: 5 }), { exact: true }), `"${u('start.progress', { done: count, total: 5 })}"`);
    return out;
  }

  step(`the setup page asks "${u('field.language')}", preselected from the browser (${LANGUAGE_NAMES[lang]})`, async () => {
    const page = app.page;
    await page.goto('/');
    await expectPath(page, '/setup');
    await expectHtmlLang(page, lang);
    // In the form (the page's language switch in the header is a group of that name too).
    const form = page.getByRole('main');
    const group = await expectVisible(page, form.getByRole('group', { name: u('field.language'), exact: true }), `the group "${u('field.language')}" in the form`);
    for (const l of ['nb', 'en']) {
      const radio = await expectVisible(page, group.getByRole('radio', { name: LANGUAGE_NAMES[l], exact: true }), `radio "${LANGUAGE_NAMES[l]}"`);
      await expectEqual(page, await radio.isChecked(), l === lang, `"${LANGUAGE_NAMES[l]}" checked`);
    }
    await expectVisible(page, group.getByText(u('setup.language_hint'), { exact: true }), 'the hint saying where the choice came from');
  });
  axe('setup page with the language choice');

  step(`"${t.createCompany}" lands on "${u('start.title')}", not on an empty list`, async () => {
    const page = app.page;
    await field(page, t.companyName).fill(me.company);
    await field(page, t.firstName).fill(me.first);
    await field(page, t.lastName).fill(me.last);
    await field(page, t.email).fill(me.email);
    await field(page, t.password).fill(me.password);
    await button(page, t.createCompany).click();
    await expectPath(page, '/jobs');
    await expectHtmlLang(page, lang);
    await expectH1(page, t.jobs);
    await expectVisible(page, panel(page), `the region "${u('start.title')}"`);
    if (await page.getByText(u('jobs.empty'), { exact: true }).isVisible()) await fail(page, `"${u('jobs.empty')}" shown beside the panel`);
    await expectEqual(page, JSON.stringify(await ticks(page)), JSON.stringify([false, false, false, false, false]), 'steps done');
    await expectVisible(page, item(page, u('start.demo')).getByText(`ansett demo-data --company ${me.slug} --candidates 200`, { exact: true }), 'the demo-data command');
  });
  axe(`${t.jobs} with "${u('start.title')}"`);
  check('screenshot of the first screen after setup', async () => {
    await app.page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-first-run-${lang}.png`, fullPage: true });
  });

  check('the panel fits a 320 px wide viewport without horizontal scrolling', async () => {
    const page = app.page;
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      if (width > 320) await fail(page, `scrollWidth ${width} > 320 at 320 px`);
      await expectNoAxeViolations(page, `"${u('start.title')}" at 320 px`);
    } finally {
      await page.setViewportSize(before);
    }
  });

  step(`"${u('start.careers')}" is a real link to the careers page`, async () => {
    const page = app.page;
    const url = `${app.server.baseURL}/careers/${me.slug}`;
    const link = await expectVisible(page, item(page, u('start.careers')).getByRole('link', { name: url, exact: true }), `link "${url}"`);
    await expectEqual(page, await link.getAttribute('href'), url, 'its href');
    const res = await fetch(url, { redirect: 'manual' });
    await expectEqual(page, res.status, 200, `GET ${url}`);
  });

  step(`following "${u('start.colleagues')}" and inviting someone ticks it off`, async () => {
    const page = app.page;
    const c = COLLEAGUE[lang];
    await item(page, u('start.colleagues')).getByRole('link', { name: u('start.colleagues'), exact: true }).click();
    await expectPath(page, '/settings/employees/new');
    await field(page, t.firstName).fill(c.first);
    await field(page, t.lastName).fill(c.last);
    await field(page, t.email).fill(c.email);
    await page.getByRole('combobox', { name: t.role, exact: true }).selectOption({ label: t.roles.recruiter });
    await button(page, t.sendInvitation).click();
    await expectPath(page, '/settings/employees');
    await expectVisible(page, page.getByRole('status').filter({ hasText: t.invitationSent(c.email) }), `"${t.invitationSent(c.email)}"`);
    await openMainMenuLink(page, lang, t.jobs);
    await expectPath(page, '/jobs');
    await expectEqual(page, JSON.stringify(await ticks(page)), JSON.stringify([true, false, false, false, false]), 'steps done');
  });
  axe(`"${u('start.title')}" with one step done`);
  check('screenshot of the panel with a step ticked off', async () => {
    await panel(app.page).screenshot({ path: `${SCREENSHOT_DIR}/e2e-first-run-ticked-${lang}.png` });
  });

  step(`"${t.companySettings}" is in the main menu and marks itself as the current place`, async () => {
    const page = app.page;
    await openMainMenuLink(page, lang, t.companySettings);
    await expectPath(page, '/settings');
    await expectH1(page, t.companySettings);
    const current = await mainMenu(page, lang).getByRole('link', { name: t.companySettings, exact: true }).getAttribute('aria-current');
    await expectEqual(page, current, 'page', `aria-current of "${t.companySettings}"`);
  });
  axe(t.companySettings);

  step(`"${u('start.dismiss')}" hides the panel, for good`, async () => {
    const page = app.page;
    await openMainMenuLink(page, lang, t.jobs);
    await expectPath(page, '/jobs');
    await panel(page).getByRole('button', { name: u('start.dismiss'), exact: true }).click();
    await expectPath(page, '/jobs');
    await expectVisible(page, page.getByText(u('jobs.empty'), { exact: true }), `"${u('jobs.empty')}"`);
    if ((await panel(page).count()) > 0) await fail(page, 'the panel is still there');
    await page.reload();
    await expectH1(page, t.jobs);
    if ((await panel(page).count()) > 0) await fail(page, 'the panel came back on reload');
  });
  axe(`${t.jobs} after hiding the panel`);
});
