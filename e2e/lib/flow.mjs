// A user journey as a sequence of node:test tests sharing one browser page.
//   step(name, fn)  a stage of the journey; when it fails, the later steps and checks are skipped with a reason
//                   naming the failed step (they would only fail as a consequence).
//   check(name, fn) an assertion about the state the last step left (e.g. axe); its failure is reported but the
//                   journey goes on.
// On any failure a screenshot and the HTML go to e2e/test-results/.
import { test } from 'node:test';
import { saveFailureArtifacts } from './browser.mjs';

export function journey({ prefix, page, timeout = 60_000 }) {
  let failedStep = null;
  let n = 0;
  const run = (kind) => (name, fn) => {
    const index = ++n;
    test(name, { timeout }, async (t) => {
      if (failedStep) {
        t.skip(`not run: earlier step "${failedStep}" failed`);
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        if (kind === 'step') failedStep = name;
        const p = typeof page === 'function' ? page() : page;
        if (p) await saveFailureArtifacts(p, `${prefix}-${String(index).padStart(2, '0')}-${name}`);
        throw e;
      }
    });
  };
  return { step: run('step'), check: run('check') };
}

/** Screenshot + HTML of `page` under e2e/test-results/ when `fn` throws; rethrows. */
export async function withArtifacts(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    await saveFailureArtifacts(page, name);
    throw e;
  }
}
