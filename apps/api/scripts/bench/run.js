#!/usr/bin/env node
// @ts-check
// `pnpm bench`: Stint's benchmark against the seeded database (scripts/seed-bulk.js).
//
// Builds the API and the web app, starts the production API (node dist/main.js,
// NODE_ENV=production, rate limits raised) and a bare Fastify + pg server with the same SQL
// and pool size, signs in a sample of the seed's users, then measures with autocannon:
//   1. closed-loop scenarios (timer status, a timer cycle, task and entry lists, analytics,
//      budgets, project statistics, a user report): p50/p95/p99, req/s, non-2xx, errors;
//   2. Stint against the bare server on the timer-status and task-list routes, in alternating
//      pairs (Stint, bare, Stint, bare, …; --pairs, 3 by default): the ratio's mean and spread,
//      each run's load average and the server's CPU time per request;
//   3. a realistic mix at a fixed 1,000 req/s for 60 s;
//   4. the API's resident memory: its peak over 1–3, right after them, and after --idle
//      seconds with no requests; then the CSV export of the largest report (rows/s, API
//      RSS) on a fresh API process;
//   5. the web app's first-load JavaScript, gzipped;
//   6. streams.js and scale-out.js (other measurements), merged in if present.
// Writes bench/results/<date>.json and the figures table of docs/performance.md.
//
// Usage: pnpm bench -- --help   (the options are in lib/options.js, USAGE)
const { spawnSync, spawn } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');
const { arg, options, wantsHelp, USAGE } = require('./lib/options');
const { notSeededReason, machine, databaseInfo, pickFixtures, signIn, stopTimers, ADMIN_EMAIL } = require('./lib/fixtures');
const { startApi, startBare } = require('./lib/servers');
const { closedLoop, fixedRate } = require('./lib/load');
const { compareSummary } = require('./lib/stats');
const { scenarios, comparisonRequests, fixedRateMix } = require('./lib/scenarios');
const { largestReport, measureCsv } = require('./lib/csv-export');
const { firstLoadJs } = require('./lib/web-size');
const { evaluate } = require('./lib/targets');
const { renderDoc } = require('./render-doc');

if (wantsHelp()) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const opts = options();
/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));
/** @param {string} message */
const log = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
/** @param {string} name */
const wanted = (name) => (!opts.only || opts.only.has(name)) && !opts.skip.has(name);

/**
 * The bench seed's shared password and admin, read from scripts/seed-bulk.js's text (it
 * runs when loaded, so it is not required).
 */
function seedConstants() {
  const file = join(opts.api, 'scripts', 'seed-bulk.js');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  /** @param {string} name */
  const constant = (name) => new RegExp(`const ${name} = '([^']+)'`).exec(text)?.[1];
  return {
    password: arg('--password', process.env.BENCH_PASSWORD || constant('BENCH_PASSWORD')),
    adminEmail: constant('ADMIN_EMAIL') || ADMIN_EMAIL,
    seedScript: text ? file : null,
  };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {string} what
 */
function sh(command, args, cwd, what) {
  log(`${what}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}); fix it or run with --no-build against an existing build`);
}

/** A child measurement script: its last stdout line is its JSON result. */
/**
 * @param {string} name
 * @param {string} script
 * @param {string} databaseUrl
 * @param {{ args?: string[], nodeArgs?: string[], env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<Record<string, any>>}
 */
function runChild(name, script, databaseUrl, { args = ['--database-url', databaseUrl], nodeArgs = [], env = process.env } = {}) {
  return new Promise((resolve) => {
    if (!existsSync(script)) return resolve({ error: `${script} does not exist` });
    log(`${name}: node ${[...nodeArgs, script, ...args].join(' ').replace(databaseUrl, '…')}`);
    const started = Date.now();
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd: opts.api, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.childTimeout * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      let parsed = null;
      try {
        parsed = JSON.parse(last);
      } catch {
        parsed = null;
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      if (!parsed) resolve({ error: `exited ${code ?? signal} without a JSON result line`, seconds });
      else resolve({ ...parsed, exit_code: code, seconds });
    });
  });
}

async function main() {
  const started = Date.now();
  const seed = seedConstants();
  if (!seed.password) throw new Error('The bench users’ password is unknown: scripts/seed-bulk.js does not export it; pass --password');

  if (opts.build) {
    sh('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@stint/api', '--filter=@stint/web'], opts.repo, 'build');
  } else if (!existsSync(join(opts.api, 'dist', 'main.js'))) {
    throw new Error('apps/api/dist/main.js is missing: run `pnpm build` (or drop --no-build)');
  }

  let reason = await notSeededReason(opts.databaseUrl);
  if (reason && opts.seed && seed.seedScript) {
    log(`not seeded (${reason}); seeding with scripts/seed-bulk.js`);
    sh(process.execPath, [seed.seedScript, '--database-url', opts.databaseUrl], opts.api, 'seed');
    reason = await notSeededReason(opts.databaseUrl);
  }
  if (reason) {
    throw new Error(
      `The benchmark database is not seeded: ${reason}.\n  Seed it with: BENCH_DATABASE_URL=${opts.databaseUrl} pnpm --filter @stint/api seed:bulk\n  (or run pnpm bench -- --seed)`,
    );
  }

  /** @type {Record<string, any>} */
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    options: {
      duration_s: opts.duration,
      warmup_s: opts.warmup,
      connections: opts.connections,
      pool_size: opts.poolSize,
      users: opts.users,
      redis: Boolean(opts.redisUrl),
      log_level: opts.logLevel,
    },
    cache_store: opts.redisUrl ? 'redis' : 'memory',
    database: null,
    scenarios: {},
    comparison: {},
    fixed_rate: null,
    csv: null,
    web: null,
    external: {},
  };
  const jwtSecret = randomBytes(48).toString('base64url');
  const server = { api: opts.api, databaseUrl: opts.databaseUrl, poolSize: opts.poolSize, redisUrl: opts.redisUrl, logLevel: opts.logLevel, jwtSecret };

  log('starting the API (applies pending migrations first)');
  let api = await startApi(server);
  let bare = null;
  // The API's peak resident memory while it is under load (every 250 ms).
  let rssPeak = 0;
  const rssSampler = setInterval(() => (rssPeak = Math.max(rssPeak, api.rss() ?? 0)), 250);
  try {
    // After startup, so migrations (new indexes) are in and counted.
    results.database = await databaseInfo(opts.databaseUrl);
    log(`data: ${JSON.stringify(results.database.rows)}, ${(results.database.database_bytes / 2 ** 30).toFixed(2)} GiB`);
    const picked = await pickFixtures(opts.databaseUrl, opts.users);
    if (!picked.users.length) throw new Error('No bench users with entries were found');
    const { signed: adminSigned } = await signIn(api.url, [{ email: seed.adminEmail }], seed.password, 1);
    const { signed, seconds } = await signIn(api.url, picked.users, seed.password);
    const order = new Map(picked.users.map((u, i) => [u.id, i]));
    signed.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    results.sign_in = { users: signed.length, seconds: Math.round(seconds * 10) / 10 };
    log(`signed in ${signed.length} users in ${seconds.toFixed(1)} s`);
    /** @type {import('./lib/scenarios').Fixtures} */
    const fixtures = /** @type {any} */ ({ ...picked, users: signed, admin: adminSigned[0] });

    for (const [name, scenario] of Object.entries(scenarios(fixtures))) {
      if (!wanted(name)) continue;
      log(`scenario ${name}: ${scenario.title}`);
      try {
        const { requests, setupClient } = scenario.build();
        const connections = scenario.perConnectionUser ? Math.min(opts.connections, signed.length) : opts.connections;
        const figures = await closedLoop({ url: api.url, requests, setupClient, connections, duration: opts.duration, warmup: opts.warmup, pid: api.pid });
        results.scenarios[name] = { title: scenario.title, connections, ...figures };
        log(
          `  ${figures.rps} req/s, p50 ${figures.latency_ms.p50} p95 ${figures.latency_ms.p95} p99 ${figures.latency_ms.p99} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}, load ${figures.load_average.start.join(' ')}`,
        );
        if (scenario.perConnectionUser) log(`  timers left running, stopped: ${await stopTimers(api.url, signed)}`);
        if (scenario.latencyTarget && opts.latencyConnections !== connections) {
          // The latency a person waits: the same requests (fresh ones, still uncached) with
          // nothing queued ahead; the run above is the capacity under concurrent load.
          const fresh = scenario.build();
          const single = await closedLoop({
            url: api.url,
            requests: fresh.requests,
            setupClient: fresh.setupClient,
            connections: opts.latencyConnections,
            duration: opts.duration,
            warmup: opts.warmup,
          });
          results.scenarios[name].latency_pass = { connections: opts.latencyConnections, ...single };
          log(`  at ${opts.latencyConnections} connection(s): ${single.rps} req/s, p50 ${single.latency_ms.p50} p95 ${single.latency_ms.p95} p99 ${single.latency_ms.p99} ms`);
        }
      } catch (error) {
        results.scenarios[name] = { title: scenario.title, error: messageOf(error) };
        log(`  failed: ${messageOf(error)}`);
      }
    }
    results.api_rss_after_scenarios_mb = Math.round((api.rss() ?? 0) / 2 ** 20);

    if (wanted('compare')) {
      bare = await startBare(server);
      // A B A B A B: the machine is shared and its load drifts, so one Stint-then-bare pair
      // swings by ±0.08; alternating pairs put both servers under the same drift, and the
      // spread of the pair ratios shows how far to trust the mean.
      for (const route of opts.compareRoutes) {
        /** @type {{ stint: any[], bare: any[] }} */
        const runs = { stint: [], bare: [] };
        // Both processes warmed on the route first (V8 compiles the hot path in the first
        // seconds; with --only compare Stint would otherwise start its first run cold).
        for (const target of [api, bare]) {
          if (opts.compareWarmup > 0)
            await closedLoop({ url: target.url, requests: comparisonRequests(fixtures, route)().requests, connections: opts.connections, duration: opts.compareWarmup, warmup: 0 });
        }
        for (let pair = 1; pair <= opts.pairs; pair += 1) {
          for (const [who, target] of /** @type {const} */ ([
            ['stint', api],
            ['bare', bare],
          ])) {
            const { requests } = comparisonRequests(fixtures, route)();
            const figures = await closedLoop({ url: target.url, requests, connections: opts.connections, duration: opts.duration, warmup: opts.warmup, pid: target.pid });
            runs[who].push(figures);
            log(
              `compare ${route} pair ${pair}/${opts.pairs} ${who}: ${figures.rps} req/s, p95 ${figures.latency_ms.p95} ms, CPU ${figures.cpu_ms_per_request ?? '?'} ms/request, non-2xx ${figures.non2xx}, load ${figures.load_average.start.join(' ')}`,
            );
          }
        }
        const entry = compareSummary(runs.stint, runs.bare);
        results.comparison[route] = entry;
        log(
          `compare ${route}: Stint ÷ bare = ${entry.ratio}× (mean of ${entry.ratios.length} pairs, ${entry.ratio_min}–${entry.ratio_max}); CPU/request ${entry.stint_cpu_ms_per_request} vs ${entry.bare_cpu_ms_per_request} ms`,
        );
      }
      await bare.stop();
      bare = null;
    }

    if (wanted('fixed-rate')) {
      log(`fixed rate: ${opts.fixedRate} req/s for ${opts.fixedDuration} s over ${signed.length} connections`);
      try {
        const connections = signed.length;
        const groups = Math.min(10, connections);
        if (opts.warmup > 0) {
          await fixedRate({ url: api.url, rate: opts.fixedRate, duration: opts.warmup, connections, groups, makeRequests: fixedRateMix(fixtures).makeRequests });
          await stopTimers(api.url, signed);
        }
        const mix = fixedRateMix(fixtures);
        const figures = await fixedRate({ url: api.url, rate: opts.fixedRate, duration: opts.fixedDuration, connections, groups, makeRequests: mix.makeRequests });
        // Timers a connection started and the end of the run cut off before its stop.
        const leftRunning = await stopTimers(api.url, signed);
        results.fixed_rate = { target_rate: opts.fixedRate, duration_s: opts.fixedDuration, connections, request_mix: mix.counts, timers_stopped_after: leftRunning, ...figures };
        log(
          `  achieved ${figures.rps} req/s, p50 ${figures.latency_ms.p50} p95 ${figures.latency_ms.p95} p99 ${figures.latency_ms.p99} ms, non-2xx ${figures.non2xx} ${JSON.stringify(figures.status_codes)}, errors ${figures.errors}, load ${figures.load_average.start.join(' ')}; ${leftRunning} timers left running were stopped`,
        );
      } catch (error) {
        results.fixed_rate = { target_rate: opts.fixedRate, error: messageOf(error) };
        log(`  failed: ${messageOf(error)}`);
      }
    }

    clearInterval(rssSampler);
    /** @param {number | null | undefined} bytes */
    const mb = (bytes) => Math.round((bytes ?? 0) / 2 ** 20);
    results.memory = { api_rss_peak_mb: mb(rssPeak), api_rss_after_load_mb: mb(api.rss()), idle_s: opts.idle, api_rss_idle_mb: null };
    if (opts.idle > 0) {
      // Caches expire and the heap shrinks only if the process does it by itself: nothing is sent to it meanwhile.
      log(`idle: ${opts.idle} s without requests (API RSS now ${results.memory.api_rss_after_load_mb} MB, peak ${results.memory.api_rss_peak_mb} MB)`);
      await new Promise((resolve) => setTimeout(resolve, opts.idle * 1000));
      results.memory.api_rss_idle_mb = mb(api.rss());
      log(`  API RSS after ${opts.idle} s idle: ${results.memory.api_rss_idle_mb} MB`);
    }

    if (wanted('csv')) {
      // A fresh process, so the figure is the export's memory, not the caches of the runs before.
      await api.stop();
      api = await startApi({ ...server, label: 'api-csv' });
      const {
        signed: [admin],
      } = await signIn(api.url, [{ email: seed.adminEmail }], seed.password, 1);
      try {
        const report = await largestReport(opts.databaseUrl, picked.lastDay);
        log(`CSV export: ${report.type} ${report.id}, ${report.start}..${report.end}, ${report.entries} entries`);
        results.csv = await measureCsv({ api, token: admin.token, report });
        log(
          `  ${results.csv.rows} rows in ${results.csv.seconds} s = ${results.csv.rows_per_second} rows/s; API RSS ${results.csv.api_rss_baseline_mb} → ${results.csv.api_rss_peak_mb} MB`,
        );
      } catch (error) {
        results.csv = { error: messageOf(error) };
        log(`  failed: ${messageOf(error)}`);
      }
    }
  } finally {
    clearInterval(rssSampler);
    await bare?.stop();
    await api.stop();
  }

  if (wanted('web')) {
    try {
      results.web = firstLoadJs(join(opts.repo, 'apps', 'web', 'dist'));
      log(`web first load: ${results.web.gzip_kb} KB of JavaScript gzipped in ${results.web.files.length} files`);
    } catch (error) {
      results.web = { error: messageOf(error) };
    }
  }

  if (wanted('external')) {
    results.external.streams = await runChild('streams', join(__dirname, 'streams.js'), opts.databaseUrl);
    results.external['scale-out'] = await runChild('scale-out', join(__dirname, 'scale-out.js'), opts.databaseUrl);
    // No report in the bulk data reaches 1M rows (a report spans at most a year; the busiest
    // project's year has ~285k entries), so the 1M-row export runs on its own scratch
    // database on the same server: a team of 100 filling one project's year.
    const server = new URL(opts.databaseUrl);
    server.pathname = '/postgres';
    results.external.csv = await runChild('csv', join(opts.api, 'scripts', 'bench-csv.js'), opts.databaseUrl, {
      args: ['--rows', String(opts.csvRows)],
      nodeArgs: ['--expose-gc'],
      env: { ...process.env, DATABASE_URL: server.toString() },
    });
  }

  results.targets = evaluate(results);
  results.run_seconds = Math.round((Date.now() - started) / 1000);
  mkdirSync(opts.out, { recursive: true });
  const file = join(opts.out, `${results.date.slice(0, 19).replace(/:/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${file} (${results.run_seconds} s)`);
  if (opts.doc) {
    const doc = renderDoc(file, join(opts.repo, 'docs', 'performance.md'));
    log(`table written to ${doc}`);
  }
  for (const row of results.targets)
    log(`${row.met === true ? 'met   ' : row.met === false ? 'MISSED' : 'n/a   '} ${row.label}: ${row.value ?? '-'} (target ${row.target})${row.miss ? ` — ${row.miss}` : ''}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    log(messageOf(error));
    process.exit(1);
  },
);
