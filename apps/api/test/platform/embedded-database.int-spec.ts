// The built API as a user runs it (dist/main.js in its own process): the embedded PostgreSQL's
// credentials and roles, an operator's own two roles, and shutdown with a stuck request.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { anyFreePort } from '../../src/database/embedded-postgres';
import { adminQuery, databaseUrl } from '../../src/database/scratch-database';

jest.setTimeout(180_000);

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');
const WARNING = /could rewrite or erase the audit log/;

interface RunningApi {
  child: ChildProcess;
  port: number;
  output: string[];
  exited: Promise<{ code: number | null; signal: string | null }>;
}

async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const port = await anyFreePort();
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_REPLICA_URLS', 'REDIS_URL', 'STINT_DATA_DIR', 'INIT_CWD']) delete base[name];
  const child = spawn(process.execPath, [MAIN], {
    env: { ...base, NODE_ENV: 'test', API_PORT: String(port), API_HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 120_000;
  while (!output.some((line) => line.includes('Stint is running'))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the API exited at start:\n${output.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`the API did not start:\n${output.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port, output, exited };
}

async function stopApi(api: RunningApi | undefined): Promise<void> {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill('SIGTERM');
  await api.exited;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function within<T>(ms: number, check: () => T | false): Promise<T | false> {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = check();
    if (result || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function register(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `embedded.${randomBytes(4).toString('hex')}@example.com`, password: 'Correct-Horse-9', full_name: 'Embedded Check' }),
  });
  return response.status;
}

describe('the embedded PostgreSQL (no DATABASE_URL)', () => {
  let dataDir: string;
  let api: RunningApi | undefined;
  const credentials = () => JSON.parse(readFileSync(join(dataDir, 'postgres-credentials'), 'utf8')) as { superuser: string; owner: string; app: string };
  const pgPort = () => Number(readFileSync(join(dataDir, 'postgres.port'), 'utf8'));
  const clusterDir = () => {
    const recorded = join(dataDir, 'postgres-location.json');
    return existsSync(recorded) ? (JSON.parse(readFileSync(recorded, 'utf8')) as { clusterDir: string }).clusterDir : join(dataDir, 'postgres');
  };
  const postmasterPid = () => Number(readFileSync(join(clusterDir(), 'postmaster.pid'), 'utf8').split('\n')[0]);
  const url = (user: string, password: string) => `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${pgPort()}/stint`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stint-embedded-test-'));
    // Enterable by the `postgres` user when the tests run as root (the 0700 case is the boot smoke's).
    chmodSync(dataDir, 0o755);
    api = await startApi({ STINT_DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await stopApi(api);
    const cluster = clusterDir();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cluster, { recursive: true, force: true });
  });

  it('keeps a random password per install in a 0600 file, and the fixed stint/stint login is refused', async () => {
    const file = join(dataDir, 'postgres-credentials');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = credentials();
    expect(stored.superuser).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set([stored.superuser, stored.owner, stored.app]).size).toBe(3);
    await expect(query(url('stint', 'stint'), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    await expect(query(url('stint', stored.superuser), 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('runs the API as a role that can only read and append to audit_log, and the app works', async () => {
    expect(await register(api!.port)).toBe(201);
    const appUrl = url('stint_app', credentials().app);
    const [me] = await query(appUrl, `SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`);
    expect(me).toEqual({ role: 'stint_app', superuser: false });
    for (const sql of [
      'ALTER TABLE audit_log DISABLE TRIGGER USER',
      `UPDATE audit_log SET action = 'x'`,
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      'DROP TABLE audit_log',
      'CREATE TABLE intruder (id int)',
    ]) {
      await expect(query(appUrl, sql)).rejects.toMatchObject({ code: '42501' });
    }
    await query(appUrl, `INSERT INTO audit_log (action, subject_id) VALUES ('test.probe', 'embedded-probe')`);
    expect(await query(appUrl, `SELECT action FROM audit_log WHERE subject_id = 'embedded-probe'`)).toEqual([{ action: 'test.probe' }]);
    const [{ owner }] = await query(appUrl, `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'audit_log'::regclass`);
    expect(owner).toBe('stint_owner');
    expect(api!.output.filter((line) => WARNING.test(line))).toEqual([]);
  });

  it('ends the process and its PostgreSQL within seconds of SIGTERM, even with a request stuck on a lock', async () => {
    const pid = postmasterPid();
    const holder = new Client({ connectionString: url('stint', credentials().superuser) });
    await holder.connect();
    holder.on('error', () => undefined);
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const stuck = fetch(`http://127.0.0.1:${api!.port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'Correct-Horse-9' }),
      }).catch(() => 'failed');
      // The request is really waiting on the lock before the signal goes out.
      let blocked = 0;
      for (let i = 0; i < 100 && !blocked; i += 1) {
        const rows = await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = 'stint'`);
        blocked = rows.rows[0].n;
        if (!blocked) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(blocked).toBeGreaterThan(0);
      const signalled = Date.now();
      api!.child.kill('SIGTERM');
      const exit = await Promise.race([api!.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 8_000))]);
      expect(exit).not.toBeNull();
      expect(Date.now() - signalled).toBeLessThan(8_000);
      expect(await within(3_000, () => !alive(pid))).toBe(true);
      await stuck;
    } finally {
      await holder.end().catch(() => undefined);
    }
  });

  it('never leaves its PostgreSQL behind, even when the process is killed outright (kill -9)', async () => {
    api = await startApi({ STINT_DATA_DIR: dataDir });
    expect(await register(api.port)).toBe(201);
    const pid = postmasterPid();
    expect(alive(pid)).toBe(true);
    api.child.kill('SIGKILL');
    await api.exited;
    expect(await within(8_000, () => !alive(pid))).toBe(true);
  });

  it('keeps an install from before working: the fixed password is replaced by a random one on the next start', async () => {
    // What a cluster made by an older version looks like: superuser stint/stint, no credentials file.
    api = await startApi({ STINT_DATA_DIR: dataDir });
    await query(url('stint', credentials().superuser), `ALTER ROLE stint PASSWORD 'stint'`);
    await stopApi(api);
    rmSync(join(dataDir, 'postgres-credentials'));

    api = await startApi({ STINT_DATA_DIR: dataDir });
    expect(await register(api.port)).toBe(201);
    expect(statSync(join(dataDir, 'postgres-credentials')).mode & 0o777).toBe(0o600);
    await expect(query(url('stint', 'stint'), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    await expect(query(url('stint', credentials().superuser), 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});

describe("an operator's own PostgreSQL (DATABASE_URL, DATABASE_MIGRATION_URL)", () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `stint_t_owner_${suffix}`;
  const app = `stint_t_app_${suffix}`;
  const database = `stint_t_roles_${suffix}`;
  const password = randomBytes(12).toString('hex');
  let adminUrl: string;
  let dataDir: string;
  let api: RunningApi | undefined;
  const as = (user: string) => {
    const url = new URL(databaseUrl(adminUrl, database));
    url.username = user;
    url.password = password;
    return url.toString();
  };

  beforeAll(async () => {
    adminUrl = process.env.STINT_TEST_ADMIN_URL!;
    dataDir = mkdtempSync(join(tmpdir(), 'stint-roles-test-'));
    // The README's setup: an owner role that owns the database, an app role that may connect.
    await adminQuery(adminUrl, `CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
    await adminQuery(adminUrl, `CREATE ROLE ${app} LOGIN PASSWORD '${password}'`);
    await adminQuery(adminUrl, `CREATE DATABASE ${database} OWNER ${owner}`);
  });

  afterAll(async () => {
    await stopApi(api);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminQuery(adminUrl, `DROP ROLE IF EXISTS ${app}`);
    await adminQuery(adminUrl, `DROP ROLE IF EXISTS ${owner}`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates as the owner, runs as the app role with only SELECT and INSERT on audit_log, and warns about nothing', async () => {
    api = await startApi({ STINT_DATA_DIR: dataDir, DATABASE_URL: as(app), DATABASE_MIGRATION_URL: as(owner) });
    expect(await register(api.port)).toBe(201);
    for (const sql of ['ALTER TABLE audit_log DISABLE TRIGGER USER', `UPDATE audit_log SET action = 'x'`, 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(query(as(app), sql)).rejects.toMatchObject({ code: '42501' });
    }
    expect(api.output.filter((line) => WARNING.test(line))).toEqual([]);
    await stopApi(api);
  });

  it('warns once at start when the API connects as a role that could alter audit_log (a superuser)', async () => {
    api = await startApi({ STINT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl(adminUrl, database) });
    const warnings = api.output.filter((line) => WARNING.test(line));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40 });
    expect(warnings[0]).toMatch(/is a superuser/);
    await stopApi(api);
  });

  it('warns when the app role owns audit_log (one URL doing both)', async () => {
    api = await startApi({ STINT_DATA_DIR: dataDir, DATABASE_URL: as(owner) });
    const warnings = api.output.filter((line) => WARNING.test(line));
    expect(warnings).toHaveLength(1);
    expect((JSON.parse(warnings[0]) as { msg: string }).msg).toMatch(new RegExp(`"${owner}" owns audit_log, so it could`));
    await stopApi(api);
  });
});
