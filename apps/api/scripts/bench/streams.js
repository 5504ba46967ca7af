#!/usr/bin/env node
// How many live timer streams one API process holds, what they cost, and how fast a change
// reaches every one of them.
//
// Starts the production build (`node dist/main.js`, NODE_ENV=production) as its own process,
// and a client process (this file with --worker) that signs users in, opens --streams SSE
// streams (GET /api/v1/time-tracking/stream, each on its own connection and with its own
// single-use stream ticket, at most 20 per user as the API allows), then has every user start, pause, resume and stop a timer while timing the arrival
// of each change on each of that user's streams. Measures the API process's added resident
// memory (VmRSS before and with the streams open) and the delivery latency of each change on
// each stream: `delivery_ms` from the action's response to the event's arrival (an event that
// arrives first, as NOTIFY fires on commit before the response is written, counts as 0), and
// `delivery_from_send_ms` from the request being sent (which adds the action's own latency,
// `action_ms`; `action_ms_without_streams` is the same actions before any stream was open).
// Progress on stderr; the result as JSON on the last stdout line.
//
// Usage (after the API build):
//   node scripts/bench/streams.js [--database-url URL] [--streams 10000] [--users 500]
//   node scripts/bench/streams.js --scratch [--users 500 --streams 10000]
//     --database-url  a database filled by scripts/seed-bulk.js (default BENCH_DATABASE_URL or
//                     postgresql://postgres@127.0.0.1:5432/stint_bench); its first --users
//                     users (by email) sign in with the seed's password (--password overrides)
//     --scratch       a scratch database stint_streams_* on that server, users registered here
//     --rounds N      start/pause/resume/stop rounds per user (default 1)
//     --concurrency N users acting at once (default 20)
const { fork } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { arg, log, percentiles, rssMb, scratchDatabase, startApi, call, openStream, pool, sleep } = require('./lib/api-process');

const STREAMS = Number(arg('--streams', '10000'));
/** The API holds at most this many streams per user (STREAMS_PER_USER); more would close the user's oldest. */
const STREAMS_PER_USER = 20;
const USERS = Number(arg('--users', String(Math.ceil(Number(arg('--streams', '10000')) / STREAMS_PER_USER))));
const ROUNDS = Number(arg('--rounds', '1'));
const CONCURRENCY = Number(arg('--concurrency', '20'));
const OPEN_CONCURRENCY = Number(arg('--open-concurrency', '100'));
const SCRATCH = process.argv.includes('--scratch');
const DATABASE_URL = arg('--database-url', process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/stint_bench');
/** A change must reach every stream within this, or it counts as missed. */
const DELIVERY_DEADLINE_MS = 10_000;
const TARGETS = { streams: 10_000, added_rss_mb: 500, delivery_p99_ms: 1000, missed: 0 };

/**
 * Accounts of the bulk-seeded database (scripts/seed-bulk.js): the first USERS active users
 * by email, read from the database, all with the seed's one password (read from the seed
 * script, or --password).
 */
async function seedAccounts(databaseUrl) {
  let password = arg('--password');
  if (!password) {
    const match = /const BENCH_PASSWORD = '([^']+)'/.exec(readFileSync(join(__dirname, '..', 'seed-bulk.js'), 'utf8'));
    if (!match) throw new Error('BENCH_PASSWORD not found in scripts/seed-bulk.js: pass --password');
    password = match[1];
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT email FROM users WHERE is_active ORDER BY email LIMIT $1', [USERS]);
    if (rows.length < USERS) throw new Error(`${databaseUrl} has ${rows.length} active users, ${USERS} wanted (seed it with scripts/seed-bulk.js, or use --scratch)`);
    return rows.map((row) => ({ email: row.email, password }));
  } finally {
    await client.end();
  }
}

function openFileLimit() {
  const match = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !match || match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

async function main() {
  const needFds = STREAMS + 1_000;
  if (openFileLimit() < needFds)
    throw new Error(`ulimit -n is ${openFileLimit()}: ${STREAMS} streams need about ${needFds} file descriptors in each process (raise it with ulimit -n)`);
  let scratch = null;
  let api = null;
  let worker = null;
  try {
    let databaseUrl = DATABASE_URL;
    if (SCRATCH) {
      scratch = await scratchDatabase(DATABASE_URL, 'stint_streams');
      databaseUrl = scratch.url;
      log(`scratch database ${scratch.name}`);
    }
    api = await startApi({ databaseUrl, name: 'streams' });
    log(`API pid ${api.pid} at ${api.base} (log ${api.logFile})`);

    worker = fork(__filename, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const messages = [];
    /** @type {(value?: unknown) => void} */
    let wake = () => undefined;
    worker.on('message', (message) => {
      messages.push(message);
      wake();
    });
    let workerExit = null;
    worker.on('exit', (code) => {
      workerExit = code;
      wake();
    });
    const next = async (type) => {
      for (;;) {
        const i = messages.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [message] = messages.splice(i, 1);
          if (message.type === 'error') throw new Error(`client worker: ${message.error}`);
          return message;
        }
        if (workerExit !== null) throw new Error(`client worker exited (${workerExit})`);
        if (api.exited) throw new Error(`API exited (${JSON.stringify(api.exited)})`);
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000);
        });
      }
    };

    const accounts = SCRATCH
      ? Array.from({ length: USERS }, (_, i) => ({ email: `streams${i + 1}@bench.stint.local`, password: 'Streams-Bench-Pass-1', register: true }))
      : await seedAccounts(databaseUrl);
    worker.send({ type: 'signin', base: api.base, accounts });
    const signedIn = await next('signed-in');
    log(`${signedIn.users} users signed in in ${signedIn.seconds.toFixed(1)} s`);

    // The same actions with no stream open: what the streams add to an action's latency.
    worker.send({ type: 'act', rounds: 1, concurrency: CONCURRENCY, deadlineMs: DELIVERY_DEADLINE_MS });
    const control = await next('acted');
    // Baseline after the sign-ins and actions (bcrypt, pools, JIT warm), with the memory settled.
    await sleep(3000);
    const baselineRss = await settledRss(api.pid);
    log(`baseline RSS ${baselineRss.toFixed(1)} MiB`);

    worker.send({ type: 'open', streams: STREAMS, concurrency: OPEN_CONCURRENCY });
    const opened = await next('opened');
    log(`${opened.streams} streams open in ${opened.seconds.toFixed(1)} s (${opened.failed} failed)`);
    await sleep(5000);
    const withStreamsRss = await settledRss(api.pid);
    const addedRss = withStreamsRss - baselineRss;
    log(
      `RSS with ${opened.streams} streams ${withStreamsRss.toFixed(1)} MiB (+${addedRss.toFixed(1)} MiB, ${((addedRss * 1024) / Math.max(1, opened.streams)).toFixed(1)} KiB per stream)`,
    );

    worker.send({ type: 'act', rounds: ROUNDS, concurrency: CONCURRENCY, deadlineMs: DELIVERY_DEADLINE_MS });
    const acted = await next('acted');
    const peakRss = rssMb(api.pid);
    const still = await (async () => {
      worker.send({ type: 'count' });
      return (await next('count')).open;
    })();
    const delivery = percentiles(acted.afterResponse.map((ms) => Math.max(0, ms)));
    const fromSend = percentiles(acted.delivery);
    log(
      `${acted.actions} actions, ${acted.delivery.length} deliveries in ${acted.seconds.toFixed(1)} s; ${acted.missed} missed, ${acted.duplicates} duplicated; ${still} streams still open`,
    );
    log(`delivery after the action's response, ms: p50 ${delivery.p50}  p95 ${delivery.p95}  p99 ${delivery.p99}  max ${delivery.max}`);
    log(`delivery after the request was sent, ms: p50 ${fromSend.p50}  p95 ${fromSend.p95}  p99 ${fromSend.p99}  max ${fromSend.max}`);
    log(`action latency (request to response), ms: ${JSON.stringify(percentiles(acted.actionMs))}; without streams ${JSON.stringify(percentiles(control.actionMs))}`);

    const result = {
      name: 'streams',
      streams: opened.streams,
      streams_failed: opened.failed,
      streams_open_after: still,
      users: signedIn.users,
      baseline_rss_mb: round(baselineRss),
      with_streams_rss_mb: round(withStreamsRss),
      added_rss_mb: round(addedRss),
      peak_rss_mb: round(peakRss),
      open_seconds: round(opened.seconds),
      actions: acted.actions,
      deliveries: acted.delivery.length,
      delivery_ms: delivery,
      delivery_from_send_ms: fromSend,
      action_ms: percentiles(acted.actionMs),
      action_ms_without_streams: percentiles(control.actionMs),
      missed: acted.missed,
      duplicates: acted.duplicates,
      targets: TARGETS,
    };
    result.ok =
      result.streams >= TARGETS.streams &&
      result.streams_failed === 0 &&
      result.added_rss_mb <= TARGETS.added_rss_mb &&
      delivery.p99 !== null &&
      delivery.p99 <= TARGETS.delivery_p99_ms &&
      result.missed === 0;
    worker.send({ type: 'exit' });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!result.ok) process.exitCode = 1;
  } finally {
    if (worker && worker.exitCode === null) worker.kill();
    await api?.stop().catch(() => undefined);
    if (scratch) await scratch.drop().catch((error) => log(`could not drop ${scratch.name}: ${error.message}`));
  }
}

const round = (v) => Math.round(v * 10) / 10;

/** VmRSS once it stops moving (three reads a second apart within 2 MiB), at most 10 s. */
async function settledRss(pid) {
  let previous = rssMb(pid);
  for (let i = 0; i < 10; i += 1) {
    await sleep(1000);
    const now = rssMb(pid);
    if (Math.abs(now - previous) < 2) return now;
    previous = now;
  }
  return previous;
}

// ---------------------------------------------------------------- client worker process

async function worker() {
  const users = [];
  let base = '';
  const streams = [];
  const send = (/** @type {unknown} */ message) => process.send?.(message);
  const handlers = {
    async signin({ base: given, accounts }) {
      base = given;
      const began = performance.now();
      // bcrypt (cost 12) dominates: a few at a time keeps the API's thread pool busy without queueing.
      await pool(accounts, 8, async (account) => {
        const path = account.register ? '/api/v1/auth/register' : '/api/v1/auth/login';
        const body = account.register
          ? { email: account.email, password: account.password, full_name: account.email.split('@')[0] }
          : { email: account.email, password: account.password };
        const response = await call('POST', base + path, { body }, account.register ? 201 : 200).catch(async (error) => {
          // Registered by an earlier run of the same scratch database: sign in instead.
          if (!account.register) throw error;
          return call('POST', `${base}/api/v1/auth/login`, { body: { email: account.email, password: account.password } });
        });
        const token = response.json.token;
        // A clean start: no timer left running from an earlier run.
        const status = await call('GET', `${base}/api/v1/time-tracking/status`, { token });
        for (const timer of status.json.timers ?? [])
          await call('POST', `${base}/api/v1/time-tracking/stop`, { token, body: { time_log_id: timer.time_log_id, description: 'bench reset' } });
        users.push({ email: account.email, token, streams: [], expect: null });
      });
      send({ type: 'signed-in', users: users.length, seconds: (performance.now() - began) / 1000 });
    },

    async open({ streams: total, concurrency }) {
      const began = performance.now();
      const perUser = Math.ceil(total / users.length);
      const plan = [];
      for (let i = 0; i < total; i += 1) plan.push(users[Math.floor(i / perUser)]);
      let failed = 0;
      if (perUser > STREAMS_PER_USER)
        throw new Error(
          `${total} streams over ${users.length} users is ${perUser} per user; the API keeps ${STREAMS_PER_USER} (use --users ${Math.ceil(total / STREAMS_PER_USER)} or more)`,
        );
      // A ticket opens one stream, once: one per stream, as a browser asks for one per EventSource.
      const ticketOf = (user) => call('POST', `${base}/api/v1/time-tracking/stream-ticket`, { token: user.token }).then((r) => r.json.ticket);
      await pool(plan, concurrency, async (user) => {
        const index = user.streams.length;
        /** @type {{ user: any, index: number, closedByUs: boolean, ended: boolean, handle: any }} */
        const record = { user, index, closedByUs: false, ended: false, handle: null };
        user.streams.push(record);
        try {
          const ticket = await ticketOf(user);
          record.handle = await openStream(`${base}/api/v1/time-tracking/stream?ticket=${encodeURIComponent(ticket)}`, {
            onEvent: (event, receivedAt) => deliver(user, record, event, receivedAt),
            onEnd: () => (record.ended = !record.closedByUs),
          });
          streams.push(record);
        } catch (error) {
          failed += 1;
          record.ended = true;
          if (failed <= 5) process.stderr.write(`stream failed: ${/** @type {Error} */ (error).message}\n`);
        }
        if (streams.length % 1000 === 0 && streams.length) process.stderr.write(`  ${streams.length} streams open\n`);
      });
      send({ type: 'opened', streams: streams.length, failed, seconds: (performance.now() - began) / 1000 });
    },

    async act({ rounds, concurrency, deadlineMs }) {
      const began = performance.now();
      /** @type {{ delivery: number[], afterResponse: number[], actionMs: number[], missed: number, duplicates: number, actions: number }} */
      const stats = { delivery: [], afterResponse: [], actionMs: [], missed: 0, duplicates: 0, actions: 0 };
      const actions = [
        ['start', {}, ['started', 'switched']],
        ['pause', {}, ['paused']],
        ['resume', {}, ['resumed']],
        ['stop', { description: 'streams benchmark' }, ['stopped']],
      ];
      await pool(users, concurrency, async (user) => {
        const live = user.streams.filter((s) => s.handle && !s.ended);
        for (let round = 0; round < rounds; round += 1) {
          for (const [action, body, types] of actions) {
            /** @type {(value?: unknown) => void} */
            let done = () => undefined;
            const arrived = new Promise((resolve) => (done = resolve));
            /** @type {any} */
            const expect = { types, sentAt: performance.now(), doneAt: null, got: new Set(), waiting: live.length, done, arrivals: [] };
            user.expect = expect;
            const response = await call('POST', `${base}/api/v1/time-tracking/${action}`, { token: user.token, body });
            expect.doneAt = response.doneAt;
            stats.actions += 1;
            stats.actionMs.push(response.doneAt - response.sentAt);
            const timer = setTimeout(done, deadlineMs);
            if (expect.waiting > 0) await arrived;
            clearTimeout(timer);
            user.expect = null;
            stats.missed += live.filter((s) => !expect.got.has(s.index)).length;
            for (const at of expect.arrivals) {
              stats.delivery.push(at - expect.sentAt);
              stats.afterResponse.push(at - expect.doneAt);
            }
            stats.duplicates += expect.duplicates ?? 0;
          }
        }
      });
      send({ type: 'acted', ...stats, seconds: (performance.now() - began) / 1000 });
    },

    count() {
      send({ type: 'count', open: streams.filter((s) => !s.ended).length });
    },

    exit() {
      for (const s of streams) {
        s.closedByUs = true;
        s.handle?.close();
      }
      process.exit(0);
    },
  };

  function deliver(user, record, event, receivedAt) {
    const expect = user.expect;
    if (!expect?.types.includes(event.type)) return;
    if (expect.got.has(record.index)) {
      expect.duplicates = (expect.duplicates ?? 0) + 1;
      return;
    }
    expect.got.add(record.index);
    expect.arrivals.push(receivedAt);
    expect.waiting -= 1;
    if (expect.waiting === 0) expect.done();
  }

  process.on('message', (/** @type {any} */ message) => {
    Promise.resolve(handlers[message.type](message)).catch((error) => send({ type: 'error', error: error.stack ?? error.message }));
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes('--worker')) worker();
else
  main().catch((error) => {
    log(error.stack ?? error.message);
    process.exit(1);
  });
