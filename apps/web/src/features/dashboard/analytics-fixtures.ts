import type {
  DailyMetrics,
  DashboardMetrics,
  ProductivityTrend,
  ReportFigures,
  ReportResponse,
  TaskStatistics,
  TaskTimeSummaryRow,
  TimeDistribution,
  UserProductivityRow,
} from '@stint/contracts';

/** Test data in the API's shapes (issue 6); only tests import this file. */

const COMPUTED_AT = '2026-03-11T10:00:00.000Z';

export function aDay(date: string, seconds: number, tasksCompleted = 0): DailyMetrics {
  return { date, tasks_completed: tasksCompleted, time_tracked_seconds: seconds, time_tracked_hours: Math.round(seconds / 36) / 100 };
}

/** 9–11 March 2026: 2.50 h, 1.00 h, 0 h — 3.50 h in all. */
export function aDashboard(overrides: Partial<DashboardMetrics> = {}): DashboardMetrics {
  return {
    date_range: { start: '2026-03-09', end: '2026-03-11' },
    time_zone: 'UTC',
    total_tasks_completed: 3,
    total_tasks_in_progress: 2,
    total_tasks_todo: 4,
    total_time_tracked_hours: 3.5,
    total_time_tracked_seconds: 12_600,
    average_task_completion_time_hours: 26.25,
    tasks_completed_on_time: 2,
    tasks_completed_late: 1,
    productivity_score: 61.67,
    daily_breakdown: [aDay('2026-03-09', 9_000, 1), aDay('2026-03-10', 3_600, 2), aDay('2026-03-11', 0)],
    daily_by_project: [
      { date: '2026-03-09', project_id: 'p-web', project_name: 'Website', seconds: 5_400 },
      { date: '2026-03-09', project_id: null, project_name: null, seconds: 3_600 },
      { date: '2026-03-10', project_id: 'p-web', project_name: 'Website', seconds: 3_600 },
    ],
    computed_at: COMPUTED_AT,
    ...overrides,
  };
}

export function aTrend(overrides: Partial<ProductivityTrend> = {}): ProductivityTrend {
  return {
    period_start: '2026-03-09',
    period_end: '2026-03-11',
    tasks_completed: 3,
    time_tracked_hours: 3.5,
    time_tracked_seconds: 12_600,
    productivity_score: 61.67,
    time_zone: 'UTC',
    comparison_previous_period: { tasks_completed: 200, time_tracked_hours: 75, productivity_score: null },
    previous_period: { period_start: '2026-03-06', period_end: '2026-03-08', tasks_completed: 1, time_tracked_hours: 2, time_tracked_seconds: 7_200, productivity_score: 0 },
    daily_breakdown: aDashboard().daily_breakdown,
    previous_daily_breakdown: [aDay('2026-03-06', 7_200, 1), aDay('2026-03-07', 0), aDay('2026-03-08', 0)],
    computed_at: COMPUTED_AT,
    ...overrides,
  };
}

export function aTaskStatistics(overrides: Partial<TaskStatistics> = {}): TaskStatistics {
  return {
    total_tasks: 9,
    by_status: { todo: 4, in_progress: 2, done: 3, archived: 0 },
    by_priority: { low: 1, medium: 5, high: 2, urgent: 1 },
    completion_rate: 33.33,
    on_time_completion_rate: 66.67,
    computed_at: COMPUTED_AT,
    ...overrides,
  };
}

export function aDistribution(overrides: Partial<TimeDistribution> = {}): TimeDistribution {
  return {
    date_range: { start: '2026-03-09', end: '2026-03-11' },
    time_zone: 'UTC',
    group_by: 'project',
    total_hours: 3.5,
    total_seconds: 12_600,
    distribution: [
      { key: 'p-billing', label: 'Billing Platform', task_key: null, seconds: 9_000, hours: 2.5, percentage: 71.43 },
      { key: null, label: 'No project', task_key: null, seconds: 3_600, hours: 1, percentage: 28.57 },
    ],
    top_productive_hours: [9, 14],
    hourly: Array.from({ length: 24 }, (_, hour) => {
      const seconds = hour === 9 ? 7_200 : hour === 14 ? 3_600 : hour === 10 ? 1_800 : 0;
      return { hour, seconds, hours: Math.round(seconds / 36) / 100 };
    }),
    computed_at: COMPUTED_AT,
    ...overrides,
  };
}

export function someFigures(seconds: number, billableSeconds: number, overrides: Partial<ReportFigures> = {}): ReportFigures {
  const hours = (value: number) => Math.round(value / 36) / 100;
  return {
    entries: 1,
    seconds,
    hours: hours(seconds),
    billable_seconds: billableSeconds,
    billable_hours: hours(billableSeconds),
    non_billable_seconds: seconds - billableSeconds,
    non_billable_hours: hours(seconds - billableSeconds),
    cost: null,
    ...overrides,
  };
}

/** A project report: 3.50 h in two entries on two days, 2.50 h billable. */
export function aReport(overrides: Partial<ReportResponse> = {}): ReportResponse {
  return {
    subject: { type: 'project', id: '0b8f3c8e-1d2a-4c55-9f0e-2a7d3c1b9e10', name: 'Billing Platform' },
    date_range: { start: '2026-03-01', end: '2026-03-11' },
    time_zone: 'UTC',
    money_visible: false,
    totals: someFigures(12_600, 9_000, { entries: 2 }),
    by_day: [
      { date: '2026-03-09', ...someFigures(9_000, 9_000) },
      { date: '2026-03-10', ...someFigures(3_600, 0) },
    ],
    by_task: [
      { task_id: 't-1', task_key: 'BP-1', task_title: 'Invoice rounding', ...someFigures(9_000, 9_000) },
      { task_id: null, task_key: null, task_title: null, ...someFigures(3_600, 0) },
    ],
    by_user: [{ user_id: 'u-1', full_name: 'Ada Lovelace', ...someFigures(12_600, 9_000, { entries: 2 }) }],
    by_project: [{ project_id: '0b8f3c8e-1d2a-4c55-9f0e-2a7d3c1b9e10', project_key: 'BP', project_name: 'Billing Platform', ...someFigures(12_600, 9_000, { entries: 2 }) }],
    ...overrides,
  };
}

export function aUserProductivityRow(overrides: Partial<UserProductivityRow> = {}): UserProductivityRow {
  return {
    user_id: 'u-1',
    email: 'ada@example.com',
    full_name: 'Ada Lovelace',
    is_active: true,
    total_tasks: 9,
    completed_tasks: 3,
    in_progress_tasks: 2,
    total_hours_tracked: 3.5,
    total_seconds_tracked: 12_600,
    avg_hours_per_entry: 1.75,
    total_time_entries: 2,
    ...overrides,
  };
}

export function aTaskTimeRow(overrides: Partial<TaskTimeSummaryRow> = {}): TaskTimeSummaryRow {
  return {
    task_id: 't-1',
    task_key: 'BP-1',
    user_id: 'u-1',
    project_id: 'p-billing',
    title: 'Invoice rounding',
    status: 'in_progress',
    priority: 'high',
    estimated_hours: 2,
    time_entry_count: 2,
    actual_hours: 3.5,
    actual_seconds: 12_600,
    hours_variance: 1.5,
    ...overrides,
  };
}
