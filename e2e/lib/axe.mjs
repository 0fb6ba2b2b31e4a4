// Accessibility: axe-core against WCAG 2.1 A and AA.
import { AssertionError } from 'node:assert';
import { AxeBuilder } from '@axe-core/playwright';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Human-readable list of axe violations: rule id, impact, help, and each offending element's selector and HTML. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary || '').replace(/\s*\n\s*/g, ' / ');
          return `    - ${n.target.join(' ')}\n      html: ${n.html}\n      ${summary}`;
        })
        .join('\n');
      return `  [${v.id}] (${v.impact}) ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/**
 * Fails (AssertionError) when axe finds WCAG 2.1 A/AA violations on the page as it is now, listing every violation.
 * @param {import('playwright-core').Page} page
 * @param {string} [what] description of the page state, for the message
 */
export async function expectNoAxeViolations(page, what = '') {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (results.violations.length > 0) {
    const count = results.violations.reduce((n, v) => n + v.nodes.length, 0);
    throw new AssertionError({
      message:
        `${results.violations.length} axe rule(s) violated on ${count} element(s) at ${page.url()}` +
        `${what ? ` (${what})` : ''}:\n${formatViolations(results.violations)}`,
    });
  }
  return results;
}
