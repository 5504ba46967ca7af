// @ts-check
// The CSV report measurement: one streamed export of the largest report (a project's or a
// user's year) from a freshly started API process, timing rows/s and sampling the API
// process's resident memory every 20 ms.
const { withClient } = require('./fixtures');
const { addDays } = require('./scenarios');

/**
 * The subject and year with the most stopped entries (a report spans at most 366 days).
 * @param {string} databaseUrl
 * @param {string} lastDay YYYY-MM-DD
 * @returns {Promise<{ type: string, id: string, entries: number, start: string, end: string }>}
 */
async function largestReport(databaseUrl, lastDay) {
  const start = addDays(lastDay, -365);
  return withClient(databaseUrl, async (client) => {
    /** @param {string} column */
    const pick = async (column) =>
      (
        await client.query(
          `SELECT ${column} AS id, count(*)::int AS entries FROM time_entries
            WHERE status = 'stopped' AND start_time >= $1::date - 1 AND start_time < $2::date + 2 AND ${column} IS NOT NULL
            GROUP BY ${column} ORDER BY entries DESC LIMIT 1`,
          [start, lastDay],
        )
      ).rows[0];
    const project = await pick('project_id');
    const user = await pick('user_id');
    const best = (project?.entries ?? 0) >= (user?.entries ?? 0) ? { type: 'projects', ...project } : { type: 'users', ...user };
    return { ...best, start, end: lastDay };
  });
}

/**
 * @param {{ api: { url: string, rss: () => number | null }, token: string, report: { type: string, id: string, entries: number, start: string, end: string } }} options
 */
async function measureCsv({ api, token, report }) {
  const baseline = api.rss() ?? 0;
  let peak = baseline;
  const sampler = setInterval(() => {
    const rss = api.rss();
    if (rss) peak = Math.max(peak, rss);
  }, 20);
  const began = process.hrtime.bigint();
  try {
    const response = await fetch(`${api.url}/api/v1/reports/${report.type}/${report.id}?start=${report.start}&end=${report.end}&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`the CSV export answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    /** @type {number | null} */
    let firstByteMs = null;
    let bytes = 0;
    let lines = 0;
    for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
      if (firstByteMs === null) firstByteMs = Number(process.hrtime.bigint() - began) / 1e6;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
    }
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    // Header plus the Total / Billable / Non-billable records (the seeded texts have no line breaks).
    const rows = lines - 4;
    /** @param {number} value */
    const mb = (value) => Math.round((value / 2 ** 20) * 10) / 10;
    return {
      subject: `${report.type.replace(/s$/, '')} ${report.id}`,
      range: `${report.start}..${report.end}`,
      rows,
      expected_entries: report.entries,
      bytes,
      seconds: Math.round(seconds * 100) / 100,
      rows_per_second: Math.round(rows / seconds),
      first_byte_ms: firstByteMs === null ? null : Math.round(firstByteMs),
      api_rss_baseline_mb: mb(baseline),
      api_rss_peak_mb: mb(peak),
      api_rss_added_mb: mb(peak - baseline),
    };
  } finally {
    clearInterval(sampler);
  }
}

module.exports = { largestReport, measureCsv };
