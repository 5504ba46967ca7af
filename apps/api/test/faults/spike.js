#!/usr/bin/env node
// Fault: a spike from 0 to 2,000 concurrent clients within a second on the status and list
// routes, each client sending its next request as soon as the last is answered (none of
// them honours Retry-After, so this is the worst case). Admission control (common/admission)
// lets 2 × the pool's requests work at once and a bounded queue wait up to QUEUE_TIMEOUT_MS;
// the rest are shed at once. Expect: no crash; every answer a 2xx or the 503 envelope with
// Retry-After (no other status, no client dropped or left waiting); the admitted requests
// fast (p99 of the 2xx bounded) and the server's useful throughput during the spike near its
// normal one (shedding costs little); latency back to normal within 10 s of the spike's end;
// heap back near its baseline.
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
/** From the spike's end: the backlog is bounded by admission control, so there is little to work off. */
const RECOVERY_BOUND_MS = 10_000;
/**
 * An admitted request waits at most QUEUE_TIMEOUT_MS (1 s by default) for its turn, then runs
 * with at most 2 × pool others; the load generator shares the 2 cores with the API, so its own
 * event-loop lag is in the figure too.
 */
const SUCCESS_P99_BOUND_MS = 2_500;
/** A shed request is answered at once, or after at most QUEUE_TIMEOUT_MS in the queue. */
const SHED_P99_BOUND_MS = 2_000;
/** Useful work during the spike: 2xx per second at least this share of the baseline's rate. */
const GOODPUT_MIN_SHARE = 0.5;
/** Heap used after the spike must settle within this of the baseline. */
const HEAP_SLACK_MB = 15;
const HEAP_SETTLE_MS = 60_000;

function cannon(api, tokens, connections, durationS, onBody, onLatency) {
  let next = 0;
  const check = (status, body, context, headers) => onBody?.(status, body, headers);
  // Each connection is one user's client: its token is picked once and sent on every request.
  const signed = (request, context) => {
    context.token ??= tokens[next++ % tokens.length];
    return { ...request, headers: { ...request.headers, accept: 'application/json', authorization: `Bearer ${context.token}` } };
  };
  const instance = autocannon({
    url: api.base,
    connections,
    duration: durationS,
    timeout: CLIENT_TIMEOUT_S,
    requests: [
      { method: 'GET', path: '/api/v1/time-tracking/status', setupRequest: signed, onResponse: check },
      { method: 'GET', path: '/api/v1/time-entries?per_page=20', setupRequest: signed, onResponse: check },
    ],
  });
  if (onLatency) instance.on('response', (client, status, bytes, ms) => onLatency(status, ms));
  return instance;
}

h.runFault('spike', async (report) => {
  const pg = await h.PrivatePostgres.start('spike');
  const redis = await h.PrivateRedis.start();
  // Admission limits as the caller's environment gives them (to try other settings), else the defaults.
  const limits = Object.fromEntries(['MAX_IN_FLIGHT_REQUESTS', 'MAX_QUEUED_REQUESTS', 'QUEUE_TIMEOUT_MS'].filter((v) => process.env[v]).map((v) => [v, process.env[v]]));
  const api = await h.ApiProcess.start({ name: 'spike', databaseUrl: pg.url, redisUrl: redis.url, env: limits });
  const pid = api.pid;
  report.log(`API pid ${pid} on ${api.base}, log ${api.logFile}; admission limits ${JSON.stringify(limits)} (else defaults)`);
  report.figure('admission_env', limits);
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
  let missingRetryAfter = 0;
  const statuses = {};
  const latency = { ok: [], shed: [] };
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
  const spike = await cannon(
    api,
    tokens,
    CLIENTS,
    SPIKE_SECONDS,
    (status, body, headers) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 300) {
        try {
          if (!h.isEnvelope(JSON.parse(body), status === 503 ? 'SERVICE_UNAVAILABLE' : undefined)) badEnvelopes += 1;
        } catch {
          badEnvelopes += 1;
        }
        if (status === 503 && !/^\d+$/.test(headers?.['retry-after'] ?? '')) missingRetryAfter += 1;
      }
    },
    (status, ms) => (status >= 200 && status < 300 ? latency.ok : latency.shed).push(ms),
  );
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

  const count2xx = Object.entries(statuses).filter(([s]) => Number(s) >= 200 && Number(s) < 300).reduce((a, [, n]) => a + n, 0);
  const shed = statuses[503] ?? 0;
  const other = spike.requests.total - count2xx - shed;
  const goodput = count2xx / SPIKE_SECONDS;
  const p = (xs, q) => h.round(h.percentile(xs, q));
  const figures = {
    clients: CLIENTS,
    spike_seconds: SPIKE_SECONDS,
    baseline: { p50_ms: base.latency.p50, p99_ms: base.latency.p99, req_per_s: Math.round(base.requests.average) },
    spike: {
      requests: spike.requests.total,
      req_per_s: Math.round(spike.requests.average),
      ok_per_s: Math.round(goodput),
      ok_share: h.round(count2xx / Math.max(1, spike.requests.total), 3),
      ok_p50_ms: p(latency.ok, 50),
      ok_p99_ms: p(latency.ok, 99),
      ok_max_ms: p(latency.ok, 100),
      shed_p50_ms: p(latency.shed, 50),
      shed_p99_ms: p(latency.shed, 99),
      p99_ms: spike.latency.p99,
      max_ms: spike.latency.max,
      statuses,
      errors: spike.errors,
      timeouts: spike.timeouts,
      non_envelope_errors: badEnvelopes,
      shed_without_retry_after: missingRetryAfter,
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
  report.figure('shed_share', h.round(shed / Math.max(1, spike.requests.total), 3));

  report.expect(api.alive && api.pid === pid && healthAfter.status === 200, 'no crash: same process, healthy after the spike', `pid ${pid}, health ${healthAfter.status}`);
  report.expect(count2xx > 0 && other === 0, 'every answer is a 2xx or a 503 (load shed)', JSON.stringify(statuses));
  report.expect(badEnvelopes === 0 && missingRetryAfter === 0, 'every 503 is the SERVICE_UNAVAILABLE envelope with Retry-After', `${badEnvelopes} not the envelope, ${missingRetryAfter} without Retry-After`);
  report.expect(spike.errors === 0 && spike.timeouts === 0, `no client dropped or left waiting over ${CLIENT_TIMEOUT_S} s`, `${spike.errors} errors, ${spike.timeouts} timeouts`);
  report.expect(latency.ok.length > 0 && h.percentile(latency.ok, 99) <= SUCCESS_P99_BOUND_MS, `admitted requests stay fast: p99 of the 2xx within ${SUCCESS_P99_BOUND_MS} ms`, `p50 ${figures.spike.ok_p50_ms} ms, p99 ${figures.spike.ok_p99_ms} ms, max ${figures.spike.ok_max_ms} ms`);
  report.expect(latency.shed.length === 0 || h.percentile(latency.shed, 99) <= SHED_P99_BOUND_MS, `shed requests are answered fast: p99 of the 503s within ${SHED_P99_BOUND_MS} ms`, `p50 ${figures.spike.shed_p50_ms} ms, p99 ${figures.spike.shed_p99_ms} ms`);
  report.expect(goodput >= GOODPUT_MIN_SHARE * base.requests.average, `useful throughput during the spike at least ${GOODPUT_MIN_SHARE * 100}% of the baseline's`, `${Math.round(goodput)} 2xx/s vs ${Math.round(base.requests.average)} req/s baseline (${h.round((100 * count2xx) / Math.max(1, spike.requests.total))}% of the spike's answers were 2xx)`);
  report.expect(recoveryMs !== null && recoveryMs <= RECOVERY_BOUND_MS, `latency back to normal within ${RECOVERY_BOUND_MS / 1000} s`, `p99 ${afterP99} ms vs ${base.latency.p99} ms baseline, after ${recoveryMs === null ? 'never' : `${Math.round(recoveryMs)} ms`}`);
  report.expect(settleMs !== null, `heap back within ${HEAP_SLACK_MB} MB of the baseline within ${HEAP_SETTLE_MS / 1000} s`, `${h.round(baseHeap)} → peak ${h.round(peakHeap)} → ${h.round(settledHeap)} MB; rss ${h.round(baseRss)} → ${h.round(peakRss)} → ${h.round(settledRss)} MB`);
});
