// Arbeidssted and Lønn (issue 21, parts 3 and 4), in each language: the posting form with two work locations and
// a salary range (a bad postal code and a salary "to" below "from" refused first, with their errors), a second,
// remote posting ("Hjemmekontor", Norway and Sweden); both shown on their public pages; the careers page filtered
// by place; the embeddable job list opened on its own and inserted by embed.js into another site's page, whose
// links open the posting in the whole window. axe runs on every page; each new page is photographed.
import { createServer } from 'node:http';
import path from 'node:path';
import assert from 'node:assert/strict';
import {
  button,
  expectH1,
  expectNoAxeViolations,
  expectPath,
  expectVisible,
  forEachLanguage,
  journey,
  screenshotDir,
  setupCompany,
  T,
  ui,
  useApp,
} from '../lib/index.mjs';
import {
  chooseStatus,
  fillDetails,
  openNewPostingForm,
  postingSection,
  submitNewPosting,
  submitWith,
} from '../lib/posting-form.mjs';

const SHOTS = screenshotDir();

const ADMIN = {
  nb: { company: 'Fjellstrøm Elektro AS', first: 'Siri', last: 'Sted', email: 'siri.sted@fjellstrom.example' },
  en: { company: 'Fjordside Electric Ltd', first: 'Sam', last: 'Place', email: 'sam.place@fjordside.example' },
};

forEachLanguage('work locations, salary, careers filter and the embedded list', (lang) => {
  const app = useApp('locations', lang);
  const t = T[lang];
  const u = ui(lang);
  const page = () => app.page;
  const { step, check } = journey({ prefix: `locations-${lang}`, page });
  const details = () => postingSection(page(), lang, 'details');
  const group = (name) => details().getByRole('group', { name, exact: true });
  const location = (n) => group(u('workplace.location', { n }));
  const box = (scope, key) => scope.getByRole('textbox', { name: u(key), exact: true });
  let first;
  let second;
  let slug;

  step('the posting form takes two work locations and a salary, refusing bad ones first', async () => {
    await setupCompany(page(), lang, { ...ADMIN[lang], password: 'arbeidssted-og-lonn-42' });
    await openNewPostingForm(page(), lang);
    await expectVisible(page(), group(u('workplace.heading')), `group "${u('workplace.heading')}"`);
    await submitWith(page(), details().getByRole('button', { name: u('workplace.add'), exact: true }));
    await expectVisible(page(), location(2), `group "${u('workplace.location', { n: 2 })}"`);
    await fillDetails(page(), lang, { title: 'Elektriker', positionType: 'permanent' });
    await box(location(1), 'workplace.street').fill('Storgata 1');
    await box(location(1), 'workplace.postal_code').fill('155');
    await box(location(1), 'workplace.city').fill('Oslo');
    await location(1).getByRole('combobox', { name: u('workplace.county'), exact: true }).selectOption({ label: 'Oslo' });
    await box(location(2), 'workplace.postal_code').fill('5003');
    await box(location(2), 'workplace.city').fill('Bergen');
    await location(2).getByRole('combobox', { name: u('workplace.county'), exact: true }).selectOption({ label: 'Vestland' });
    const salary = group(u('salary.heading'));
    await box(salary, 'salary.from').fill('750000');
    await box(salary, 'salary.to').fill('600000');
    await salary.getByRole('combobox', { name: u('salary.per'), exact: true }).selectOption({ label: u('salary.unit.year') });
    await chooseStatus(page(), lang, 'published');
    const refused = await submitWith(page(), button(page(), t.createPosting));
    assert.equal(refused.status(), 422);
    await expectVisible(page(), page().getByText(u('error.invalid_postal_code')).first(), 'the postal code error');
    await expectVisible(page(), page().getByText(u('error.max_below_min')).first(), 'the salary error');
    assert.equal(await box(location(2), 'workplace.city').inputValue(), 'Bergen', 'what was typed is kept');
    await expectNoAxeViolations(page(), 'form with location and salary errors');
    await details().screenshot({ path: path.join(SHOTS, `locations-form-${lang}.png`) });

    await box(location(1), 'workplace.postal_code').fill('0155');
    await box(salary, 'salary.from').fill('600 000');
    await box(salary, 'salary.to').fill('750 000');
    first = await submitNewPosting(page(), lang, 'Elektriker');
    slug = new URL(first.link).pathname.split('/')[2];
  });

  check('the staff posting page shows where and for how much', async () => {
    await expectVisible(page(), page().getByText('Storgata 1, 0155 Oslo (Oslo)', { exact: true }), 'the first location');
    await expectVisible(page(), page().getByText('5003 Bergen (Vestland)', { exact: true }), 'the second location');
    await expectNoAxeViolations(page(), 'staff posting page');
  });

  step('a remote posting: Hjemmekontor from Norway and Sweden, no salary', async () => {
    await openNewPostingForm(page(), lang);
    await fillDetails(page(), lang, { title: 'Utvikler', positionType: 'permanent' });
    await details().getByRole('checkbox', { name: u('workplace.remote'), exact: true }).check();
    const countries = group(u('workplace.countries'));
    assert.equal(await countries.getByRole('checkbox', { name: u('country.no'), exact: true }).isChecked(), true);
    await countries.getByRole('checkbox', { name: u('country.se'), exact: true }).check();
    await chooseStatus(page(), lang, 'published');
    second = await submitNewPosting(page(), lang, 'Utvikler');
  });

  step('the public posting pages show the work locations and the salary', async () => {
    await page().goto(first.link);
    await expectH1(page(), 'Elektriker');
    const facts = page().locator('dl.facts');
    const amount = (n) => n.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB').replace(/\s/g, '\u00a0');
    const salaryLine = u('salary.show_range', { from: amount(600000), to: amount(750000), unit: u('salary.unit.year') });
    await expectVisible(page(), facts.getByText(salaryLine, { exact: true }), `salary "${salaryLine}"`);
    await expectVisible(page(), facts.getByText('5003 Bergen (Vestland)', { exact: true }), 'Bergen');
    await expectNoAxeViolations(page(), 'public posting page');
    await page().screenshot({ path: path.join(SHOTS, `locations-public-${lang}.png`), fullPage: true });
    await page().goto(second.link);
    const remote = u('workplace.remote_from', { countries: `${u('country.no')}, ${u('country.se')}` });
    await expectVisible(page(), page().getByText(remote, { exact: true }), `"${remote}"`);
    await expectNoAxeViolations(page(), 'public remote posting page');
  });

  step('the careers page filters by place', async () => {
    await page().goto(`/careers/${slug}`);
    const place = page().getByRole('combobox', { name: u('workplace.heading'), exact: true });
    const titles = () => page().locator('ul.careers h2').allTextContents();
    assert.deepEqual((await titles()).sort(), ['Elektriker', 'Utvikler']);
    await place.selectOption({ label: 'Bergen' });
    await button(page(), u('careers.filter')).click();
    await expectPath(page(), `/careers/${slug}`, '?place=Bergen');
    assert.deepEqual(await titles(), ['Elektriker']);
    await expectNoAxeViolations(page(), 'careers page filtered by Bergen');
    await page().screenshot({ path: path.join(SHOTS, `locations-careers-${lang}.png`), fullPage: true });
    await page().getByRole('combobox', { name: u('workplace.heading'), exact: true }).selectOption({ label: u('workplace.remote') });
    await button(page(), u('careers.filter')).click();
    await page().waitForURL((url) => url.search.includes('remote'));
    assert.deepEqual(await titles(), ['Utvikler']);
  });

  step('the embed page lists the open postings, themed, with links for the whole window', async () => {
    await page().goto(`/careers/${slug}/embed?accent=7a1f5c&radius=12`);
    await expectH1(page(), u('careers.title', { company: ADMIN[lang].company }));
    const link = page().getByRole('link', { name: 'Elektriker', exact: true });
    assert.equal(await link.getAttribute('target'), '_top');
    const accent = await page().evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent'));
    assert.equal(accent.trim(), '#7a1f5c');
    await expectNoAxeViolations(page(), 'embed page');
    await page().screenshot({ path: path.join(SHOTS, `locations-embed-${lang}.png`), fullPage: true });
  });

  step("embed.js inserts the list into another site's page; a link opens the posting there", async () => {
    // The company's own site: a page on another loopback port (another origin; Chromium refuses requests from a
    // public address to loopback, so a routed fake domain would not do).
    const script = `${app.server.baseURL}/careers/${slug}/embed.js?lang=${lang}`;
    const site = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>Company</title></head>` +
          `<body><main><h1>Company</h1><script src="${script}" async></script></main></body></html>`,
      );
    });
    await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
    const host = `http://127.0.0.1:${site.address().port}/`;
    try {
      await page().goto(host);
      const frame = page().frameLocator('iframe');
      const title = u('careers.title', { company: ADMIN[lang].company });
      assert.equal(await page().locator('iframe').getAttribute('title'), title);
      await expectVisible(page(), frame.getByRole('link', { name: 'Utvikler', exact: true }), 'the posting inside the iframe');
      await expectNoAxeViolations(page(), 'a site with the embedded list');
      await page().screenshot({ path: path.join(SHOTS, `locations-embedded-${lang}.png`), fullPage: true });
      await frame.getByRole('link', { name: 'Utvikler', exact: true }).click();
      await page().waitForURL(second.link);
      await expectH1(page(), 'Utvikler');
    } finally {
      site.closeAllConnections();
      site.close();
    }
  });
});
