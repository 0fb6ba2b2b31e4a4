// Applying, in each language: step 3 of the help article ("Send the registration form to relevant candidates").
// The administrator creates the unlisted registration posting (education optional, a required yes/no question, a
// confirmation email with placeholders) and a published, a draft and a closed posting through the staff form; then
// candidates, in browsers of their own whose Accept-Language is the other language (public pages speak the company's
// language), use the link the agency sends: one clicks "Apply" on the posting page (the link carries
// ?utm_source=byraa), fails a first submit, adds an education entry and applies with a CV; another goes straight to
// link + /apply, is refused a text file named cv.pdf and an .exe, then applies, and applying again with the same
// email (other case) is recognised. The confirmation emails arrive at a real SMTP server with the placeholders
// filled in, and the posting's board counts the candidates in "Screening". The careers page and its Atom feed list
// only the published posting, a draft's link is 404, a closed posting says so and offers no Apply, the published
// posting carries schema.org JobPosting data, the unlisted one is noindex, and the language switch works on a
// public page. axe (WCAG 2.1 A/AA) and the Nu Html Checker (vnu-jar) run on every public page state, the form is
// checked at 320 px for sideways scrolling.
import {
  button,
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
  link,
  other,
  setupCompany,
  T,
  useApp,
  useSmtpSink,
  screenshotDir,
} from '../lib/index.mjs';
import { createPosting } from '../lib/posting-form.mjs';
import {
  careersSlug,
  expectNoHorizontalScroll,
  expectValidHtml,
  pdfFile,
  PUBLIC,
  STAFF,
} from '../lib/public.mjs';

const SCREENSHOT_DIR = screenshotDir();

const DATA = {
  nb: {
    admin: {
      company: 'Sjøbris & Ærlig AS',
      first: 'Kari',
      last: 'Nordmann',
      email: 'kari.nordmann@sjobris.example',
      password: 'riktig-hest-batteri-stift-42',
    },
    registration: {
      title: 'Registrering – Byrå Øst',
      body: 'Registrer deg som kandidat hos Sjøbris & Ærlig AS.',
      question: 'Har du førerkort?',
      email: {
        subject: 'Takk, {{candidate.first_name}}!',
        body: 'Hei {{candidate.full_name}}, du er registrert for {{job.title}} hos {{company.name}}. Hilsen {{contact.full_name}}',
      },
      expected: (c, title, company, contact) => ({
        subject: `Takk, ${c.first}!`,
        body: `Hei ${c.first} ${c.last}, du er registrert for ${title} hos ${company}. Hilsen ${contact}`,
      }),
    },
    published: { title: 'Lagermedarbeider', body: 'Vi søker en lagermedarbeider til **Sjøbris**.' },
    draft: { title: 'Sjåfør (utkast)', body: 'Ikke publisert ennå.' },
    closed: { title: 'Resepsjonist', body: 'Stillingen er besatt.' },
    candidates: [
      {
        first: 'Ola',
        last: 'Bråten',
        email: 'ola.braaten@kandidat.example',
        phone: '+47 912 34 567',
        linkedin: 'https://www.linkedin.com/in/ola-braaten',
        education: { school: 'Universitetet i Oslo', degree: 'Bachelor', field: 'Informatikk', grade: 'B', from: '2018', to: '2021' },
      },
      { first: 'Åse', last: 'Ødegård', email: 'aase.odegard@kandidat.example', phone: '91234567' },
    ],
  },
  en: {
    admin: {
      company: 'Ærø Harbour & Sons Ltd',
      first: 'Emma',
      last: 'Smith',
      email: 'emma.smith@harbour.example',
      password: 'correct-horse-battery-staple-42',
    },
    registration: {
      title: 'Registration – Agency East',
      body: 'Register as a candidate with Ærø Harbour & Sons Ltd.',
      question: 'Do you hold a driving licence?',
      email: {
        subject: 'Thanks, {{candidate.first_name}}!',
        body: 'Hi {{candidate.full_name}}, you are registered for {{job.title}} at {{company.name}}. Regards {{contact.full_name}}',
      },
      expected: (c, title, company, contact) => ({
        subject: `Thanks, ${c.first}!`,
        body: `Hi ${c.first} ${c.last}, you are registered for ${title} at ${company}. Regards ${contact}`,
      }),
    },
    published: { title: 'Warehouse associate', body: 'We are looking for a warehouse associate at **Ærø**.' },
    draft: { title: 'Driver (draft)', body: 'Not published yet.' },
    closed: { title: 'Receptionist', body: 'The position has been filled.' },
    candidates: [
      {
        first: 'Oliver',
        last: 'Brown',
        email: 'oliver.brown@candidate.example',
        phone: '+44 20 7946 0958',
        linkedin: 'https://www.linkedin.com/in/oliver-brown',
        education: { school: 'University of Bergen', degree: 'Master', field: 'Informatics', grade: 'A', from: '2019', to: '2023' },
      },
      { first: 'Zoë', last: 'Ångström', email: 'zoe.angstrom@candidate.example', phone: '+47 41 23 45 67' },
    ],
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
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}
const squash = (s) => s.replace(/\s+/g, ' ').trim();
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

forEachLanguage('apply', (lang, t) => {
  const sink = useSmtpSink();
  const app = useApp('apply', lang, { serverArgs: () => ['--smtp-url', sink.url] });
  const s = STAFF[lang];
  const p = PUBLIC[lang];
  const o = PUBLIC[other(lang)];
  const D = DATA[lang];
  const { admin } = D;
  const adminName = `${admin.first} ${admin.last}`;
  const slug = careersSlug(admin.company);
  const [c1, c2] = D.candidates;

  let current = () => app.page;
  const { step, check } = journey({ prefix: app.name, page: () => current() });
  /** axe and the HTML validator on the page state the last step left. */
  const pageChecks = (what, page) => {
    check(`axe: ${what}`, () => expectNoAxeViolations(page(), what));
    check(`vnu: ${what}`, () => expectValidHtml(page(), what));
  };

  const postings = {}; // registration, published, draft, closed → { id, staffPath, link, path }
  let visitor = null; // a visitor of the careers page (own context)
  let cand1 = null; // candidate 1's page
  let cand2 = null; // candidate 2's page
  let lastStatus = null; // HTTP status of the last form submission's answer

  // --- page parts -----------------------------------------------------------------------------------------------
  const mainLink = (page, name) => page.getByRole('main').getByRole('link', { name, exact: true });
  const textbox = (page, name) => page.getByRole('textbox', { name, exact: true });
  const req = (label) => p.required(label);
  const errorSummary = (page) => page.getByRole('alert').filter({ hasText: p.errorSummary });
  const questionGroup = (page) => page.getByRole('group', { name: new RegExp(`^${esc(D.registration.question)}`) });
  const educationGroup = (page, n) => page.getByRole('group', { name: p.educationGroup(n), exact: true });
  const consent = (page) => page.getByRole('checkbox', { name: p.consent });
  const cvInput = (page) => page.getByLabel(req(p.cv), { exact: true });
  const coverInput = (page) => page.getByLabel(p.coverLetter, { exact: true });

  /** The texts of the elements an element's aria-describedby points at. */
  const describedBy = (locator) =>
    locator.evaluate((el) =>
      (el.getAttribute('aria-describedby') || '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent.trim())
        .filter(Boolean),
    );

  /** dt → dd of the facts list(s) in main. */
  const facts = (page) =>
    page.getByRole('main').evaluate((main) => {
      const out = {};
      for (const dt of main.querySelectorAll('dt')) {
        let dd = dt.nextElementSibling;
        while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
        out[dt.textContent.trim()] = dd ? dd.textContent.trim() : null;
      }
      return out;
    });

  const jsonLd = (page) =>
    page.locator('script[type="application/ld+json"]').evaluateAll((els) => els.map((e) => e.textContent));
  const robotsMeta = (page) =>
    page.locator('meta[name="robots"]').evaluateAll((els) => els.map((e) => e.getAttribute('content')));

  /** Clicks the submit button of the application form; waits for the answer page, remembers its status. */
  async function submitApplication(page) {
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/apply'),
    );
    const navigated = page.waitForNavigation({ waitUntil: 'load' });
    await button(page, p.submit).click();
    lastStatus = (await answered).status();
    await navigated;
    return lastStatus;
  }

  async function expectFieldError(page, locator, what, expected) {
    await expectEqual(page, await locator.getAttribute('aria-invalid'), 'true', `aria-invalid of ${what}`);
    const texts = await describedBy(locator);
    if (texts.length === 0) await fail(page, `${what} is not described by an error message (aria-describedby)`);
    if (expected && !texts.some((x) => (expected instanceof RegExp ? expected.test(x) : x === expected))) {
      await fail(page, `the error of ${what}: expected ${expected}, found ${JSON.stringify(texts)}`);
    }
    return texts[texts.length - 1]; // a file input is described by its hint first, then the error
  }

  /** The error summary lists `label: message` (the label possibly with its "(required)" mark). */
  async function expectSummaryItem(page, items, label, message) {
    const re = new RegExp(`^${label === null ? '.+' : esc(label)}(?: ${esc(p.required(''))})?: ${esc(message)}$`);
    if (!items.some((i) => re.test(i))) {
      await fail(page, `the error summary has no item "${label ?? '<label>'}: ${message}"; items: ${JSON.stringify(items)}`);
    }
  }

  async function summaryItems(page) {
    const summary = await expectVisible(page, errorSummary(page), `an error summary (role=alert) starting "${p.errorSummary}"`);
    const items = (await summary.getByRole('listitem').allInnerTexts()).map(squash);
    // every item links to the field it is about
    const targets = await summary.getByRole('link').evaluateAll((as) =>
      as.map((a) => ({ href: a.getAttribute('href'), ok: !!document.getElementById((a.getAttribute('href') || '').replace(/^#/, '')) })),
    );
    const broken = targets.filter((x) => !x.ok);
    if (targets.length !== items.length || broken.length > 0) {
      await fail(page, `each error summary item must link to its field: links ${JSON.stringify(targets)}, items ${JSON.stringify(items)}`);
    }
    return items;
  }

  async function fillPersonal(page, c, { email = c.email } = {}) {
    await textbox(page, req(p.firstName)).fill(c.first);
    await textbox(page, req(p.lastName)).fill(c.last);
    await textbox(page, req(p.email)).fill(email);
    if (c.phone) await textbox(page, p.phone).fill(c.phone);
    if (c.linkedin) await textbox(page, p.linkedin).fill(c.linkedin);
  }

  async function expectReceipt(page, heading) {
    await expectPath(page, `${postings.registration.path}/applied`, undefined);
    await expectH1(page, heading);
    await expectHtmlLang(page, lang);
  }

  async function expectConfirmation(c) {
    const mail = await sink.waitForMessage({ to: c.email, timeout: 15_000 });
    const want = D.registration.expected(c, D.registration.title, admin.company, adminName);
    const page = current();
    await expectEqual(page, mail.parsed.subject, want.subject, `Subject of the confirmation to ${c.email}`);
    await expectEqual(page, mail.parsed.to?.value?.[0]?.address?.toLowerCase(), c.email.toLowerCase(), 'To address of the confirmation');
    const text = squash(mail.parsed.text || '');
    if (!text.includes(want.body)) await fail(page, `the text part lacks ${JSON.stringify(want.body)}:\n${mail.parsed.text}`);
    if (mail.parsed.html) {
      const html = squash(decodeEntities(mail.parsed.html.replace(/<[^>]+>/g, ' ')));
      if (!html.includes(squash(want.body))) await fail(page, `the HTML part lacks ${JSON.stringify(want.body)}:\n${mail.parsed.html}`);
    }
    for (const [part, body] of [['subject', mail.parsed.subject], ['text', mail.parsed.text || ''], ['HTML', mail.parsed.html || '']]) {
      if (/\{\{|\}\}/.test(body)) await fail(page, `the ${part} of the confirmation still has a placeholder:\n${body}`);
    }
    return mail;
  }

  async function expectBoardCount(n) {
    const page = app.page;
    current = () => page;
    await page.goto(postings.registration.staffPath);
    await expectH1(page, D.registration.title);
    await button(page, s.goToScreening).click();
    await expectPath(page, `/jobs/${postings.registration.id}/board`);
    const columns = (await page.getByRole('main').getByRole('heading', { level: 2 }).allInnerTexts()).map(squash);
    if (columns.length !== 4) await fail(page, `expected 4 step columns (the default pipeline), found ${JSON.stringify(columns)}`);
    const re = new RegExp(`^${esc(s.firstStep)}\\s*\\(${n}\\)$`);
    if (!re.test(columns[0] ?? '')) {
      await fail(page, `the first column should be "${s.firstStep} (${n})", found ${JSON.stringify(columns[0])} (columns ${JSON.stringify(columns)})`);
    }
  }

  // --- staff: the postings (article step 2) ---------------------------------------------------------------------
  step(`the administrator sets up ${admin.company} (${lang})`, async () => {
    await setupCompany(app.page, lang, admin);
  });

  step(`the registration posting "${D.registration.title}": ${s.statuses.unlisted}, education ${s.settings.optional}, a required yes/no question, confirmation email`, async () => {
    postings.registration = await createPosting(app.page, lang, {
      title: D.registration.title,
      body: D.registration.body,
      status: 'unlisted',
      fields: { education: 'optional', cv: 'required', coverLetter: 'optional', phone: 'optional', linkedin: 'optional' },
      questions: [{ text: D.registration.question, kind: 'yesNo', required: true }],
      email: D.registration.email,
    });
    const { link: url, id } = postings.registration;
    const expected = `${app.server.baseURL}/careers/${slug}/${id}`;
    await expectEqual(app.page, url, expected, `"${s.link}" (the company slug of "${admin.company}" is "${slug}")`);
    postings.registration.path = new URL(url).pathname;
  });

  const nextYear = new Date().getUTCFullYear() + 1;
  const deadline = `${nextYear}-06-30`;
  step(`a ${s.statuses.published} posting with a deadline, a ${s.statuses.draft} and a ${s.statuses.closed} one`, async () => {
    postings.published = await createPosting(app.page, lang, { ...D.published, status: 'published', deadline });
    postings.draft = await createPosting(app.page, lang, { ...D.draft, status: 'draft' });
    postings.closed = await createPosting(app.page, lang, { ...D.closed, status: 'closed' });
    for (const k of ['published', 'draft', 'closed']) postings[k].path = new URL(postings[k].link).pathname;
  });

  // --- public: careers page, feed, language switch ----------------------------------------------------------------
  step(`careers page /careers/${slug}: "${p.careersTitle(admin.company)}", only the published posting, "${p.feed}"`, async () => {
    const ctx = await app.newContext(other(lang));
    visitor = await ctx.newPage();
    current = () => visitor;
    const res = await visitor.goto(`/careers/${slug}`);
    await expectEqual(visitor, res?.status(), 200, `HTTP status of /careers/${slug}`);
    await expectHtmlLang(visitor, lang); // the company's language, not the browser's
    await expectH1(visitor, p.careersTitle(admin.company));
    const pub = await expectVisible(visitor, mainLink(visitor, D.published.title), `a link "${D.published.title}" (published)`);
    await expectEqual(visitor, new URL(await pub.getAttribute('href'), app.server.baseURL).pathname, postings.published.path, `href of "${D.published.title}"`);
    for (const k of ['registration', 'draft', 'closed']) {
      const title = D[k].title;
      if ((await visitor.getByRole('main').getByText(title, { exact: false }).count()) > 0) {
        await fail(visitor, `the careers page shows the ${k} posting "${title}"; only published postings belong there`);
      }
    }
    const feed = await expectVisible(visitor, mainLink(visitor, p.feed), `a link "${p.feed}"`);
    await expectEqual(visitor, await feed.getAttribute('href'), `/careers/${slug}/feed.xml`, `href of "${p.feed}"`);
  });
  pageChecks('careers page', () => visitor);

  step('the Atom feed lists only the published posting', async () => {
    const res = await fetch(`${app.server.baseURL}/careers/${slug}/feed.xml`);
    await expectEqual(visitor, res.status, 200, 'HTTP status of feed.xml');
    const type = res.headers.get('content-type') || '';
    if (!/^application\/atom\+xml\b/.test(type)) await fail(visitor, `Content-Type of feed.xml: expected application/atom+xml, found ${type}`);
    const xml = await res.text();
    const parsed = await visitor.evaluate((src) => {
      const doc = new DOMParser().parseFromString(src, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length) return { error: doc.getElementsByTagName('parsererror')[0].textContent };
      const root = doc.documentElement;
      const ns = 'http://www.w3.org/2005/Atom';
      return {
        root: root.localName,
        ns: root.namespaceURI,
        entries: [...root.getElementsByTagNameNS(ns, 'entry')].map((e) => ({
          title: e.getElementsByTagNameNS(ns, 'title')[0]?.textContent,
          href: e.getElementsByTagNameNS(ns, 'link')[0]?.getAttribute('href'),
        })),
      };
    }, xml);
    if (parsed.error) await fail(visitor, `feed.xml is not well-formed XML: ${parsed.error}\n${xml}`);
    await expectEqual(visitor, `${parsed.ns} ${parsed.root}`, 'http://www.w3.org/2005/Atom feed', 'root element of feed.xml');
    await expectEqual(visitor, JSON.stringify(parsed.entries.map((e) => e.title)), JSON.stringify([D.published.title]), 'entry titles of feed.xml');
    await expectEqual(visitor, new URL(parsed.entries[0].href, app.server.baseURL).pathname, postings.published.path, 'link of the feed entry');
  });

  step(`the language switch ("${t.languageGroup}": ${LANGUAGE_NAMES[other(lang)]}) turns the public pages to ${other(lang)} and back`, async () => {
    const group = visitor.getByRole('group', { name: t.languageGroup, exact: true });
    await expectVisible(visitor, group, `group "${t.languageGroup}"`);
    await group.getByRole('button', { name: LANGUAGE_NAMES[other(lang)], exact: true }).click();
    await expectHtmlLang(visitor, other(lang));
    await expectPath(visitor, `/careers/${slug}`);
    await expectH1(visitor, o.careersTitle(admin.company));
    await expectVisible(visitor, mainLink(visitor, o.feed), `link "${o.feed}"`);
  });
  pageChecks(`careers page switched to ${other(lang)}`, () => visitor);

  step(`after the switch the published posting's page is in ${other(lang)} too`, async () => {
    await mainLink(visitor, D.published.title).click();
    await expectPath(visitor, postings.published.path);
    await expectHtmlLang(visitor, other(lang));
    await expectVisible(visitor, mainLink(visitor, o.apply), `link "${o.apply}"`);
    const f = await facts(visitor);
    await expectEqual(visitor, f[o.company], admin.company, `fact "${o.company}"`);
  });
  pageChecks(`published posting page switched to ${other(lang)}`, () => visitor);

  step(`switching back (${LANGUAGE_NAMES[lang]}) on the careers page`, async () => {
    await visitor.goto(`/careers/${slug}`);
    const group = visitor.getByRole('group', { name: T[other(lang)].languageGroup, exact: true });
    await group.getByRole('button', { name: LANGUAGE_NAMES[lang], exact: true }).click();
    await expectHtmlLang(visitor, lang);
    await expectH1(visitor, p.careersTitle(admin.company));
  });

  // --- public: published, draft, closed posting pages ------------------------------------------------------------
  step(`the published posting page: facts, "${p.apply}", schema.org JobPosting`, async () => {
    await mainLink(visitor, D.published.title).click();
    await expectPath(visitor, postings.published.path);
    await expectH1(visitor, D.published.title);
    const f = await facts(visitor);
    await expectEqual(visitor, f[p.company], admin.company, `fact "${p.company}"`);
    await expectEqual(visitor, f[p.positionType], STAFF[lang].positionTypes.other, `fact "${p.positionType}"`);
    if (!f[p.deadline]) await fail(visitor, `fact "${p.deadline}" missing; facts: ${JSON.stringify(f)}`);
    const apply = await expectVisible(visitor, mainLink(visitor, p.apply), `link "${p.apply}"`);
    await expectEqual(visitor, await apply.getAttribute('href'), `${postings.published.path}/apply`, `href of "${p.apply}"`);
    const scripts = await jsonLd(visitor);
    await expectEqual(visitor, scripts.length, 1, 'number of <script type="application/ld+json">');
    let data;
    try {
      data = JSON.parse(scripts[0]);
    } catch (e) {
      await fail(visitor, `the JSON-LD does not parse: ${e.message}\n${scripts[0]}`);
    }
    const problems = [];
    if (data['@type'] !== 'JobPosting') problems.push(`@type is ${JSON.stringify(data['@type'])}`);
    if (!String(data['@context'] || '').includes('schema.org')) problems.push(`@context is ${JSON.stringify(data['@context'])}`);
    if (data.title !== D.published.title) problems.push(`title is ${JSON.stringify(data.title)}`);
    for (const k of ['description', 'datePosted', 'employmentType', 'jobLocation', 'identifier', 'validThrough']) {
      if (data[k] === undefined || data[k] === null || data[k] === '') problems.push(`${k} missing`);
    }
    if (data.hiringOrganization?.name !== admin.company) problems.push(`hiringOrganization.name is ${JSON.stringify(data.hiringOrganization?.name)}`);
    if (data.directApply !== true) problems.push(`directApply is ${JSON.stringify(data.directApply)}`);
    if (data.datePosted && Number.isNaN(Date.parse(data.datePosted))) problems.push(`datePosted is not a date: ${data.datePosted}`);
    if (data.validThrough && !String(data.validThrough).startsWith(deadline)) problems.push(`validThrough ${data.validThrough} is not the deadline ${deadline}`);
    if (problems.length) await fail(visitor, `schema.org JobPosting of the published posting: ${problems.join('; ')}\n${scripts[0]}`);
  });
  pageChecks('published posting page', () => visitor);

  check(`"${p.apply}" keeps ?source= and utm_* of the link`, async () => {
    await visitor.goto(`${postings.published.link}?source=nyhetsbrev&utm_campaign=var-2025&utm_medium=epost`);
    const href = await mainLink(visitor, p.apply).first().getAttribute('href');
    const u = new URL(href, app.server.baseURL);
    await expectEqual(visitor, u.pathname, `${postings.published.path}/apply`, `path of "${p.apply}"`);
    const got = Object.fromEntries(['source', 'utm_campaign', 'utm_medium'].map((k) => [k, u.searchParams.get(k)]));
    await expectEqual(visitor, JSON.stringify(got), JSON.stringify({ source: 'nyhetsbrev', utm_campaign: 'var-2025', utm_medium: 'epost' }), `query of "${p.apply}" (${href})`);
  });

  check('the published posting may be indexed (no robots noindex)', async () => {
    const res = await visitor.request.get(postings.published.link);
    const header = res.headers()['x-robots-tag'];
    const metas = await robotsMeta(visitor);
    if (header || metas.some((m) => /noindex/i.test(m))) {
      await fail(visitor, `the published posting says noindex (X-Robots-Tag ${JSON.stringify(header)}, meta ${JSON.stringify(metas)})`);
    }
  });

  step('the draft posting\'s link is 404', async () => {
    const res = await visitor.goto(postings.draft.link);
    await expectEqual(visitor, res?.status(), 404, `HTTP status of the draft's link ${postings.draft.link}`);
    if ((await visitor.getByText(D.draft.title).count()) > 0) await fail(visitor, 'the 404 page shows the draft\'s title');
    const res2 = await visitor.goto(`${postings.draft.link}/apply`);
    await expectEqual(visitor, res2?.status(), 404, 'HTTP status of the draft\'s link + /apply');
  });
  pageChecks('404 page for a draft', () => visitor);

  step(`the closed posting: "${p.closed}" and no "${p.apply}"`, async () => {
    const res = await visitor.goto(postings.closed.link);
    await expectEqual(visitor, res?.status(), 200, 'HTTP status of the closed posting\'s page');
    await expectH1(visitor, D.closed.title);
    await expectVisible(visitor, visitor.getByRole('main').getByText(p.closed, { exact: true }), `text "${p.closed}"`);
    if ((await visitor.getByRole('link', { name: p.apply, exact: true }).count()) > 0) await fail(visitor, `the closed posting offers "${p.apply}"`);
    if ((await jsonLd(visitor)).length > 0) await fail(visitor, 'the closed posting still carries JobPosting data');
  });
  pageChecks('closed posting page', () => visitor);

  check(`the closed posting's /apply says "${p.closed}" and has no "${p.submit}"`, async () => {
    await visitor.goto(`${postings.closed.link}/apply`);
    await expectVisible(visitor, visitor.getByRole('main').getByText(p.closed, { exact: true }), `text "${p.closed}"`);
    if ((await button(visitor, p.submit).count()) > 0) await fail(visitor, `the closed posting's form offers "${p.submit}"`);
  });
  pageChecks('closed posting\'s /apply', () => visitor);

  // --- candidate 1: the link, "Apply", a failed submit, then an application with a CV and an education entry --------
  step(`candidate 1 opens the link the agency sent (?utm_source=byraa): facts, "${p.apply}", noindex`, async () => {
    const ctx = await app.newContext(other(lang));
    cand1 = await ctx.newPage();
    current = () => cand1;
    const res = await cand1.goto(`${postings.registration.link}?utm_source=byraa`);
    await expectEqual(cand1, res?.status(), 200, 'HTTP status of the registration posting\'s page');
    await expectHtmlLang(cand1, lang);
    await expectH1(cand1, D.registration.title);
    const f = await facts(cand1);
    await expectEqual(cand1, f[p.company], admin.company, `fact "${p.company}"`);
    await expectEqual(cand1, f[p.positionType], STAFF[lang].positionTypes.other, `fact "${p.positionType}"`);
    if (!(p.deadline in f)) await fail(cand1, `fact "${p.deadline}" missing; facts: ${JSON.stringify(f)}`);
    const header = res.headers()['x-robots-tag'];
    if (!/noindex/i.test(header || '')) await fail(cand1, `X-Robots-Tag of the unlisted posting: expected noindex, found ${JSON.stringify(header)}`);
    const metas = await robotsMeta(cand1);
    await expectEqual(cand1, JSON.stringify(metas), JSON.stringify(['noindex']), '<meta name="robots"> of the unlisted posting');
    if ((await jsonLd(cand1)).length > 0) await fail(cand1, 'the unlisted posting carries JobPosting data (it is not to be listed)');
    const apply = await expectVisible(cand1, mainLink(cand1, p.apply), `link "${p.apply}"`);
    await expectEqual(cand1, await apply.getAttribute('href'), `${postings.registration.path}/apply?utm_source=byraa`, `href of "${p.apply}" (keeps utm_source)`);
  });
  pageChecks('registration posting page', () => cand1);

  step(`"${p.apply}" opens the form: "${p.applyTitle(D.registration.title)}" with every configured field`, async () => {
    await mainLink(cand1, p.apply).first().click();
    await expectPath(cand1, `${postings.registration.path}/apply`, '?utm_source=byraa');
    await expectHtmlLang(cand1, lang);
    await expectH1(cand1, p.applyTitle(D.registration.title));
    for (const name of [req(p.firstName), req(p.lastName), req(p.email), p.phone, p.linkedin]) {
      await expectVisible(cand1, textbox(cand1, name), `textbox "${name}"`);
    }
    for (const [what, input] of [[req(p.cv), cvInput(cand1)], [p.coverLetter, coverInput(cand1)]]) {
      await expectVisible(cand1, input, `file input "${what}"`);
      await expectEqual(cand1, await input.getAttribute('type'), 'file', `type of "${what}"`);
      const accept = (await input.getAttribute('accept')) || '';
      for (const ext of ['.pdf', '.doc', '.docx', '.odt']) {
        if (!accept.split(',').includes(ext)) await fail(cand1, `"${what}" does not accept ${ext}: accept="${accept}"`);
      }
    }
    const edu = await expectVisible(cand1, educationGroup(cand1, 1), `group "${p.educationGroup(1)}"`);
    for (const name of Object.values(p.edu)) await expectVisible(cand1, edu.getByRole('textbox', { name, exact: true }), `textbox "${name}" in "${p.educationGroup(1)}"`);
    await expectVisible(cand1, button(cand1, p.addEducation), `button "${p.addEducation}"`);
    const q = await expectVisible(cand1, questionGroup(cand1), `group "${D.registration.question}"`);
    await expectEqual(cand1, squash(await q.evaluate((el) => el.querySelector('legend')?.textContent ?? '')), req(D.registration.question), 'legend of the required question');
    for (const name of [p.yes, p.no]) await expectVisible(cand1, q.getByRole('radio', { name, exact: true }), `radio "${name}"`);
    await expectVisible(cand1, consent(cand1), `checkbox "${p.consent.source.slice(1)}…"`);
    const privacy = await expectVisible(cand1, link(cand1, p.privacyLink), `link "${p.privacyLink}"`);
    await expectEqual(cand1, await privacy.getAttribute('href'), `/careers/${slug}/privacy`, `href of "${p.privacyLink}"`);
    await expectVisible(cand1, button(cand1, p.submit), `button "${p.submit}"`);
  });
  pageChecks('application form', () => cand1);
  check('the application form at 320 px has no horizontal scroll', () => expectNoHorizontalScroll(cand1, 320, 'application form'));

  let privacyPage = null;
  step(`"${p.privacyLink}" leads to "${p.privacyTitle}"`, async () => {
    const href = await link(cand1, p.privacyLink).getAttribute('href');
    privacyPage = await cand1.context().newPage();
    current = () => privacyPage;
    const res = await privacyPage.goto(href);
    await expectEqual(privacyPage, res?.status(), 200, `HTTP status of ${href}`);
    await expectHtmlLang(privacyPage, lang);
    await expectH1(privacyPage, p.privacyTitle);
    await expectVisible(privacyPage, privacyPage.getByRole('main').getByText(admin.company).first(), 'the company\'s name in the privacy notice');
  });
  pageChecks('privacy notice', () => privacyPage);

  step(`"${p.submit}" with only a first name and a CV, without consent: 422, "${p.errorSummary}", field errors, values kept`, async () => {
    await privacyPage?.close();
    current = () => cand1;
    await textbox(cand1, req(p.firstName)).fill(c1.first);
    await cvInput(cand1).setInputFiles(pdfFile('cv.pdf', `CV ${c1.first}`));
    const status = await submitApplication(cand1);
    await expectEqual(cand1, status, 422, 'HTTP status of the failed submit');
    await expectH1(cand1, p.applyTitle(D.registration.title));
    const items = await summaryItems(cand1);
    const lastErr = await expectFieldError(cand1, textbox(cand1, req(p.lastName)), `"${req(p.lastName)}"`);
    const emailErr = await expectFieldError(cand1, textbox(cand1, req(p.email)), `"${req(p.email)}"`);
    const consentErr = await expectFieldError(cand1, consent(cand1), 'the consent checkbox');
    const qTexts = await describedBy(questionGroup(cand1));
    if (qTexts.length === 0) await fail(cand1, 'the required question has no error message (aria-describedby of its group)');
    await expectSummaryItem(cand1, items, p.lastName, lastErr);
    await expectSummaryItem(cand1, items, p.email, emailErr);
    await expectSummaryItem(cand1, items, D.registration.question, qTexts[qTexts.length - 1]);
    await expectSummaryItem(cand1, items, null, consentErr);
    await expectEqual(cand1, items.length, 4, `number of errors listed (last name, email, question, consent): ${JSON.stringify(items)}`);
    if ((await cvInput(cand1).getAttribute('aria-invalid')) === 'true') await fail(cand1, 'the CV was chosen, yet it is marked invalid');
    await expectEqual(cand1, await textbox(cand1, req(p.firstName)).inputValue(), c1.first, `"${p.firstName}" after the failed submit`);
    await expectVisible(cand1, cand1.getByRole('status').filter({ hasText: p.filesAgainWord }), 'a note that the files must be chosen again');
    const utm = await cand1.locator('input[type="hidden"][name="utm_source"]').evaluateAll((els) => els.map((e) => e.value));
    await expectEqual(cand1, JSON.stringify(utm), JSON.stringify(['byraa']), 'the utm_source kept in the form after the failed submit');
    if (sink.messages.length > 0) await fail(cand1, 'an email was sent for a failed application');
  });
  pageChecks('application form after a failed submit', () => cand1);
  check('the failed form at 320 px has no horizontal scroll', () => expectNoHorizontalScroll(cand1, 320, 'form after a failed submit'));
  check('screenshot of the form after a failed submit', async () => {
    await cand1.screenshot({ path: `${SCREENSHOT_DIR}/e2e-apply-form-error-${lang}.png`, fullPage: true });
  });

  step(`an education entry and "${p.addEducation}": "${p.educationGroup(2)}" appears, what was typed is kept`, async () => {
    await fillPersonal(cand1, c1);
    const edu1 = educationGroup(cand1, 1);
    for (const [k, label] of Object.entries(p.edu)) await edu1.getByRole('textbox', { name: label, exact: true }).fill(c1.education[k]);
    await button(cand1, p.addEducation).click();
    await expectVisible(cand1, educationGroup(cand1, 2), `group "${p.educationGroup(2)}"`);
    for (const [k, label] of Object.entries(p.edu)) {
      await expectEqual(cand1, await educationGroup(cand1, 1).getByRole('textbox', { name: label, exact: true }).inputValue(), c1.education[k], `"${label}" in "${p.educationGroup(1)}"`);
      await expectEqual(cand1, await educationGroup(cand1, 2).getByRole('textbox', { name: label, exact: true }).inputValue(), '', `"${label}" in "${p.educationGroup(2)}"`);
    }
    await expectEqual(cand1, await textbox(cand1, req(p.email)).inputValue(), c1.email, `"${p.email}" kept`);
    await expectEqual(cand1, await textbox(cand1, p.linkedin).inputValue(), c1.linkedin, `"${p.linkedin}" kept`);
  });
  pageChecks(`application form with "${p.educationGroup(2)}"`, () => cand1);

  step(`CV, "${p.yes}", consent and "${p.submit}": "${p.thanks}"`, async () => {
    await cvInput(cand1).setInputFiles(pdfFile('Ola CV.pdf', `CV ${c1.last}`));
    await questionGroup(cand1).getByRole('radio', { name: p.yes, exact: true }).check();
    await consent(cand1).check();
    const status = await submitApplication(cand1);
    if (status !== 303 && status !== 302) await fail(cand1, `the application was answered with ${status}, expected a redirect to the receipt`);
    await expectReceipt(cand1, p.thanks);
  });
  pageChecks('receipt', () => cand1);
  check('screenshot of the receipt', async () => {
    await cand1.screenshot({ path: `${SCREENSHOT_DIR}/e2e-apply-receipt-${lang}.png`, fullPage: true });
  });

  step(`the confirmation email reaches ${c1.email} with the placeholders filled in`, async () => {
    await expectConfirmation(c1);
  });

  step(`"${s.goToScreening}": the "${s.firstStep}" column counts 1`, async () => {
    await expectBoardCount(1);
  });

  // --- candidate 2: link + /apply, refused files, then applies; applying again is recognised ---------------------
  step(`candidate 2 goes straight to the link + /apply: "${p.applyTitle(D.registration.title)}"`, async () => {
    const ctx = await app.newContext(other(lang));
    cand2 = await ctx.newPage();
    current = () => cand2;
    const res = await cand2.goto(`${postings.registration.link}/apply`);
    await expectEqual(cand2, res?.status(), 200, 'HTTP status of link + /apply');
    await expectHtmlLang(cand2, lang);
    await expectH1(cand2, p.applyTitle(D.registration.title));
    const metas = await robotsMeta(cand2);
    if (!metas.some((m) => /noindex/i.test(m))) await fail(cand2, `the unlisted posting's form is not noindex: ${JSON.stringify(metas)}`);
  });

  step(`a text file named cv.pdf and an .exe are refused: "${p.fileMismatch} …", "${p.fileWrongType}"`, async () => {
    await fillPersonal(cand2, c2);
    await cvInput(cand2).setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is plain text, not a PDF.\n') });
    await coverInput(cand2).setInputFiles({ name: 'letter.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a letter', 'latin1') });
    await questionGroup(cand2).getByRole('radio', { name: p.no, exact: true }).check();
    await consent(cand2).check();
    const status = await submitApplication(cand2);
    await expectEqual(cand2, status, 422, 'HTTP status of the submit with wrong files');
    const items = await summaryItems(cand2);
    const cvErr = await expectFieldError(cand2, cvInput(cand2), `"${req(p.cv)}"`, new RegExp(`^${esc(p.fileMismatch)}`));
    const coverErr = await expectFieldError(cand2, coverInput(cand2), `"${p.coverLetter}"`, p.fileWrongType);
    await expectSummaryItem(cand2, items, p.cv, cvErr);
    await expectSummaryItem(cand2, items, p.coverLetter, coverErr);
    await expectEqual(cand2, items.length, 2, `number of errors listed: ${JSON.stringify(items)}`);
    await expectVisible(cand2, cand2.getByRole('status').filter({ hasText: p.filesAgainWord }), 'a note that the files must be chosen again');
    await expectEqual(cand2, await textbox(cand2, req(p.email)).inputValue(), c2.email, `"${p.email}" kept`);
    await expectEqual(cand2, await textbox(cand2, p.phone).inputValue(), c2.phone, `"${p.phone}" kept`);
    await expectEqual(cand2, await questionGroup(cand2).getByRole('radio', { name: p.no, exact: true }).isChecked(), true, `"${p.no}" kept`);
    await expectEqual(cand2, await consent(cand2).isChecked(), true, 'consent kept');
  });
  pageChecks('application form with refused files', () => cand2);

  step(`with a real PDF as CV and cover letter the application goes through: "${p.thanks}"`, async () => {
    await cvInput(cand2).setInputFiles(pdfFile('cv.pdf', `CV ${c2.email}`));
    await coverInput(cand2).setInputFiles(pdfFile('letter.pdf', 'Cover letter'));
    const status = await submitApplication(cand2);
    if (status !== 303 && status !== 302) await fail(cand2, `the application was answered with ${status}, expected a redirect to the receipt`);
    await expectReceipt(cand2, p.thanks);
  });

  step(`the confirmation email reaches ${c2.email} with the placeholders filled in`, async () => {
    await expectConfirmation(c2);
  });

  step(`applying again with ${c2.email.toUpperCase()}: the same receipt, and "${p.alreadyApplied}" by email to the owner`, async () => {
    await cand2.goto(`${postings.registration.link}/apply`);
    await fillPersonal(cand2, c2, { email: c2.email.toUpperCase() });
    await cvInput(cand2).setInputFiles(pdfFile('cv.pdf', 'Again'));
    await questionGroup(cand2).getByRole('radio', { name: p.yes, exact: true }).check();
    await consent(cand2).check();
    const status = await submitApplication(cand2);
    if (status !== 303 && status !== 302) await fail(cand2, `applying again was answered with ${status}, not as the first time`);
    // Whether an address applied is not told to whoever types it in (issue 23): the receipt is the first one's.
    await expectReceipt(cand2, p.thanks);
    await sink.waitForMessage({ to: c2.email, where: (m) => m.parsed.subject.startsWith(p.alreadyApplied), timeout: 15_000 });
  });
  pageChecks('receipt of a repeated application', () => cand2);

  step(`the "${s.firstStep}" column counts 2 (the repeated application is not a new candidate)`, async () => {
    await expectBoardCount(2);
  });
});
