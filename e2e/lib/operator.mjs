// What an operator (or a test standing in for time) does to a running installation from outside the browser:
// another `ansett` command on the same data directory and database, or one SQL statement.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { serverBinary } from './server.mjs';

/** `ansett <args…>` on the server's installation; its standard output. Fails the test if it fails. */
export function ansettCommand(server, args) {
  // The same public URL as the server, so links in emails it queues (e.g. "Forleng samtykke") lead there.
  const all = [...args, '--data-dir', server.dataDir, '--public-url', server.baseURL];
  if (server.databaseURL) all.push('--database-url', server.databaseURL);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANSETT_')));
  const r = spawnSync(serverBinary(), all, { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `ansett ${all.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `ansett retention run`: one retention pass now (anonymising, and the talent-pool renewal reminders). */
export const retentionRun = (server) => ansettCommand(server, ['retention', 'run']);

/**
 * One SQL statement on the server's database (`psql` on PostgreSQL, `sqlite3` on SQLite): for a test that must
 * let months pass, e.g. bring a consent's expiry within the reminder's 30 days.
 */
export function runSql(server, statement) {
  const [cmd, args] = server.databaseURL
    ? ['psql', [server.databaseURL, '-v', 'ON_ERROR_STOP=1', '-c', statement]]
    : ['sqlite3', ['-cmd', '.timeout 5000', path.join(server.dataDir, 'ansett.db'), statement]];
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `${cmd} ${statement} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
