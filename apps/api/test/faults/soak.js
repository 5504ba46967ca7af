#!/usr/bin/env node
// Soak: 10 minutes of steady mixed load (timer actions, manual entries, status, lists,
// dashboard) while the heap is sampled from /metrics every 10 s. Passes when the heap shows
// no sustained growth — the least-squares slope of each minute's lowest heap sample (what
// survives collection) after the first minute (warm-up) is at most 1 MB per minute, i.e.
// 10 MB over the run — and no request failed. Not part of `faults` (CI); run it by hand:
//
//   cd apps/api && npm run soak              # 10 minutes
//   cd apps/api && node test/faults/soak.js --duration 120 [--workers 6]   # a shorter trial
//
// Needs the build (pnpm build). Own PostgreSQL and Redis.
'use strict';
const h = require('./lib/harness');

const DURATION_S = Number(h.arg('--duration', 600));
const WORKERS = Number(h.arg('--workers', 6));
const SAMPLE_MS = Number(h.arg('--sample-seconds', 10)) * 1000;
const WARMUP_MS = Math.min(60_000, (DURATION_S * 1000) / 5);
const MAX_SLOPE_MB_PER_MIN = 1;
const USERS = 8;

h.runFault('soak', async (report) => {
  const pg = await h.PrivatePostgres.start('soak');
  const redis = await h.PrivateRedis.start();
  const api = await h.ApiProcess.start({ name: 'soak', ...pg.apiDatabase, redisUrl: redis.url });
  const pid = api.pid;
  report.log(`API pid ${pid} on ${api.base}, ${DURATION_S} s, log ${api.logFile}`);
  const { users } = await h.registerUsers(api, USERS, 'soak', 3);
  await h.call(api, 'PATCH', '/api/v1/settings', { token: users[0].token, body: { max_concurrent_timers_per_user: 3 } });

  const t0 = h.now();
  const counts = { total: 0, failed: 0, byStatus: {} };
  const latencies = [];
  let stop = false;
  let seq = 0;
  const record = (r) => {
    counts.total += 1;
    counts.byStatus[r.status] = (counts.byStatus[r.status] ?? 0) + 1;
    // 409: a timer action raced another worker on the same user (a normal answer, not a failure).
    if (r.status === 0 || r.status >= 500 || (r.status >= 400 && r.status !== 409)) counts.failed += 1;
    if (latencies.length < 200_000) latencies.push(r.ms);
  };
  const worker = async (w) => {
    const user = users[w % USERS];
    while (!stop) {
      const n = seq++;
      switch (n % 8) {
        case 0: {
          const r = await h.request(api, 'POST', '/api/v1/time-tracking/start', { token: user.token, body: { description: `soak ${n}` } });
          record(r);
          if (r.status === 200) {
            const id = r.json.time_log_id;
            record(await h.request(api, 'POST', '/api/v1/time-tracking/pause', { token: user.token, body: { time_log_id: id } }));
            record(await h.request(api, 'POST', '/api/v1/time-tracking/resume', { token: user.token, body: { time_log_id: id } }));
            record(await h.request(api, 'POST', '/api/v1/time-tracking/stop', { token: user.token, body: { time_log_id: id } }));
          }
          break;
        }
        case 1: {
          const end = new Date(Date.now() - 3_600_000 - (n % 100_000) * 1000);
          record(
            await h.request(api, 'POST', '/api/v1/time-entries', {
              token: user.token,
              body: { description: `soak entry ${n}`, start_time: new Date(end.getTime() - 600_000).toISOString(), end_time: end.toISOString() },
            }),
          );
          break;
        }
        case 2:
        case 3:
          record(await h.request(api, 'GET', '/api/v1/time-tracking/status', { token: user.token }));
          break;
        case 4:
        case 5:
          record(await h.request(api, 'GET', '/api/v1/time-entries?per_page=20', { token: user.token }));
          break;
        default:
          record(await h.request(api, 'GET', '/api/v1/analytics/dashboard', { token: user.token }));
      }
      await h.sleep(5);
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

  const samples = [];
  while (h.now() - t0 < DURATION_S * 1000) {
    await h.sleep(SAMPLE_MS);
    const m = await h.memory(api).catch(() => null);
    if (m) {
      samples.push({ t: (h.now() - t0) / 60_000, ...m });
      report.log(`heap ${m.heapUsedMb.toFixed(1)} MB, rss ${m.rssMb.toFixed(1)} MB, ${counts.total} requests, ${counts.failed} failed`);
    }
  }
  stop = true;
  await load;

  const steady = samples.filter((s) => s.t * 60_000 >= WARMUP_MS);
  // The heap is a sawtooth (V8 collects when it likes): what stays after collection is the
  // lows, so the criterion is the slope of each minute's lowest sample; all samples' slope is reported too.
  const lows = [];
  for (const s of steady) {
    const minute = Math.floor(s.t);
    const low = lows.find((l) => l.minute === minute);
    if (!low) lows.push({ minute, t: s.t, heapUsedMb: s.heapUsedMb });
    else if (s.heapUsedMb < low.heapUsedMb) Object.assign(low, { t: s.t, heapUsedMb: s.heapUsedMb });
  }
  const allSamplesSlope = h.slope(
    steady.map((s) => s.t),
    steady.map((s) => s.heapUsedMb),
  );
  const heapSlope =
    lows.length >= 3
      ? h.slope(
          lows.map((l) => l.t),
          lows.map((l) => l.heapUsedMb),
        )
      : allSamplesSlope;
  const rssSlope = h.slope(
    steady.map((s) => s.t),
    steady.map((s) => s.rssMb),
  );
  const figures = {
    duration_s: DURATION_S,
    workers: WORKERS,
    requests: counts.total,
    req_per_s: h.round(counts.total / DURATION_S),
    by_status: counts.byStatus,
    failed: counts.failed,
    p50_ms: h.round(h.percentile(latencies, 50)),
    p99_ms: h.round(h.percentile(latencies, 99)),
    samples: samples.length,
    heap_mb: {
      first: h.round(steady[0]?.heapUsedMb),
      last: h.round(steady.at(-1)?.heapUsedMb),
      min: h.round(Math.min(...steady.map((s) => s.heapUsedMb))),
      max: h.round(Math.max(...steady.map((s) => s.heapUsedMb))),
    },
    rss_mb: { first: h.round(steady[0]?.rssMb), last: h.round(steady.at(-1)?.rssMb) },
    heap_slope_mb_per_min: h.round(heapSlope, 3),
    heap_slope_all_samples_mb_per_min: h.round(allSamplesSlope, 3),
    heap_minute_lows_mb: lows.map((l) => h.round(l.heapUsedMb)),
    rss_slope_mb_per_min: h.round(rssSlope, 3),
    heap_series_mb: samples.map((s) => h.round(s.heapUsedMb)),
  };
  for (const [name, value] of Object.entries(figures)) report.figure(name, value);

  report.expect(api.alive && api.pid === pid, 'the API process survived', `pid ${pid}`);
  report.expect(counts.failed === 0, 'no request failed (409 from racing timer actions allowed)', `${counts.failed} of ${counts.total}: ${JSON.stringify(counts.byStatus)}`);
  report.expect(steady.length >= 3, 'enough heap samples after the warm-up', `${steady.length}`);
  report.expect(
    heapSlope <= MAX_SLOPE_MB_PER_MIN,
    `no sustained heap growth: slope of the minute lows ≤ ${MAX_SLOPE_MB_PER_MIN} MB/min after the first ${WARMUP_MS / 1000} s`,
    `${h.round(heapSlope, 3)} MB/min (all samples ${h.round(allSamplesSlope, 3)}, rss ${h.round(rssSlope, 3)} MB/min)`,
  );
});
