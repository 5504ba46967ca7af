// @ts-check
// The processes under test: the production API (node dist/main.js) and the bare server,
// each on a free loopback port, stopped by their own pid when the run ends.
const { spawn } = require('node:child_process');
const { readFileSync, openSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const { sleep } = require('./load');
// One port picker (BENCH_PORTS aware) for every process the measurements start.
const { freePort } = require('./api-process');

/** The node flags the API runs with in production: apps/api package.json `start:prod` and docker/Dockerfile. */
const API_NODE_FLAGS = ['--max-old-space-size=512'];

/**
 * Resident set size of a process in bytes (Linux /proc).
 * @param {number | undefined} pid
 * @returns {number | null}
 */
function rssOf(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * @typedef {{ pid: number | undefined, logFile: string, exited: () => { code: number | null, signal: string | null } | null,
 *   rss: () => number | null, stop: () => Promise<void>, describeExit: () => string }} Tracked
 * @typedef {Tracked & { url: string, port: number }} Server
 * @typedef {{ api: string, databaseUrl: string, poolSize: number, redisUrl: string, logLevel: string, jwtSecret: string, label?: string }} ServerOptions
 */

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name
 * @param {string} logFile
 * @returns {Tracked}
 */
function track(child, name, logFile) {
  /** @type {{ code: number | null, signal: string | null } | null} */
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  return {
    pid: child.pid,
    logFile,
    exited: () => exited,
    rss: () => rssOf(child.pid),
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    },
    describeExit: () => `${name} exited (${exited?.code ?? exited?.signal}); its output is in ${logFile}`,
  };
}

/**
 * Starts `node dist/main.js` as in production: NODE_ENV=production, the given JWT secret,
 * rate limits raised out of the way (the benchmark measures the API, not the limiter, but
 * the limiter still runs and counts every request), logs at `logLevel` to a file.
 */
/**
 * @param {ServerOptions} options
 * @returns {Promise<Server>}
 */
async function startApi({ api, databaseUrl, poolSize, redisUrl, logLevel, jwtSecret, label = 'api' }) {
  const port = await freePort();
  const logFile = join(tmpdir(), `stint-bench-${label}-${process.pid}-${port}.log`);
  const out = openSync(logFile, 'a');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    REDIS_URL: redisUrl,
    JWT_SECRET_KEY: jwtSecret,
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    RATE_LIMIT_READ: '100000000/minute',
    RATE_LIMIT_WRITE: '100000000/minute',
    RATE_LIMIT_AUTH: '1000000/minute',
    LOG_LEVEL: logLevel,
    STINT_DATA_DIR: join(tmpdir(), `stint-bench-data-${process.pid}`),
    // Diagnostics only (e.g. a heap-statistics preload); the measured runs leave it unset.
    ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
    ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
  };
  // Diagnostics only: BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (flags NODE_OPTIONS refuses).
  const diagnostics = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...API_NODE_FLAGS, ...diagnostics, join(api, 'dist', 'main.js')], { cwd: api, env, stdio: ['ignore', out, out] });
  const handle = { ...track(child, 'The API', logFile), url: `http://127.0.0.1:${port}`, port };
  // Startup applies pending migrations first (an index build on 10M rows takes minutes).
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    if (handle.exited()) throw new Error(handle.describeExit());
    try {
      const response = await fetch(`${handle.url}/api/v1/health`);
      if (response.ok) return handle;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`The API did not become healthy within 30 minutes; see ${logFile}`);
    }
    await sleep(250);
  }
}

/**
 * @param {ServerOptions} options
 * @returns {Promise<Server>}
 */
async function startBare({ api, databaseUrl, poolSize, jwtSecret }) {
  const logFile = join(tmpdir(), `stint-bench-bare-${process.pid}.log`);
  const err = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      join(__dirname, '..', 'bare-server.js'),
      '--database-url',
      databaseUrl,
      '--jwt-secret',
      jwtSecret,
      '--pool-size',
      String(poolSize),
      '--port',
      String(process.env.BENCH_PORTS ? await freePort() : 0),
    ],
    { cwd: api, env: { PATH: process.env.PATH, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', err] },
  );
  const handle = track(child, 'The bare server', logFile);
  const port = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk) => {
      text += chunk;
      const match = /\{"listening":(\d+)\}/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(handle.describeExit())));
  });
  return { ...handle, url: `http://127.0.0.1:${port}`, port };
}

module.exports = { startApi, startBare, rssOf, freePort };
