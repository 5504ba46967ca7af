// Latency figures: exact percentiles over every recorded request (milliseconds).

/** The p-th percentile (nearest rank) of ascending `sorted`. */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (value, digits = 2) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** p50/p95/p99/max of `samples` (ms). */
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

module.exports = { percentile, latencySummary, round };
