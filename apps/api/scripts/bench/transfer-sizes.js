#!/usr/bin/env node
// Bytes on the wire of the web app's first load and of a year's report, with and without
// compression: every response is fetched over real HTTP three times — no Accept-Encoding
// (what every answer cost before compression), `gzip` only, and a browser's
// `gzip, deflate, br, zstd` — and the body bytes as sent (not decoded) are counted. Also
// times the dynamic compression of the report's JSON at each brotli quality and gzip level
// (the choice of DYNAMIC_BROTLI_QUALITY in src/common/http/compression.ts).
//
//   pnpm --filter @stint/api build && pnpm --filter @stint/web build
//   node apps/api/scripts/bench/transfer-sizes.js [--database-url URL] [--url BASE] [--json FILE]
//
// --database-url  a database the bulk seed filled (default BENCH_DATABASE_URL or
//                 postgresql://postgres@127.0.0.1:5432/stint_bench): the report is the
//                 year of the user with the most stopped entries in it, signed in as the
//                 seed's admin.
// --url           measure a server that is already running there (e.g. `pnpm start`, or
//                 nginx in front of the API) instead of starting `node dist/main.js`
//                 (NODE_ENV=production) on a free port.
'use strict';

const http = require('node:http');
const { writeFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const zlib = require('node:zlib');
const { Client } = require('pg');
const { arg, startApi, call, log } = require('./lib/api-process');
const { firstLoadJs } = require('./lib/web-size');

const WEB_DIST = join(__dirname, '..', '..', '..', 'web', 'dist');
const ADMIN_EMAIL = 'admin@bench.stint.local';
const BENCH_PASSWORD = 'Bench-Stint-2024!';
const VARIANTS = [
  { name: 'none', header: null },
  { name: 'gzip', header: 'gzip' },
  { name: 'browser', header: 'gzip, deflate, br, zstd' },
];

/** GET with the given Accept-Encoding; the body is counted as sent, never decoded. */
function fetchRaw(url, acceptEncoding, token) {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const headers = { connection: 'close' };
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.get(url, { agent: false, headers }, (res) => {
      let bytes = 0;
      let firstByteMs = null;
      res.on('data', (chunk) => {
        firstByteMs ??= performance.now() - began;
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          bytes,
          encoding: res.headers['content-encoding'] ?? 'identity',
          cacheControl: res.headers['cache-control'] ?? null,
          ms: Math.round((performance.now() - began) * 10) / 10,
          firstByteMs: firstByteMs === null ? null : Math.round(firstByteMs * 10) / 10,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function measure(url, token) {
  const row = {};
  for (const variant of VARIANTS) {
    // Best of three: the first request of a route warms caches (analytics, the file cache).
    let best = null;
    for (let i = 0; i < 3; i++) {
      const result = await fetchRaw(url, variant.header, token);
      if (result.status !== 200) throw new Error(`GET ${url} answered ${result.status}`);
      if (!best || result.ms < best.ms) best = result;
    }
    row[variant.name] = best;
  }
  return row;
}

/** The user with the most stopped entries in the year ending on the data's last day. */
async function largestUserYear(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ last }] = (await client.query(`SELECT to_char(max(start_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last FROM time_entries WHERE status = 'stopped'`)).rows;
    if (!last) throw new Error(`${databaseUrl} has no stopped entries (fill it with pnpm --filter @stint/api seed:bulk)`);
    const end = new Date(`${last}T00:00:00Z`);
    const start = new Date(end.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    const [user] = (
      await client.query(
        `SELECT user_id AS id, count(*)::int AS entries FROM time_entries
          WHERE status = 'stopped' AND start_time >= $1::date AND start_time < $2::date + 1
          GROUP BY user_id ORDER BY entries DESC LIMIT 1`,
        [start, last],
      )
    ).rows;
    return { ...user, start, end: last };
  } finally {
    await client.end();
  }
}

/** Size and CPU time of compressing `body` as the API would, per algorithm and level. */
function compressionCost(body) {
  const time = (fn) => {
    let out;
    const runs = 5;
    const began = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) out = fn();
    return { bytes: out.length, ms: Math.round(Number(process.hrtime.bigint() - began) / 1e4 / runs) / 100 };
  };
  const rows = [];
  for (const quality of [1, 4, 5, 6, 9, 11]) {
    rows.push({
      algorithm: `br q${quality}`,
      ...time(() => zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })),
    });
  }
  for (const level of [1, 6, 9]) rows.push({ algorithm: `gzip ${level}`, ...time(() => zlib.gzipSync(body, { level })) });
  return rows;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

async function main() {
  const databaseUrl = arg('--database-url', process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/stint_bench');
  let base = arg('--url', null);
  let api = null;
  if (!base) {
    api = await startApi({ databaseUrl, name: 'sizes' });
    base = api.base;
  }
  try {
    const report = await largestUserYear(databaseUrl);
    log(`report: user ${report.id}, ${report.entries} entries from ${report.start} to ${report.end}`);
    const { json: tokens } = await call('POST', `${base}/api/v1/auth/login`, { body: { email: ADMIN_EMAIL, password: BENCH_PASSWORD } });
    const token = tokens.token;

    const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1].replace(/^\//, ''));
    const files = ['/', ...firstLoadJs(WEB_DIST).files.map((f) => `/${f.file}`), ...css.map((f) => `/${f}`)];
    const firstLoad = [];
    for (const path of files) firstLoad.push({ path, ...(await measure(`${base}${path}`)) });

    const reportUrl = `${base}/api/v1/reports/users/${report.id}?start=${report.start}&end=${report.end}`;
    const json = { path: 'report JSON', ...(await measure(reportUrl, token)) };
    const csv = { path: 'report CSV', ...(await measure(`${reportUrl}&format=csv`, token)) };
    const body = await new Promise((resolve, reject) =>
      http.get(reportUrl, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      }),
    );
    const cost = compressionCost(body);

    const sum = (rows, variant) => rows.reduce((total, row) => total + row[variant].bytes, 0);
    const line = (row) =>
      `| ${row.path} | ${kb(row.none.bytes)} | ${kb(row.gzip.bytes)} (${row.gzip.encoding}) | ${kb(row.browser.bytes)} (${row.browser.encoding}) | ${row.none.ms} / ${row.browser.ms} |`;
    const out = [
      `Transfer sizes at ${base} (body bytes as sent, KB; best of 3):`,
      '',
      '| response | no Accept-Encoding | gzip | gzip, deflate, br, zstd | ms plain / br |',
      '|---|---:|---:|---:|---:|',
      ...firstLoad.map(line),
      `| **first load (${firstLoad.length} files)** | **${kb(sum(firstLoad, 'none'))}** | **${kb(sum(firstLoad, 'gzip'))}** | **${kb(sum(firstLoad, 'browser'))}** | |`,
      line(json),
      line(csv),
      '',
      `Dynamic compression of the report JSON (${kb(body.length)} KB, ${report.entries} entries), in this process, mean of 5:`,
      '',
      '| algorithm | KB | ms |',
      '|---|---:|---:|',
      ...cost.map((c) => `| ${c.algorithm} | ${kb(c.bytes)} | ${c.ms} |`),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    const jsonFile = arg('--json', null);
    if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ base, report, firstLoad, json, csv, cost }, null, 2));
  } finally {
    await api?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`transfer-sizes: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
