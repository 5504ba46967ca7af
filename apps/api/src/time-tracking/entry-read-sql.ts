/**
 * The time-entry SQL that other features' read models build on (analytics, reports, the
 * privacy export): time tracking owns `time_entries`, so how an entry's running time and
 * window are read from its columns is written here, once, next to the code that writes them.
 * `te` is the entry's alias; placeholders are passed in so each statement numbers its own.
 */

/** End of the entry's wall-clock window: the end once stopped, the pause start while paused, now (never before the start) while running. */
export const entryWallEndSql = (te: string, now: string) =>
  `(CASE ${te}.status WHEN 'stopped' THEN ${te}.end_time WHEN 'paused' THEN ${te}.paused_at ELSE greatest(${now}, ${te}.start_time) END)`;

/**
 * Running seconds: duration_seconds once stopped; for an active entry the whole seconds
 * from start to now (or to the pause) minus paused_seconds — as the timer counts them.
 */
export const entryRunningSecondsSql = (te: string, now: string) =>
  `(CASE ${te}.status WHEN 'stopped' THEN ${te}.duration_seconds
     ELSE greatest(0, floor(extract(epoch FROM (CASE ${te}.status WHEN 'paused' THEN ${te}.paused_at ELSE ${now} END) - ${te}.start_time))::int - ${te}.paused_seconds) END)`;

/**
 * The entries matching `where` (on alias `te`) that start before `before`, each as a span:
 * id, user_id, project_id, task_id, is_billable, currency, cost (the stored total), s (start),
 * e (wall-clock end) and running (seconds).
 */
export const entrySpansSql = (where: string, now: string, before: string) => `
  SELECT te.id, te.user_id, te.project_id, te.task_id, te.is_billable, te.currency, te.total_cost AS cost,
         te.start_time AS s, ${entryWallEndSql('te', now)} AS e, ${entryRunningSecondsSql('te', now)} AS running
    FROM time_entries te
   WHERE ${where}
     AND te.start_time < ${before}`;

/**
 * Stopped entries matching `where` whose window [start, end) meets [from, to), as spans with
 * their description: s, e, running (duration_seconds) and w (wall seconds).
 */
export const stoppedEntrySpansSql = (where: string, from: string, to: string) => `
  SELECT te.id, te.user_id, te.project_id, te.task_id, te.description, te.is_billable, te.currency,
         te.total_cost AS cost, te.start_time AS s, te.end_time AS e, te.duration_seconds AS running,
         extract(epoch FROM te.end_time - te.start_time) AS w
    FROM time_entries te
   WHERE ${where} AND te.status = 'stopped'
     AND te.start_time < ${to} AND te.end_time > ${from}`;

/**
 * A task's stopped seconds (null when none) as a scalar subquery on `task` (an SQL
 * expression), for the task list's single statement (registered with tasks' TaskEntryReads).
 * Served by idx_time_entries_task_stopped (migration TaskTrackedTimeIndex).
 */
export const taskTrackedSecondsSql = (task: string) => `(SELECT sum(te.duration_seconds) FROM time_entries te
                          WHERE te.task_id = ${task} AND te.status = 'stopped')`;

/**
 * A derived table of one project's stopped entries (`project`: a placeholder or an outer
 * column), for budgets' read models (registered with budgets' ProjectEntryCosts). A plain
 * subquery, so the planner pulls it up: the plans are those of reading the table directly.
 */
export const projectStoppedEntriesSql = (project: string) => `
  (SELECT se.id, se.user_id, se.project_id, se.task_id, se.start_time, se.end_time, se.duration_seconds,
          se.total_cost, se.currency, se.is_billable
     FROM time_entries se WHERE se.project_id = ${project} AND se.status = 'stopped')`;

/** Per `key` (user_id or task_id; entries without one left out): how many entries and their running seconds at `now`. */
export const entryTotalsSql = (key: 'user_id' | 'task_id', now: string) => `
  SELECT te.${key}, count(*)::int AS entries, sum(${entryRunningSecondsSql('te', now)})::bigint AS seconds
    FROM time_entries te WHERE te.${key} IS NOT NULL GROUP BY te.${key}`;

/** A user's entries for the privacy export, one JSON document each (`doc`, as text), in start order; `$1` is the user. */
export const entryExportSql = (iso: (column: string) => string) => `
  SELECT json_build_object(
           'id', te.id, 'task_id', te.task_id, 'project_id', te.project_id, 'status', te.status,
           'start_time', ${iso('te.start_time')}, 'end_time', ${iso('te.end_time')}, 'paused_at', ${iso('te.paused_at')},
           'paused_seconds', te.paused_seconds, 'duration_seconds', te.duration_seconds, 'description', te.description,
           'rate_type', te.rate_type, 'rate_amount', te.rate_amount::text, 'currency', te.currency,
           'total_cost', te.total_cost::text, 'is_billable', te.is_billable, 'stop_reason', te.stop_reason,
           'last_heartbeat', ${iso('te.last_heartbeat')}, 'created_at', ${iso('te.created_at')}, 'updated_at', ${iso('te.updated_at')})::text AS doc
    FROM time_entries te WHERE te.user_id = $1 ORDER BY te.start_time, te.id`;
