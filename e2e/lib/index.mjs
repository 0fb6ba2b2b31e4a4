export { expectNoAxeViolations, expectReflow, formatViolations, LAYOUT_WIDTHS, WCAG_TAGS } from './axe.mjs';
export { CHROMIUM_ARGS, LOCALES, launchBrowser, newContext, saveFailureArtifacts, screenshotDir } from './browser.mjs';
export * from './expect.mjs';
export { journey, withArtifacts } from './flow.mjs';
export { useApp } from './harness.mjs';
export { forEachLanguage, LANGUAGE_NAMES, LANGUAGES, other, T } from './i18n.mjs';
export { backend, RESULTS_DIR, serverBinary, startServer } from './server.mjs';
export { parseHeaderValue, parseMime, startSmtpSink, useSmtpSink } from './smtp.mjs';
export {
  button,
  field,
  inviteEmployee,
  link,
  logIn,
  mainMenu,
  openMainMenuLink,
  openUserMenu,
  setupCompany,
  userMenuButton,
} from './actions.mjs';
export { ui } from './locales.mjs';
export { ansettCommand, retentionRun, runSql } from './operator.mjs';
