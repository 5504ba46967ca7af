#!/usr/bin/env node
// Measures the analytics endpoints on this machine with a year of data for one user
// (Europe/Berlin): 12 entries a working day and 6 on weekend days, some paused, some across
// midnight (≈ 3,900 entries), 4 tasks created and 3 completed a day (≈ 1,460 tasks).
// Each request is timed uncached (the user's cache is invalidated first, untimed) and, for
// the dashboard, cached too. Prints p50/p95/p99/max in milliseconds.
// Usage (after `pnpm build`): node scripts/analytics-latency.js [--rounds 200] [--http]
const { join } = require('node:path');
const { Client } = require('pg');
const { arg, latencyRow, withBenchApp, run } = require('./lib/bench-app');
const dist = join(__dirname, '..', 'dist');

const ROUNDS = Number(arg('--rounds', '200'));
const HTTP = process.argv.includes('--http');
const WARMUP = 10;

async function seed(url, userId, projectId) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Working days: 12 entries of 40 min from 08:00 local; weekends: 6. Every third is paused 5 min.
    await client.query(
      `INSERT INTO time_entries (user_id, project_id, status, start_time, end_time, paused_seconds, duration_seconds,
                                 rate_type, rate_amount, currency, total_cost, is_billable, description)
       SELECT $1, CASE WHEN i % 4 = 0 THEN NULL ELSE $2::uuid END, 'stopped', s, s + interval '40 minutes', p, 2400 - p,
              'hourly', 75, 'EUR', round((2400 - p) * 75 / 3600.0, 4), i % 5 <> 0, 'Work block ' || i
         FROM generate_series(date '2025-01-01', date '2025-12-31', interval '1 day') d,
              generate_series(0, 11) i,
              LATERAL (SELECT (d::date + time '08:00' + i * interval '45 minutes') AT TIME ZONE 'Europe/Berlin' AS s,
                              CASE WHEN i % 3 = 0 THEN 300 ELSE 0 END AS p) x
        WHERE extract(isodow FROM d) < 6 OR i < 6`,
      [userId, projectId],
    );
    // Friday nights across midnight: 22:30–01:15 local.
    await client.query(
      `INSERT INTO time_entries (user_id, project_id, status, start_time, end_time, paused_seconds, duration_seconds,
                                 rate_type, rate_amount, currency, total_cost, is_billable)
       SELECT $1, $2, 'stopped', s, s + interval '165 minutes', 0, 9900, 'hourly', 75, 'EUR', 206.25, true
         FROM generate_series(date '2025-01-03', date '2025-12-26', interval '7 days') d,
              LATERAL (SELECT (d::date + time '22:30') AT TIME ZONE 'Europe/Berlin' AS s) x`,
      [userId, projectId],
    );
    await client.query(
      `INSERT INTO tasks (user_id, project_id, number, title, status, priority, tags, created_at, due_date, completed_at, estimated_hours)
       SELECT $1, $2, row_number() OVER (), 'Task ' || k || ' of ' || d::date,
              CASE WHEN k < 3 THEN 'done' WHEN k = 3 AND d > date '2025-12-01' THEN 'in_progress' ELSE 'todo' END::task_status,
              (ARRAY['low', 'medium', 'high', 'urgent'])[k + 1]::task_priority,
              jsonb_build_array('tag' || (k % 3), 'area' || (extract(doy FROM d)::int % 5)),
              (d::date + time '09:00') AT TIME ZONE 'Europe/Berlin', (d::date + time '17:00' + interval '2 days') AT TIME ZONE 'Europe/Berlin', CASE WHEN k < 3 THEN (d::date + time '09:00' + interval '1 day' + k * interval '20 hours') AT TIME ZONE 'Europe/Berlin' END, 2 + k
         FROM generate_series(date '2025-01-01', date '2025-12-31', interval '1 day') d, generate_series(0, 3) k`,
      [userId, projectId],
    );
    await client.query('UPDATE projects SET next_task_number = (SELECT count(*) + 1 FROM tasks) WHERE id = $1', [projectId]);
    await client.query('ANALYZE');
    const [{ entries }] = (await client.query('SELECT count(*)::int AS entries FROM time_entries')).rows;
    const [{ tasks }] = (await client.query('SELECT count(*)::int AS tasks FROM tasks')).rows;
    return { entries, tasks };
  } finally {
    await client.end();
  }
}

run(() =>
  withBenchApp('analytics_latency', { http: HTTP }, async ({ app, request, databaseUrl }) => {
    const { AnalyticsCache } = require(join(dist, 'cache', 'analytics-cache.js'));
    const registered = await request('POST', '/api/v1/auth/register', null, { email: 'year@example.com', password: 'Latency-Pass-1', full_name: 'A Busy Year' });
    const token = registered.json.token;
    await request('PATCH', '/api/v1/users/me', token, { timezone: 'Europe/Berlin' });
    const project = await request('POST', '/api/v1/projects', token, { name: 'Year', key: 'YEAR', currency: 'EUR' });
    const { entries, tasks } = await seed(databaseUrl, registered.json.user.id, project.json.id);
    console.log(`Seeded one user (Europe/Berlin) with ${entries.toLocaleString('en')} entries and ${tasks.toLocaleString('en')} tasks over 2025.`);

    const cache = app.get(AnalyticsCache);
    const userId = registered.json.user.id;
    const probes = [
      ['dashboard, whole year', '/api/v1/analytics/dashboard?start=2025-01-01&end=2025-12-31', true],
      ['dashboard, 30 days', '/api/v1/analytics/dashboard?start=2025-12-02&end=2025-12-31', true],
      ['trend, whole year', '/api/v1/analytics/trend?start=2025-01-01&end=2025-12-31', true],
      ['time-distribution, year by tag', '/api/v1/analytics/time-distribution?start=2025-01-01&end=2025-12-31&group_by=tag', true],
      ['tasks', '/api/v1/analytics/tasks', true],
      ['user report, whole year (JSON)', `/api/v1/reports/users/${userId}?start=2025-01-01&end=2025-12-31`, false],
      ['dashboard, whole year, cached', '/api/v1/analytics/dashboard?start=2025-01-01&end=2025-12-31', false],
    ];
    const first = await request('GET', probes[0][1], token);
    console.log(
      `Whole-year dashboard: ${first.json.total_time_tracked_hours} h tracked, ${first.json.total_tasks_completed} tasks completed, score ${first.json.productivity_score}`,
    );

    console.log(`\nLatency, ${ROUNDS} sequential requests after ${WARMUP} warm-up (${HTTP ? 'HTTP over loopback' : 'in-process fastify.inject'}), ms:`);
    console.log(`${'request'.padEnd(42)}    p50     p95     p99     max`);
    for (const [name, url, uncached] of probes) {
      const samples = [];
      for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
        if (uncached) await cache.invalidateUser(userId);
        const began = process.hrtime.bigint();
        const response = await request('GET', url, token);
        const ms = Number(process.hrtime.bigint() - began) / 1e6;
        if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(response.json)}`);
        if (round >= WARMUP) samples.push(ms);
      }
      console.log(`${(name + (uncached ? ', uncached' : '')).padEnd(42)}${latencyRow(samples)}`);
    }
  }),
);
