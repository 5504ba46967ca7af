#!/usr/bin/env node
// Two API processes over one PostgreSQL and one Redis, as a load balancer would run them:
// proves with real separate processes (the integration tests do it with two apps in one
// process) that what must be shared is shared, and measures what a second process adds.
//
// Starts the production build twice (`node dist/main.js`, NODE_ENV=production) on a scratch
// database stint_streams_scale_* and the Redis of --redis-url (its own logical database, 13
// by default, so its counters and cache never meet anyone else's; nothing is flushed), then
// asserts, exiting non-zero when one fails:
//   1. rate limits are shared: a user allowed N writes a minute, alternating between the
//      two processes, gets exactly N successes;
//   2. cache invalidation crosses processes: a dashboard cached on B (a cache hit in B's
//      /metrics) changes after a write through A;
//   3. live sync crosses processes: timer changes made through A reach a stream held on B
//      within 1 s of the action's response;
// and measures the throughput of a read mix (status, dashboard, projects, profile, entries)
// with autocannon against one process, then round-robin over both.
// Progress on stderr; the result as JSON on the last stdout line.
//
// Usage (after the API build):
//   node scripts/bench/scale-out.js [--database-url URL (a server to create the scratch database on)]
//        [--redis-url redis://127.0.0.1:6379/13] [--rate-limit 25] [--duration 10] [--connections 40]
const autocannon = require('autocannon');
const { arg, log, scratchDatabase, startApi, request, call, openStream, pool } = require('./lib/api-process');

const SERVER_URL = arg('--database-url', process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
const REDIS_URL = arg('--redis-url', 'redis://127.0.0.1:6379/13');
const WRITE_LIMIT = Number(arg('--rate-limit', '25'));
const DURATION_S = Number(arg('--duration', '10'));
const CONNECTIONS = Number(arg('--connections', '40'));
const USERS = 8;
const STREAM_ROUNDS = 3;
const DELIVERY_LIMIT_MS = 1000;

async function main() {
  const checks = {};
  let scratch = null;
  const apis = [];
  try {
    scratch = await scratchDatabase(SERVER_URL, 'stint_streams_scale');
    log(`scratch database ${scratch.name}, Redis ${REDIS_URL}`);
    const env = { REDIS_URL, RATE_LIMIT_WRITE: `${WRITE_LIMIT}/minute`, DATABASE_POOL_SIZE: '10' };
    // One after the other: the first applies the migrations.
    apis.push(await startApi({ databaseUrl: scratch.url, env, name: 'scale-a' }));
    apis.push(await startApi({ databaseUrl: scratch.url, env, name: 'scale-b' }));
    const [a, b] = apis;
    log(`A pid ${a.pid} ${a.base}; B pid ${b.pid} ${b.base}`);

    // Accounts, registered alternately through A and B (the first is the admin).
    const users = [];
    for (let i = 0; i < USERS; i += 1) {
      const via = apis[i % 2];
      const response = await call(
        'POST',
        `${via.base}/api/v1/auth/register`,
        { body: { email: `scale${i}@bench.stint.local`, password: 'Scale-Bench-Pass-1', full_name: `Scale ${i}` } },
        201,
      );
      users.push({ id: response.json.user.id, token: response.json.token });
    }
    log(`${users.length} users registered`);
    const today = new Date();
    const hoursAgo = (h) => new Date(today.getTime() - h * 3_600_000).toISOString();

    // 1. One write budget across both processes.
    {
      const limited = users[1];
      const outcomes = [];
      for (let i = 0; i < WRITE_LIMIT * 2; i += 1) {
        const via = apis[i % 2];
        const response = await request('POST', `${via.base}/api/v1/time-tracking/heartbeat`, { token: limited.token });
        outcomes.push({ via: i % 2 ? 'B' : 'A', status: response.status });
      }
      const ok = outcomes.filter((o) => o.status === 200);
      const limitedOut = outcomes.filter((o) => o.status === 429);
      checks.shared_rate_limit = {
        limit_per_minute: WRITE_LIMIT,
        attempts: outcomes.length,
        successes: ok.length,
        successes_via_a: ok.filter((o) => o.via === 'A').length,
        successes_via_b: ok.filter((o) => o.via === 'B').length,
        rejected_429: limitedOut.length,
        passed: ok.length === WRITE_LIMIT && limitedOut.length === WRITE_LIMIT && outcomes.every((o) => o.status === 200 || o.status === 429),
      };
      log(
        `rate limit: ${ok.length} of ${outcomes.length} succeeded (limit ${WRITE_LIMIT}; ${checks.shared_rate_limit.successes_via_a} via A, ${checks.shared_rate_limit.successes_via_b} via B)`,
      );
    }

    // 2. A dashboard cached on B is invalidated by a write through A.
    {
      const viewer = users[2];
      const dashboard = async () => (await call('GET', `${b.base}/api/v1/analytics/dashboard`, { token: viewer.token })).json.total_time_tracked_seconds;
      const hitsBefore = await cacheHits(b.base);
      const first = await dashboard();
      const second = await dashboard();
      const hitsAfter = await cacheHits(b.base);
      await call('POST', `${a.base}/api/v1/time-entries`, { token: viewer.token, body: { start_time: hoursAgo(3), end_time: hoursAgo(2), description: 'written through A' } }, 201);
      const third = await dashboard();
      checks.cross_process_cache_invalidation = {
        seconds_before: first,
        seconds_cached: second,
        cache_hit_on_b: hitsAfter > hitsBefore,
        seconds_after_write_through_a: third,
        passed: first === second && hitsAfter > hitsBefore && third === first + 3600,
      };
      log(`cache: B served ${first} s, then ${second} s from its cache; after a 1 h entry through A it serves ${third} s`);
    }

    // 3. Timer changes through A reach a stream on B.
    {
      const mover = users[3];
      let expect = null;
      const stream = await openStream(`${b.base}/api/v1/time-tracking/stream`, {
        token: mover.token,
        onEvent: (event, receivedAt) => {
          if (expect?.types.includes(event.type)) expect.arrived(receivedAt);
        },
      });
      const afterResponse = [];
      const afterSend = [];
      let missed = 0;
      const actions = [
        ['start', {}, ['started', 'switched']],
        ['pause', {}, ['paused']],
        ['resume', {}, ['resumed']],
        ['stop', { description: 'scale-out' }, ['stopped']],
      ];
      for (let round = 0; round < STREAM_ROUNDS; round += 1) {
        for (const [action, body, types] of actions) {
          let arrived;
          const arrival = new Promise((resolve) => {
            arrived = resolve;
            setTimeout(() => resolve(null), 5000);
          });
          expect = { types, arrived };
          const response = await call('POST', `${a.base}/api/v1/time-tracking/${action}`, { token: mover.token, body });
          const at = await arrival;
          expect = null;
          if (at === null) missed += 1;
          else {
            afterResponse.push(Math.max(0, at - response.doneAt));
            afterSend.push(at - response.sentAt);
          }
        }
      }
      stream.close();
      const worst = afterResponse.length ? Math.max(...afterResponse) : null;
      checks.cross_process_stream = {
        changes: STREAM_ROUNDS * actions.length,
        missed,
        max_after_response_ms: round1(worst),
        max_after_send_ms: round1(afterSend.length ? Math.max(...afterSend) : null),
        limit_ms: DELIVERY_LIMIT_MS,
        passed: missed === 0 && worst !== null && worst <= DELIVERY_LIMIT_MS,
      };
      log(`stream: ${afterResponse.length} changes through A arrived on B, slowest ${round1(worst)} ms after the response (${missed} missed)`);
    }

    // 4. Read throughput: one process, then both.
    {
      // A little data so the reads have something to read (not for users[1], whose write budget check 1 spent).
      await pool(
        users.filter((_, i) => i !== 1),
        4,
        async (user) => {
          const via = apis[users.indexOf(user) % 2];
          for (let i = 5; i < 8; i += 1)
            await call(
              'POST',
              `${via.base}/api/v1/time-entries`,
              { token: user.token, body: { start_time: hoursAgo(i + 1), end_time: hoursAgo(i), description: 'read mix' } },
              201,
            );
        },
      );
      const readers = users.slice(1).map((user) => user.token);
      for (const path of READ_PATHS) await call('GET', a.base + path, { token: readers[0] });
      await readMix([a], readers, 3, 10); // warm-up of both code paths
      await readMix([b], readers, 3, 10);
      const one = await readMix([a], readers, DURATION_S, CONNECTIONS);
      const two = await readMix([a, b], readers, DURATION_S, CONNECTIONS);
      checks.read_throughput = {
        one_process_rps: one.rps,
        two_processes_rps: two.rps,
        speedup: Math.round((two.rps / one.rps) * 100) / 100,
        one_process_latency_ms: one.latency,
        two_processes_latency_ms: two.latency,
        errors: one.errors + two.errors,
        passed: one.errors + two.errors === 0,
      };
      log(`read mix, ${CONNECTIONS} connections for ${DURATION_S} s: one process ${one.rps} req/s, two ${two.rps} req/s (x${checks.read_throughput.speedup})`);
    }

    for (const api of apis) if (api.exited) throw new Error(`an API process exited: ${JSON.stringify(api.exited)}`);
    const passed = Object.values(checks).every((check) => check.passed);
    const result = {
      name: 'scale-out',
      processes: 2,
      ...checks,
      throughput_rps: { one: checks.read_throughput.one_process_rps, two: checks.read_throughput.two_processes_rps },
      targets: { shared_rate_limit: `exactly ${WRITE_LIMIT} successes`, cross_process_cache_invalidation: true, cross_process_stream_ms: DELIVERY_LIMIT_MS },
      ok: passed,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!passed) process.exitCode = 1;
  } finally {
    await Promise.all(apis.map((api) => api.stop().catch(() => undefined)));
    if (scratch) await scratch.drop().catch((error) => log(`could not drop ${scratch.name}: ${error.message}`));
  }
}

const READ_PATHS = ['/api/v1/time-tracking/status', '/api/v1/analytics/dashboard', '/api/v1/projects', '/api/v1/users/me', '/api/v1/time-tracking/logs?per_page=20'];

const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

const round1 = (v) => (v === null ? null : Math.round(v * 10) / 10);

/** stint_cache_requests_total of the analytics cache's hits, from a process's /metrics. */
async function cacheHits(base) {
  const response = await call('GET', `${base}/metrics`);
  const match = /stint_cache_requests_total\{cache="analytics",result="hit"\} (\d+)/.exec(response.json);
  return match ? Number(match[1]) : 0;
}

/**
 * The read mix for `seconds` with `connections` keep-alive connections spread evenly over
 * `targets` (one autocannon per target, run at once), the requests signed in as each of
 * `tokens` in turn. Returns total requests per second, latency percentiles and errors.
 */
async function readMix(targets, tokens, seconds, connections) {
  let next = 0;
  const runs = targets.map(
    (target) =>
      new Promise((resolve, reject) => {
        autocannon(
          {
            url: target.base,
            connections: Math.max(1, Math.round(connections / targets.length)),
            duration: seconds,
            // Each connection cycles through every path as every user, starting at a different user.
            requests: rotate(tokens, next++).flatMap((token) => READ_PATHS.map((path) => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } }))),
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
      }),
  );
  const results = await Promise.all(runs);
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  const errors = results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0);
  if (errors) log(`read mix errors: ${JSON.stringify(results.map((r) => ({ errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statuses: r.statusCodeStats })))}`);
  const worst = (key) => Math.max(...results.map((r) => r.latency[key]));
  return { rps: Math.round(total / seconds), latency: { p50: worst('p50'), p99: worst('p99'), max: worst('max') }, errors };
}

main().catch((error) => {
  log(error.stack ?? error.message);
  process.exit(1);
});
