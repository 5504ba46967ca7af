import type { BudgetStatus, DayCostRow } from '@stint/contracts';

/**
 * How a budget's progress looks: the status (planning/active/exceeded) refined by the
 * thresholds, so an active budget past its alert threshold reads "Warning" and past its
 * critical one "Critical". Every level has a text label as well as a colour.
 */
export type ProgressLevel = 'planning' | 'ok' | 'warning' | 'critical' | 'exceeded';

export interface ProgressInput {
  status: BudgetStatus;
  percent_used: number;
  alert_threshold: number;
  critical_threshold: number;
}

export const LEVEL_LABELS: Record<ProgressLevel, string> = {
  planning: 'Planning',
  ok: 'On track',
  warning: 'Warning',
  critical: 'Critical',
  exceeded: 'Exceeded',
};

export function progressLevel({ status, percent_used, alert_threshold, critical_threshold }: ProgressInput): ProgressLevel {
  if (status === 'exceeded' || percent_used >= 100) return 'exceeded';
  if (percent_used >= critical_threshold) return 'critical';
  if (percent_used >= alert_threshold) return 'warning';
  return status === 'planning' ? 'planning' : 'ok';
}

/** The bar's fill: 0–100 (an exceeded budget shows a full bar). */
export function barWidth(percentUsed: number): number {
  if (!Number.isFinite(percentUsed) || percentUsed <= 0) return 0;
  return Math.min(100, percentUsed);
}

/* --------------------------------------------------------------- burn-down */

export interface BurnDownPoint {
  date: string;
  /** The budget, the same every day (a flat line the cost climbs towards). */
  budget: number;
  /** Cumulative stopped cost up to and including the day; null after the last recorded day. */
  actual: number | null;
  /** From the last actual point to the forecast date at the burn rate; null elsewhere. */
  forecast: number | null;
}

export interface BurnDownInput {
  totalBudget: string;
  /** By day, any order; days without time may be missing. */
  byDay: readonly Pick<DayCostRow, 'date' | 'cost_exact' | 'cost'>[];
  /** The budget's total cost (may include entries outside the statistics range); the last actual point is aligned on it. */
  totalCost?: string;
  forecastDate: string | null;
  /** Today in the user's time zone: where the forecast starts when the last recorded day is earlier. */
  today: string;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function money(value: string | null | undefined): number {
  const parsed = Number(value ?? 0);
  return Number.isFinite(parsed) ? parsed : 0;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The series of the burn-down chart: one point per day from the first recorded day to the
 * later of today and the forecast date. Actual cost is the running sum of the day rows
 * (days without time carry the sum on); the forecast continues from today's actual cost at
 * the burn rate until the forecast date, where it meets the budget.
 */
/** The most days the burn-down chart draws on either side of today (about three years). */
export const BURN_DOWN_MAX_DAYS = 3 * 366;

export function burnDownSeries(input: BurnDownInput): BurnDownPoint[] {
  const budget = money(input.totalBudget);
  const rows = [...input.byDay].sort((a, b) => a.date.localeCompare(b.date));
  const costByDay = new Map<string, number>();
  for (const row of rows) costByDay.set(row.date, (costByDay.get(row.date) ?? 0) + money(row.cost_exact ?? row.cost));

  const today = dayNumber(input.today);
  const first = rows.length > 0 ? Math.min(dayNumber(rows[0].date), today) : today;
  const lastActual = today;
  const forecastEnd = input.forecastDate ? dayNumber(input.forecastDate) : null;
  // Bounded: a tiny burn rate forecasts a run-out centuries away, and one point per day up to
  // it (or back to an entry in 1970) would freeze the page. Past BURN_DOWN_MAX_DAYS the forecast
  // line stops short and earlier days fold into the first point.
  const last = Math.min(Math.max(lastActual, forecastEnd ?? lastActual), lastActual + BURN_DOWN_MAX_DAYS);
  const start = Math.max(first, lastActual - BURN_DOWN_MAX_DAYS);

  const recordedSum = [...costByDay.values()].reduce((sum, value) => sum + value, 0);
  // Cost from before the statistics range (or rounding) so the line ends at the budget's total.
  const offset = input.totalCost !== undefined ? money(input.totalCost) - recordedSum : 0;

  const points: BurnDownPoint[] = [];
  let running = Math.max(0, offset) + rows.filter((row) => dayNumber(row.date) < start).reduce((sum, row) => sum + money(row.cost_exact ?? row.cost), 0);
  let todayCost = running;
  for (let day = start; day <= last; day += 1) {
    const date = dateOf(day);
    if (day <= lastActual) {
      running += costByDay.get(date) ?? 0;
      if (day === lastActual) todayCost = running;
    }
    const actual = day <= lastActual ? round2(running) : null;
    let forecast: number | null = null;
    if (forecastEnd !== null && day >= lastActual && day <= forecastEnd) {
      // A straight line from today's cost to the budget on the forecast date (the burn rate's line).
      const span = forecastEnd - lastActual;
      forecast = round2(span === 0 ? budget : todayCost + ((budget - todayCost) * (day - lastActual)) / span);
    }
    points.push({ date, budget: round2(budget), actual, forecast });
  }
  return points;
}
