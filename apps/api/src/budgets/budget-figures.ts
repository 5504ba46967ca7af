import type { BudgetOverviewRow, BudgetStatus, ProjectBudgetProgressResponse, ProjectBudgetResponse } from '@stint/contracts';
import { Money, shownMoney } from '../common/money';
import { BURN_WINDOW_DAYS, burnRatePerDay, forecastRunOut, localDate, shownPercent, utcDate } from './budget-math';
import type { TimeTrackingSettings } from '../settings/entities/time-tracking-settings.entity';

/** A budget with everything its answers show, as budgetFiguresSql selects it (NUMERIC arrives as exact strings). */
export interface BudgetFigureRow {
  id: string;
  project_id: string;
  project_name: string;
  project_key: string;
  project_archived: boolean;
  currency: string;
  total_budget: string;
  allocated_budget: string | null;
  total_cost: string;
  alert_threshold: string;
  critical_threshold: string;
  is_locked: boolean;
  start_date: string | null;
  end_date: string | null;
  created_at: Date;
  updated_at: Date;
  status: BudgetStatus;
  open_alerts: number;
  window_cost: string;
  exceeded_at: Date | null;
  tracking_enabled: boolean;
  alerts_enabled: boolean;
}

/** The settings budgetFiguresSql reports beside each budget. */
export type BudgetFlags = Pick<TimeTrackingSettings, 'enableBudgetTracking' | 'enableBudgetAlerts'>;

/** Parameters of budgetFiguresSql, in order: $1 now, $2 start of the burn window, $3 today (UTC date), $4 tracking on, $5 alerts on. */
export function figureParams(now: Date, flags: BudgetFlags): [Date, Date, string, boolean, boolean] {
  return [now, new Date(now.getTime() - BURN_WINDOW_DAYS * 86_400_000), utcDate(now), flags.enableBudgetTracking, flags.enableBudgetAlerts];
}

/**
 * Every budget with its project, live status, open alerts, the burn window's cost and —
 * once exceeded — when the stopped entries' running sum (by end_time, id) reached the budget.
 * One statement for one budget or the whole dashboard (subqueries per row, no N+1). The
 * status is computed here, not read from the stored column, so a planning budget whose
 * start date has come is `active` without any job having run.
 *
 * Both sums read the per-day rollup (project_cost_days: the project's stopped entries' cost
 * per UTC day of end_time, kept exact by triggers) for whole days and the entries only for
 * the part days; the answers are the same as summing the entries (see
 * test/budget-rollup-figures.int-spec.ts). Window: whole days strictly after $2's day and
 * before today, plus the entries of $2's day after $2 and of today up to $1. Exceeded at:
 * the first day whose running sum reaches the budget, then that day's entries in order.
 * `stopped` is the entries' owner's derived table of a project's stopped entries
 * (ProjectEntryCosts.stoppedEntriesSql): budgets never names the entries' table.
 */
export const budgetFiguresSql = (stopped: (project: string) => string) => `
  SELECT b.id, b.project_id, p.name AS project_name, p.key AS project_key, p.archived_at IS NOT NULL AS project_archived,
         b.currency, b.total_budget, b.allocated_budget, b.total_cost, b.alert_threshold, b.critical_threshold, b.is_locked,
         to_char(b.start_date, 'YYYY-MM-DD') AS start_date, to_char(b.end_date, 'YYYY-MM-DD') AS end_date,
         b.created_at, b.updated_at,
         CASE WHEN b.total_cost >= b.total_budget THEN 'exceeded'
              WHEN b.start_date > $3::date THEN 'planning'
              ELSE 'active' END AS status,
         (SELECT count(*)::int FROM budget_alerts a WHERE a.project_budget_id = b.id AND NOT a.is_acknowledged) AS open_alerts,
         (SELECT coalesce(sum(r.cost), 0) FROM project_cost_days r
           WHERE r.project_id = b.project_id AND r.day > ($2::timestamptz AT TIME ZONE 'UTC')::date AND r.day < $3::date)
         + (SELECT coalesce(sum(te.total_cost), 0) FROM ${stopped('b.project_id')} te
             WHERE te.end_time > $2 AND te.end_time <= $1
               AND te.end_time < (($2::timestamptz AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')
         + (SELECT coalesce(sum(te.total_cost), 0) FROM ${stopped('b.project_id')} te
             WHERE te.end_time <= $1
               AND te.end_time >= greatest($3::date, ($2::timestamptz AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC') AS window_cost,
         CASE WHEN b.total_cost >= b.total_budget THEN (
           SELECT x.end_time FROM (
             SELECT d.day, d.reached - d.cost AS before FROM (
               SELECT r.day, sum(r.cost) AS cost, sum(sum(r.cost)) OVER (ORDER BY r.day) AS reached
                 FROM project_cost_days r WHERE r.project_id = b.project_id GROUP BY r.day) d
              WHERE d.reached >= b.total_budget ORDER BY d.day LIMIT 1) c
           CROSS JOIN LATERAL (
             SELECT w.end_time FROM (
               SELECT te.end_time, c.before + sum(te.total_cost) OVER (ORDER BY te.end_time, te.id) AS reached
                 FROM ${stopped('b.project_id')} te
                WHERE te.end_time >= c.day::timestamp AT TIME ZONE 'UTC' AND te.end_time < (c.day + 1)::timestamp AT TIME ZONE 'UTC'
                ORDER BY te.end_time, te.id) w
              WHERE w.reached >= b.total_budget LIMIT 1) x) END AS exceeded_at,
         $4::boolean AS tracking_enabled, $5::boolean AS alerts_enabled
    FROM project_budgets b
    JOIN projects p ON p.id = b.project_id`;

const percent = (value: string) => new Money(value).toNumber();

export function capReached(row: BudgetFigureRow): boolean {
  return row.tracking_enabled && row.is_locked && row.status === 'exceeded';
}

function forecastFigures(row: BudgetFigureRow, now: Date, timeZone: string) {
  const forecast = forecastRunOut(now, { totalBudget: row.total_budget, totalCost: row.total_cost }, row.window_cost);
  return {
    burn_rate_per_day: shownMoney(burnRatePerDay(row.window_cost)),
    forecast_date: forecast ? localDate(forecast, timeZone) : null,
    exceeded_on: row.exceeded_at ? localDate(row.exceeded_at, timeZone) : null,
  };
}

/**
 * What is left, from the figures as shown: total − the shown (rounded) cost, so the two add
 * up to the total on screen. Rounding the exact remainder on its own gave 856.93 + 143.08.
 */
export function shownRemaining(row: Pick<BudgetFigureRow, 'total_budget' | 'total_cost'>): string {
  return shownMoney(new Money(shownMoney(row.total_budget)).minus(shownMoney(row.total_cost)));
}

export function toBudgetResponse(row: BudgetFigureRow, now: Date, timeZone: string, active: { cost: string; count: number }): ProjectBudgetResponse {
  return {
    view: 'full',
    id: row.id,
    project_id: row.project_id,
    project_name: row.project_name,
    project_key: row.project_key,
    currency: row.currency,
    total_budget: shownMoney(row.total_budget),
    allocated_budget: row.allocated_budget === null ? null : shownMoney(row.allocated_budget),
    total_cost: shownMoney(row.total_cost),
    total_cost_exact: new Money(row.total_cost).toFixed(4),
    remaining: shownRemaining(row),
    percent_used: shownPercent(row.total_cost, row.total_budget),
    status: row.status,
    alert_threshold: percent(row.alert_threshold),
    critical_threshold: percent(row.critical_threshold),
    is_locked: row.is_locked,
    cap_reached: capReached(row),
    start_date: row.start_date,
    end_date: row.end_date,
    active_timers_cost: shownMoney(active.cost),
    active_timers: active.count,
    ...forecastFigures(row, now, timeZone),
    open_alerts: row.open_alerts,
    tracking_enabled: row.tracking_enabled,
    alerts_enabled: row.alerts_enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toBudgetProgress(row: BudgetFigureRow): ProjectBudgetProgressResponse {
  return {
    view: 'progress',
    project_id: row.project_id,
    percent_used: shownPercent(row.total_cost, row.total_budget),
    status: row.status,
    is_locked: row.is_locked,
    cap_reached: capReached(row),
    start_date: row.start_date,
    end_date: row.end_date,
  };
}

export function toOverviewRow(row: BudgetFigureRow, now: Date, timeZone: string): BudgetOverviewRow {
  return {
    project_id: row.project_id,
    project_name: row.project_name,
    project_key: row.project_key,
    project_archived: row.project_archived,
    budget_id: row.id,
    currency: row.currency,
    total_budget: shownMoney(row.total_budget),
    total_cost: shownMoney(row.total_cost),
    remaining: shownRemaining(row),
    percent_used: shownPercent(row.total_cost, row.total_budget),
    status: row.status,
    alert_threshold: percent(row.alert_threshold),
    critical_threshold: percent(row.critical_threshold),
    is_locked: row.is_locked,
    open_alerts: row.open_alerts,
    ...forecastFigures(row, now, timeZone),
    end_date: row.end_date,
  };
}
