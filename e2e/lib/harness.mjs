// One fresh server (fresh database: first-run setup available) and one browser per describe block.
import { after, before } from 'node:test';
import { launchBrowser, newContext } from './browser.mjs';
import { backend, startServer } from './server.mjs';

/**
 * Registers before/after hooks in the current describe block: starts a fresh `ansett serve` and Chromium, opens a
 * context whose Accept-Language is `lang`, and always stops both afterwards.
 * @param {string} name used for log/artifact file names
 * @param {'nb'|'en'} lang
 * @param {{ serverArgs?: string[] | (() => string[]) }} [options] extra flags for `ansett serve`; a function is
 *   called when the server starts (after the hooks registered before this call, e.g. `useSmtpSink`, have run).
 */
export function useApp(name, lang, options = {}) {
  const app = {
    name: `${name}-${lang}-${backend()}`,
    lang,
    server: null,
    browser: null,
    context: null,
    page: null,
    contexts: [],
    /** Another, independent browser session (own cookies). */
    async newContext(l = lang, extra = {}) {
      const ctx = await newContext(app.browser, app.server.baseURL, l, extra);
      app.contexts.push(ctx);
      return ctx;
    },
  };
  before(async () => {
    const { serverArgs = [] } = options;
    const args = typeof serverArgs === 'function' ? serverArgs() : serverArgs;
    app.server = await startServer({ name: app.name, args });
    app.browser = await launchBrowser();
    app.context = await app.newContext(lang);
    app.page = await app.context.newPage();
  });
  after(async () => {
    for (const ctx of app.contexts) await ctx.close().catch(() => {});
    if (app.browser) await app.browser.close().catch(() => {});
    if (app.server) await app.server.stop();
  });
  return app;
}
