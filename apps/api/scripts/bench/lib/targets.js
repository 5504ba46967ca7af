// @ts-check
// The issue's targets, checked against a results object: each row says the figure, the
// target, whether it is met and, when not, by how much it misses.

/**
 * @typedef {{ label: string, value: number | null, unit?: string, target: string, met: boolean | null, miss: string | null }} TargetRow
 */

/**
 * @param {number} value
 * @param {number} limit
 */
const pct = (value, limit) => `${Math.round((value / limit - 1) * 100)}%`;

/**
 * A "≤ limit" check: met, or missed by how much over.
 * @param {string} label
 * @param {number | null | undefined} value
 * @param {number} limit
 * @param {string} unit
 * @returns {TargetRow}
 */
function atMost(label, value, limit, unit) {
  if (value === null || value === undefined) return { label, value: null, target: `≤ ${limit} ${unit}`, met: null, miss: 'not measured' };
  return { label, value, unit, target: `≤ ${limit} ${unit}`, met: value <= limit, miss: value <= limit ? null : `${pct(value, limit)} over (${value} ${unit})` };
}

/**
 * @param {string} label
 * @param {number | null | undefined} value
 * @param {number} limit
 * @param {string} unit
 * @returns {TargetRow}
 */
function atLeast(label, value, limit, unit) {
  if (value === null || value === undefined) return { label, value: null, target: `≥ ${limit} ${unit}`, met: null, miss: 'not measured' };
  return {
    label,
    value,
    unit,
    target: `≥ ${limit} ${unit}`,
    met: value >= limit,
    miss: value >= limit ? null : `${Math.round((1 - value / limit) * 100)}% under (${value} ${unit})`,
  };
}

/**
 * @param {any} results the results object of run.js
 * @returns {TargetRow[]}
 */
function evaluate(results) {
  /** @type {TargetRow[]} */
  const rows = [];
  const fixed = results.fixed_rate;
  const s = results.scenarios ?? {};
  if (fixed && !fixed.error) {
    rows.push(atMost(`fixed ${fixed.target_rate.toLocaleString('en')} req/s mix: p95`, fixed.latency_ms.p95, 25, 'ms'));
    rows.push(atMost(`fixed ${fixed.target_rate.toLocaleString('en')} req/s mix: p99`, fixed.latency_ms.p99, 60, 'ms'));
    rows.push(atMost(`fixed ${fixed.target_rate.toLocaleString('en')} req/s mix: errors + non-2xx`, fixed.errors + fixed.non2xx + fixed.timeouts, 0, ''));
    rows.push(atLeast(`fixed ${fixed.target_rate.toLocaleString('en')} req/s mix: achieved rate`, fixed.rps, fixed.target_rate * 0.98, 'req/s'));
  } else rows.push({ label: 'fixed 1,000 req/s mix', value: null, target: 'p95 ≤ 25 ms, p99 ≤ 60 ms, 0 errors', met: null, miss: fixed?.error ?? 'not run' });
  for (const route of ['status', 'tasks']) {
    const c = results.comparison?.[route];
    const spread = c?.ratios?.length > 1 ? ` (mean of ${c.ratios.length} alternating pairs, ${c.ratio_min}–${c.ratio_max})` : '';
    rows.push(
      atLeast(`Stint ÷ bare Fastify + pg throughput, ${route === 'status' ? 'timer status' : 'task list'}${spread}`, c?.ratio ?? null, route === 'status' ? 0.85 : 0.8, '×'),
    );
  }
  // Latency targets: the time one person waits (the latency pass); the same figure under
  // concurrent load (the closed-loop run) is shown beside it, as capacity, not as the target.
  /**
   * @param {string} name
   * @param {string} label
   * @param {number} limit
   */
  const waits = (name, label, limit) => {
    const r = s[name];
    const single = r?.latency_pass;
    rows.push(atMost(`${label}: p95, ${single ? `${single.connections} connection` : `${r?.connections ?? '?'} connections`}`, (single ?? r)?.latency_ms?.p95, limit, 'ms'));
    if (single && r?.latency_ms)
      rows.push({
        label: `${label}: p95 at ${r.connections} connections (capacity ${r.rps} req/s)`,
        value: r.latency_ms.p95,
        unit: 'ms',
        target: 'for information',
        met: null,
        miss: null,
      });
  };
  waits('dashboard-uncached', 'dashboard, a year, uncached', 50);
  waits('budgets', 'org-wide budgets dashboard, uncached', 150);
  waits('project-statistics', 'project statistics, uncached', 150);
  const memory = results.memory;
  if (memory) {
    rows.push(atMost('API RSS after the scenarios and the fixed-rate mix', memory.api_rss_after_load_mb, 400, 'MB'));
    rows.push({ label: 'API RSS, peak under load', value: memory.api_rss_peak_mb, unit: 'MB', target: 'for information', met: null, miss: null });
    rows.push(atMost(`API RSS after ${memory.idle_s} s idle`, memory.api_rss_idle_mb, 250, 'MB'));
  }
  const csv = results.csv;
  rows.push(atLeast(`CSV report, the bulk data's largest (${csv?.rows?.toLocaleString('en') ?? '?'} rows): rows/s`, csv?.rows_per_second, 50_000, 'rows/s'));
  rows.push(atMost("CSV report, the bulk data's largest: API peak RSS", csv?.api_rss_peak_mb, 256, 'MB'));
  const big = results.external?.csv;
  if (big && !big.error) {
    rows.push(atLeast(`CSV report of ${big.rows.toLocaleString('en')} rows (bench-csv.js): rows/s`, big.rows_per_second, 50_000, 'rows/s'));
    rows.push(atMost(`CSV report of ${big.rows.toLocaleString('en')} rows: peak RSS (API and reader in one process)`, big.rss_peak_mb, 256, 'MB'));
    if (big.rows < 1_000_000) rows.push({ label: 'CSV report of ≥ 1M rows', value: big.rows, target: '≥ 1,000,000 rows', met: false, miss: `${big.rows} rows` });
  } else rows.push({ label: 'CSV report of 1M rows (bench-csv.js)', value: null, target: '≥ 50k rows/s, RSS ≤ 256 MB', met: null, miss: big?.error ?? 'not run' });
  const streams = results.external?.streams;
  if (streams && !streams.error) {
    rows.push(atLeast('live sync: concurrent timer streams', streams.streams, 10_000, 'streams'));
    rows.push(atMost('live sync: added RSS', streams.added_rss_mb, 500, 'MB'));
    rows.push(atMost('live sync: delivery p99', streams.delivery_ms?.p99, 1000, 'ms'));
  } else rows.push({ label: 'live sync (streams.js)', value: null, target: '10,000 streams, ≤ 500 MB, p99 ≤ 1 s', met: null, miss: streams?.error ?? 'not run' });
  rows.push(atMost('web first load, JavaScript gzipped', results.web?.gzip_kb, 250, 'KB'));
  return rows;
}

module.exports = { evaluate };
