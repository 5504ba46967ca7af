import type { QueryParams, Schemas } from './schemas.js';

/**
 * Productivity analytics and reports (issue 6). Sources: the platform spec's Analytics
 * Models (DateRange, DailyMetrics, ProductivityTrend, TaskStatistics, TimeDistribution,
 * DashboardMetrics), its views user_productivity_summary and task_time_summary, and
 * calculate_productivity_score; the timer module's project and user reports.
 *
 * Days and hours are in the caller's IANA time zone, each moment with its own UTC offset
 * (a spring day in Berlin has 23 hours). Only running time counts: paused time never does.
 * An entry spanning midnight counts on each day by its share of running time; an entry
 * with pauses spreads them over its days in proportion to wall-clock time (entries keep
 * only their total paused seconds, not when each pause happened).
 *
 * `*_seconds` fields are exact whole seconds and add up across rows to their totals;
 * `*_hours` fields are the same amounts rounded to 2 decimals for display.
 */

/** Widest range any analytics or report endpoint accepts, in days (both ends included). */
export const ANALYTICS_MAX_RANGE_DAYS = 366;
/** Range when `start` is omitted: this many days ending on `end`. */
export const ANALYTICS_DEFAULT_RANGE_DAYS = 7;
/** How many hours `top_productive_hours` lists at most. */
export const TOP_PRODUCTIVE_HOURS_COUNT = 3;

/**
 * `?start=&end=`: calendar days in the caller's time zone, both included. `end` defaults
 * to today, `start` to `end` − 6 days. `end` before `start`, or a range wider than
 * ANALYTICS_MAX_RANGE_DAYS days, is a VALIDATION_ERROR (422).
 */
export type AnalyticsRangeQuery = QueryParams<'/api/v1/analytics/dashboard'>;

/** The spec's DateRange (both days included). */
export type AnalyticsDateRange = Schemas['AnalyticsDateRangeDto'];

/** The spec's DailyMetrics. */
export type DailyMetrics = Schemas['DailyMetricsDto'];

/** Running time of one project on one day (the dashboard's stacked bars); `project_id` null for time outside projects. */
export type DailyProjectTime = Schemas['DailyProjectTimeDto'];

/**
 * The spec's DashboardMetrics, for the caller's own tasks (tasks they created) and own
 * time entries. Running timers count up to `computed_at`.
 */
export type DashboardMetrics = Schemas['DashboardMetricsDto'];

/** One period's figures in a trend. */
export type PeriodFigures = Schemas['PeriodFiguresDto'];

/**
 * Percent change against the previous period, 2 decimals ((current − previous) / previous
 * × 100, from exact values); null when the previous value is 0 (no meaningful ratio).
 */
export type PeriodComparison = Schemas['PeriodComparisonDto'];

/** The spec's ProductivityTrend, plus the previous period's own figures and both daily series. */
export type ProductivityTrend = Schemas['ProductivityTrendDto'];

/** The spec's TaskStatistics over the caller's own tasks (all of them, not range-bound). */
export type TaskStatistics = Schemas['TaskStatisticsDto'];

export const DISTRIBUTION_GROUPS = ['project', 'task', 'tag'] as const;
export type DistributionGroup = (typeof DISTRIBUTION_GROUPS)[number];

export type TimeDistributionQuery = QueryParams<'/api/v1/analytics/time-distribution'>;

export type DistributionItem = Schemas['DistributionItemDto'];

export type HourOfDayMetrics = Schemas['HourOfDayMetricsDto'];

/**
 * The spec's TimeDistribution. By tag, an entry counts fully under each tag of its task,
 * so the items may add up to more than the total when tasks carry several tags.
 */
export type TimeDistribution = Schemas['TimeDistributionDto'];

export const USER_PRODUCTIVITY_SORTS = ['full_name', 'email', 'total_tasks', 'completed_tasks', 'total_hours_tracked', 'total_time_entries'] as const;
export type UserProductivitySort = (typeof USER_PRODUCTIVITY_SORTS)[number];

export type UserProductivityQuery = QueryParams<'/api/v1/analytics/users'>;

/**
 * A row of the spec's user_productivity_summary view (all time), computed without its
 * join of tasks × entries, which multiplies hours by the number of tasks.
 */
export type UserProductivityRow = Schemas['UserProductivityRowDto'];

export const TASK_TIME_SORTS = ['hours_variance', 'actual_hours', 'estimated_hours', 'title', 'created_at'] as const;
export type TaskTimeSort = (typeof TASK_TIME_SORTS)[number];

export type TaskTimeSummaryQuery = QueryParams<'/api/v1/analytics/task-time-summary'>;

/** A row of the spec's task_time_summary view: estimate against actual time, by anyone on the task. */
export type TaskTimeSummaryRow = Schemas['TaskTimeSummaryRowDto'];

/* ----------------------------------------------------------------- reports */

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type ReportQuery = QueryParams<'/api/v1/reports/projects/{id}'>;

/** Money of one currency (amounts are never converted): 2-decimal display values and the exact stored sums. */
export type ReportMoney = Schemas['ReportMoneyDto'];

/**
 * Time and money of a group of stopped entries inside the range. Seconds and exact amounts
 * of the rows add up to the totals; an entry spanning several days gives each day its
 * share (money in proportion to time, cut at 4 decimals so the shares add up exactly).
 */
export type ReportFigures = Schemas['ReportFiguresDto'];

export type ReportDayRow = Schemas['ReportDayRowDto'];

export type ReportTaskRow = Schemas['ReportTaskRowDto'];

export type ReportUserRow = Schemas['ReportUserRowDto'];

export type ReportProjectRow = Schemas['ReportProjectRowDto'];

export type ReportSubjectType = 'project' | 'user';

/**
 * A project's or a user's report: stopped entries only (running timers appear once
 * stopped), clipped to the range. Members get their own user report and the reports of
 * projects they belong to, hours only; admins get every report, with money.
 */
export type ReportResponse = Schemas['ReportResponseDto'];

/** Columns of a CSV report; members get the ones before `cost`. */
export const REPORT_CSV_COLUMNS = [
  'date',
  'start',
  'end',
  'user',
  'project',
  'task_key',
  'task',
  'description',
  'seconds',
  'hours',
  'billable',
  'cost',
  'cost_exact',
  'currency',
] as const;
