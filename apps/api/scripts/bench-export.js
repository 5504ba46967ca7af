#!/usr/bin/env node
// Benchmark of the streamed personal data export (GET /api/v1/users/me/export): seeds one
// person's 100,000 stopped entries into a scratch database, downloads the export over real
// HTTP and prints the time, MB/s and the process's memory against its baseline (server and
// client share the process; the client only counts bytes, so growth is the server's).
// Usage (after `pnpm build`): node --expose-gc scripts/bench-export.js [--entries 100000] [--slow]
const { Client } = require('pg');
const { arg, memorySampler, withBenchApp, run } = require('./lib/bench-app');

const ENTRIES = Number(arg('--entries', '100000'));
const SLOW = process.argv.includes('--slow');
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

run(() =>
  withBenchApp('bench_export', { http: true }, async ({ request, databaseUrl, base }) => {
    const registered = await request('POST', '/api/v1/auth/register', null, { email: 'bench-export@example.com', password: 'Bench-Pass-1', full_name: 'Bench Exporter' });
    const { token, user } = registered.json;
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    let began = process.hrtime.bigint();
    await client.query(
      `INSERT INTO time_entries (user_id, status, start_time, end_time, duration_seconds, description, rate_type, rate_amount, currency, total_cost)
       SELECT $1, 'stopped', timestamptz '2020-01-01 00:00:00+00' + g * interval '30 minutes', timestamptz '2020-01-01 00:25:00+00' + g * interval '30 minutes',
              1500, 'Entry ' || g || ', "quoted" words of a typical length for a description', 'hourly', 87.5, 'EUR', 36.4583
         FROM generate_series(1, $2) g`,
      [user.id, ENTRIES],
    );
    await client.query('ANALYZE time_entries');
    await client.end();
    console.log(`Seeded ${ENTRIES.toLocaleString('en')} entries in ${(Number(process.hrtime.bigint() - began) / 1e9).toFixed(1)} s`);

    const memory = memorySampler();

    began = process.hrtime.bigint();
    const response = await fetch(`${base}/api/v1/users/me/export`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok || !response.body) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    /** @type {number | null} */
    let firstByteMs = null;
    let bytes = 0;
    let chunks = 0;
    let tail = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      if (firstByteMs === null) firstByteMs = Number(process.hrtime.bigint() - began) / 1e6;
      bytes += chunk.length;
      chunks += 1;
      tail = (tail + decoder.decode(chunk, { stream: true })).slice(-300);
      if (SLOW) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (firstByteMs === null) throw new Error('the export sent no bytes');
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    const { baseline, peak, heapBaseline, livePeak } = memory.stop();
    console.log(`Export of ${ENTRIES.toLocaleString('en')} entries: ${mb(bytes)} MB in ${seconds.toFixed(2)} s (${chunks} chunks)${SLOW ? ' with a slow reader' : ''}`);
    console.log(
      `  first byte after ${firstByteMs.toFixed(0)} ms; ${Math.round(ENTRIES / seconds).toLocaleString('en')} entries/s; ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s`,
    );
    console.log(`  RSS baseline ${mb(baseline)} MB, peak ${mb(peak)} MB (+${mb(peak - baseline)} MB while streaming; the document is ${mb(bytes)} MB)`);
    if (global.gc) console.log(`  live JS heap (after forced GCs every 200 ms): peak ${mb(livePeak)} MB against ${mb(heapBaseline)} MB before the export`);
    if (!tail.trimEnd().endsWith('}')) throw new Error(`the document did not end: …${tail}`);
  }),
);
