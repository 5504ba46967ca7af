#!/usr/bin/env node
// Measures timer-action latencies on this machine: start / pause / resume / stop / status,
// each over N sequential requests, against a scratch database (DATABASE_URL's server, else an
// embedded PostgreSQL). Prints p50/p95/p99/max per action in milliseconds.
// Usage (after `pnpm build`): node scripts/timer-latency.js [--rounds 300] [--http]
//   default: in-process requests through fastify.inject (the app's own cost, no sockets)
//   --http:  real HTTP over loopback with fetch (adds the network stack)
require('reflect-metadata');
const { mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const dist = join(__dirname, '..', 'dist');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ROUNDS = Number(arg('--rounds', '300'));
const HTTP = process.argv.includes('--http');
const WARMUP = 20;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const { postgresServer, createDatabase, dropDatabase } = require(join(dist, 'database', 'scratch-database.js'));
  const { migrate } = require(join(dist, 'database', 'migrate.js'));
  const { loadConfig } = require(join(dist, 'config', 'app-config.js'));
  const { createApp } = require(join(dist, 'bootstrap.js'));
  const { createLogger } = require(join(dist, 'observability', 'logger.js'));

  const server = await postgresServer();
  const database = await createDatabase(server.adminUrl, 'stint_latency');
  let app;
  try {
    await migrate(database.url);
    const config = loadConfig({
      STINT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stint-latency-')),
      LOG_LEVEL: 'silent',
      JWT_SECRET_KEY: 'latency-script-secret-long-enough-for-hs256',
      RATE_LIMIT_READ: '1000000/minute',
      RATE_LIMIT_WRITE: '1000000/minute',
      RATE_LIMIT_AUTH: '1000/minute',
      REDIS_URL: process.env.REDIS_URL ?? '',
    });
    app = await createApp({ config, databaseUrl: database.url, logger: createLogger('silent') });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    let base = '';
    if (HTTP) {
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = await app.getUrl();
    }

    async function request(method, url, token, payload) {
      const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const body = payload === undefined ? undefined : JSON.stringify(payload);
      if (HTTP) {
        const response = await fetch(base + url, { method, headers, body });
        const text = await response.text();
        return { status: response.status, json: text ? JSON.parse(text) : null };
      }
      const response = await fastify.inject({ method, url, headers, payload: body });
      return { status: response.statusCode, json: response.body ? response.json() : null };
    }

    const registered = await request('POST', '/api/v1/auth/register', null, { email: 'latency@example.com', password: 'Latency-Pass-1', full_name: 'Latency Probe' });
    const token = registered.json.token;
    const actions = [
      ['start', 'POST', '/api/v1/time-tracking/start', {}],
      ['status', 'GET', '/api/v1/time-tracking/status', undefined],
      ['pause', 'POST', '/api/v1/time-tracking/pause', {}],
      ['resume', 'POST', '/api/v1/time-tracking/resume', {}],
      ['stop', 'POST', '/api/v1/time-tracking/stop', { description: 'latency round' }],
    ];
    const samples = Object.fromEntries(actions.map(([name]) => [name, []]));
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      for (const [name, method, url, payload] of actions) {
        const began = process.hrtime.bigint();
        const response = await request(method, url, token, payload);
        const ms = Number(process.hrtime.bigint() - began) / 1e6;
        if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(response.json)}`);
        if (round >= WARMUP) samples[name].push(ms);
      }
    }

    console.log(`Timer-action latency, ${ROUNDS} sequential rounds after ${WARMUP} warm-up (${HTTP ? 'HTTP over loopback' : 'in-process fastify.inject'}), ms:`);
    console.log('action   p50     p95     p99     max');
    for (const [name] of actions) {
      const sorted = [...samples[name]].sort((a, b) => a - b);
      const row = [50, 95, 99].map((p) => percentile(sorted, p).toFixed(2).padStart(7)).join(' ');
      console.log(`${name.padEnd(8)}${row} ${sorted[sorted.length - 1].toFixed(2).padStart(7)}`);
    }
  } finally {
    await app?.close().catch(() => undefined);
    await dropDatabase(server.adminUrl, database.name).catch(() => undefined);
    await server.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
