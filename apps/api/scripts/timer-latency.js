#!/usr/bin/env node
// Measures timer-action latencies on this machine: start / pause / resume / stop / status,
// each over N sequential requests, against a scratch database (DATABASE_URL's server, else an
// embedded PostgreSQL). Prints p50/p95/p99/max per action in milliseconds.
// Usage (after `pnpm build`): node scripts/timer-latency.js [--rounds 300] [--http]
//   default: in-process requests through fastify.inject (the app's own cost, no sockets)
//   --http:  real HTTP over loopback with fetch (adds the network stack)
const { arg, latencyRow, withBenchApp, run } = require('./lib/bench-app');

const ROUNDS = Number(arg('--rounds', '300'));
const HTTP = process.argv.includes('--http');
const WARMUP = 20;

run(() =>
  withBenchApp('latency', { http: HTTP }, async ({ request }) => {
    const registered = await request('POST', '/api/v1/auth/register', null, { email: 'latency@example.com', password: 'Latency-Pass-1', full_name: 'Latency Probe' });
    const token = registered.json.token;
    /** @type {Array<[name: string, method: string, url: string, payload: object | undefined]>} */
    const actions = [
      ['start', 'POST', '/api/v1/time-tracking/start', {}],
      ['status', 'GET', '/api/v1/time-tracking/status', undefined],
      ['pause', 'POST', '/api/v1/time-tracking/pause', {}],
      ['resume', 'POST', '/api/v1/time-tracking/resume', {}],
      ['stop', 'POST', '/api/v1/time-tracking/stop', { description: 'latency round' }],
    ];
    /** @type {Record<string, number[]>} */
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
      console.log(`${name.padEnd(8)}${latencyRow(samples[name])}`);
    }
  }),
);
