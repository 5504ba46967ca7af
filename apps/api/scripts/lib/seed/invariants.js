// The invariants the live app keeps, checked on the seeded database. Money and budget
// rules come from the app's own compiled code (dist/common/money.js, dist/budgets/
// budget-math.js) where they are checked in JS; the checks over every row are SQL with
// exact numeric arithmetic.
const { requireDist } = require('./schema');

/** Runs every check; returns { checks: [{name, ok, figures}], ok }. */
async function checkInvariants(client, { nowMs, windowStartMs, rateSamplePercent = 100 }) {
  const { storedCost } = requireDist('common/money.js');
  const { budgetStatus, reachedLevels, utcDate } = requireDist('budgets/budget-math.js');
  const checks = [];
  const check = (name, ok, figures) => checks.push({ name, ok, figures });
  const one = async (sql, params = []) => (await client.query(sql, params)).rows[0];

  // 1. Budget totals = exact sum of their project's stopped entries (BudgetLedger).
  const budgets = await one(`
    SELECT count(*)::int AS budgets,
           count(*) FILTER (WHERE b.total_cost <> coalesce(s.cost, 0))::int AS mismatched,
           coalesce(sum(b.total_cost), 0)::text AS budget_total,
           coalesce(sum(s.cost), 0)::text AS entry_total
      FROM project_budgets b
      LEFT JOIN (SELECT project_id, sum(total_cost) AS cost FROM time_entries
                  WHERE status = 'stopped' AND project_id IS NOT NULL GROUP BY project_id) s ON s.project_id = b.project_id`);
  check("budget total_cost = sum of its project's stopped entry costs", budgets.mismatched === 0, budgets);

  // 2. Every stopped entry: duration on the timer's grid, cost = rate × duration rounded half-up to 4 places.
  const costs = await one(`
    SELECT count(*) FILTER (WHERE status = 'stopped')::int AS stopped,
           count(*) FILTER (WHERE status = 'stopped' AND duration_seconds <> floor(extract(epoch FROM end_time - start_time))::int - paused_seconds)::int AS bad_duration,
           count(*) FILTER (WHERE status = 'stopped' AND NOT (
             20000 * (rate_amount * duration_seconds - k.d * total_cost) >= -k.d AND
             20000 * (rate_amount * duration_seconds - k.d * total_cost) < k.d))::int AS bad_cost,
           count(*) FILTER (WHERE status <> 'stopped' AND total_cost <> 0)::int AS bad_active_cost,
           count(*) FILTER (WHERE paused_seconds > 0)::int AS with_pauses
      FROM time_entries,
           LATERAL (SELECT CASE rate_type WHEN 'hourly' THEN 3600 WHEN 'minutely' THEN 60 ELSE 1 END AS d) k`);
  check('entry cost = rate × running seconds (half-up, 4 places), duration = grid seconds − paused', costs.bad_duration + costs.bad_cost + costs.bad_active_cost === 0, costs);

  // 2b. The same on a sample, with the app's own storedCost.
  const { rows: sample } = await client.query(
    `SELECT duration_seconds, rate_type, rate_amount::text, total_cost::text FROM time_entries TABLESAMPLE SYSTEM (1) REPEATABLE (7)
      WHERE status = 'stopped' LIMIT 20000`,
  );
  const wrong = sample.filter((e) => storedCost(e.duration_seconds, e.rate_type, e.rate_amount) !== e.total_cost);
  check("entry cost = the app's storedCost (sample)", wrong.length === 0, { sampled: sample.length, mismatched: wrong.length });

  // 3. Snapshot = the rate effective on the start's day in the owner's zone; currency = the project's.
  const snapshots = await one(`
    SELECT count(*)::int AS checked,
           count(*) FILTER (WHERE r.id IS NULL OR r.rate_type <> te.rate_type OR r.rate_amount <> te.rate_amount OR r.currency <> te.currency)::int AS wrong_rate,
           count(*) FILTER (WHERE p.id IS NOT NULL AND p.currency <> te.currency)::int AS wrong_currency
      FROM time_entries te TABLESAMPLE BERNOULLI (${Number(rateSamplePercent)}) REPEATABLE (11)
      JOIN users u ON u.id = te.user_id
      LEFT JOIN projects p ON p.id = te.project_id
      LEFT JOIN user_rates r ON r.user_id = te.user_id
       AND r.effective_from <= (te.start_time AT TIME ZONE u.timezone)::date
       AND (r.effective_until IS NULL OR r.effective_until > (te.start_time AT TIME ZONE u.timezone)::date)`);
  check(`entry rate = the user's rate effective on its local start day (${rateSamplePercent}% of entries)`, snapshots.wrong_rate + snapshots.wrong_currency === 0, snapshots);

  // 4. Active timers within the limit and its slots.
  const timers = await one(`
    SELECT s.max_concurrent_timers_per_user AS max_per_user,
           (SELECT count(*) FROM time_entries WHERE status = 'running')::int AS running,
           (SELECT count(*) FROM time_entries WHERE status = 'paused')::int AS paused,
           coalesce((SELECT max(n) FROM (SELECT count(*)::int AS n FROM time_entries WHERE status <> 'stopped' GROUP BY user_id) a), 0) AS most_per_user,
           (SELECT count(*) FROM time_entries WHERE status <> 'stopped' AND timer_slot >= s.max_concurrent_timers_per_user)::int AS outside_slots
      FROM time_tracking_settings s WHERE s.id = 1`);
  check('no user has more active timers than allowed', timers.most_per_user <= timers.max_per_user && timers.outside_slots === 0, timers);

  // 5. Task numbers unique per project and below next_task_number.
  const tasks = await one(`
    SELECT count(*)::int AS tasks,
           count(*) FILTER (WHERE t.project_id IS NULL)::int AS personal,
           count(*) FILTER (WHERE t.project_id IS NOT NULL AND (t.number < 1 OR t.number >= p.next_task_number))::int AS beyond_next,
           (SELECT count(*) FROM (SELECT 1 FROM tasks WHERE project_id IS NOT NULL GROUP BY project_id, number HAVING count(*) > 1) d)::int AS duplicates,
           (SELECT count(*) FROM projects pr WHERE pr.next_task_number <> 1 + (SELECT count(*) FROM tasks x WHERE x.project_id = pr.id))::int AS projects_with_gaps
      FROM tasks t LEFT JOIN projects p ON p.id = t.project_id`);
  check('task numbers unique and below next_task_number', tasks.beyond_next + tasks.duplicates === 0, tasks);

  // 6. Rate periods never overlap (and run on from one to the next).
  const rates = await one(`
    SELECT (SELECT count(*) FROM user_rates)::int AS rates,
           (SELECT count(*) FROM user_rates a JOIN user_rates b ON a.user_id = b.user_id AND a.id < b.id
             AND a.effective_from < coalesce(b.effective_until, 'infinity') AND b.effective_from < coalesce(a.effective_until, 'infinity'))::int AS overlapping,
           (SELECT count(*) FROM (SELECT effective_until, lead(effective_from) OVER (PARTITION BY user_id ORDER BY effective_from) AS next FROM user_rates) g
             WHERE g.effective_until IS DISTINCT FROM g.next)::int AS not_contiguous`);
  check('no overlapping rate periods', rates.overlapping + rates.not_contiguous === 0, rates);

  // 7. Budget status and alerts as budget-math defines them.
  const { rows: budgetRows } = await client.query(`
    SELECT b.id, b.total_budget::text, b.total_cost::text, b.alert_threshold::text, b.critical_threshold::text, b.status,
           b.start_date::text AS start_date,
           coalesce(array_agg(a.alert_type::text ORDER BY a.alert_type) FILTER (WHERE a.id IS NOT NULL), '{}') AS alerts,
           count(a.id) FILTER (WHERE a.is_acknowledged)::int AS acknowledged
      FROM project_budgets b LEFT JOIN budget_alerts a ON a.project_budget_id = b.id
     GROUP BY b.id`);
  const today = utcDate(new Date(nowMs));
  let wrongStatus = 0;
  let wrongAlerts = 0;
  const byStatus = {};
  for (const b of budgetRows) {
    const point = { totalBudget: b.total_budget, totalCost: b.total_cost, alertThreshold: b.alert_threshold, criticalThreshold: b.critical_threshold };
    if (budgetStatus(b.total_cost, b.total_budget, b.start_date, today) !== b.status) wrongStatus++;
    const expected = [...reachedLevels(point)].sort();
    if (expected.join() !== [...b.alerts].sort().join()) wrongAlerts++;
    byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
  }
  const alertTotals = await one(`SELECT count(*)::int AS alerts, count(*) FILTER (WHERE is_acknowledged)::int AS acknowledged,
      count(*) FILTER (WHERE cost_at_alert * 100 < threshold_percentage * (SELECT total_budget FROM project_budgets b WHERE b.id = project_budget_id))::int AS below_threshold
      FROM budget_alerts`);
  check('budget status and one alert per threshold reached (budget-math)', wrongStatus + wrongAlerts + alertTotals.below_threshold === 0, {
    budgets: budgetRows.length,
    ...byStatus,
    wrong_status: wrongStatus,
    wrong_alerts: wrongAlerts,
    ...alertTotals,
  });

  // 7b. The project rollups equal a live GROUP BY of the stopped entries.
  const { ROLLUP_DRIFT_SQL } = requireDist('time-tracking/entry-rollup-drift.js');
  const drift = (await client.query(ROLLUP_DRIFT_SQL)).rows;
  check(
    'project rollups = GROUP BY of the stopped entries',
    drift.every((r) => Number(r.differing_keys) === 0),
    Object.fromEntries(drift.map((r) => [r.rollup, r])),
  );

  // 8. Inside the two-year window, nothing in the future.
  const window = await one(
    `SELECT count(*) FILTER (WHERE start_time < $1 OR coalesce(end_time, start_time) > $2)::int AS outside,
            min(start_time) AS first_start, max(coalesce(end_time, start_time)) AS last_time
       FROM time_entries`,
    [new Date(windowStartMs), new Date(nowMs)],
  );
  check('entries inside the two-year window ending now', window.outside === 0, {
    outside: window.outside,
    first_start: window.first_start?.toISOString() ?? null,
    last_time: window.last_time?.toISOString() ?? null,
  });

  return { ok: checks.every((c) => c.ok), checks };
}

module.exports = { checkInvariants };
