// Load generation with autocannon: closed-loop scenarios (as fast as N connections go) and
// the fixed-rate mix. Latencies come from autocannon's HDR histogram (2xx responses, 1 ms
// buckets) and, exactly, from every response's own time (all statuses).
const autocannon = require('autocannon');
const hdr = require(require.resolve('hdr-histogram-js', { paths: [require.resolve('autocannon')] }));
const { latencySummary, round } = require('./stats');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function runInstance(opts, onResponse) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...opts, skipAggregateResult: true }, (error, result) => (error ? reject(error) : resolve(result)));
    if (onResponse) instance.on('response', onResponse);
  });
}

/** p50/p95/p99 from autocannon's encoded latency histograms (merged). */
function histogramFigures(encoded) {
  const merged = hdr.build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 10000, numberOfSignificantValueDigits: 5 });
  for (const one of encoded) if (one) merged.add(hdr.decodeFromCompressedBase64(one));
  const figures = merged.totalCount
    ? { p50: merged.getValueAtPercentile(50), p95: merged.getValueAtPercentile(95), p99: merged.getValueAtPercentile(99), max: merged.maxValue }
    : { p50: null, p95: null, p99: null, max: null };
  merged.destroy();
  return figures;
}

/** Sums the raw (non-aggregated) results of several autocannon instances. */
function combine(results, latencies, seconds) {
  const sum = (key) => results.reduce((total, result) => total + (result[key] ?? 0), 0);
  const statusCodes = {};
  for (const result of results) {
    for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (statusCodes[code] ?? 0) + count;
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
  };
}

/**
 * A closed-loop scenario: `connections` connections each send the next request as soon as
 * the previous answered, for `warmup` (not counted) then `duration` seconds.
 * `requests`: autocannon request objects (setupRequest may vary user and ids per request).
 */
async function closedLoop({ url, requests, setupClient, connections, duration, warmup }) {
  const base = { url, connections, requests, timeout: 30, ...(setupClient ? { setupClient } : {}) };
  if (warmup > 0) await runInstance({ ...base, duration: warmup });
  const latencies = [];
  const started = Date.now();
  const result = await runInstance({ ...base, duration }, (_client, _status, _bytes, ms) => latencies.push(ms));
  return combine([result], latencies, (Date.now() - started) / 1000);
}

/**
 * The fixed-rate run: `rate` requests/s in total. autocannon paces each connection to
 * rate/connections per second but sends each second's quota back to back at the start of
 * the second, so instances are started staggered across the second (`groups` of
 * connections, 1000/groups ms apart) to spread arrivals evenly instead of one burst.
 * `makeRequests(first, count)` gives a group's request list and per-connection set-up.
 */
async function fixedRate({ url, rate, duration, connections, groups, makeRequests }) {
  const perGroup = Math.ceil(connections / groups);
  const latencies = [];
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
  return combine(results, latencies, seconds);
}

module.exports = { closedLoop, fixedRate, sleep };
