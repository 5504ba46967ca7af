import type { IsoDateTime, ListQuery, Uuid } from './common.js';
import type { SortOrder } from './projects.js';
import type { TaskPriority, TaskStatus } from './tasks.js';
import type { IsoDate, MoneyString } from './time-tracking.js';

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
export interface AnalyticsRangeQuery {
  start?: IsoDate;
  end?: IsoDate;
}

/** The spec's DateRange (both days included). */
export interface AnalyticsDateRange {
  start: IsoDate;
  end: IsoDate;
}

/** The spec's DailyMetrics. */
export interface DailyMetrics {
  date: IsoDate;
  /** Own tasks whose completed_at falls on this day. */
  tasks_completed: number;
  time_tracked_hours: number;
  time_tracked_seconds: number;
}

/** Running time of one project on one day (the dashboard's stacked bars); `project_id` null for time outside projects. */
export interface DailyProjectTime {
  date: IsoDate;
  project_id: Uuid | null;
  project_name: string | null;
  seconds: number;
}

/**
 * The spec's DashboardMetrics, for the caller's own tasks (tasks they created) and own
 * time entries. Running timers count up to `computed_at`.
 */
export interface DashboardMetrics {
  date_range: AnalyticsDateRange;
  /** The caller's time zone, in which days are counted. */
  time_zone: string;
  /** Own tasks with completed_at in the range (whatever their status is now). */
  total_tasks_completed: number;
  /** Own tasks in progress now (a snapshot, not range-bound). */
  total_tasks_in_progress: number;
  /** Own tasks to do now (a snapshot, not range-bound). */
  total_tasks_todo: number;
  total_time_tracked_hours: number;
  total_time_tracked_seconds: number;
  /** Mean of completed_at − created_at over the tasks completed in the range; 0 when none. */
  average_task_completion_time_hours: number;
  /** Completed in the range with completed_at ≤ due_date. Tasks without a due date are neither on time nor late. */
  tasks_completed_on_time: number;
  /** Completed in the range with completed_at > due_date. */
  tasks_completed_late: number;
  /** calculate_productivity_score of the range, 0–100, 2 decimals. */
  productivity_score: number;
  /** Every day of the range, days without anything included as zeros. */
  daily_breakdown: DailyMetrics[];
  /** The same days split by project; only days and projects with time. Each day's rows add up to its `time_tracked_seconds`. */
  daily_by_project: DailyProjectTime[];
  /** When the figures were computed (answers are cached for a few minutes; changes invalidate them). */
  computed_at: IsoDateTime;
}

/** One period's figures in a trend. */
export interface PeriodFigures {
  period_start: IsoDate;
  period_end: IsoDate;
  tasks_completed: number;
  time_tracked_hours: number;
  time_tracked_seconds: number;
  productivity_score: number;
}

/**
 * Percent change against the previous period, 2 decimals ((current − previous) / previous
 * × 100, from exact values); null when the previous value is 0 (no meaningful ratio).
 */
export interface PeriodComparison {
  tasks_completed: number | null;
  time_tracked_hours: number | null;
  productivity_score: number | null;
}

/** The spec's ProductivityTrend, plus the previous period's own figures and both daily series. */
export interface ProductivityTrend extends PeriodFigures {
  time_zone: string;
  comparison_previous_period: PeriodComparison;
  /** The period of the same length just before. */
  previous_period: PeriodFigures;
  daily_breakdown: DailyMetrics[];
  previous_daily_breakdown: DailyMetrics[];
  computed_at: IsoDateTime;
}

/** The spec's TaskStatistics over the caller's own tasks (all of them, not range-bound). */
export interface TaskStatistics {
  total_tasks: number;
  /** Every status, zeros included. */
  by_status: Record<TaskStatus, number>;
  /** Every priority, zeros included. */
  by_priority: Record<TaskPriority, number>;
  /** done / total_tasks, in percent (0–100, 2 decimals); 0 without tasks. */
  completion_rate: number;
  /** Done with completed_at ≤ due_date over done with a due date, in percent; 0 when no done task has a due date. */
  on_time_completion_rate: number;
  computed_at: IsoDateTime;
}

export const DISTRIBUTION_GROUPS = ['project', 'task', 'tag'] as const;
export type DistributionGroup = (typeof DISTRIBUTION_GROUPS)[number];

export interface TimeDistributionQuery extends AnalyticsRangeQuery {
  /** Default `project`. */
  group_by?: DistributionGroup;
}

export interface DistributionItem {
  /** Project id, task id or tag; null for time without one ("No project", "No task", "Untagged"). */
  key: string | null;
  label: string;
  /** Set for tasks in a project (`PROJECTKEY-N`). */
  task_key: string | null;
  seconds: number;
  hours: number;
  /** Share of `total_seconds`, in percent (2 decimals). */
  percentage: number;
}

export interface HourOfDayMetrics {
  /** 0–23 in the caller's time zone. */
  hour: number;
  seconds: number;
  hours: number;
}

/**
 * The spec's TimeDistribution. By tag, an entry counts fully under each tag of its task,
 * so the items may add up to more than the total when tasks carry several tags.
 */
export interface TimeDistribution {
  date_range: AnalyticsDateRange;
  time_zone: string;
  group_by: DistributionGroup;
  total_hours: number;
  total_seconds: number;
  /** Largest first. */
  distribution: DistributionItem[];
  /** Up to TOP_PRODUCTIVE_HOURS_COUNT hours of the day (0–23) with the most tracked time, most first; hours without time are never listed. */
  top_productive_hours: number[];
  /** All 24 hours of the day, for the chart. */
  hourly: HourOfDayMetrics[];
  computed_at: IsoDateTime;
}

export const USER_PRODUCTIVITY_SORTS = ['full_name', 'email', 'total_tasks', 'completed_tasks', 'total_hours_tracked', 'total_time_entries'] as const;
export type UserProductivitySort = (typeof USER_PRODUCTIVITY_SORTS)[number];

export interface UserProductivityQuery extends ListQuery {
  /** Default `full_name`. */
  sort?: UserProductivitySort;
  /** Default `asc` for names, `desc` for figures. */
  order?: SortOrder;
}

/**
 * A row of the spec's user_productivity_summary view (all time), computed without its
 * join of tasks × entries, which multiplies hours by the number of tasks.
 */
export interface UserProductivityRow {
  user_id: Uuid;
  email: string;
  full_name: string;
  is_active: boolean;
  /** Tasks the user created. */
  total_tasks: number;
  completed_tasks: number;
  in_progress_tasks: number;
  /** Running time of every entry, running timers up to now. */
  total_hours_tracked: number;
  total_seconds_tracked: number;
  /** total_seconds_tracked / total_time_entries, in hours; 0 without entries. */
  avg_hours_per_entry: number;
  total_time_entries: number;
}

export const TASK_TIME_SORTS = ['hours_variance', 'actual_hours', 'estimated_hours', 'title', 'created_at'] as const;
export type TaskTimeSort = (typeof TASK_TIME_SORTS)[number];

export interface TaskTimeSummaryQuery extends ListQuery {
  user_id?: Uuid;
  project_id?: Uuid;
  /** Default `created_at`. Tasks without an estimate sort last by hours_variance and estimated_hours. */
  sort?: TaskTimeSort;
  /** Default `desc`. */
  order?: SortOrder;
}

/** A row of the spec's task_time_summary view: estimate against actual time, by anyone on the task. */
export interface TaskTimeSummaryRow {
  task_id: Uuid;
  task_key: string | null;
  /** The task's creator. */
  user_id: Uuid;
  project_id: Uuid | null;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  estimated_hours: number | null;
  time_entry_count: number;
  actual_hours: number;
  actual_seconds: number;
  /** actual − estimated hours (from exact values, 2 decimals); null without an estimate. */
  hours_variance: number | null;
}

/* ----------------------------------------------------------------- reports */

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportQuery extends AnalyticsRangeQuery {
  /** `csv` streams a download: a header row, one row per entry, then the totals. */
  format?: ReportFormat;
}

/** Money of one currency (amounts are never converted): 2-decimal display values and the exact stored sums. */
export interface ReportMoney {
  currency: string;
  amount: MoneyString;
  amount_exact: string;
  billable_amount: MoneyString;
  billable_amount_exact: string;
}

/**
 * Time and money of a group of stopped entries inside the range. Seconds and exact amounts
 * of the rows add up to the totals; an entry spanning several days gives each day its
 * share (money in proportion to time, cut at 4 decimals so the shares add up exactly).
 */
export interface ReportFigures {
  /** Entries with time in the group (an entry spanning two days counts on both). */
  entries: number;
  seconds: number;
  hours: number;
  billable_seconds: number;
  billable_hours: number;
  non_billable_seconds: number;
  non_billable_hours: number;
  /** One line per currency, largest first; null when the caller may not see money (members). */
  cost: ReportMoney[] | null;
}

export interface ReportDayRow extends ReportFigures {
  date: IsoDate;
}

export interface ReportTaskRow extends ReportFigures {
  /** Null: time without a task. */
  task_id: Uuid | null;
  task_key: string | null;
  task_title: string | null;
}

export interface ReportUserRow extends ReportFigures {
  user_id: Uuid;
  full_name: string;
}

export interface ReportProjectRow extends ReportFigures {
  /** Null: time without a project. */
  project_id: Uuid | null;
  project_key: string | null;
  project_name: string | null;
}

export type ReportSubjectType = 'project' | 'user';

/**
 * A project's or a user's report: stopped entries only (running timers appear once
 * stopped), clipped to the range. Members get their own user report and the reports of
 * projects they belong to, hours only; admins get every report, with money.
 */
export interface ReportResponse {
  subject: { type: ReportSubjectType; id: Uuid; name: string };
  date_range: AnalyticsDateRange;
  time_zone: string;
  money_visible: boolean;
  totals: ReportFigures;
  /** Days with time only, in order. */
  by_day: ReportDayRow[];
  /** Most time first. */
  by_task: ReportTaskRow[];
  by_user: ReportUserRow[];
  by_project: ReportProjectRow[];
}

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
