#!/usr/bin/env node
// Benchmark of the streamed CSV report: seeds a busy team's year (default 200,000 stopped
// entries on one project, 20 people or more) into a scratch database with generate_series, then
// downloads GET /api/v1/reports/projects/:id?format=csv over real HTTP and prints rows/s,
// MB/s and the process's peak RSS against its baseline (the server and the client share
// the process, and the client only counts bytes, so growth is the server's buffering).
// Usage (after `pnpm build`): node --expose-gc scripts/bench-csv.js [--rows 200000] [--slow] [--keep]
//   --expose-gc: also prints the live heap (sampled after forced GCs), free of GC laziness
//   --slow: the client reads slowly (backpressure: memory must stay flat, not fill up)
//   --keep: keep the scratch database (to EXPLAIN the query)
const { Client } = require('pg');
const { arg, memorySampler, withBenchApp, run } = require('./lib/bench-app');

const ROWS = Number(arg('--rows', '200000'));
const SLOW = process.argv.includes('--slow');
// Each person fills a year with ~10,100 entries (45 of every 52 minutes), and a report spans
// at most a year: enough people to put every row inside the report's range.
const PEOPLE = Math.max(20, Math.ceil(ROWS / 10_000));
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

async function seed(url, adminId, projectId) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (email, password_hash, full_name, timezone)
       SELECT 'bench' || i || '@example.com', 'not-a-hash', 'Bench Person ' || i, 'Europe/Berlin' FROM generate_series(1, $1) i`,
      [PEOPLE - 1],
    );
    await client.query(
      `INSERT INTO tasks (user_id, project_id, number, title, status, priority, tags)
       SELECT $1, $2, i, 'Task ' || i || ', "with" quotes', 'in_progress', 'medium', '["bench"]' FROM generate_series(1, 50) i`,
      [adminId, projectId],
    );
    await client.query('UPDATE projects SET next_task_number = 51 WHERE id = $1', [projectId]);
    // Each person works 45 of every 52 minutes through 2025; every fourth entry paused 5 minutes.
    await client.query(
      `WITH people AS (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM users),
            work AS (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM tasks WHERE project_id = $1)
       INSERT INTO time_entries (user_id, project_id, task_id, status, start_time, end_time, paused_seconds, duration_seconds,
                                 description, rate_type, rate_amount, currency, total_cost, is_billable)
       SELECT p.id, $1, CASE WHEN g % 7 = 0 THEN NULL ELSE w.id END, 'stopped', s.start, s.start + interval '45 minutes',
              s.paused, 2700 - s.paused, 'Entry ' || g || ', "quoted" =1+1', 'hourly', 87.5, 'EUR',
              round((2700 - s.paused) * 87.5 / 3600, 4), g % 5 <> 0
         FROM generate_series(0, $2 - 1) g
         JOIN people p ON p.n = g % $3
         JOIN work w ON w.n = g % 50
         CROSS JOIN LATERAL (SELECT timestamptz '2025-01-01 00:00:00+00' + (g / $3) * interval '52 minutes' AS start,
                                    CASE WHEN g % 4 = 0 THEN 300 ELSE 0 END AS paused) s`,
      [projectId, ROWS, PEOPLE],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

run(() =>
  withBenchApp('bench_csv', { http: true, keep: process.argv.includes('--keep') }, async ({ request, databaseUrl, base }) => {
    const json = async (method, url, token, body) => {
      const response = await request(method, url, token, body);
      if (response.status >= 400) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(response.json)}`);
      return response.json;
    };
    const admin = await json('POST', '/api/v1/auth/register', null, { email: 'bench-admin@example.com', password: 'Bench-Pass-1', full_name: 'Bench Admin' });
    const project = await json('POST', '/api/v1/projects', admin.token, { name: 'Busy team', key: 'BUSY', currency: 'EUR' });

    let began = process.hrtime.bigint();
    await seed(databaseUrl, admin.user.id, project.id);
    console.log(`Seeded ${ROWS.toLocaleString('en')} entries in ${(Number(process.hrtime.bigint() - began) / 1e9).toFixed(1)} s`);

    const memory = memorySampler();

    began = process.hrtime.bigint();
    const response = await fetch(`${base}/api/v1/reports/projects/${project.id}?start=2025-01-01&end=2025-12-31&format=csv`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    if (!response.ok || !response.body) throw new Error(`CSV answered ${response.status}: ${await response.text()}`);
    /** @type {number | null} */
    let firstByteMs = null;
    let bytes = 0;
    let lines = 0;
    let tail = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      if (firstByteMs === null) firstByteMs = Number(process.hrtime.bigint() - began) / 1e6;
      bytes += chunk.length;
      const text = decoder.decode(chunk, { stream: true });
      // Records end with CRLF; the seeded texts have no line breaks, so counting LF counts records.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
      tail = (tail + text).slice(-600);
      if (SLOW) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (firstByteMs === null) throw new Error('the CSV export sent no bytes');
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const { baseline, peak, heapBaseline, heapPeak, livePeak } = memory.stop();
    const dataRows = lines - 1 - 3; // header and the Total / Billable / Non-billable records

    console.log(`CSV export of ${dataRows.toLocaleString('en')} rows (${mb(bytes)} MB) in ${seconds.toFixed(2)} s${SLOW ? ' with a slow reader' : ''}`);
    console.log(
      `  first byte after ${firstByteMs.toFixed(0)} ms; ${Math.round(dataRows / seconds).toLocaleString('en')} rows/s; ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s`,
    );
    console.log(`  RSS baseline ${mb(baseline)} MB, peak ${mb(peak)} MB (+${mb(peak - baseline)} MB while streaming); JS heap ${mb(heapBaseline)} → peak ${mb(heapPeak)} MB`);
    if (global.gc) console.log(`  live JS heap (after forced GCs every 200 ms): peak ${mb(livePeak)} MB against ${mb(heapBaseline)} MB before the export`);
    console.log(
      `  last records:\n${tail
        .trim()
        .split('\r\n')
        .slice(-3)
        .map((line) => `    ${line}`)
        .join('\n')}`,
    );
    if (dataRows !== ROWS) throw new Error(`expected ${ROWS} rows, got ${dataRows}`);
    // For `pnpm bench` (scripts/bench/run.js), which reads the last line as JSON.
    const summary = {
      name: 'csv',
      rows: dataRows,
      bytes,
      seconds: Math.round(seconds * 100) / 100,
      rows_per_second: Math.round(dataRows / seconds),
      first_byte_ms: Math.round(firstByteMs),
      rss_baseline_mb: Math.round((baseline / 2 ** 20) * 10) / 10,
      rss_peak_mb: Math.round((peak / 2 ** 20) * 10) / 10,
      live_heap_peak_mb: global.gc ? Math.round((livePeak / 2 ** 20) * 10) / 10 : null,
    };

    // The same report as JSON (aggregated in the database), for comparison.
    began = process.hrtime.bigint();
    const report = await json('GET', `/api/v1/reports/projects/${project.id}?start=2025-01-01&end=2025-12-31`, admin.token);
    const jsonMs = Number(process.hrtime.bigint() - began) / 1e6;
    console.log(
      `JSON report of the same year: ${jsonMs.toFixed(0)} ms (${report.totals.entries.toLocaleString('en')} entries, ${report.by_day.length} days, ${report.by_user.length} people, totals ${report.totals.cost[0].amount} ${report.totals.cost[0].currency})`,
    );
    console.log(JSON.stringify({ ...summary, json_report_ms: Math.round(jsonMs) }));
  }),
);
