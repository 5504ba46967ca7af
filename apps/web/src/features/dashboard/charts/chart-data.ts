import { TASK_PRIORITIES, TASK_STATUSES, type DailyMetrics, type IsoDate, type ProductivityTrend, type TaskStatistics, type TimeDistribution } from '@stint/contracts';
import { PRIORITY_LABELS, STATUS_LABELS } from '@/features/tasks/task-labels';
import { formatShortDay } from '@/features/dashboard/date-range';
import { formatHourSlot } from '@/features/dashboard/format';
import { seriesStyle, type SeriesStyle } from '@/features/dashboard/charts/palette';

/**
 * Shapes the API's answers into rows the charts and their tables both read, so a chart and
 * its "Show as table" view can never disagree. Pure functions; chart-data.test.ts covers them.
 */

/** Exact seconds as the API's 2-decimal hours. */
export function hoursOf(seconds: number): number {
  return Math.round(seconds / 36) / 100;
}

export interface ChartSeries {
  key: string;
  label: string;
  style: SeriesStyle;
  totalSeconds: number;
}

/* -------------------------------------------------------- hours per day */

/**
 * A day's time on one project. Not in the contract yet: DashboardMetrics' daily_breakdown
 * has no per-project split (see the report of issue 6). Until the API sends one, the daily
 * chart has a single "Hours tracked" series.
 */
export interface DailyProjectTime {
  date: IsoDate;
  project_id: string | null;
  project_name: string | null;
  seconds: number;
}

export interface DailyHoursRow {
  date: IsoDate;
  /** "Mon 23 Mar". */
  label: string;
  totalSeconds: number;
  totalHours: number;
  /** Hours of each series on this day, by series key (zeros included, so stacks line up). */
  hours: Record<string, number>;
  seconds: Record<string, number>;
}

export const TOTAL_SERIES_KEY = 'total';
export const OTHER_SERIES_KEY = 'other';
export const NO_PROJECT_SERIES_KEY = 'none';

/** Most series a stacked chart shows; smaller projects share one "Other projects" series. */
export const MAX_DAILY_SERIES = 6;

function projectSeriesKey(projectId: string | null): string {
  return projectId === null ? NO_PROJECT_SERIES_KEY : `project:${projectId}`;
}

/**
 * Hours per day, every day of the range in order, optionally stacked by project: projects
 * ordered by their time over the range (most first), the smallest merged into "Other
 * projects" beyond `maxSeries`. Day totals are the API's daily totals, never re-summed.
 */
export function shapeDailyHours(
  days: readonly DailyMetrics[],
  byProject: readonly DailyProjectTime[] | null = null,
  maxSeries = MAX_DAILY_SERIES,
): { series: ChartSeries[]; rows: DailyHoursRow[] } {
  if (!byProject) {
    const totalSeconds = days.reduce((sum, day) => sum + day.time_tracked_seconds, 0);
    const series: ChartSeries[] = [{ key: TOTAL_SERIES_KEY, label: 'Hours tracked', style: seriesStyle(0), totalSeconds }];
    const rows = days.map((day) => ({
      date: day.date,
      label: formatShortDay(day.date),
      totalSeconds: day.time_tracked_seconds,
      totalHours: day.time_tracked_hours,
      hours: { [TOTAL_SERIES_KEY]: day.time_tracked_hours },
      seconds: { [TOTAL_SERIES_KEY]: day.time_tracked_seconds },
    }));
    return { series, rows };
  }

  const projects = new Map<string, { label: string; seconds: number; isNone: boolean }>();
  for (const item of byProject) {
    const key = projectSeriesKey(item.project_id);
    const entry = projects.get(key) ?? { label: item.project_name ?? 'No project', seconds: 0, isNone: item.project_id === null };
    entry.seconds += item.seconds;
    projects.set(key, entry);
  }
  const ranked = [...projects].filter(([, project]) => project.seconds > 0).sort(([, a], [, b]) => b.seconds - a.seconds || a.label.localeCompare(b.label));
  const overflow = ranked.length > maxSeries;
  const kept = overflow ? ranked.slice(0, maxSeries - 1) : ranked;
  const keptKeys = new Set(kept.map(([key]) => key));

  const series: ChartSeries[] = kept.map(([key, project], index) => ({
    key,
    label: project.label,
    style: seriesStyle(index, { other: project.isNone }),
    totalSeconds: project.seconds,
  }));
  if (overflow) {
    const rest = ranked.slice(maxSeries - 1);
    series.push({
      key: OTHER_SERIES_KEY,
      label: `Other projects (${rest.length})`,
      style: seriesStyle(series.length, { other: true }),
      totalSeconds: rest.reduce((sum, [, project]) => sum + project.seconds, 0),
    });
  }

  const secondsByDay = new Map<string, Record<string, number>>();
  for (const item of byProject) {
    const projectKey = projectSeriesKey(item.project_id);
    const key = keptKeys.has(projectKey) ? projectKey : OTHER_SERIES_KEY;
    const day = secondsByDay.get(item.date) ?? {};
    day[key] = (day[key] ?? 0) + item.seconds;
    secondsByDay.set(item.date, day);
  }

  const rows = days.map((day) => {
    const daySeconds = secondsByDay.get(day.date) ?? {};
    const seconds: Record<string, number> = {};
    const hours: Record<string, number> = {};
    for (const { key } of series) {
      seconds[key] = daySeconds[key] ?? 0;
      hours[key] = hoursOf(seconds[key]);
    }
    return { date: day.date, label: formatShortDay(day.date), totalSeconds: day.time_tracked_seconds, totalHours: day.time_tracked_hours, hours, seconds };
  });
  return { series, rows };
}

/* ---------------------------------------------------------------- trend */

export interface TrendRow {
  /** 1-based day of the period. */
  day: number;
  currentDate: IsoDate | null;
  previousDate: IsoDate | null;
  currentHours: number | null;
  previousHours: number | null;
  currentTasks: number | null;
  previousTasks: number | null;
}

/** This period against the previous one, day by day (day 1 of each side by side). */
export function shapeTrend(trend: ProductivityTrend): TrendRow[] {
  const length = Math.max(trend.daily_breakdown.length, trend.previous_daily_breakdown.length);
  return Array.from({ length }, (_, index) => {
    const current = trend.daily_breakdown[index];
    const previous = trend.previous_daily_breakdown[index];
    return {
      day: index + 1,
      currentDate: current?.date ?? null,
      previousDate: previous?.date ?? null,
      currentHours: current ? current.time_tracked_hours : null,
      previousHours: previous ? previous.time_tracked_hours : null,
      currentTasks: current ? current.tasks_completed : null,
      previousTasks: previous ? previous.tasks_completed : null,
    };
  });
}

/* --------------------------------------------------------- distribution */

export interface DistributionSlice {
  key: string;
  label: string;
  taskKey: string | null;
  seconds: number;
  hours: number;
  percentage: number;
  style: SeriesStyle;
  /** A catch-all (no project/task/tag, or the merged "Other"). */
  isOther: boolean;
}

/** Most slices of a donut; beyond that the smallest share one "Other" slice. */
export const MAX_SLICES = 8;

/** The donut's slices, largest first, with the smallest merged into "Other" beyond `maxSlices`. */
export function shapeDistribution(distribution: TimeDistribution, maxSlices = MAX_SLICES): DistributionSlice[] {
  const items = [...distribution.distribution].filter((item) => item.seconds > 0).sort((a, b) => b.seconds - a.seconds);
  const overflow = items.length > maxSlices;
  const kept = overflow ? items.slice(0, maxSlices - 1) : items;
  const slices: DistributionSlice[] = kept.map((item, index) => ({
    key: item.key ?? NO_PROJECT_SERIES_KEY,
    label: item.label,
    taskKey: item.task_key,
    seconds: item.seconds,
    hours: item.hours,
    percentage: item.percentage,
    style: seriesStyle(index, { other: item.key === null }),
    isOther: item.key === null,
  }));
  if (overflow) {
    const rest = items.slice(maxSlices - 1);
    const seconds = rest.reduce((sum, item) => sum + item.seconds, 0);
    slices.push({
      key: OTHER_SERIES_KEY,
      label: `Other (${rest.length})`,
      taskKey: null,
      seconds,
      hours: hoursOf(seconds),
      percentage: distribution.total_seconds > 0 ? Math.round((seconds / distribution.total_seconds) * 10_000) / 100 : 0,
      style: seriesStyle(slices.length, { other: true }),
      isOther: true,
    });
  }
  return slices;
}

/* -------------------------------------------------- productive hours */

export interface HourRow {
  hour: number;
  /** "09:00". */
  label: string;
  /** "09:00–10:00". */
  slot: string;
  seconds: number;
  hours: number;
  /** 1 for the most productive hour, 2 for the next…; null outside the top hours. */
  rank: number | null;
}

/** All 24 hours of the day (missing ones as zeros), with the API's top hours ranked. */
export function shapeHourly(distribution: TimeDistribution): HourRow[] {
  const byHour = new Map(distribution.hourly.map((item) => [item.hour, item]));
  return Array.from({ length: 24 }, (_, hour) => {
    const item = byHour.get(hour);
    const rank = distribution.top_productive_hours.indexOf(hour);
    return {
      hour,
      label: `${String(hour).padStart(2, '0')}:00`,
      slot: formatHourSlot(hour),
      seconds: item?.seconds ?? 0,
      hours: item?.hours ?? 0,
      rank: rank === -1 ? null : rank + 1,
    };
  });
}

/* ---------------------------------------------------------- task counts */

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** Tasks by status and by priority, in the app's usual order, zeros included. */
export function shapeTaskCounts(statistics: TaskStatistics): { status: CountRow[]; priority: CountRow[] } {
  return {
    status: TASK_STATUSES.map((status) => ({ key: status, label: STATUS_LABELS[status], count: statistics.by_status[status] ?? 0 })),
    priority: TASK_PRIORITIES.map((priority) => ({ key: priority, label: PRIORITY_LABELS[priority], count: statistics.by_priority[priority] ?? 0 })),
  };
}
