// arbeidsplassen (issue 21, part 2; ADR 0021), in each language: an Administrator enters NAV's provider id and
// secret key under Bedriftsinnstillinger → Jobbportaler (the key is not shown again), creates a published posting
// with a work location, presses «Publiser på arbeidsplassen» and is told plainly which NAV fields are missing,
// fills them in (a wrong organisation number refused first), publishes, and sees NAV's receipt. NAV is a stand-in
// on 127.0.0.1 (`--nav-import-url`) that checks the bearer key and the ad's required fields. axe runs on every page;
// labels come from the translation files the UI uses.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import path from 'node:path';
import {
  button,
  expectNoAxeViolations,
  expectVisible,
  field,
  forEachLanguage,
  journey,
  link,
  screenshotDir,
  setupCompany,
  ui,
  until,
  useApp,
} from '../lib/index.mjs';
import {
  chooseStatus,
  fillDetails,
  fillPostingText,
  openNewPostingForm,
  postingSection,
  submitNewPosting,
  submitWith,
} from '../lib/posting-form.mjs';

const SHOTS = screenshotDir();
const PROVIDER = '4711';
const SECRET = 'nav-test-secret-key-0123456789';

/** NAV's import API, as far as this test needs it: every transfer is kept; 200 with a receipt when it is right. */
function startNav() {
  const got = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'GET') {
        // NAV's adminstatus before its caseworkers have registered the ad (not counted as a transfer).
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'not found' }));
        return;
      }
      if (req.method === 'DELETE') {
        const problems = [];
        if (req.headers.authorization !== `Bearer ${SECRET}`) problems.push('authorization');
        if (!req.url.startsWith(`/stillingsimport/api/v1/transfers/${PROVIDER}/`)) problems.push(`path ${req.url}`);
        got.push({ stop: req.url.split('/').pop(), problems });
        res.writeHead(problems.length ? 400 : 200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const ad = JSON.parse(body || 'null');
      const problems = [];
      if (req.headers.authorization !== `Bearer ${SECRET}`) problems.push('authorization');
      if (req.url !== `/stillingsimport/api/v1/transfers/${PROVIDER}`) problems.push(`path ${req.url}`);
      for (const key of ['reference', 'title', 'adText', 'privacy', 'published', 'expires']) {
        if (!ad?.[key]) problems.push(`${key} is required`);
      }
      if (!ad?.employer?.location?.postalCode) problems.push('employer.location.postalCode is required');
      got.push({ ad, problems });
      const [code, answer] = problems.length
        ? [400, { message: problems.join('; ') }]
        : [200, { versionId: got.length, status: 'RECEIVED', items: 1 }];
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/stillingsimport`, got, close: () => server.close() }),
    ),
  );
}

const nav = await startNav();
after(() => nav.close());

const ADMIN = {
  nb: { company: 'Nordlys Bygg AS', first: 'Nora', last: 'Nav', email: 'nora.nav@nordlys.example' },
  en: { company: 'Northern Light Build Ltd', first: 'Nils', last: 'Board', email: 'nils.board@northern.example' },
};


forEachLanguage('publishing on arbeidsplassen', (lang) => {
  const app = useApp('job-boards', lang, { serverArgs: ['--nav-import-url', nav.url] });
  const u = ui(lang);
  const page = () => app.page;
  const { step } = journey({ prefix: `job-boards-${lang}`, page });
  let posting;

  step('Jobbportaler: the provider id and secret key, the key never shown again', async () => {
    await setupCompany(page(), lang, { ...ADMIN[lang], password: 'publiser-pa-arbeidsplassen' });
    await page().goto('/settings');
    await link(page().getByRole('navigation', { name: u('settings.nav'), exact: true }), u('jobboards.tab')).click();
    await page().waitForURL((x) => x.pathname === '/settings/job-boards');
    await page().getByText(u('jobboards.secret_not_set'), { exact: true }).waitFor();
    await expectNoAxeViolations(page(), 'the job boards page');
    await field(page(), u('jobboards.provider_id')).fill(PROVIDER);
    await field(page(), u('jobboards.secret')).fill(SECRET);
    await button(page(), u('common.save')).click();
    await page().getByRole('status').filter({ hasText: u('jobboards.saved') }).waitFor();
    await page().getByText(u('jobboards.secret_set'), { exact: true }).waitFor();
    assert.equal(await field(page(), u('jobboards.secret')).inputValue(), '', 'the key is not written back');
    assert.ok(!(await page().content()).includes(SECRET), 'the key is nowhere in the page');
    await expectNoAxeViolations(page(), 'the saved job boards page');
    await page().screenshot({ path: path.join(SHOTS, `job-boards-settings-${lang}.png`), fullPage: true });
  });

  step('a published posting with a work location; «Publiser på arbeidsplassen» names what is missing', async () => {
    const before = nav.got.length;
    await openNewPostingForm(page(), lang);
    await fillDetails(page(), lang, { title: 'Tømrer', positionType: 'permanent' });
    const location = postingSection(page(), lang, 'details').getByRole('group', {
      name: u('workplace.location', { n: 1 }),
      exact: true,
    });
    const box = (key) => location.getByRole('textbox', { name: u(key), exact: true });
    await box('workplace.street').fill('Storgata 1');
    await box('workplace.postal_code').fill('9008');
    await box('workplace.city').fill('Tromsø');
    await fillPostingText(page(), lang, 'Vi søker en **tømrer** til nye prosjekter.');
    await chooseStatus(page(), lang, 'published');
    posting = await submitNewPosting(page(), lang, 'Tømrer');
    await link(page(), u('nav.publish')).click();
    await page().waitForURL((x) => x.pathname === `${posting.staffPath}/arbeidsplassen`);
    await expectNoAxeViolations(page(), 'the posting arbeidsplassen page');
    const refused = await submitWith(page(), button(page(), u('nav.publish')));
    assert.equal(refused.status(), 409);
    await expectVisible(page(), page().getByText(u('nav.missing'), { exact: true }), 'the missing-fields message');
    for (const key of ['nav.field.orgnr', 'nav.field.sector', 'nav.field.extent', 'nav.field.positions', 'nav.field.styrk']) {
      await expectVisible(page(), page().getByRole('listitem').filter({ hasText: u(key) }), `"${u(key)}" named as missing`);
    }
    await expectNoAxeViolations(page(), 'the missing NAV fields');
    await page().screenshot({ path: path.join(SHOTS, `job-boards-missing-${lang}.png`), fullPage: true });
    assert.equal(nav.got.length, before, 'nothing was sent');
  });

  step('the NAV fields (a wrong organisation number refused), then published and NAV\'s receipt shown', async () => {
    const before = nav.got.length;
    await field(page(), u('nav.field.orgnr')).fill('974760672');
    await field(page(), u('nav.field.positions')).fill('2');
    await field(page(), u('nav.field.styrk')).fill('7115');
    await page().getByRole('combobox', { name: u('nav.field.sector'), exact: true }).selectOption({ label: u('nav.sector.private') });
    await page().getByRole('combobox', { name: u('nav.field.extent'), exact: true }).selectOption({ label: u('nav.extent.full_time') });
    const bad = await submitWith(page(), button(page(), u('nav.save')));
    assert.equal(bad.status(), 422);
    await expectVisible(page(), page().getByText(u('error.invalid_orgnr'), { exact: true }), 'the organisation number error');
    await expectNoAxeViolations(page(), 'the NAV fields with an error');
    await field(page(), u('nav.field.orgnr')).fill('974760673');
    await submitWith(page(), button(page(), u('nav.save')));
    await page().getByRole('status').filter({ hasText: u('nav.saved') }).waitFor();
    await submitWith(page(), button(page(), u('nav.publish')));
    await page().getByRole('status').filter({ hasText: u('nav.queued') }).waitFor();
    await until('NAV to get the ad', () => nav.got.length === before + 1);
    const { ad, problems } = nav.got[before];
    assert.deepEqual(problems, []);
    assert.equal(ad.reference, posting.id);
    assert.match(ad.adText, /<strong>tømrer<\/strong>/);
    await until('the receipt on the page', async () => {
      await page().reload();
      return (await page().getByText(u('nav.state.awaiting_approval'), { exact: true }).count()) === 1;
    });
    // NAV's receipt as labelled values, not its JSON.
    const facts = page().locator('dl.nav-status');
    await expectVisible(page(), facts.getByText(u('nav.receipt.status'), { exact: true }), "the receipt's status label");
    await expectVisible(page(), facts.getByText('RECEIVED', { exact: true }), "NAV's receipt status");
    await expectVisible(page(), facts.getByText(u('nav.receipt.version'), { exact: true }), "the receipt's version label");
    assert.ok(!(await page().content()).includes('versionId'), 'no raw JSON');
    await expectVisible(page(), button(page(), u('nav.update')), '«Oppdater på arbeidsplassen»');
    assert.equal(await button(page(), u('nav.publish')).count(), 0, 'no «Publiser» once it is on NAV');
    await expectNoAxeViolations(page(), 'the posting on arbeidsplassen');
    await page().screenshot({ path: path.join(SHOTS, `job-boards-published-${lang}.png`), fullPage: true });
  });

  step('the posting page shows the state in words; «Stopp på arbeidsplassen» takes the ad off NAV', async () => {
    await page().goto(posting.staffPath);
    const card = page().getByRole('region', { name: u('nav.title'), exact: true });
    await expectVisible(page(), card.getByText(u('nav.state.awaiting_approval'), { exact: true }), 'the state in words');
    const sent = u('nav.when.sent', { when: '' }).trim();
    await expectVisible(page(), card.getByText(sent, { exact: false }), 'when it was sent');
    await expectVisible(page(), card.getByText('RECEIVED', { exact: true }), "NAV's receipt");
    await expectVisible(page(), button(card, u('nav.update')), '«Oppdater på arbeidsplassen»');
    await expectNoAxeViolations(page(), 'the posting page with its arbeidsplassen state');
    await page().screenshot({ path: path.join(SHOTS, `job-boards-posting-${lang}.png`), fullPage: true });
    const before = nav.got.length;
    await submitWith(page(), button(card, u('nav.stop')));
    await page().getByRole('status').filter({ hasText: u('nav.stopping') }).waitFor();
    await until('NAV to get the stop', () => nav.got.length === before + 1);
    assert.deepEqual(nav.got[before], { stop: posting.id, problems: [] });
    await until('the stop on the posting page', async () => {
      await page().goto(posting.staffPath);
      return (await page().getByText(u('nav.state.stopped'), { exact: true }).count()) === 1;
    });
    await expectVisible(page(), link(page(), u('nav.publish')), '«Publiser på arbeidsplassen» again');
    await expectNoAxeViolations(page(), 'the posting page after the stop');
  });
});
