/*
 * The check that budgets' rollups of stopped entries (budgets/project-rollups.ts; kept by the
 * triggers of the ProjectRollups migration) equal the live entries. It reads `time_entries`,
 * so it lives with the table's owner. For tests and the bulk seed's invariant checks.
 */

/** Each rollup as a GROUP BY over the live entries: what the rollup must equal, key for key. */
const LIVE_EQUIVALENTS: Array<{ table: string; keys: string[]; live: string; sums: string[] }> = [
  {
    table: 'project_cost_days',
    keys: ['project_id', 'day'],
    live: `SELECT project_id, (end_time AT TIME ZONE 'UTC')::date AS day, sum(total_cost) AS cost, count(*) AS entries`,
    sums: ['cost', 'entries'],
  },
  {
    table: 'project_hour_totals',
    keys: ['project_id', 'hour'],
    live: `SELECT project_id, date_trunc('hour', start_time, 'UTC') AS hour, count(*) AS entries, sum(duration_seconds) AS seconds, sum(total_cost) AS cost`,
    sums: ['entries', 'seconds', 'cost'],
  },
  {
    table: 'project_user_days',
    keys: ['project_id', 'user_id', 'day'],
    live: `SELECT project_id, user_id, (start_time AT TIME ZONE 'UTC')::date AS day, count(*) AS entries, sum(duration_seconds) AS seconds,
                  sum(total_cost) AS cost, count(*) FILTER (WHERE is_billable) AS billable_entries,
                  coalesce(sum(duration_seconds) FILTER (WHERE is_billable), 0) AS billable_seconds,
                  coalesce(sum(total_cost) FILTER (WHERE is_billable), 0) AS billable_cost`,
    sums: ['entries', 'seconds', 'cost', 'billable_entries', 'billable_seconds', 'billable_cost'],
  },
  {
    table: 'project_task_days',
    keys: ['project_id', 'task_id', 'day'],
    live: `SELECT project_id, task_id, (start_time AT TIME ZONE 'UTC')::date AS day, count(*) AS entries, sum(duration_seconds) AS seconds, sum(total_cost) AS cost`,
    sums: ['entries', 'seconds', 'cost'],
  },
];

/**
 * One row per rollup: how many keys differ from live aggregation of time_entries (in either
 * direction: missing, extra or different sums). All zero when the rollups are exact. For
 * tests and the bulk seed's invariant checks; it reads every stopped entry.
 */
export const ROLLUP_DRIFT_SQL = LIVE_EQUIVALENTS.map(({ table, keys, live, sums }) => {
  const cols = [...keys, ...sums];
  const rollup = `SELECT ${keys.join(', ')}, ${sums.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM ${table} GROUP BY ${keys.join(', ')}
                   HAVING ${sums.map((c) => `sum(${c}) <> 0`).join(' OR ')}`;
  const liveRows = `${live} FROM time_entries WHERE status = 'stopped' AND project_id IS NOT NULL GROUP BY ${keys.join(', ')}`;
  return `SELECT '${table}' AS rollup, (SELECT count(*)::int FROM (
            (SELECT ${cols.join(', ')} FROM (${rollup}) r EXCEPT ALL SELECT ${cols.join(', ')} FROM (${liveRows}) l)
            UNION ALL
            (SELECT ${cols.join(', ')} FROM (${liveRows}) l EXCEPT ALL SELECT ${cols.join(', ')} FROM (${rollup}) r)) d) AS differing_keys,
          (SELECT count(*)::int FROM ${table}) AS stored_rows`;
}).join('\nUNION ALL\n');
