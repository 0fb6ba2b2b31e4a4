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
  await expectReflow(page, what);
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

/** The widths a page must fit without scrolling sideways: WCAG 1.4.10's 320 CSS px, and a laptop's. */
export const LAYOUT_WIDTHS = [320, 1280];

/**
 * Fails when the page, laid out at each of LAYOUT_WIDTHS, scrolls sideways (WCAG 1.4.10 Reflow), naming the
 * elements that stick out. A wide data table in its own scrolling box is allowed (1.4.10's exception for
 * two-dimensional content); the page around it must still fit.
 * @param {import('playwright-core').Page} page
 * @param {string} [what] description of the page state, for the message
 */
export async function expectReflow(page, what = '') {
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  const problems = [];
  try {
    for (const width of LAYOUT_WIDTHS) {
      await page.setViewportSize({ width, height: original.height });
      const found = await page.evaluate(() => {
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth + 1) return null;
        const scrolls = (el) => {
          for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
            const o = getComputedStyle(e).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
          }
          return false;
        };
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > root.clientWidth + 1 && !scrolls(el)) {
            out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(r.right)} px)`);
          }
        }
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, out: out.slice(0, 8) };
      });
      if (found) {
        problems.push(`at ${width} px the page is ${found.scrollWidth} px wide:\n    ${found.out.join('\n    ')}`);
      }
    }
  } finally {
    await page.setViewportSize(original);
  }
  if (problems.length > 0) {
    throw new AssertionError({
      message: `the page scrolls sideways at ${page.url()}${what ? ` (${what})` : ''}:\n  ${problems.join('\n  ')}`,
    });
  }
}
