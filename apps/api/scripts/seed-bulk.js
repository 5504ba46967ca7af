#!/usr/bin/env node
// Fills a database with two years of realistic Stint data for performance work: users in
// many time zones, projects with members and budgets, effective-dated rates, tasks, and
// millions of time entries costed exactly as the app costs them — loaded with COPY
// (binary for the entries, two streams), secondary indexes rebuilt afterwards, then the
// invariants the live app keeps are checked. Rerunnable: a rerun empties and refills.
//
// Usage (after `pnpm --filter @stint/api build`):
//   pnpm --filter @stint/api seed:bulk -- --users 1000 --projects 200 --tasks 100000 --entries 10000000
// See --help for the options. Every user's password is BENCH_PASSWORD below.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Worker } = require('node:worker_threads');
const bcrypt = require('bcrypt');
const { Client } = require('pg');
const { parseOptions } = require('./lib/seed/options');
const { Random } = require('./lib/seed/random');
const { buildModel, entryModel } = require('./lib/seed/model');
const { selfCheck } = require('./lib/seed/cost');
const { copyRows } = require('./lib/seed/copy');
const { buildBudgets } = require('./lib/seed/budgets');
const { checkInvariants } = require('./lib/seed/invariants');
const { Progress, grouped } = require('./lib/seed/progress');
const { requireDist, ensureDatabase, runMigrations, emptyDataTables, dropForLoad, restoreAfterLoad, dropBookkeeping } = require('./lib/seed/schema');
const { dayText } = require('./lib/seed/zones');

/** The one password of every seeded account (the app's rules: upper, lower, digit, special). */
const BENCH_PASSWORD = 'Bench-Stint-2024!';
const ADMIN_EMAIL = 'admin@bench.stint.local';
/** The app's cost factor (src/auth/password-hasher.ts), so sign-in costs what it costs live. */
const BCRYPT_COST = 12;
const REPO_ROOT = join(__dirname, '..', '..', '..');
const MAINTENANCE_WORK_MEM = '1GB';

const iso = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const log = (options, message) => {
  if (!options.quiet) process.stderr.write(`${message}\n`);
};

/** A connection with the session settings of a bulk load. */
async function connect(url) {
  const client = new Client({ connectionString: url, application_name: 'stint-seed-bulk' });
  await client.connect();
  await client.query(`SET maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);
  await client.query('SET synchronous_commit = off');
  // Two builders at once on two cores: no parallel workers on top.
  await client.query('SET max_parallel_maintenance_workers = 0');
  return client;
}

/** COPYs the entries in `streams` worker threads, users split so each stream gets about half the rows. */
function loadEntries(model, options, progress) {
  const shared = entryModel(model);
  const order = model.users.map((u) => u.index).sort((a, b) => model.users[b].quota - model.users[a].quota || a - b);
  /** @type {Array<{ users: number[], rows: number }>} */
  const parts = Array.from({ length: options.streams }, () => ({ users: [], rows: 0 }));
  for (const index of order) {
    const lightest = parts.reduce((best, p) => (p.rows < best.rows ? p : best));
    lightest.users.push(index);
    lightest.rows += model.users[index].quota;
  }
  for (const part of parts) part.users.sort((a, b) => a - b);
  return Promise.all(
    parts.map(
      (part) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(join(__dirname, 'lib', 'seed', 'entry-worker.js'), {
            workerData: { model: shared, userIndexes: part.users, databaseUrl: options.databaseUrl },
          });
          let result = null;
          worker.on('message', (message) => {
            if (message.type === 'progress') progress.add(message.rows);
            else if (message.type === 'done') result = message;
            else if (message.type === 'error') reject(Object.assign(new Error(message.message), { stack: message.stack }));
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (result ? resolve(result) : reject(new Error(`entry worker exited with ${code} before finishing`))));
        }),
    ),
  );
}

async function main() {
  const parsed = parseOptions(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(parsed.help);
    return;
  }
  const options = parsed;
  const nowMs = options.now ?? Date.now();
  const phases = [];
  const started = Date.now();
  const phase = async (name, work) => {
    const began = Date.now();
    const result = await work();
    phases.push({ name, seconds: (Date.now() - began) / 1000 });
    return result;
  };
  const safeUrl = (() => {
    const u = new URL(options.databaseUrl);
    u.password = '';
    return u.toString();
  })();
  log(
    options,
    `Seeding ${safeUrl}: ${grouped(options.users)} users, ${grouped(options.projects)} projects, ${grouped(options.tasks)} tasks, ${grouped(options.entries)} entries, seed "${options.seed}"`,
  );

  /* ------------------------------------------------------------ prepare */
  /** @type {import('pg').Client | undefined} */
  let client;
  const knownZones = await phase('prepare', async () => {
    requireDist('database/migrate.js');
    const created = await ensureDatabase(options.databaseUrl);
    const applied = await runMigrations(options.databaseUrl);
    log(options, `database ${created ? 'created' : 'exists'}; migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
    client = await connect(options.databaseUrl);
    // A previous run that died mid-load left indexes dropped: put them back before anything else.
    const recovered = await restoreAfterLoad([client]);
    if (recovered.length) log(options, `restored after an interrupted run: ${recovered.join(', ')}`);
    const { tables, kept } = await emptyDataTables(client);
    log(options, `emptied ${tables.join(', ')}${kept.length ? `; kept ${kept.join(', ')} (append-only)` : ''}`);
    const { rows } = await client.query('SELECT name FROM pg_timezone_names');
    return new Set(rows.map((r) => r.name));
  });

  /* ------------------------------------------------------------ model */
  if (!client) throw new Error('the prepare phase did not connect');
  const db = client;
  const { model, passwordHash } = await phase('model', async () => {
    // Our integer cost arithmetic must agree with the app's storedCost before it is used.
    selfCheck(requireDist('common/money.js').storedCost, new Random(options.seed, 'cost-self-check'));
    const [built, hash] = await Promise.all([buildModel(options, nowMs, knownZones), bcrypt.hash(BENCH_PASSWORD, BCRYPT_COST)]);
    return { model: built, passwordHash: hash };
  });
  const admin = model.users[0];

  /* ------------------------------------------------------------ users, projects, rates, tasks */
  const smallCounts = await phase('users, projects, rates, tasks', async () => {
    const droppedTaskIndexes = await dropForLoad(db, 'tasks', { keepConstraints: true });
    const total = model.users.length + model.projects.length + model.memberships.length + model.rates.length + model.tasks.length;
    const progress = new Progress('metadata', total, { quiet: options.quiet });
    const counts = {};
    counts.users = await copyRows(
      db,
      'users',
      ['id', 'email', 'password_hash', 'full_name', 'role', 'timezone', 'created_at', 'updated_at', 'is_active', 'last_login', 'failed_login_attempts'],
      model.users.map((u) => [u.id, u.email, passwordHash, u.fullName, u.role, u.timezone, iso(u.createdAtMs), iso(u.createdAtMs), u.isActive, iso(u.lastLoginMs), 0]),
    );
    progress.add(counts.users);
    counts.projects = await copyRows(
      db,
      'projects',
      ['id', 'name', 'key', 'description', 'currency', 'is_billable', 'next_task_number', 'archived_at', 'created_by', 'created_at', 'updated_at'],
      model.projects.map((p) => [
        p.id,
        p.name,
        p.key,
        p.description,
        p.currency,
        p.isBillable,
        p.nextTaskNumber,
        iso(p.archivedAtMs),
        admin.id,
        iso(p.createdAtMs),
        iso(p.archivedAtMs ?? p.createdAtMs),
      ]),
    );
    progress.add(counts.projects);
    counts.project_members = await copyRows(
      db,
      'project_members',
      ['project_id', 'user_id', 'created_at'],
      model.memberships.map((m) => [m.projectId, m.userId, iso(m.createdAtMs)]),
    );
    progress.add(counts.project_members);
    counts.user_rates = await copyRows(
      db,
      'user_rates',
      ['id', 'user_id', 'rate_type', 'rate_amount', 'currency', 'effective_from', 'effective_until', 'created_by', 'created_at'],
      model.rates.map((r) => [
        r.id,
        r.userId,
        r.rateType,
        r.amount,
        r.currency,
        dayText(r.fromDay),
        r.untilDay === null ? null : dayText(r.untilDay),
        r.createdBy,
        iso(r.createdAtMs),
      ]),
    );
    progress.add(counts.user_rates);
    counts.tasks = await copyRows(
      db,
      'tasks',
      ['id', 'user_id', 'project_id', 'number', 'title', 'description', 'status', 'priority', 'due_date', 'created_at', 'updated_at', 'completed_at', 'tags', 'estimated_hours'],
      model.tasks.map((t) => [
        t.id,
        t.userId,
        t.projectIndex >= 0 ? model.projects[t.projectIndex].id : null,
        t.number,
        t.title,
        t.description,
        t.status,
        t.priority,
        iso(t.dueDateMs),
        iso(t.createdAtMs),
        iso(t.updatedAtMs),
        iso(t.completedAtMs),
        JSON.stringify(t.tags),
        t.estimatedHours,
      ]),
    );
    progress.add(counts.tasks);
    progress.finish();
    log(options, `tasks: took out ${droppedTaskIndexes.join(', ') || 'nothing'} for the load`);
    return counts;
  });

  /* ------------------------------------------------------------ entries */
  const entryResults = await phase('time entries (COPY)', async () => {
    const dropped = await dropForLoad(db, 'time_entries');
    log(options, `time_entries: took out ${dropped.join(', ')} for the load`);
    const progress = new Progress('entries', options.entries, { quiet: options.quiet });
    const results = await loadEntries(model, options, progress);
    progress.finish();
    return results;
  });
  const entryCounts = {};
  for (const r of entryResults) for (const [k, v] of Object.entries(r.counts)) entryCounts[k] = (entryCounts[k] ?? 0) + v;
  const loadedEntries = entryResults.reduce((s, r) => s + r.rows, 0);
  if (loadedEntries !== options.entries) throw new Error(`Laid out ${loadedEntries} entries, expected ${options.entries}`);

  /* ------------------------------------------------------------ indexes */
  await phase('indexes and keys', async () => {
    const second = await connect(options.databaseUrl);
    try {
      const restored = [];
      await restoreAfterLoad([db, second], {
        onItem: (name, seconds) => {
          restored.push(name);
          log(options, `  ${name.padEnd(48)} ${seconds.toFixed(1).padStart(6)} s`);
        },
      });
      await dropBookkeeping(db);
    } finally {
      await second.end();
    }
  });

  /* ------------------------------------------------------------ budgets */
  const budgetCounts = await phase('budgets and alerts', async () => {
    const { firstUtcDay, days } = entryResults[0];
    const projectDayCost = new Float64Array(model.projects.length * days);
    for (const r of entryResults) for (let i = 0; i < projectDayCost.length; i++) projectDayCost[i] += r.projectDayCost[i];
    const { budgets, alerts } = buildBudgets(
      model,
      projectDayCost,
      firstUtcDay,
      days,
      entryResults.flatMap((r) => r.activeTimerProjects),
      admin.id,
    );
    await copyRows(
      db,
      'project_budgets',
      [
        'id',
        'project_id',
        'total_budget',
        'allocated_budget',
        'total_cost',
        'status',
        'alert_threshold',
        'critical_threshold',
        'is_locked',
        'start_date',
        'end_date',
        'currency',
        'created_at',
        'updated_at',
      ],
      budgets.map((b) => [
        b.id,
        b.projectId,
        b.totalBudget,
        b.allocatedBudget,
        b.totalCost,
        b.status,
        b.alertThreshold,
        b.criticalThreshold,
        b.isLocked,
        b.startDate,
        b.endDate,
        b.currency,
        iso(b.createdAtMs),
        iso(b.updatedAtMs),
      ]),
    );
    await copyRows(
      db,
      'budget_alerts',
      [
        'id',
        'project_budget_id',
        'project_id',
        'alert_type',
        'threshold_percentage',
        'actual_percentage',
        'cost_at_alert',
        'is_acknowledged',
        'acknowledged_by_user_id',
        'acknowledged_at',
        'created_at',
      ],
      alerts.map((a) => [
        a.id,
        a.budgetId,
        a.projectId,
        a.type,
        a.thresholdPercentage,
        a.actualPercentage,
        a.costAtAlert,
        a.isAcknowledged,
        a.acknowledgedBy,
        iso(a.acknowledgedAtMs),
        iso(a.createdAtMs),
      ]),
    );
    return { budgets: budgets.length, budget_alerts: alerts.length, locked: budgets.filter((b) => b.isLocked).length };
  });

  /* ------------------------------------------------------------ rollups */
  // The rollup triggers were off during COPY; rebuild them from the loaded entries.
  await phase('project rollups', async () => {
    await db.query(requireDist('budgets/project-rollups.js').REBUILD_PROJECT_ROLLUPS);
  });

  /* ------------------------------------------------------------ statistics */
  await phase(options.vacuum ? 'vacuum analyze' : 'analyze', async () => {
    await db.query(options.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE');
  });

  /* ------------------------------------------------------------ verify */
  const rateSamplePercent = options.rateSample ?? (options.entries <= 1_000_000 ? 100 : Math.max(0.1, Math.min(100, Math.round((200_000 / options.entries) * 1000) / 10)));
  const invariants = await phase('verify', () => checkInvariants(db, { nowMs, windowStartMs: model.windowStartMs, rateSamplePercent }));
  const [{ size }] = (await db.query('SELECT pg_database_size(current_database())::bigint AS size')).rows;
  await db.end();

  /* ------------------------------------------------------------ summary */
  const totalSeconds = (Date.now() - started) / 1000;
  const counts = {
    ...smallCounts,
    time_entries: loadedEntries,
    stopped_entries: entryCounts.stopped,
    running_timers: entryCounts.running,
    paused_timers: entryCounts.paused,
    entries_with_pauses: entryCounts.withPause,
    manual_entries: entryCounts.manual,
    entries_without_task: entryCounts.withoutTask,
    entries_without_project: entryCounts.withoutProject,
    entries_across_local_midnight: entryCounts.acrossLocalMidnight,
    entries_on_local_weekends: entryCounts.onLocalWeekends,
    personal_tasks: model.tasks.filter((t) => t.projectIndex < 0).length,
    time_zones: new Set(model.users.map((u) => u.timezone)).size,
    ...budgetCounts,
  };
  const out = process.stdout;
  out.write('\nInvariants\n');
  for (const c of invariants.checks) out.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}\n       ${JSON.stringify(c.figures)}\n`);
  out.write('\nCounts\n');
  for (const [name, value] of Object.entries(counts)) out.write(`  ${name.padEnd(30)} ${grouped(value).padStart(12)}\n`);
  out.write('\nElapsed\n');
  for (const p of phases) out.write(`  ${p.name.padEnd(30)} ${p.seconds.toFixed(1).padStart(9)} s\n`);
  out.write(`  ${'total'.padEnd(30)} ${totalSeconds.toFixed(1).padStart(9)} s\n`);
  out.write(`\nDatabase ${safeUrl}: ${(Number(size) / 1024 ** 3).toFixed(2)} GiB (pg_database_size)\n`);
  out.write(`Sign in as ${ADMIN_EMAIL} / ${BENCH_PASSWORD} (every seeded user has this password)\n`);

  const summary = {
    seed: options.seed,
    now: iso(nowMs),
    window_start: iso(model.windowStartMs),
    database: safeUrl,
    database_size_bytes: Number(size),
    options: { users: options.users, projects: options.projects, tasks: options.tasks, entries: options.entries, streams: options.streams },
    counts,
    elapsed_seconds: Object.fromEntries(phases.map((p) => [p.name, Math.round(p.seconds * 10) / 10])),
    total_seconds: Math.round(totalSeconds * 10) / 10,
    invariants_ok: invariants.ok,
    invariants: invariants.checks,
    admin: { email: ADMIN_EMAIL, password: BENCH_PASSWORD },
  };
  if (options.results !== 'none') {
    const dir = options.results ?? join(REPO_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `seed-${new Date().toISOString().slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    out.write(`Summary written to ${file}\n`);
  }
  if (!invariants.ok) {
    throw new Error(
      `Invariants broken: ${invariants.checks
        .filter((c) => !c.ok)
        .map((c) => c.name)
        .join('; ')}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`\nseed-bulk failed: ${error.stack || error.message}\n`);
    process.exit(1);
  },
);
