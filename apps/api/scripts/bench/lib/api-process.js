// @ts-check
// Shared by streams.js and scale-out.js: the production build run as its own process
// (`node dist/main.js`, NODE_ENV=production), its resident memory, scratch databases on the
// local server, and plain HTTP helpers with keep-alive off (one socket per request or stream).
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, openSync, readFileSync, existsSync } = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');

const API_DIR = join(__dirname, '..', '..', '..');
const MAIN = join(API_DIR, 'dist', 'main.js');
const BENCH_JWT_SECRET = 'bench-secret-for-scale-and-stream-measurements-0123456789';

/**
 * `--name value` from the command line, or `fallback`.
 * @param {string} name
 * @param {string | null} [fallback]
 * @returns {string}
 */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : /** @type {string} */ (fallback);
}

/** @param {string} message */
const log = (message) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** @param {number[]} samples */
function percentiles(samples) {
  if (!samples.length) return { p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(samples).sort();
  /** @param {number} p */
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  /** @param {number} v */
  const round = (v) => Math.round(v * 10) / 10;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]) };
}

/**
 * A free loopback port: any (the OS picks), or with BENCH_PORTS=<first>-<last> the next free
 * one of that range (on a shared machine, each person's processes keep to their own ports).
 */
/** @type {number | null} */
let nextBenchPort = null;
/** @returns {Promise<number>} */
function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? '');
  /** @param {number} port @returns {Promise<number | null>} */
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const { port: taken } = /** @type {import('node:net').AddressInfo} */ (server.address());
        server.close(() => resolve(taken));
      });
    });
  if (!range) return tryPort(0).then((port) => port ?? Promise.reject(new Error('no free port')));
  const [first, last] = [Number(range[1]), Number(range[2])];
  return (async () => {
    for (let i = 0; i <= last - first; i += 1) {
      nextBenchPort = nextBenchPort === null || nextBenchPort >= last ? first : nextBenchPort + 1;
      const port = await tryPort(nextBenchPort);
      if (port) return port;
    }
    throw new Error(`no free port in BENCH_PORTS=${process.env.BENCH_PORTS}`);
  })();
}

/**
 * VmRSS of a process in MiB, from /proc.
 * @param {number | undefined} pid
 */
function rssMb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Creates `stint_streams_<hex>` on the server of `serverUrl`; returns its URL and a drop(). */
/**
 * @param {string} serverUrl
 * @param {string} [prefix]
 */
async function scratchDatabase(serverUrl, prefix = 'stint_streams') {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  /** @param {string} sql */
  const run = async (sql) => {
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Starts `node dist/main.js` as the production build runs (it migrates the database
 * first), waits for /api/v1/health, and returns { pid, base, stop(), logFile }.
 */
/**
 * @param {{ databaseUrl: string, env?: Record<string, string>, name?: string }} options
 */
async function startApi({ databaseUrl, env = {}, name = 'api' }) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (cd apps/api && npx tsc -p tsconfig.build.json)`);
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), `stint-bench-${name}-`)), 'api.log');
  const out = openSync(logFile, 'a');
  // The node flags of production (apps/api package.json start:prod, docker/Dockerfile).
  const child = spawn(process.execPath, ['--max-old-space-size=512', MAIN], {
    cwd: API_DIR,
    stdio: ['ignore', out, out],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '20',
      JWT_SECRET_KEY: BENCH_JWT_SECRET,
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: '240',
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH: '100000/minute',
      RATE_LIMIT_READ: '10000000/minute',
      RATE_LIMIT_WRITE: '10000000/minute',
      STINT_DATA_DIR: join(logFile, '..', 'data'),
      ...env,
    },
  });
  /** @type {{ code: number | null, signal: string | null } | null} */
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited (${JSON.stringify(exited)}) before it was ready; log: ${tail(logFile)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready within 120 s; log: ${tail(logFile)}`);
    }
    const health = await request('GET', `${base}/api/v1/health`).catch(() => null);
    if (health && health.status === 200) break;
    await sleep(250);
  }
  return {
    pid: child.pid,
    base,
    logFile,
    get exited() {
      return exited;
    },
    stop: () =>
      /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          if (exited) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        })
      ),
  };
}

/** @param {string} file */
function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** @param {number} ms @returns {Promise<void>} */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ token?: string, body?: unknown, headers?: Record<string, string>, timeoutMs?: number }} RequestOptions
 * @typedef {{ status: number | undefined, json: any, headers: import('node:http').IncomingHttpHeaders, sentAt: number, doneAt: number }} Response
 */

/**
 * One HTTP request on its own connection; resolves { status, json, headers, sentAt, doneAt }.
 * @param {string} method
 * @param {string} url
 * @param {RequestOptions} [options]
 * @returns {Promise<Response>}
 */
function request(method, url, { token, body, headers = {}, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const sentAt = performance.now();
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode, json, headers: res.headers, sentAt, doneAt: performance.now() });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Like `request` but throws unless the status is `expected`.
 * @param {string} method
 * @param {string} url
 * @param {RequestOptions} [options]
 */
async function call(method, url, options = {}, expected = 200) {
  const response = await request(method, url, options);
  if (response.status !== expected) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(response.json).slice(0, 300)}`);
  return response;
}

/**
 * Opens the timer SSE stream on its own connection. `onEvent(event, receivedAt)` gets each
 * `timer` event (receivedAt from performance.now()); resolves once the snapshot arrived.
 */
/**
 * @param {string} url
 * @param {{ token?: string, onEvent?: (event: any, receivedAt: number) => void, onEnd?: (error: Error) => void, timeoutMs?: number }} options
 * @returns {Promise<{ close: () => void, snapshot: any }>}
 */
function openStream(url, { token, onEvent, onEnd, timeoutMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    let settled = false;
    /** @param {Error} error */
    const fail = (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      } else onEnd?.(error);
    };
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return fail(new Error(`stream answered ${res.statusCode}`));
      }
      res.setEncoding('utf8');
      let buffer = '';
      const timer = setTimeout(() => fail(new Error('no snapshot in time')), timeoutMs);
      res.on('data', (chunk) => {
        const receivedAt = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith('event: timer\n')) continue;
          const data = block.slice(block.indexOf('data: ') + 6);
          const event = JSON.parse(data);
          if (event.type === 'snapshot' && !settled) {
            settled = true;
            clearTimeout(timer);
            resolve({ close: () => req.destroy(), snapshot: event });
          } else onEvent?.(event, receivedAt);
        }
      });
      res.on('end', () => fail(new Error('stream ended')));
      res.on('error', (error) => fail(error));
    });
    req.on('error', (error) => fail(error));
  });
}

/**
 * Runs `work(item, index)` over `items`, `concurrency` at a time.
 * @template T, R
 * @param {T[]} items
 * @param {number} concurrency
 * @param {(item: T, index: number) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
async function pool(items, concurrency, work) {
  let next = 0;
  const results = new Array(items.length);
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

module.exports = { arg, log, percentiles, freePort, rssMb, scratchDatabase, startApi, request, call, openStream, pool, sleep, BENCH_JWT_SECRET };
