import type {
  AnalyticsRangeQuery,
  AuditLogListQuery,
  BudgetAlertListQuery,
  BudgetListQuery,
  ListQuery,
  ProjectListQuery,
  ProjectStatisticsQuery,
  ReportSubjectType,
  TaskListQuery,
  TaskTimeSummaryQuery,
  TimeDistributionQuery,
  TimeLogListQuery,
  UserListQuery,
  UserProductivityQuery,
} from '@stint/contracts';

/**
 * Every React Query key of the app. Keys are hierarchical so `invalidateQueries({ queryKey:
 * queryKeys.users.all })` reaches every users query, and they include every parameter.
 */
export const queryKeys = {
  users: {
    all: ['users'] as const,
    me: () => [...queryKeys.users.all, 'me'] as const,
    list: (query: UserListQuery = {}) => [...queryKeys.users.all, 'list', query] as const,
    signInFailures: (query: ListQuery = {}) => [...queryKeys.users.all, 'sign-in-failures', query] as const,
  },
  projects: {
    all: ['projects'] as const,
    lists: () => [...queryKeys.projects.all, 'list'] as const,
    list: (query: ProjectListQuery = {}) => [...queryKeys.projects.lists(), query] as const,
    detail: (id: string) => [...queryKeys.projects.all, 'detail', id] as const,
    // Beside the detail rather than under it, so refreshing a project's counts leaves its member list alone.
    allMembers: (id: string) => [...queryKeys.projects.all, 'members', id] as const,
    members: (id: string, query: ListQuery = {}) => [...queryKeys.projects.allMembers(id), query] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    lists: () => [...queryKeys.tasks.all, 'list'] as const,
    list: (query: TaskListQuery = {}) => [...queryKeys.tasks.lists(), query] as const,
    details: () => [...queryKeys.tasks.all, 'detail'] as const,
    detail: (id: string) => [...queryKeys.tasks.details(), id] as const,
  },
  timeTracking: {
    all: ['time-tracking'] as const,
    /** The caller's timers; written by the stream, the timer actions and polling. */
    status: () => [...queryKeys.timeTracking.all, 'status'] as const,
    logLists: () => [...queryKeys.timeTracking.all, 'logs'] as const,
    logs: (query: TimeLogListQuery = {}) => [...queryKeys.timeTracking.logLists(), query] as const,
    /** Every entry of a date range at once (the Time page), beside the paged lists. */
    range: (query: TimeLogListQuery) => [...queryKeys.timeTracking.logLists(), 'range', query] as const,
  },
  rates: {
    all: ['rates'] as const,
    mine: () => [...queryKeys.rates.all, 'mine'] as const,
    history: (userId: string) => [...queryKeys.rates.all, 'history', userId] as const,
  },
  settings: {
    all: ['settings'] as const,
  },
  /** Figures derived from tasks and time: anything that changes either should invalidate `all`. */
  analytics: {
    all: ['analytics'] as const,
    dashboard: (range: AnalyticsRangeQuery) => [...queryKeys.analytics.all, 'dashboard', range] as const,
    trend: (range: AnalyticsRangeQuery) => [...queryKeys.analytics.all, 'trend', range] as const,
    tasks: () => [...queryKeys.analytics.all, 'tasks'] as const,
    distribution: (query: TimeDistributionQuery) => [...queryKeys.analytics.all, 'time-distribution', query] as const,
    users: (query: UserProductivityQuery) => [...queryKeys.analytics.all, 'users', query] as const,
    taskTimeSummary: (query: TaskTimeSummaryQuery) => [...queryKeys.analytics.all, 'task-time-summary', query] as const,
  },
  reports: {
    all: ['reports'] as const,
    detail: (type: ReportSubjectType, id: string, range: AnalyticsRangeQuery) => [...queryKeys.reports.all, type, id, range] as const,
  },
  /** Mutation keys of the data export and erasures (nothing of theirs is cached). */
  privacy: {
    all: ['privacy'] as const,
    export: () => [...queryKeys.privacy.all, 'export'] as const,
    deleteMe: () => [...queryKeys.privacy.all, 'delete-me'] as const,
    deleteUser: () => [...queryKeys.privacy.all, 'delete-user'] as const,
  },
  /** Budgets, alerts and cost statistics: anything that changes time, a budget or an alert should invalidate `all`. */
  budgets: {
    all: ['budgets'] as const,
    list: (query: BudgetListQuery = {}) => [...queryKeys.budgets.all, 'list', query] as const,
    detail: (projectId: string) => [...queryKeys.budgets.all, 'detail', projectId] as const,
    statistics: (projectId: string, query: ProjectStatisticsQuery = {}) => [...queryKeys.budgets.all, 'statistics', projectId, query] as const,
    alerts: (query: BudgetAlertListQuery = {}) => [...queryKeys.budgets.all, 'alerts', query] as const,
  },
  audit: {
    all: ['audit-log'] as const,
    list: (query: AuditLogListQuery = {}) => [...queryKeys.audit.all, 'list', query] as const,
  },
};
