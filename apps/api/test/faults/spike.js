#!/usr/bin/env node
// Fault: a spike from 0 to 2,000 concurrent clients within a second on the status and list
// routes, each client sending its next request as soon as the last is answered. Expect no
// crash, no 5xx but 503 (load shed as the envelope: a request that waited 5 s for a database
// connection; its share is reported), no request dropped or left waiting 30 s, latency back
// to normal once the spike's backlog is worked off, and heap back near its baseline.
//
//   cd apps/api && node test/faults/spike.js [--clients 2000] [--spike-seconds 10]
//
// Needs the build (pnpm build). Own PostgreSQL and Redis, as in production.
'use strict';
const autocannon = require('autocannon');
const h = require('./lib/harness');

const CLIENTS = Number(h.arg('--clients', 2000));
const SPIKE_SECONDS = Number(h.arg('--spike-seconds', 10));
const USERS = 10;
/** A client waiting longer than this counts as dropped. */
const CLIENT_TIMEOUT_S = 30;
/** Latency has recovered when a normal load's p99 is within this of the baseline's. */
const recovered = (p99, baseP99) => p99 <= Math.max(2 * baseP99, baseP99 + 25);
/** From the spike's end: the server first works off the requests the 2,000 clients left queued. */
const RECOVERY_BOUND_MS = 30_000;
/** Heap used after the spike must settle within this of the baseline. */
const HEAP_SLACK_MB = 15;
const HEAP_SETTLE_MS = 60_000;

function cannon(api, tokens, connections, durationS, onBody) {
  let next = 0;
  const check = (status, body) => onBody?.(status, body);
  // Each connection is one user's client: its token is picked once and sent on every request.
  const signed = (request, context) => {
    context.token ??= tokens[next++ % tokens.length];
    return { ...request, headers: { ...request.headers, accept: 'application/json', authorization: `Bearer ${context.token}` } };
  };
  return autocannon({
    url: api.base,
    connections,
    duration: durationS,
    timeout: CLIENT_TIMEOUT_S,
    requests: [
      { method: 'GET', path: '/api/v1/time-tracking/status', setupRequest: signed, onResponse: check },
      { method: 'GET', path: '/api/v1/time-entries?per_page=20', setupRequest: signed, onResponse: check },
    ],
  });
}

h.runFault('spike', async (report) => {
  const pg = await h.PrivatePostgres.start('spike');
  const redis = await h.PrivateRedis.start();
  const api = await h.ApiProcess.start({ name: 'spike', databaseUrl: pg.url, redisUrl: redis.url });
  const pid = api.pid;
  report.log(`API pid ${pid} on ${api.base}, log ${api.logFile}`);
  const { users } = await h.registerUsers(api, USERS, 'spike', 3);
  const tokens = users.map((u) => u.token);
  for (const [i, user] of users.entries()) {
    for (let d = 1; d <= 25; d++) {
      const end = new Date(Date.now() - d * 3 * 3_600_000);
      await h.call(api, 'POST', '/api/v1/time-entries', { token: user.token, body: { description: `seed ${i}/${d}`, start_time: new Date(end.getTime() - 3_600_000).toISOString(), end_time: end.toISOString() } });
    }
    await h.call(api, 'POST', '/api/v1/time-tracking/start', { token: user.token, body: { description: `running ${i}` } });
  }

  // Warm-up (JIT, pool, caches), then the baseline.
  await cannon(api, tokens, 10, 5);
  const base = await cannon(api, tokens, 10, 5);
  const baseMemory = [];
  for (let i = 0; i < 3; i++) {
    baseMemory.push(await h.memory(api));
    await h.sleep(1_000);
  }
  const baseHeap = Math.min(...baseMemory.map((m) => m.heapUsedMb));
  const baseRss = Math.min(...baseMemory.map((m) => m.rssMb));
  report.expect(base.non2xx === 0 && base.requests.total > 0, 'the baseline load succeeds', `${base.requests.total} requests, ${base.non2xx} not 2xx`);
  report.log(`baseline: p99 ${base.latency.p99} ms at ${Math.round(base.requests.average)} req/s; heap ${baseHeap.toFixed(1)} MB, rss ${baseRss.toFixed(1)} MB`);

  // The spike: every connection opens at once.
  let badEnvelopes = 0;
  const statuses = {};
  let peakHeap = baseHeap;
  let peakRss = baseRss;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await h.memory(api).catch(() => null);
      if (m) {
        peakHeap = Math.max(peakHeap, m.heapUsedMb);
        peakRss = Math.max(peakRss, m.rssMb);
      }
      await h.sleep(1_000);
    }
  })();
  report.log(`spike: ${CLIENTS} clients for ${SPIKE_SECONDS} s`);
  const spike = await cannon(api, tokens, CLIENTS, SPIKE_SECONDS, (status, body) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 300) {
      try {
        if (!h.isEnvelope(JSON.parse(body))) badEnvelopes += 1;
      } catch {
        badEnvelopes += 1;
      }
    }
  });
  sampling = false;
  await sampler;
  const spikeEnd = h.now();
  report.log(`spike done: p99 ${spike.latency.p99} ms, max ${spike.latency.max} ms, ${spike.requests.total} requests, ${spike.errors} errors, ${spike.timeouts} timeouts`);

  // Recovery: short normal loads until p99 is back near the baseline.
  let recoveryMs = null;
  let afterP99 = null;
  while (h.now() - spikeEnd < RECOVERY_BOUND_MS + 5_000) {
    const probe = await cannon(api, tokens, 10, 2);
    afterP99 = probe.latency.p99;
    // A probe that got no answer at all (the spike's backlog still queued) has not recovered.
    if (probe.requests.total >= 10 && probe.non2xx === 0 && recovered(probe.latency.p99, base.latency.p99)) {
      recoveryMs = h.now() - spikeEnd;
      break;
    }
  }

  // Memory: idle, sampled until the heap settles near the baseline (V8 collects lazily).
  let settledHeap = null;
  let settledRss = null;
  let settleMs = null;
  const settleStart = h.now();
  while (h.now() - settleStart < HEAP_SETTLE_MS) {
    const m = await h.memory(api);
    settledHeap = m.heapUsedMb;
    settledRss = m.rssMb;
    if (m.heapUsedMb <= baseHeap + HEAP_SLACK_MB) {
      settleMs = h.now() - settleStart;
      break;
    }
    await h.sleep(2_000);
  }
  const healthAfter = await h.request(api, 'GET', '/api/v1/health', { timeoutMs: 5_000 });

  const count5xx = Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((a, [, n]) => a + n, 0);
  const figures = {
    clients: CLIENTS,
    spike_seconds: SPIKE_SECONDS,
    baseline: { p50_ms: base.latency.p50, p99_ms: base.latency.p99, req_per_s: Math.round(base.requests.average) },
    spike: {
      requests: spike.requests.total,
      req_per_s: Math.round(spike.requests.average),
      p50_ms: spike.latency.p50,
      p99_ms: spike.latency.p99,
      max_ms: spike.latency.max,
      statuses,
      errors: spike.errors,
      timeouts: spike.timeouts,
      non_envelope_errors: badEnvelopes,
    },
    after: { p99_ms: afterP99, recovered_after_ms: recoveryMs === null ? null : Math.round(recoveryMs) },
    memory_mb: {
      heap_baseline: h.round(baseHeap),
      heap_peak: h.round(peakHeap),
      heap_after: h.round(settledHeap),
      heap_settled_after_ms: settleMs === null ? null : Math.round(settleMs),
      rss_baseline: h.round(baseRss),
      rss_peak: h.round(peakRss),
      rss_after: h.round(settledRss),
    },
  };
  for (const [name, value] of Object.entries(figures)) report.figure(name, value);

  report.expect(api.alive && api.pid === pid && healthAfter.status === 200, 'no crash: same process, healthy after the spike', `pid ${pid}, health ${healthAfter.status}`);
  // Shedding load is allowed (the pool answers 503 after waiting 5 s for a connection), as the envelope only.
  const shed = (statuses[503] ?? 0) + (statuses[429] ?? 0);
  report.figure('shed_share', h.round(shed / Math.max(1, spike.requests.total), 3));
  report.expect(count5xx === (statuses[503] ?? 0), 'no 5xx other than 503 (load shed as the envelope)', JSON.stringify(statuses));
  report.expect(badEnvelopes === 0, 'every non-2xx answer is the error envelope', `${badEnvelopes}`);
  report.expect(spike.errors === 0 && spike.timeouts === 0, `no client dropped or left waiting over ${CLIENT_TIMEOUT_S} s`, `${spike.errors} errors, ${spike.timeouts} timeouts`);
  report.expect(recoveryMs !== null && recoveryMs <= RECOVERY_BOUND_MS, `latency back to normal within ${RECOVERY_BOUND_MS / 1000} s`, `p99 ${afterP99} ms vs ${base.latency.p99} ms baseline, after ${recoveryMs === null ? 'never' : `${Math.round(recoveryMs)} ms`}`);
  report.expect(settleMs !== null, `heap back within ${HEAP_SLACK_MB} MB of the baseline within ${HEAP_SETTLE_MS / 1000} s`, `${h.round(baseHeap)} → peak ${h.round(peakHeap)} → ${h.round(settledHeap)} MB; rss ${h.round(baseRss)} → ${h.round(peakRss)} → ${h.round(settledRss)} MB`);
});
