// @ts-check
// The default path a user gets from the README's run command: embedded PostgreSQL and the
// memory cache (no DATABASE_URL, no REDIS_URL, no STINT_DATA_DIR). Boots the built app the way a
// newcomer does, from a copy of the built repository inside a fresh 0700 folder (like a clone in
// /root, whose home is 0700: as root the embedded PostgreSQL runs as the unprivileged `postgres`
// user, which can't enter it), with the default data dir `./.data`; runs the browser's sign-in
// smoke against it, restarts it and checks the data survived the restart.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const port = process.env.SMOKE_PORT ?? '3200';
const base = `http://127.0.0.1:${port}`;

const home = mkdtempSync(join(tmpdir(), 'stint-smoke-home-'));
chmodSync(home, 0o700);
const clone = join(home, 'stint');
const copyStarted = Date.now();
/** What a built clone holds at run time; node_modules hard-linked (a copy across file systems), pnpm's relative links kept. */
/**
 * @param {string} path relative to the repository root
 * @param {{ link?: boolean }} [options]
 */
function place(path, { link = false } = {}) {
  const from = join(root, path);
  if (!existsSync(from)) return;
  const to = join(clone, path);
  mkdirSync(dirname(to), { recursive: true });
  if (link) {
    try {
      execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
      return;
    } catch {
      rmSync(to, { recursive: true, force: true });
    }
  }
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}
for (const file of ['package.json', 'pnpm-workspace.yaml', 'apps/api/package.json', 'apps/web/package.json', 'packages/contracts/package.json']) place(file);
for (const dir of ['apps/api/dist', 'apps/api/node_modules', 'apps/web/dist', 'packages/contracts/dist', 'packages/contracts/node_modules']) place(dir);
place('node_modules', { link: true });
const dataDir = join(clone, '.data');

/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, API_PORT: port, LOG_LEVEL: 'warn' };
for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'REDIS_URL', 'STINT_DATA_DIR', 'INIT_CWD']) delete env[name];

function start() {
  return spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: clone, env, stdio: 'inherit' });
}

/** @param {number} timeoutMs */
async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`smoke: Stint exited (${server.exitCode ?? server.signalCode}) instead of starting`);
    try {
      const response = await fetch(`${base}/api/v1/health`);
      if (response.ok) return response.json();
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Stint did not become healthy at ${base} within ${timeoutMs} ms`);
}

/** @param {import('node:child_process').ChildProcess} child */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** Where the embedded cluster went: the data dir, or (as root, out of the postgres user's reach) the recorded system location. */
function clusterDir() {
  const recorded = join(dataDir, 'postgres-location.json');
  return existsSync(recorded) ? JSON.parse(readFileSync(recorded, 'utf8')).clusterDir : join(dataDir, 'postgres');
}

/**
 * @param {unknown} condition
 * @param {string} message
 */
function check(condition, message) {
  if (!condition) throw new Error(`smoke: ${message}`);
  console.log(`smoke: ok - ${message}`);
}

console.log(`smoke: placed the built repository in ${clone} (parent 0700) in ${Date.now() - copyStarted} ms`);
let server = start();
try {
  const started = Date.now();
  const health = await waitForHealth(180_000);
  check(
    health.database === 'up' && health.cache === 'memory',
    `boots on embedded PostgreSQL with the memory cache in ${Date.now() - started} ms, from a folder inside a 0700 one${process.getuid?.() === 0 ? ', as root' : ''}`,
  );
  check(
    existsSync(join(dataDir, 'jwt-secret')) && (statSync(join(dataDir, 'postgres-credentials')).mode & 0o777) === 0o600,
    'keeps its data in the default ./.data, the database password in a 0600 file',
  );
  if (process.getuid?.() === 0) {
    check(existsSync(join(dataDir, 'postgres-location.json')), `as root, keeps the cluster where the postgres user can reach it (${clusterDir()}), recorded in ./.data`);
  }

  const spa = await fetch(`${base}/tasks`);
  check(spa.ok && (await spa.text()).includes('<div id="root"'), 'serves the SPA for client-side routes');

  const browser = spawnSync('pnpm', ['exec', 'playwright', 'test', '--grep', '@smoke'], {
    cwd: join(root, 'e2e'),
    env: { ...process.env, STINT_E2E_BASE_URL: base },
    stdio: 'inherit',
  });
  check(browser.status === 0, 'the browser signs up, reloads, signs out and in');

  const email = `smoke.${Date.now()}@example.com`;
  const register = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Correct-Horse-9', full_name: 'Smoke Test' }),
  });
  check(register.status === 201, 'registers an account over HTTP');

  await stop(server);
  server = start();
  await waitForHealth(60_000);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Correct-Horse-9' }),
  });
  check(login.status === 200, 'the account is still there after a restart (data kept in the data dir)');
  const cluster = clusterDir();
  await stop(server);
  check(!existsSync(join(cluster, 'postmaster.pid')), 'stops its embedded PostgreSQL when it stops');
} finally {
  await stop(server);
  const cluster = clusterDir();
  if (!cluster.startsWith(home)) rmSync(cluster, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}
