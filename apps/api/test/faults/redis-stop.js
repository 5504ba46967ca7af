#!/usr/bin/env node
// Fault: Redis dies (kill -9) under load, comes back, then freezes (SIGSTOP) for a while.
// Expect 0 server errors and 0 hangs throughout; the rate limiter and the analytics cache
// leave Redis for memory within a second (the in-memory limiter keeps counting: proven by a
// 429 while Redis is down; the memory cache serves hits: proven by
// stint_cache_fallback_requests_total) and return to it once it is back (proven by their log
// lines and the keys they write into the restarted, empty Redis).
//
//   cd apps/api && node test/faults/redis-stop.js [--down-seconds 6] [--freeze-seconds 3] [--workers 12]
//
// Needs the build (pnpm build). Kills and restarts only its own redis-server (/usr/bin/redis-server).
'use strict';
const h = require('./lib/harness');

const DOWN_SECONDS = Number(h.arg('--down-seconds', 6));
const FREEZE_SECONDS = Number(h.arg('--freeze-seconds', 3));
const WORKERS = Number(h.arg('--workers', 6));
const USERS = 6;
/** Sign-in attempts per minute per IP in this run: low, so the limiter's counting can be seen. */
const AUTH_LIMIT = 12;
/** A hang: no request may take longer than this, Redis dead, frozen or fine (a Redis command is cut off after 250 ms). */
const BOUND_MS = 5_000;
const FALLBACK_BOUND_MS = 1_000;

/** Sum of a labelled counter in /metrics, e.g. stint_cache_requests_total{result="hit"}. */
async function counter(api, name, label) {
  const text = await (await fetch(`${api.base}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) && line.includes(label)) sum += Number(line.split(' ').pop());
  return sum;
}

h.runFault('redis-stop', async (report) => {
  const pg = await h.PrivatePostgres.start('redis');
  const redis = await h.PrivateRedis.start();
  const api = await h.ApiProcess.start({ name: 'redis', ...pg.apiDatabase, redisUrl: redis.url, env: { LOG_LEVEL: 'info', RATE_LIMIT_AUTH: `${AUTH_LIMIT}/minute` } });
  const pid = api.pid;
  report.log(`API pid ${pid} on ${api.base}, private Redis ${redis.url}, log ${api.logFile}`);
  const { users } = await h.registerUsers(api, USERS, 'redis', 3);
  const day = 86_400_000;
  for (const [i, user] of users.entries()) {
    for (let d = 1; d <= 5; d++) {
      const end = new Date(Date.now() - d * day);
      await h.call(api, 'POST', '/api/v1/time-entries', {
        token: user.token,
        body: { description: `seed ${i}/${d}`, start_time: new Date(end.getTime() - 3_600_000).toISOString(), end_time: end.toISOString() },
      });
    }
  }
  const keysBefore = /** @type {string[]} */ (await redis.command('KEYS', 'stint:*'));

  const t0 = h.now();
  const at = () => h.now() - t0;
  const samples = [];
  let stopLoad = false;
  let seq = 0;
  const worker = async (w) => {
    while (!stopLoad) {
      const user = users[(w + seq) % USERS];
      const n = seq++;
      let r;
      const started = at();
      // Writes by half the users only, so the others' dashboards stay cached between invalidations.
      if (n % 4 === 0 && (w + seq) % USERS < USERS / 2) {
        const end = new Date(Date.now() - 2 * 3_600_000 - (n % 5000) * 1000);
        r = await h.request(api, 'POST', '/api/v1/time-entries', {
          token: user.token,
          timeoutMs: 10_000,
          body: { description: `redis-fault ${n}`, start_time: new Date(end.getTime() - 60_000).toISOString(), end_time: end.toISOString() },
        });
      } else if (n % 4 === 1) {
        r = await h.request(api, 'GET', '/api/v1/time-tracking/status', { token: user.token, timeoutMs: 10_000 });
      } else {
        r = await h.request(api, 'GET', '/api/v1/analytics/dashboard', { token: user.token, timeoutMs: 10_000 });
      }
      samples.push({ t: started, status: r.status, ms: r.ms, code: r.json?.error?.code ?? r.error });
      await h.sleep(10);
    }
  };
  const health = [];
  const healthPoller = (async () => {
    while (!stopLoad) {
      const started = at();
      const r = await h.request(api, 'GET', '/api/v1/health', { timeoutMs: 10_000 });
      health.push({ t: started, status: r.status, cache: r.json?.cache, ms: r.ms });
      await h.sleep(100);
    }
  })();
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

  await h.sleep(4_000);
  const cacheCounters = async () => ({
    hit: await counter(api, 'stint_cache_requests_total', 'result="hit"'),
    error: await counter(api, 'stint_cache_requests_total', 'result="error"'),
    fallbackHit: await counter(api, 'stint_cache_fallback_requests_total', 'result="hit"'),
  });
  const cacheBefore = await cacheCounters();

  // 1. kill -9.
  const killAt = at();
  await redis.kill();
  report.log(`redis-server killed; down for ${DOWN_SECONDS} s`);
  // The in-memory limiter must count: past AUTH_LIMIT sign-ins in a window → 429.
  await h.sleep(500);
  /** @type {number[]} */
  const logins = [];
  let loginsEnveloped = false;
  for (let i = 0; i < AUTH_LIMIT + 2; i++) {
    const r = await h.request(api, 'POST', '/api/v1/auth/login', { body: { email: `nobody-${i}@faults.example.com`, password: 'wrong-password-123' }, timeoutMs: 10_000 });
    logins.push(r.status);
    if (r.status === 429) {
      loginsEnveloped = h.isEnvelope(r.json, 'RATE_LIMIT_EXCEEDED');
      break;
    }
  }
  // The dashboards of the load keep being read: give the memory cache time to serve some.
  if (DOWN_SECONDS * 1000 - (at() - killAt) > 2_000) await h.sleep(1_500);
  const cacheDuring = await cacheCounters();
  const remaining = DOWN_SECONDS * 1000 - (at() - killAt);
  if (remaining > 0) await h.sleep(remaining);
  const restartAt = at();
  await redis.start();
  const upAt = at();
  report.log('redis-server restarted (empty)');
  await h.sleep(5_000);
  // One sign-in attempt after the return: its counter must land in Redis.
  const loginAfter = await h.request(api, 'POST', '/api/v1/auth/login', { body: { email: 'after@faults.example.com', password: 'wrong-password-123' }, timeoutMs: 10_000 });
  await h.sleep(1_000);
  const keysAfter = /** @type {unknown[]} */ (await redis.command('KEYS', 'stint:*')).map(String);
  const cacheAfterReturn = await cacheCounters();

  // 2. Frozen: the socket stays open but nothing answers.
  const freezeAt = at();
  redis.pause();
  report.log(`redis-server frozen (SIGSTOP) for ${FREEZE_SECONDS} s`);
  await h.sleep(FREEZE_SECONDS * 1000);
  redis.resume();
  const thawAt = at();
  await h.sleep(4_000);
  stopLoad = true;
  await load;
  await healthPoller;

  const lines = api.logLines();
  const startWall = Date.now() - at(); // wall-clock time of t0, to place log lines on our timeline
  const logAt = (pattern) => {
    const line = lines.find((l) => pattern.test(l.msg ?? '') && Date.parse(l.time) - startWall >= killAt);
    return line ? Date.parse(line.time) - startWall : null;
  };
  const limiterToMemory = logAt(/Rate-limit counters fall back to memory/);
  const limiterBack = logAt(/Rate-limit counters back in Redis/);
  const cacheToMemory = logAt(/Analytics cache falls back to memory/);
  const cacheBack = logAt(/Analytics cache back in Redis/);
  const healthDown = health.find((x) => x.t >= killAt && x.cache === 'down');
  const healthUp = health.find((x) => x.t >= upAt && x.cache === 'up');

  const serverErrors = samples.filter((s) => s.status >= 500);
  const failures = samples.filter((s) => s.status === 0);
  const non2xx = samples.filter((s) => s.status < 200 || s.status >= 300);
  const phase = (from, to) => samples.filter((s) => s.t >= from && s.t < to).map((s) => s.ms);
  const baseline = phase(0, killAt);
  const down = phase(killAt, restartAt);
  const downSettled = phase(killAt + FALLBACK_BOUND_MS, restartAt);
  const frozen = phase(freezeAt, thawAt);
  const afterAll = phase(thawAt + 1_000, Infinity);
  const rlKeys = keysAfter.filter((k) => k.startsWith('stint:rl:'));
  const cacheKeys = keysAfter.filter((k) => k.startsWith('stint:cache:') || k.startsWith('stint:analytics:'));
  /** p99 in ms; null for no samples (reported as such; compared as 0, which fails the bounds below). */
  const p99 = (/** @type {number[]} */ xs) => h.round(h.percentile(xs, 99));
  const figures = {
    requests: samples.length,
    server_errors_5xx: serverErrors.length,
    timeouts_or_network_errors: failures.length,
    non_2xx: non2xx.length,
    max_latency_ms: Math.round(Math.max(...samples.map((s) => s.ms))),
    p99_ms: { baseline: p99(baseline), redis_down: p99(down), redis_down_after_1s: p99(downSettled), frozen: p99(frozen), after: p99(afterAll) },
    max_ms: { redis_down: Math.round(Math.max(...down)), frozen: Math.round(Math.max(...frozen)) },
    limiter_to_memory_after_kill_ms: limiterToMemory === null ? null : Math.round(limiterToMemory - killAt),
    health_cache_down_after_kill_ms: healthDown ? Math.round(healthDown.t - killAt) : null,
    memory_limiter_logins_before_429: logins.filter((s) => s === 401).length,
    memory_limiter_429_enveloped: loginsEnveloped,
    limiter_back_in_redis_after_restart_ms: limiterBack === null ? null : Math.round(limiterBack - upAt),
    cache_to_memory_after_kill_ms: cacheToMemory === null ? null : Math.round(cacheToMemory - killAt),
    cache_back_in_redis_after_restart_ms: cacheBack === null ? null : Math.round(cacheBack - upAt),
    health_cache_up_after_restart_ms: healthUp ? Math.round(healthUp.t - upAt) : null,
    redis_keys_before_kill: keysBefore.length,
    redis_keys_after_restart: { rate_limit: rlKeys.length, cache: cacheKeys.length },
    cache_lookups: {
      hits_before_kill: cacheBefore.hit,
      errors_while_down: cacheDuring.error - cacheBefore.error,
      hits_while_down: cacheDuring.hit - cacheBefore.hit,
      memory_fallback_hits_while_down: cacheDuring.fallbackHit - cacheBefore.fallbackHit,
      hits_after_return: cacheAfterReturn.hit - cacheDuring.hit,
      memory_fallback_hits_after_return: cacheAfterReturn.fallbackHit - cacheDuring.fallbackHit,
    },
  };
  for (const [name, value] of Object.entries(figures)) report.figure(name, value);

  report.expect(api.alive && api.pid === pid, 'the API process survived', `pid ${pid}`);
  report.expect(serverErrors.length === 0, '0 server errors (5xx)', `${serverErrors.length} of ${samples.length}`);
  report.expect(failures.length === 0, '0 hangs or dropped connections', `${failures.length}`);
  report.expect(
    non2xx.length === 0,
    'every request of the load succeeded',
    `${non2xx.length} not 2xx: ${JSON.stringify([...new Set(non2xx.map((s) => `${s.status} ${s.code}`))])}`,
  );
  report.expect(
    Math.max(...samples.map((s) => s.ms)) <= BOUND_MS,
    `latency bounded: every request within ${BOUND_MS} ms, Redis dead or frozen`,
    `max ${figures.max_latency_ms} ms`,
  );
  report.expect(
    limiterToMemory !== null && limiterToMemory - killAt <= FALLBACK_BOUND_MS,
    `rate limiter on memory within ${FALLBACK_BOUND_MS} ms of the kill`,
    `${figures.limiter_to_memory_after_kill_ms} ms`,
  );
  report.expect(
    cacheToMemory !== null && cacheToMemory - killAt <= FALLBACK_BOUND_MS,
    `analytics cache on memory within ${FALLBACK_BOUND_MS} ms of the kill`,
    `${figures.cache_to_memory_after_kill_ms} ms`,
  );
  report.expect(
    cacheDuring.fallbackHit - cacheBefore.fallbackHit > 0,
    'the memory cache serves hits while Redis is down',
    `${figures.cache_lookups.memory_fallback_hits_while_down} memory hits, ${figures.cache_lookups.errors_while_down} lookups that met the failure`,
  );
  report.expect(
    healthDown && healthDown.t - killAt <= FALLBACK_BOUND_MS,
    `health reports the cache down within ${FALLBACK_BOUND_MS} ms (degraded, still 200)`,
    `${figures.health_cache_down_after_kill_ms} ms`,
  );
  report.expect(
    health.every((x) => x.status === 200),
    'health stays 200 (degraded) while Redis is away',
    `${health.filter((x) => x.status !== 200).length} non-200`,
  );
  report.expect(
    logins.at(-1) === 429 && loginsEnveloped && logins.filter((s) => s === 401).length === AUTH_LIMIT,
    `the in-memory limiter keeps counting while Redis is down (429 after ${AUTH_LIMIT} sign-ins)`,
    JSON.stringify(logins),
  );
  report.expect(
    healthUp && limiterBack !== null && cacheBack !== null,
    'back on Redis after the restart (health cache up, limiter and cache back)',
    `health up after ${figures.health_cache_up_after_restart_ms} ms, limiter after ${figures.limiter_back_in_redis_after_restart_ms} ms, cache after ${figures.cache_back_in_redis_after_restart_ms} ms`,
  );
  report.expect(
    loginAfter.status === 401 && rlKeys.some((k) => k.includes(':auth:')) && rlKeys.some((k) => k.includes(':read:')) && cacheKeys.length > 0,
    'the restarted (empty) Redis holds new rate-limit and cache keys',
    `${rlKeys.length} rate-limit keys, ${cacheKeys.length} cache keys`,
  );
  // Relative to the baseline: the machine may be busy, but Redis being gone must add no waiting once the fallback is on.
  report.expect(
    downSettled.length > 0 && (p99(downSettled) ?? 0) <= Math.max(3 * (p99(baseline) ?? 0), (p99(baseline) ?? 0) + 300),
    'latency while Redis is down (after the first second) stays near normal',
    `p99 ${p99(downSettled)} ms vs ${p99(baseline)} ms before`,
  );
  report.expect(
    frozen.length > 0 && (p99(frozen) ?? 0) <= Math.max(3 * (p99(baseline) ?? 0), (p99(baseline) ?? 0) + 1_000),
    'latency while Redis is frozen stays bounded (each Redis call cut off at 250 ms)',
    `p99 ${p99(frozen)} ms vs ${p99(baseline)} ms before`,
  );
});
