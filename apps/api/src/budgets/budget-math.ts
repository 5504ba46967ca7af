import Decimal from 'decimal.js';
import type { BudgetAlertType, BudgetStatus, RateType } from '../common/enums';
import { Money, storedCost, sumMoney } from '../common/money';

/**
 * Budget arithmetic, free of I/O: percent used, threshold crossings, status, burn rate,
 * forecast and the cap's stop moment. Every comparison is exact decimal arithmetic on the
 * stored values; only what is shown is rounded.
 */

export const BURN_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;
/** budget_alerts.actual_percentage is DECIMAL(9,2). */
export const PERCENT_MAX = new Money('9999999.99');
/** The latest instant a JS Date (and an ISO date) can carry usefully: 9999-12-31T23:59:59.999Z. */
const LATEST_MS = 253_402_300_799_999;

export interface BudgetLevels {
  totalBudget: Decimal.Value;
  alertThreshold: Decimal.Value;
  criticalThreshold: Decimal.Value;
}

/** A budget and its cost at one moment. */
export interface BudgetPoint extends BudgetLevels {
  totalCost: Decimal.Value;
}

/** The three alert levels, lowest first: warning at alert_threshold %, critical at critical_threshold %, exceeded at 100 %. */
export function alertLevels(levels: BudgetLevels): Array<{ type: BudgetAlertType; percent: Decimal }> {
  return [
    { type: 'warning', percent: new Money(levels.alertThreshold) },
    { type: 'critical', percent: new Money(levels.criticalThreshold) },
    { type: 'exceeded', percent: new Money(100) },
  ];
}

/** Whether `cost` is at least `percent` % of `budget`, compared exactly (cost × 100 ≥ percent × budget). */
export function hasReached(cost: Decimal.Value, budget: Decimal.Value, percent: Decimal.Value): boolean {
  return new Money(cost).times(100).gte(new Money(percent).times(budget));
}

/** Exact percent used. A zero budget (the API refuses one; the schema allows it) counts as used up. */
export function percentUsed(cost: Decimal.Value, budget: Decimal.Value): Decimal {
  const total = new Money(budget);
  const spent = new Money(cost);
  if (total.lte(0)) return spent.gt(0) ? PERCENT_MAX : new Money(100);
  return Decimal.min(spent.times(100).dividedBy(total), PERCENT_MAX);
}

/**
 * Percent as shown and stored: 2 decimals rounded *down*, so a shown value reaches a
 * threshold (2 decimals at most) exactly when the exact value does — 99.999 % shows 99.99,
 * never a 100.00 next to the status `active`.
 */
export function shownPercent(cost: Decimal.Value, budget: Decimal.Value): number {
  return percentUsed(cost, budget).toDecimalPlaces(2, Decimal.ROUND_DOWN).toNumber();
}

/** The alert levels `point` has reached. */
export function reachedLevels(point: BudgetPoint): Set<BudgetAlertType> {
  const reached = new Set<BudgetAlertType>();
  for (const level of alertLevels(point)) if (hasReached(point.totalCost, point.totalBudget, level.percent)) reached.add(level.type);
  return reached;
}

/**
 * Levels crossed upward from `before` to `after`: reached now, not reached before. A level
 * is "armed" while usage is below it, so each fires once per crossing, a fall back under it
 * re-arms it, and one change jumping several levels crosses each. `before` and `after` may
 * differ in cost, budget or thresholds alike; `before` null is a budget just created
 * (everything armed).
 */
export function crossedLevels(before: BudgetPoint | null, after: BudgetPoint): BudgetAlertType[] {
  const was = before ? reachedLevels(before) : new Set<BudgetAlertType>();
  const now = reachedLevels(after);
  return alertLevels(after)
    .map((level) => level.type)
    .filter((type) => now.has(type) && !was.has(type));
}

/** The threshold percent of an alert level for these levels. */
export function levelPercent(levels: BudgetLevels, type: BudgetAlertType): Decimal {
  return alertLevels(levels).find((level) => level.type === type)!.percent;
}

/**
 * `exceeded` once the cost reaches the budget, whatever the dates (money already spent
 * counts); otherwise `planning` before `start_date` (UTC date) and `active` from it on.
 */
export function budgetStatus(cost: Decimal.Value, budget: Decimal.Value, startDate: string | null, today: string): BudgetStatus {
  if (hasReached(cost, budget, 100)) return 'exceeded';
  if (startDate && today < startDate) return 'planning';
  return 'active';
}

/** The UTC calendar date of an instant (YYYY-MM-DD), the day budget statuses are judged by. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The calendar date of an instant in an IANA time zone (YYYY-MM-DD). */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Cost per day: the window's stopped-entry cost divided by the window's days (exact). */
export function burnRatePerDay(windowCost: Decimal.Value, windowDays = BURN_WINDOW_DAYS): Decimal {
  return new Money(windowCost).dividedBy(windowDays);
}

/**
 * The moment the budget runs out at the burn rate: now + remaining / (cost per day) days,
 * rounded up to the millisecond. Null when already used up (see `exceeded_on`), when
 * nothing was spent in the window, or when it lies beyond year 9999.
 */
export function forecastRunOut(now: Date, point: Pick<BudgetPoint, 'totalBudget' | 'totalCost'>, windowCost: Decimal.Value, windowDays = BURN_WINDOW_DAYS): Date | null {
  const remaining = new Money(point.totalBudget).minus(point.totalCost);
  const spent = new Money(windowCost);
  if (remaining.lte(0) || spent.lte(0)) return null;
  const ms = remaining.times(windowDays).times(DAY_MS).dividedBy(spent).ceil();
  const at = ms.plus(now.getTime());
  if (at.gt(LATEST_MS)) return null;
  return new Date(at.toNumber());
}

/* ------------------------------------------------------------------ the cap */

/** An active timer as the budget cap sees it: its grid, pauses and snapshot rate. */
export interface AccruingTimer {
  id: string;
  status: 'running' | 'paused';
  startTime: Date;
  pausedAt: Date | null;
  pausedSeconds: number;
  rateType: RateType;
  rateAmount: string;
}

/** A timer row as the cap queries select it (snake_case columns), as budget math reads it. */
export interface AccruingTimerRow {
  id: string;
  status: 'running' | 'paused';
  start_time: Date;
  paused_at: Date | null;
  paused_seconds: number;
  rate_type: RateType;
  rate_amount: string;
}

export function toAccruingTimer(row: AccruingTimerRow): AccruingTimer {
  return {
    id: row.id,
    status: row.status,
    startTime: row.start_time,
    pausedAt: row.paused_at,
    pausedSeconds: row.paused_seconds,
    rateType: row.rate_type,
    rateAmount: row.rate_amount,
  };
}

/**
 * Running seconds of an active timer at `at` on its one-second grid anchored at the start
 * (the timer module's rule: floor((t − start) / 1 s) − paused seconds; a paused timer stops
 * accruing at its pause). Earlier moments assume the pauses so far came first, as the
 * timer module's stop-at-cap does.
 */
export function runningSecondsAt(timer: AccruingTimer, at: Date): number {
  const until = timer.status === 'paused' && timer.pausedAt && timer.pausedAt < at ? timer.pausedAt : at;
  const grid = Math.max(0, Math.floor((until.getTime() - timer.startTime.getTime()) / 1000));
  return Math.max(0, grid - timer.pausedSeconds);
}

/** What the timer has cost so far, as it would be stored if stopped at `at`. */
export function accruedCost(timer: AccruingTimer, at: Date): string {
  return storedCost(runningSecondsAt(timer, at), timer.rateType, timer.rateAmount);
}

/** A timer stopped by the cap: the fields of the timer module's StoppedTimer, plus its cost. */
export interface CapStop {
  timeLogId: string;
  endTime: Date;
  pausedSeconds: number;
  durationSeconds: number;
  /** storedCost of durationSeconds at the snapshot rate (4 decimals). */
  cost: string;
}

/** How far back a cap stop may be placed before the moment the job looked (see capStops). */
export const CAP_LOOKBACK_SECONDS = 60;

/**
 * The hard cap for one project: its active timers share the remaining budget. When their
 * combined cost so far reaches it, all of them stop at the first millisecond the combined
 * cost reached it — but never more than `lookbackSeconds` before `now`, so a budget used
 * up by something else (a manual entry, a stop elsewhere) never erases hours of tracked
 * work: those timers stop at most a minute back. Null while under the remaining budget.
 */
export function capStops(timers: AccruingTimer[], remaining: Decimal.Value, now: Date, lookbackSeconds = CAP_LOOKBACK_SECONDS): CapStop[] | null {
  if (!timers.length) return null;
  const limit = new Money(remaining);
  const combined = (at: Date) => sumMoney(timers.map((timer) => accruedCost(timer, at)));
  if (combined(now).lt(limit)) return null;
  // Combined cost never decreases with time: binary-search the earliest millisecond in the window.
  let low = now.getTime() - lookbackSeconds * 1000;
  let high = now.getTime();
  if (combined(new Date(low)).gte(limit)) high = low;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (combined(new Date(middle)).gte(limit)) high = middle;
    else low = middle;
  }
  const at = new Date(high);
  return timers.map((timer) => {
    const durationSeconds = runningSecondsAt(timer, at);
    const onGrid = timer.startTime.getTime() + (timer.pausedSeconds + durationSeconds) * 1000;
    // The schema wants end > start; a timer with nothing counted yet ends 1 ms after its start.
    const endTime = new Date(Math.max(onGrid, timer.startTime.getTime() + 1));
    return { timeLogId: timer.id, endTime, pausedSeconds: timer.pausedSeconds, durationSeconds, cost: storedCost(durationSeconds, timer.rateType, timer.rateAmount) };
  });
}

/**
 * The first millisecond in [from, until] at which the timers' combined cost reaches
 * `remaining` (what the budget has left), or null if it doesn't in that window: when the cap
 * job must run to stop them exactly at the cap (time-tracking/cap-schedule.ts). At or before
 * `from` already: `from`.
 */
export function capReachedAt(timers: AccruingTimer[], remaining: Decimal.Value, from: Date, until: Date): Date | null {
  if (!timers.length) return null;
  const limit = new Money(remaining);
  const reached = (ms: number) => sumMoney(timers.map((timer) => accruedCost(timer, new Date(ms)))).gte(limit);
  if (reached(from.getTime())) return from;
  if (until <= from || !reached(until.getTime())) return null;
  let low = from.getTime();
  let high = until.getTime();
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return new Date(high);
}
