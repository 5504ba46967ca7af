// The default path a user gets from the README's run command: embedded PostgreSQL and the
// memory cache (no DATABASE_URL, no REDIS_URL). Boots the built app, runs the browser's
// sign-in smoke against it, restarts it and checks the data survived the restart.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const port = process.env.SMOKE_PORT ?? '3200';
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'stint-smoke-'));
chmodSync(dataDir, 0o755);
const env = { ...process.env, API_PORT: port, STINT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.REDIS_URL;

function start() {
  return spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js')], { env, stdio: 'inherit' });
}

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/api/v1/health`);
      if (response.ok) return response.json();
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Stint did not become healthy at ${base} within ${timeoutMs} ms`);
}

async function stop(child) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

function check(condition, message) {
  if (!condition) throw new Error(`smoke: ${message}`);
  console.log(`smoke: ok - ${message}`);
}

let server = start();
try {
  const started = Date.now();
  const health = await waitForHealth(180_000);
  check(health.database === 'up' && health.cache === 'memory', `boots on embedded PostgreSQL with the memory cache in ${Date.now() - started} ms`);

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
} finally {
  await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
}
