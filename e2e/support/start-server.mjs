// @ts-check
// Starts the built Stint (apps/api/dist/main.js, which also serves the built SPA) for the
// browser tests. With DATABASE_URL it gets a fresh database on that server, dropped on exit;
// without it the API starts its embedded PostgreSQL in a temporary data dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const apiDir = join(here, '..', '..', 'apps', 'api');
const require = createRequire(join(apiDir, 'package.json'));
/** @type {typeof import('pg')} pg itself is apps/api's; e2e has only its types. */
const { Client } = require('pg');

const port = process.env.E2E_PORT ?? '3100';
const dataDir = mkdtempSync(join(tmpdir(), 'stint-e2e-'));
chmodSync(dataDir, 0o755);
// Every spec signs in the one admin; within a minute its page visits add up past the
// production read limit (the limits themselves are tested in the API's integration suites).
/** @type {NodeJS.ProcessEnv} */
const env = {
  ...process.env,
  API_PORT: port,
  API_HOST: '127.0.0.1',
  STINT_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_AUTH: '100/minute',
  RATE_LIMIT_READ: '1000/minute',
  RATE_LIMIT_WRITE: '500/minute',
};
delete env.REDIS_URL;

let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const admin = new URL(process.env.DATABASE_URL);
  admin.pathname = '/postgres';
  const name = `stint_e2e_${Date.now()}`;
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  // Playwright may kill this process before it can clean up: drop leftovers of runs over an hour old.
  const stale = await client.query(`SELECT datname FROM pg_database WHERE datname ~ '^stint_e2e_[0-9]+$'`);
  for (const { datname } of stale.rows) {
    if (Date.now() - Number(datname.slice('stint_e2e_'.length)) > 3_600_000) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
} else {
  delete env.DATABASE_URL;
}

const server = spawn(process.execPath, [join(apiDir, 'dist', 'main.js')], { env, stdio: 'inherit' });
const stop = async () => {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await dropDatabase().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => {
  if (code) process.exit(code);
});
