#!/usr/bin/env node
// @ts-check
// The task list's database time: the exact statements GET /tasks runs (taskListStatements
// from the compiled API), for the admin and for members of many projects, every variant of
// the bench's task-list scenario plus the searches for the most common words, each run
// --runs times on one connection. Prints per variant the p50/p95/max of the page statement,
// the count statement and their sum (wall time from the client: planning + execution +
// the round trip), with the load average; --explain prints EXPLAIN (ANALYZE, BUFFERS) of each.
//
// Usage (after pnpm build, on the bulk data of pnpm --filter @stint/api seed:bulk):
//   node apps/api/scripts/bench/task-list-sql.js [--database-url URL] [--runs 40] [--explain] [--only admin|members]
// The last stdout line is the JSON result.
const os = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { arg, flag } = require('./lib/options');
const { latencySummary } = require('./lib/stats');

const dist = join(__dirname, '..', '..', 'dist');
const { taskListStatements } = require(join(dist, 'tasks', 'task-list-sql.js'));
// The tracked hours' subquery the API passes in (time tracking owns the entries: TaskEntryReads).
const { taskTrackedSecondsSql } = require(join(dist, 'time-tracking', 'entry-read-sql.js'));

const databaseUrl = arg('--database-url', process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/stint_bench');
const runs = Number(arg('--runs', '40'));
const explain = flag('--explain');
const only = arg('--only', '');
/** @param {string} message */
const log = (message) => process.stderr.write(`${message}\n`);
const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

/**
 * @typedef {{ id: string, role: string, projects: string[], label: string }} Caller
 * @typedef {{ name: string, query: Record<string, any> }} Variant
 */

/**
 * The bench scenario's variants (lib/scenarios.js taskListPath) and searches for common words.
 * @param {Caller} caller
 * @param {{ tags: string[], words: string[] }} f
 * @returns {Variant[]}
 */
function variants(caller, f) {
  return [
    { name: 'status=todo,in_progress', query: { status: ['todo', 'in_progress'] } },
    { name: 'priority=high,urgent&sort=due_date&order=asc', query: { priority: ['high', 'urgent'], sort: 'due_date', order: 'asc' } },
    caller.projects.length
      ? { name: 'project_id=<one of theirs>&status=todo,in_progress,done', query: { project_id: [caller.projects[0]], status: ['todo', 'in_progress', 'done'] } }
      : { name: 'status=done', query: { status: ['done'] } },
    { name: `tag=${f.tags[0]}`, query: { tag: [f.tags[0]] } },
    ...f.words.slice(0, 2).map((word) => ({ name: `q=${word}`, query: { q: word } })),
    { name: `q=${f.words[0]}&page=3&per_page=50`, query: { q: f.words[0], page: 3, per_page: 50 } },
    { name: 'page=3&per_page=50', query: { page: 3, per_page: 50 } },
    { name: '(no filter)', query: {} },
  ];
}

/**
 * @param {Client} client
 * @param {string} sql
 * @param {unknown[]} values
 */
async function timed(client, sql, values) {
  const started = process.hrtime.bigint();
  await client.query(sql, values);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * One EXPLAIN (ANALYZE, BUFFERS): the buffers the statement touched (hit + read, a figure the
 * machine's load does not change) and whether it read all of tasks (a Seq Scan on tasks).
 * @param {Client} client
 * @param {string} sql
 * @param {unknown[]} values
 */
async function planFigures(client, sql, values) {
  const [row] = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, values)).rows;
  const plan = row['QUERY PLAN'][0];
  let seqScanOfTasks = false;
  /** @param {any} node */
  const walk = (node) => {
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'tasks') seqScanOfTasks = true;
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan.Plan);
  return {
    buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
    execution_ms: Math.round(plan['Execution Time'] * 100) / 100,
    seq_scan_of_tasks: seqScanOfTasks,
  };
}

async function main() {
  const client = new Client({ connectionString: databaseUrl, application_name: 'stint-bench-task-list' });
  await client.connect();
  // The API's connections run with JIT off (data-source-options.ts).
  await client.query('SET jit = off');
  const admin = (await client.query(`SELECT id, role FROM users WHERE role = 'admin' ORDER BY email LIMIT 1`)).rows[0];
  /** @type {Caller[]} */
  const callers = [];
  if (only !== 'members') callers.push({ id: admin.id, role: 'admin', projects: [], label: 'admin' });
  if (only !== 'admin') {
    const members = (
      await client.query(
        `SELECT u.id, u.role, array_agg(pm.project_id ORDER BY pm.project_id) AS projects
           FROM users u JOIN project_members pm ON pm.user_id = u.id
          WHERE u.role <> 'admin' AND u.is_active GROUP BY u.id, u.role
          ORDER BY count(*) DESC, u.id LIMIT 1`,
      )
    ).rows;
    const five = (
      await client.query(
        `SELECT u.id, u.role, array_agg(pm.project_id ORDER BY pm.project_id) AS projects
           FROM users u JOIN project_members pm ON pm.user_id = u.id
          WHERE u.role <> 'admin' AND u.is_active GROUP BY u.id, u.role HAVING count(*) = 5
          ORDER BY u.id LIMIT 1`,
      )
    ).rows;
    for (const m of members) callers.push({ ...m, label: `member of ${m.projects.length} projects (the most)` });
    for (const m of five) callers.push({ ...m, label: 'member of 5 projects' });
  }
  const tags = (await client.query(`SELECT tag FROM tasks, jsonb_array_elements_text(tags) tag GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 1`)).rows.map((r) => r.tag);
  const words = (
    await client.query(
      `SELECT word FROM ts_stat($$SELECT to_tsvector('english', coalesce(title, '')) FROM (SELECT title FROM tasks ORDER BY id LIMIT 20000) t$$)
        WHERE length(word) > 3 AND word !~ '^[0-9]+$' ORDER BY ndoc DESC, word LIMIT 2`,
    )
  ).rows.map((r) => r.word);
  const result = { name: 'task-list-sql', runs, load_average_start: loadAverage(), callers: /** @type {any[]} */ ([]) };
  for (const caller of callers) {
    const auth = { id: caller.id, role: caller.role, email: '', timezone: 'UTC', sessionId: '' };
    const rows = [];
    for (const variant of variants(caller, { tags, words })) {
      const statements = taskListStatements(auth, variant.query, taskTrackedSecondsSql);
      if (explain) {
        for (const which of /** @type {const} */ (['page', 'count'])) {
          const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statements[which].sql}`, statements[which].values)).rows.map((r) => r['QUERY PLAN']).join('\n');
          log(`\n=== ${caller.label} ${variant.name} — ${which}\n${plan}`);
        }
      }
      // One warm-up each (plans, caches), then the measured runs.
      await timed(client, statements.page.sql, statements.page.values);
      await timed(client, statements.count.sql, statements.count.values);
      /** @type {number[]} */ const page = [];
      /** @type {number[]} */ const count = [];
      /** @type {number[]} */ const sum = [];
      for (let i = 0; i < runs; i += 1) {
        const a = await timed(client, statements.page.sql, statements.page.values);
        const b = await timed(client, statements.count.sql, statements.count.values);
        page.push(a);
        count.push(b);
        sum.push(a + b);
      }
      const plans = {
        page: await planFigures(client, statements.page.sql, statements.page.values),
        count: await planFigures(client, statements.count.sql, statements.count.values),
      };
      const figures = { variant: variant.name, page_ms: latencySummary(page), count_ms: latencySummary(count), sum_ms: latencySummary(sum), plans, load_average: loadAverage() };
      rows.push(figures);
      const seq = plans.page.seq_scan_of_tasks || plans.count.seq_scan_of_tasks ? ' SEQ SCAN of tasks' : '';
      log(
        `${caller.label.padEnd(30)} ${variant.name.padEnd(56)} page p95 ${String(figures.page_ms.p95).padStart(7)}  count p95 ${String(figures.count_ms.p95).padStart(7)}  sum p50 ${String(figures.sum_ms.p50).padStart(7)} p95 ${String(figures.sum_ms.p95).padStart(7)} ms  buffers ${plans.page.buffers}+${plans.count.buffers}${seq}  (load ${figures.load_average[0]})`,
      );
    }
    result.callers.push({ caller: caller.label, projects: caller.projects.length, variants: rows, worst_sum_p95_ms: Math.max(...rows.map((r) => r.sum_ms.p95 ?? 0)) });
  }
  await client.end();
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
