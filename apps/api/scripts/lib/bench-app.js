// Shared by the measurement scripts: the built app on a scratch database (DATABASE_URL's
// server, else an embedded PostgreSQL), a request helper (in-process inject or real HTTP),
// percentiles, and clean-up whatever happens.
require('reflect-metadata');
const { mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const dist = join(__dirname, '..', '..', 'dist');

/** `--name value` from the command line, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** "  p50     p95     p99     max" figures of `samples` (ms), padded for a table. */
function latencyRow(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const row = [50, 95, 99].map((p) => percentile(sorted, p).toFixed(2).padStart(7)).join(' ');
  return `${row} ${sorted[sorted.length - 1].toFixed(2).padStart(7)}`;
}

/**
 * Runs `measure({ app, request, databaseUrl, base })` against the built app on a fresh
 * migrated database, then closes everything (`keep`: leaves the database for EXPLAIN).
 * Rate limits are raised out of the way.
 */
async function withBenchApp(name, { http = false, keep = false } = {}, measure) {
  const { postgresServer, createDatabase, dropDatabase } = require(join(dist, 'database', 'scratch-database.js'));
  const { migrate } = require(join(dist, 'database', 'migrate.js'));
  const { loadConfig } = require(join(dist, 'config', 'app-config.js'));
  const { createApp } = require(join(dist, 'bootstrap.js'));
  const { createLogger } = require(join(dist, 'observability', 'logger.js'));

  const server = await postgresServer();
  const database = await createDatabase(server.adminUrl, `stint_${name}`);
  let app;
  try {
    await migrate(database.url);
    const config = loadConfig({
      STINT_DATA_DIR: mkdtempSync(join(tmpdir(), `stint-${name}-`)),
      LOG_LEVEL: 'silent',
      JWT_SECRET_KEY: 'measurement-script-secret-long-enough-for-hs256',
      RATE_LIMIT_READ: '1000000/minute',
      RATE_LIMIT_WRITE: '1000000/minute',
      RATE_LIMIT_AUTH: '1000/minute',
      REDIS_URL: process.env.REDIS_URL ?? '',
    });
    app = await createApp({ config, databaseUrl: database.url, logger: createLogger('silent') });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    let base = '';
    if (http) {
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = await app.getUrl();
    }
    async function request(method, url, token, payload) {
      const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const body = payload === undefined ? undefined : JSON.stringify(payload);
      if (http) {
        const response = await fetch(base + url, { method, headers, body });
        const text = await response.text();
        return { status: response.status, json: text ? JSON.parse(text) : null };
      }
      const response = await fastify.inject({ method, url, headers, payload: body });
      return { status: response.statusCode, json: response.body ? response.json() : null };
    }
    return await measure({ app, request, databaseUrl: database.url, base });
  } finally {
    await app?.close().catch(() => undefined);
    if (keep) console.log(`Kept database ${database.url}`);
    else await dropDatabase(server.adminUrl, database.name).catch(() => undefined);
    await server.stop().catch(() => undefined);
  }
}

/** Runs a script's main and exits with its outcome. */
function run(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * Samples this process's memory every 20 ms from now until `stop()`: RSS and JS heap
 * baselines and peaks, and with --expose-gc the live heap (garbage collected first, every
 * 200 ms), which is free of GC laziness.
 */
function memorySampler() {
  global.gc?.();
  const start = process.memoryUsage();
  const figures = { baseline: start.rss, heapBaseline: start.heapUsed, peak: start.rss, heapPeak: start.heapUsed, livePeak: 0 };
  let ticks = 0;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    figures.peak = Math.max(figures.peak, usage.rss);
    figures.heapPeak = Math.max(figures.heapPeak, usage.heapUsed);
    ticks += 1;
    if (global.gc && ticks % 10 === 0) {
      global.gc();
      figures.livePeak = Math.max(figures.livePeak, process.memoryUsage().heapUsed);
    }
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      figures.peak = Math.max(figures.peak, process.memoryUsage().rss);
      return figures;
    },
  };
}

module.exports = { arg, percentile, latencyRow, memorySampler, withBenchApp, run };
