// @ts-check
/// <reference path="../types.d.ts" />
// Load generation with autocannon: closed-loop scenarios (as fast as N connections go) and
// the fixed-rate mix. Latencies come from autocannon's HDR histogram (2xx responses, 1 ms
// buckets) and, exactly, from every response's own time (all statuses).
const { readFileSync } = require('node:fs');
const os = require('node:os');
const autocannon = require('autocannon');
/** @type {any} hdr-histogram-js, autocannon's own copy (no types) */
const hdr = require(require.resolve('hdr-histogram-js', { paths: [require.resolve('autocannon')] }));
const { latencySummary, round } = require('./stats');

/**
 * @typedef {{ method?: string, path?: string, headers?: Record<string, string>, body?: string,
 *   setupRequest?: (request: any, context: any) => any, onResponse?: (status: number, body: string, context: any) => void }} BenchRequest
 * @typedef {(client: any) => void} SetupClient
 * @typedef {(client: any, status: number, bytes: number, ms: number) => void} OnResponse
 * @typedef {{ requests: number, rps: number | null, non2xx: number, errors: number, timeouts: number,
 *   status_codes: Record<string, number>, latency_ms: ReturnType<typeof latencySummary>,
 *   histogram_ms: { p50: number | null, p95: number | null, p99: number | null, max: number | null },
 *   load_average: { start: number[], end: number[] }, cpu_ms_per_request?: number | null }} Figures
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The 1, 5 and 15 minute load averages, two decimals. */
const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in ms; null when unknown.
 * @param {number | undefined} pid
 */
function cpuMsOf(pid) {
  if (!pid) return null;
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * @param {Record<string, any>} opts autocannon options
 * @param {OnResponse} [onResponse]
 * @returns {Promise<any>} autocannon's (non-aggregated) result
 */
function runInstance(opts, onResponse) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...opts, skipAggregateResult: true }, (/** @type {Error | null} */ error, /** @type {any} */ result) =>
      error ? reject(error) : resolve(result),
    );
    if (onResponse) instance.on('response', onResponse);
  });
}

/**
 * p50/p95/p99 from autocannon's encoded latency histograms (merged).
 * @param {(string | undefined)[]} encoded
 */
function histogramFigures(encoded) {
  const merged = hdr.build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 10000, numberOfSignificantValueDigits: 5 });
  for (const one of encoded) if (one) merged.add(hdr.decodeFromCompressedBase64(one));
  const figures = merged.totalCount
    ? { p50: merged.getValueAtPercentile(50), p95: merged.getValueAtPercentile(95), p99: merged.getValueAtPercentile(99), max: merged.maxValue }
    : { p50: null, p95: null, p99: null, max: null };
  merged.destroy();
  return figures;
}

/**
 * Sums the raw (non-aggregated) results of several autocannon instances.
 * @param {any[]} results
 * @param {number[]} latencies
 * @param {number} seconds
 * @param {number[]} loadAtStart
 * @returns {Figures}
 */
function combine(results, latencies, seconds, loadAtStart) {
  /** @param {string} key */
  const sum = (key) => results.reduce((total, result) => total + (result[key] ?? 0), 0);
  /** @type {Record<string, number>} */
  const statusCodes = {};
  for (const result of results) {
    for (const [code, { count }] of /** @type {[string, { count: number }][]} */ (Object.entries(result.statusCodeStats ?? {})))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const completed = sum('totalCompletedRequests');
  return {
    requests: completed,
    rps: round(completed / seconds, 1),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    status_codes: statusCodes,
    latency_ms: latencySummary(latencies),
    histogram_ms: histogramFigures(results.map((result) => result.latencies)),
    load_average: { start: loadAtStart, end: loadAverage() },
  };
}

/**
 * A closed-loop scenario: `connections` connections each send the next request as soon as
 * the previous answered, for `warmup` (not counted) then `duration` seconds.
 * `requests`: autocannon request objects (setupRequest may vary user and ids per request).
 * `pid`: the server's process; its CPU time over the measured window ÷ requests is reported
 * as `cpu_ms_per_request` (the server's own CPU, not PostgreSQL's).
 * @param {{ url: string, requests: BenchRequest[], setupClient?: SetupClient, connections: number, duration: number, warmup: number, pid?: number }} options
 * @returns {Promise<Figures>}
 */
async function closedLoop({ url, requests, setupClient, connections, duration, warmup, pid }) {
  const base = { url, connections, requests, timeout: 30, ...(setupClient ? { setupClient } : {}) };
  if (warmup > 0) await runInstance({ ...base, duration: warmup });
  /** @type {number[]} */
  const latencies = [];
  const loadAtStart = loadAverage();
  const cpuBefore = cpuMsOf(pid);
  const started = Date.now();
  const result = await runInstance({ ...base, duration }, (_client, _status, _bytes, ms) => latencies.push(ms));
  const cpuAfter = cpuMsOf(pid);
  const figures = combine([result], latencies, (Date.now() - started) / 1000, loadAtStart);
  if (cpuBefore !== null && cpuAfter !== null) figures.cpu_ms_per_request = figures.requests ? round((cpuAfter - cpuBefore) / figures.requests, 3) : null;
  return figures;
}

/**
 * The fixed-rate run: `rate` requests/s in total. autocannon paces each connection to
 * rate/connections per second but sends each second's quota back to back at the start of
 * the second, so instances are started staggered across the second (`groups` of
 * connections, 1000/groups ms apart) to spread arrivals evenly instead of one burst.
 * `makeRequests(first, count)` gives a group's request list and per-connection set-up.
 * @param {{ url: string, rate: number, duration: number, connections: number, groups: number,
 *   makeRequests: (first: number, count: number) => { requests: BenchRequest[], setupClient?: SetupClient } }} options
 * @returns {Promise<Figures>}
 */
async function fixedRate({ url, rate, duration, connections, groups, makeRequests }) {
  const perGroup = Math.ceil(connections / groups);
  /** @type {number[]} */
  const latencies = [];
  const loadAtStart = loadAverage();
  let index = 0;
  const started = Date.now();
  const runs = [];
  for (let g = 0; g < groups; g += 1) {
    const count = Math.min(perGroup, connections - g * perGroup);
    if (count <= 0) break;
    const { requests, setupClient } = makeRequests(index, count);
    index += count;
    runs.push(
      runInstance(
        { url, connections: count, overallRate: Math.round((rate * count) / connections), duration, requests, setupClient, timeout: 30, ignoreCoordinatedOmission: true },
        (_client, _status, _bytes, ms) => latencies.push(ms),
      ),
    );
    await sleep(1000 / groups);
  }
  const results = await Promise.all(runs);
  const seconds = (Date.now() - started) / 1000 - 1 + 1 / groups;
  return combine(results, latencies, seconds, loadAtStart);
}

module.exports = { closedLoop, fixedRate, sleep, loadAverage, cpuMsOf };
