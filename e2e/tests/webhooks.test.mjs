// Webhooks (issue 21), in each language: an Administrator opens Bedriftsinnstillinger → Webhooks, adds a webhook
// for a receiver on loopback (the server runs with --webhooks-allow-loopback), copies the secret shown once, sends a
// test event, sees it delivered in the log, and resends it. The receiver here checks each delivery's Standard
// Webhooks signature with node's own HMAC. axe (WCAG 2.1 A/AA) runs on both pages; labels come from the
// translation files the UI uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import {
  button,
  expectNoAxeViolations,
  field,
  forEachLanguage,
  link,
  screenshotDir,
  setupCompany,
  ui,
  until,
  useApp,
} from '../lib/index.mjs';

const SCREENSHOT_DIR = screenshotDir();

/** A receiver on 127.0.0.1 that answers 200 and keeps every request's headers and body. */
async function startReceiver() {
  const got = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, got, close: () => server.close() };
}

/** Whether a delivery carries a v1 signature by `secret` (Standard Webhooks: HMAC-SHA256 of "id.timestamp.body"). */
function signedWith(delivery, secret) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const h = delivery.headers;
  const mac = createHmac('sha256', key).update(`${h['webhook-id']}.${h['webhook-timestamp']}.${delivery.body}`);
  const expected = `v1,${mac.digest('base64')}`;
  return h['webhook-signature'].split(' ').includes(expected);
}


forEachLanguage('webhooks', (lang) => {
  const app = useApp('webhooks', lang, { serverArgs: ['--webhooks-allow-loopback'] });
  test('add a webhook, see its secret once, send a test event, see it in the log and resend it', async () => {
    const page = app.page;
    const t = ui(lang);
    const receiver = await startReceiver();
    try {
      await setupCompany(page, lang, {
        company: lang === 'nb' ? 'Kroken Kraft AS' : 'Hook Power Ltd',
        first: 'Hege',
        last: 'Hook',
        email: `hege.${lang}@kroken.example`,
        password: 'signert-og-levert-hver-gang',
      });
      await page.goto('/settings');
      await link(page.getByRole('navigation', { name: t('settings.nav'), exact: true }), t('webhooks.tab')).click();
      await page.waitForURL((u) => u.pathname === '/settings/webhooks');
      await page.getByText(t('webhooks.empty'), { exact: true }).waitFor();
      await expectNoAxeViolations(page, 'the Webhooks page without webhooks');

      // A bad address is refused with the field's message, and nothing is saved.
      await field(page, t('webhooks.url')).fill('http://hr.example.com/hook');
      await page.getByLabel(t('webhooks.event.posting.published')).check();
      await button(page, t('webhooks.add')).click();
      await page.getByRole('alert').filter({ hasText: t('error.not_https') }).waitFor();
      await expectNoAxeViolations(page, 'the Webhooks form with an error');

      // «Legg til webhook»: the secret is shown this once.
      await field(page, t('webhooks.url')).fill(receiver.url);
      for (const event of ['application.created', 'posting.published']) {
        await page.getByLabel(t(`webhooks.event.${event}`)).check();
      }
      await button(page, t('webhooks.add')).click();
      const secretBox = page.getByRole('region', { name: t('webhooks.secret'), exact: true });
      await secretBox.getByText(t('webhooks.secret_once'), { exact: true }).waitFor();
      const secret = await field(secretBox, t('webhooks.secret')).inputValue();
      assert.match(secret, /^whsec_[A-Za-z0-9+/=]{32}$/);
      await expectNoAxeViolations(page, 'a new webhook with its secret');
      await page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-webhooks-secret-${lang}.png`, fullPage: true });
      // The answer to the form is the new webhook's page; its address is that of its forms.
      const endpointPath = (await page.locator('form[action$="/test"]').getAttribute('action')).replace(/\/test$/, '');

      // «Send testhendelse»: delivered by the server's worker, signed with that secret.
      await button(page, t('webhooks.send_test')).click();
      await page.getByRole('status').filter({ hasText: t('webhooks.tested') }).waitFor();
      assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
      await until('the test event', () => receiver.got.length === 1);
      const first = receiver.got[0];
      assert.equal(JSON.parse(first.body).type, 'webhook.test');
      assert.ok(signedWith(first, secret), 'signed with the secret shown');

      // The log shows it delivered, with the receiver's 200.
      const row = () => page.getByRole('row').filter({ hasText: 'webhook.test' });
      await until('the log to say delivered', async () => {
        await page.goto(endpointPath);
        return (await row().getByText(t('webhooks.status.delivered'), { exact: true }).count()) === 1;
      });
      await row().getByRole('cell', { name: '200', exact: true }).waitFor();
      await expectNoAxeViolations(page, 'the delivery log');
      await page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-webhooks-log-${lang}.png`, fullPage: true });

      // «Send på nytt»: the same delivery again, with the same webhook-id.
      await row().getByRole('button', { name: new RegExp(`^${t('webhooks.resend')}`) }).click();
      await page.getByRole('status').filter({ hasText: t('webhooks.resent') }).waitFor();
      await until('the resent delivery', () => receiver.got.length === 2);
      assert.equal(receiver.got[1].headers['webhook-id'], first.headers['webhook-id']);
      assert.ok(signedWith(receiver.got[1], secret));

      // The list names the webhook and its state.
      await link(page, t('webhooks.back')).click();
      await page.getByRole('link', { name: receiver.url, exact: true }).waitFor();
      await page.getByText(t('webhooks.state.active'), { exact: true }).waitFor();
      await expectNoAxeViolations(page, 'the Webhooks page with a webhook');
    } finally {
      receiver.close();
    }
  });
});
