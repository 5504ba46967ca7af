#!/usr/bin/env node
// Fault: a spike from 0 to 2,000 concurrent clients within a second on the status and list
// routes, each client sending its next request as soon as the last is answered (none of
// them honours Retry-After, so this is the worst case). Admission control (common/admission)
// lets 2 × the pool's requests work at once and a bounded queue wait up to QUEUE_TIMEOUT_MS;
// the rest are shed at once. Expect: no crash; every answer a 2xx or the 503 envelope with
// Retry-After (no other status, no client dropped or left waiting); the admitted requests
// fast (p99 of the 2xx within 2.5 s; each client's first request is reported apart: it also
// waits for its connection to be accepted in the storm, see below); the server's useful
// throughput during the spike at least 40% of its normal one (measured 52–76%: the rest
// goes to answering the clients that retry at once); latency back to normal within 10 s of
// the spike's end; heap back near its baseline.
//
// Not in faults:ci yet: on a machine shared with other busy processes (load average 6–9 on
// 2 cores) a run now and then misses one bound (recovery, goodput).
//
//   cd apps/api && node test/faults/spike.js [--clients 2000] [--spike-seconds 10]
//
// Needs the build (pnpm build). Own PostgreSQL and Redis, as in production.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
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
/*
 * A client's first request is timed from before its connection exists, and in a storm of
 * 2,000 connections Node accepts them only as its event loop gets round to the listening
 * socket: ~1,000 stay in the kernel's accept queue for seconds (a bare node:http server on
 * this machine does the same), where no admission control can see them. So the first
 * answers are reported apart (and a client still without one when the spike ends), and the
 * latency checks are on every later request.
 */
/** A shed request is answered at once, or after at most QUEUE_TIMEOUT_MS in the queue; plus the same delays of a busy machine. */
const SHED_P99_BOUND_MS = 2_500;
/** Useful work during the spike: 2xx per second at least this share of the baseline's rate. */
const GOODPUT_MIN_SHARE = 0.4;
/** Heap used after the spike must settle within this of the baseline. */
const HEAP_SLACK_MB = 15;
const HEAP_SETTLE_MS = 60_000;

function cannon(api, tokens, connections, durationS, onBody, onLatency) {
  let next = 0;
  const check = (status, body, _context, headers) => onBody?.(status, body, headers);
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
  // reqsMade is 1 while a connection's first answer is handled (pipelining 1).
  if (onLatency) instance.on('response', (client, status, _bytes, ms) => onLatency(status, ms, client.reqsMade === 1));
  return instance;
}

/** 2xx answers of the API routes whose server-side duration exceeded `seconds` (a histogram bucket bound), from /metrics. */
async function serverSlow2xx(api, seconds) {
  const text = await (await fetch(`${api.base}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  let total = 0;
  let within = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('stint_http_request_duration_seconds_bucket{') || !/status="2\d\d"/.test(line) || !line.includes('/api/v1/time-')) continue;
    const value = Number(line.split(' ').pop());
    if (line.includes('le="+Inf"')) total += value;
    else if (line.includes(`le="${seconds}"`)) within += value;
  }
  return total - within;
}

h.runFault('spike', async (report) => {
  const pg = await h.PrivatePostgres.start('spike');
  const redis = await h.PrivateRedis.start();
  // Admission limits as the caller's environment gives them (to try other settings), else the defaults.
  const limits = Object.fromEntries(['MAX_IN_FLIGHT_REQUESTS', 'MAX_QUEUED_REQUESTS', 'QUEUE_TIMEOUT_MS'].filter((v) => process.env[v]).map((v) => [v, process.env[v]]));
  const api = await h.ApiProcess.start({ name: 'spike', ...pg.apiDatabase, redisUrl: redis.url, env: limits });
  const pid = api.pid;
  report.log(`API pid ${pid} on ${api.base}, log ${api.logFile}; admission limits ${JSON.stringify(limits)} (else defaults)`);
  report.figure('admission_env', limits);
  const { users } = await h.registerUsers(api, USERS, 'spike', 3);
  const tokens = users.map((u) => u.token);
  for (const [i, user] of users.entries()) {
    for (let d = 1; d <= 25; d++) {
      const end = new Date(Date.now() - d * 3 * 3_600_000);
      await h.call(api, 'POST', '/api/v1/time-entries', {
        token: user.token,
        body: { description: `seed ${i}/${d}`, start_time: new Date(end.getTime() - 3_600_000).toISOString(), end_time: end.toISOString() },
      });
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
  /** @type {{ ok: number[], shed: number[], first: number[] }} */
  const latency = { ok: [], shed: [], first: [] };
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
  const slowOk = [];
  const spikeStart = h.now();
  // This process plays 2,000 clients on the same cores as the API: its own event-loop lag
  // inflates the latencies it measures, so it is reported beside them.
  const clientLag = monitorEventLoopDelay({ resolution: 20 });
  clientLag.enable();
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
    (status, ms, first) => {
      const ok = status >= 200 && status < 300;
      if (first) latency.first.push(ms);
      else (ok ? latency.ok : latency.shed).push(ms);
      // When the slow successes came (s into the spike), to tell a stall from a steady tail.
      if (ok && !first && ms > SUCCESS_P99_BOUND_MS) slowOk.push(h.round((h.now() - spikeStart) / 1000));
    },
  );
  sampling = false;
  await sampler;
  const spikeEnd = h.now();
  clientLag.disable();
  // The server's own view: 2xx that took over the bound from its onRequest to the answer.
  const serverSlowOk = await serverSlow2xx(api, SUCCESS_P99_BOUND_MS / 1000);
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

  // Memory: sampled until the heap settles near the baseline, under the baseline's own light
  // load. V8 collects lazily: an idle process can keep the spike's garbage uncollected for
  // over a minute (seen: 285 MB after 60 s idle in one run; 52–119 MB in runs where a major
  // collection had come), which is not memory held; the allocations of normal traffic bring the collection on, as in the baseline.
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
    await cannon(api, tokens, 10, 2);
  }
  const healthAfter = await h.request(api, 'GET', '/api/v1/health', { timeoutMs: 5_000 });

  const count2xx = Object.entries(statuses)
    .filter(([s]) => Number(s) >= 200 && Number(s) < 300)
    .reduce((a, [, n]) => a + n, 0);
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
      first_answer_p50_ms: p(latency.first, 50),
      first_answer_p99_ms: p(latency.first, 99),
      first_answer_max_ms: p(latency.first, 100),
      clients_without_answer: CLIENTS - latency.first.length,
      shed_p50_ms: p(latency.shed, 50),
      shed_p99_ms: p(latency.shed, 99),
      p99_ms: spike.latency.p99,
      max_ms: spike.latency.max,
      statuses,
      errors: spike.errors,
      timeouts: spike.timeouts,
      non_envelope_errors: badEnvelopes,
      shed_without_retry_after: missingRetryAfter,
      load_generator_lag_ms: { p99: h.round(clientLag.percentile(99) / 1e6), max: h.round(clientLag.max / 1e6) },
      ok_over_bound: { client_side: slowOk.length, server_side: serverSlowOk, at_s: slowOk.slice(0, 20) },
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
  report.expect(
    badEnvelopes === 0 && missingRetryAfter === 0,
    'every 503 is the SERVICE_UNAVAILABLE envelope with Retry-After',
    `${badEnvelopes} not the envelope, ${missingRetryAfter} without Retry-After`,
  );
  report.expect(spike.errors === 0 && spike.timeouts === 0, `no client dropped or left waiting over ${CLIENT_TIMEOUT_S} s`, `${spike.errors} errors, ${spike.timeouts} timeouts`);
  report.expect(
    latency.ok.length > 0 && (h.percentile(latency.ok, 99) ?? Infinity) <= SUCCESS_P99_BOUND_MS && serverSlowOk <= 0.01 * count2xx,
    `admitted requests stay fast: p99 of the 2xx within ${SUCCESS_P99_BOUND_MS} ms (clients' first requests apart), as the server measures them too`,
    `p50 ${figures.spike.ok_p50_ms} ms, p99 ${figures.spike.ok_p99_ms} ms, max ${figures.spike.ok_max_ms} ms; ${serverSlowOk} of ${count2xx} 2xx over it server-side`,
  );
  report.expect(
    latency.shed.length === 0 || (h.percentile(latency.shed, 99) ?? Infinity) <= SHED_P99_BOUND_MS,
    `shed requests are answered fast: p99 of the 503s within ${SHED_P99_BOUND_MS} ms (first requests apart)`,
    `p50 ${figures.spike.shed_p50_ms} ms, p99 ${figures.spike.shed_p99_ms} ms`,
  );
  report.expect(
    goodput >= GOODPUT_MIN_SHARE * base.requests.average,
    `useful throughput during the spike at least ${GOODPUT_MIN_SHARE * 100}% of the baseline's`,
    `${Math.round(goodput)} 2xx/s vs ${Math.round(base.requests.average)} req/s baseline (${h.round((100 * count2xx) / Math.max(1, spike.requests.total))}% of the spike's answers were 2xx)`,
  );
  report.expect(
    recoveryMs !== null && recoveryMs <= RECOVERY_BOUND_MS,
    `latency back to normal within ${RECOVERY_BOUND_MS / 1000} s`,
    `p99 ${afterP99} ms vs ${base.latency.p99} ms baseline, after ${recoveryMs === null ? 'never' : `${Math.round(recoveryMs)} ms`}`,
  );
  report.expect(
    settleMs !== null,
    `heap back within ${HEAP_SLACK_MB} MB of the baseline within ${HEAP_SETTLE_MS / 1000} s of normal load`,
    `${h.round(baseHeap)} → peak ${h.round(peakHeap)} → ${h.round(settledHeap)} MB; rss ${h.round(baseRss)} → ${h.round(peakRss)} → ${h.round(settledRss)} MB`,
  );
});
