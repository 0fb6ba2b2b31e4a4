// Starts and stops one fresh `ansett serve` per test file (or per language block of a file): a free port, a fresh
// data directory and, for ANSETT_E2E_BACKEND=postgres, a fresh PostgreSQL database that is dropped afterwards.
//
// Environment:
//   ANSETT_E2E_BACKEND       sqlite (default) | postgres
//   ANSETT_E2E_BIN           path of the server binary
//                            (default: $CARGO_TARGET_DIR/debug/ansett, CARGO_TARGET_DIR defaulting to
//                            ~/.cache/ansett-target)
//   ANSETT_E2E_POSTGRES_URL  admin connection used to create/drop the test database
//                            (default: postgres://postgres@127.0.0.1:5432/postgres)
//   ANSETT_E2E_STARTUP_TIMEOUT_MS  how long to wait for GET /healthz (default 60000)
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(E2E_DIR, 'test-results');

export function backend() {
  const b = (process.env.ANSETT_E2E_BACKEND || 'sqlite').toLowerCase();
  if (b !== 'sqlite' && b !== 'postgres') {
    throw new Error(`ANSETT_E2E_BACKEND must be "sqlite" or "postgres", got "${b}"`);
  }
  return b;
}

export function serverBinary() {
  if (process.env.ANSETT_E2E_BIN) return process.env.ANSETT_E2E_BIN;
  const target = process.env.CARGO_TARGET_DIR || path.join(homedir(), '.cache', 'ansett-target');
  return path.join(target, 'debug', 'ansett');
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function adminUrl() {
  return process.env.ANSETT_E2E_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

function psql(sql) {
  execFileSync('psql', [adminUrl(), '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
}

function createDatabase() {
  const name = `ansett_e2e_${randomBytes(6).toString('hex')}`;
  try {
    psql(`CREATE DATABASE "${name}"`);
  } catch (e) {
    throw new Error(
      `could not create PostgreSQL database ${name} via ${adminUrl()}: ${e.stderr?.toString() || e.message}`,
    );
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

function dropDatabase(name) {
  try {
    psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (e) {
    process.stderr.write(`warning: could not drop database ${name}: ${e.stderr?.toString() || e.message}\n`);
  }
}

// Everything started by this process, so an exit (also a crash or Ctrl-C) never leaves a server or database behind.
const live = new Set();

function cleanupSync() {
  for (const s of live) {
    try {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    } catch {}
    if (s.database) dropDatabase(s.database.name);
    try {
      rmSync(s.dataDir, { recursive: true, force: true });
    } catch {}
    try {
      rmSync(s.registration, { force: true });
    } catch {}
    live.delete(s);
  }
}

// If a test process is killed outright (SIGKILL, a closed pipe), its exit handler never runs. Each server is
// therefore registered in a file naming its test process; a later run reaps servers whose test process is gone
// (only if /proc shows that pid still running with that data directory), their databases and data directories.
const REGISTRY = path.join(tmpdir(), 'ansett-e2e-live');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function reapOrphans() {
  let files = [];
  try {
    files = readdirSync(REGISTRY).filter((f) => f.endsWith('.json'));
  } catch {
    return;
  }
  for (const f of files) {
    const file = path.join(REGISTRY, f);
    let r;
    try {
      r = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (alive(r.owner)) continue;
    try {
      const cmdline = readFileSync(`/proc/${r.pid}/cmdline`, 'utf8');
      if (cmdline.includes(r.dataDir)) {
        process.stderr.write(`reaping orphaned e2e server pid ${r.pid} (${r.dataDir})\n`);
        process.kill(r.pid, 'SIGKILL');
      }
    } catch {}
    if (r.database) dropDatabase(r.database);
    rmSync(r.dataDir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanupSync();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]);
  });
}

/**
 * Start a fresh server. Returns { baseURL, backend, dataDir, databaseURL, logs(), stop() }.
 * @param {{ name?: string, args?: string[] }} [opts] name is used for the log file under e2e/test-results/; args are
 *   extra flags for `ansett serve` (e.g. ['--smtp-url', 'smtp://127.0.0.1:2525']).
 */
export async function startServer(opts = {}) {
  reapOrphans();
  const bin = serverBinary();
  if (!existsSync(bin)) {
    throw new Error(`server binary not found at ${bin}: run \`cargo build -p ansett\` (with CARGO_TARGET_DIR) first`);
  }
  const be = backend();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ansett-e2e-'));
  const database = be === 'postgres' ? createDatabase() : null;
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir];
  if (database) args.push('--database-url', database.url);
  if (opts.args) args.push(...opts.args);

  const lines = [];
  const child = spawn(bin, args, {
    cwd: dataDir,
    // The server reads ANSETT_* settings (ANSETT_DATABASE_URL, ANSETT_SMTP_URL, …) from the environment: keep the
    // caller's out, so each run gets exactly the backend and data directory chosen here.
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANSETT_'))),
      RUST_BACKTRACE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const registration = path.join(REGISTRY, `${process.pid}-${child.pid}.json`);
  const s = { child, dataDir, database, registration };
  live.add(s);
  mkdirSync(REGISTRY, { recursive: true });
  writeFileSync(
    registration,
    JSON.stringify({ owner: process.pid, pid: child.pid, dataDir, database: database?.name ?? null }),
  );
  const collect = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(`[${stream}] ${line}`);
    if (lines.length > 2000) lines.splice(0, lines.length - 2000);
  };
  child.stdout.on('data', collect('out'));
  child.stderr.on('data', collect('err'));
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (e) => {
      lines.push(`[harness] could not run ${bin}: ${e.message}`);
      resolve({ code: null, signal: null });
    });
  });
  let exitInfo = null;
  exited.then((info) => (exitInfo = info));

  const baseURL = `http://127.0.0.1:${port}`;
  const logs = () => lines.join('\n');
  const name = opts.name || `server-${be}`;
  const writeLog = () => {
    try {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(path.join(RESULTS_DIR, `${name}-server.log`), `${bin} ${args.join(' ')}\n${logs()}\n`);
    } catch {}
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exitInfo === null) {
      child.kill('SIGTERM');
      const t = await Promise.race([exited, sleep(10_000).then(() => 'timeout')]);
      if (t === 'timeout') {
        lines.push('[harness] server did not stop within 10 s of SIGTERM; sending SIGKILL');
        child.kill('SIGKILL');
        await exited;
      }
    }
    writeLog();
    if (database) dropDatabase(database.name);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(registration, { force: true });
    live.delete(s);
  };

  const timeout = Number(process.env.ANSETT_E2E_STARTUP_TIMEOUT_MS || 60_000);
  const deadline = Date.now() + timeout;
  for (;;) {
    if (exitInfo !== null) {
      await stop();
      throw new Error(
        `ansett exited during startup (code ${exitInfo.code}, signal ${exitInfo.signal}).\n` +
          `command: ${bin} ${args.join(' ')}\n${logs()}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}/healthz`, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`GET ${baseURL}/healthz did not answer 200 within ${timeout} ms.\n${logs()}`);
    }
    await sleep(100);
  }
  // dataDir and databaseURL let a test run another `ansett` command (e.g. `retention run`) on the same installation.
  return { baseURL, backend: be, dataDir, databaseURL: database?.url ?? null, logs, stop };
}
