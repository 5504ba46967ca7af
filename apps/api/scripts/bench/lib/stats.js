// @ts-check
// Latency figures: exact percentiles over every recorded request (milliseconds), and the
// summary of the Stint/bare comparison's alternating pairs.

/**
 * The p-th percentile (nearest rank) of ascending `sorted`.
 * @param {ArrayLike<number>} sorted
 * @param {number} p
 * @returns {number | null}
 */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * @param {number | null | undefined} value
 * @param {number} [digits]
 * @returns {number | null}
 */
const round = (value, digits = 2) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * p50/p95/p99/max of `samples` (ms).
 * @param {number[]} samples
 */
function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

/** @param {number[]} values */
const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/**
 * The comparison of alternating runs: pair k is (stint[k], bare[k]), run back to back.
 * `ratio` is the mean of the pair ratios (Stint req/s ÷ bare req/s), `ratio_min`/`ratio_max`
 * and `ratio_stdev` their spread; CPU per request is the mean over the runs.
 * @param {import('./load').Figures[]} stint
 * @param {import('./load').Figures[]} bare
 */
function compareSummary(stint, bare) {
  const ratios = stint.map((s, k) => (bare[k]?.rps && s.rps !== null ? /** @type {number} */ (s.rps) / /** @type {number} */ (bare[k].rps) : null)).filter((r) => r !== null);
  const m = mean(ratios);
  const stdev = m === null || ratios.length < 2 ? null : Math.sqrt(ratios.reduce((sum, r) => sum + (r - m) ** 2, 0) / (ratios.length - 1));
  /** @param {import('./load').Figures[]} runs */
  const cpu = (runs) =>
    round(
      mean(
        runs
          .map((r) => r.cpu_ms_per_request)
          .filter((c) => c !== null && c !== undefined)
          .map(Number),
      ),
      3,
    );
  /** @param {import('./load').Figures[]} runs */
  const rps = (runs) => round(mean(runs.map((r) => r.rps ?? 0)), 1);
  return {
    pairs: ratios.length,
    ratio: round(m),
    ratios: ratios.map((r) => round(r)),
    ratio_min: round(ratios.length ? Math.min(...ratios) : null),
    ratio_max: round(ratios.length ? Math.max(...ratios) : null),
    ratio_stdev: round(stdev, 3),
    stint_rps: rps(stint),
    bare_rps: rps(bare),
    stint_cpu_ms_per_request: cpu(stint),
    bare_cpu_ms_per_request: cpu(bare),
    load_average: [...stint, ...bare].map((r) => r.load_average.start[0]),
    runs: stint.map((s, k) => ({ stint: s, bare: bare[k] })),
  };
}

module.exports = { percentile, latencySummary, round, mean, compareSummary };
