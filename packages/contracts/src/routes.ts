import type { ChangePasswordRequest, AdminUpdateUserRequest, SignInFailureResponse, UpdateMeRequest, UserListQuery, UserResponse } from './users.js';
import type { LoginRequest, OkResponse, RegisterRequest, TokenResponse } from './auth.js';
import type { HealthResponse } from './health.js';
import type { ListQuery, Paginated } from './common.js';
import type {
  ProjectCreateRequest,
  ProjectDeleteResponse,
  ProjectListQuery,
  ProjectMemberAddRequest,
  ProjectMemberResponse,
  ProjectResponse,
  ProjectUpdateRequest,
} from './projects.js';
import type { TaskCreateRequest, TaskDetailResponse, TaskListQuery, TaskResponse, TaskStatusUpdateRequest, TaskUpdateRequest } from './tasks.js';
import type {
  CurrentRateResponse,
  HeartbeatResponse,
  RateApplyResponse,
  RateSetRequest,
  StreamTicketResponse,
  TimeEntryCreateRequest,
  TimeEntryListQuery,
  TimeEntryUpdateRequest,
  TimeLogListQuery,
  TimeLogPage,
  TimeLogResponse,
  TimeEntryWriteResponse,
  TimerActionRequest,
  TimerActionResponse,
  TimerStartRequest,
  TimerStatusResponse,
  TimerStopRequest,
  TimeTrackingSettingsResponse,
  TimeTrackingSettingsUpdateRequest,
  UserRateResponse,
} from './time-tracking.js';
import type {
  BudgetAlertListQuery,
  BudgetAlertResponse,
  BudgetListQuery,
  BudgetOverviewRow,
  ProjectBudgetResponse,
  ProjectBudgetSetRequest,
  ProjectBudgetView,
  ProjectStatisticsQuery,
  ProjectStatisticsResponse,
} from './budgets.js';
import type {
  DashboardMetrics,
  ProductivityTrend,
  ReportQuery,
  ReportResponse,
  AnalyticsRangeQuery,
  TaskStatistics,
  TaskTimeSummaryQuery,
  TaskTimeSummaryRow,
  TimeDistribution,
  TimeDistributionQuery,
  UserProductivityQuery,
  UserProductivityRow,
} from './analytics.js';
import type { AuditLogEntryResponse, AuditLogListQuery } from './audit.js';
import type { AccountDeletionResponse, AdminDeleteUserRequest, DeleteMeRequest, PrivacyExport } from './privacy.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API route. The type parameters carry the body, response and query types to the
 * typed client; `path` may hold `:name` parameters.
 */
export interface Route<TBody = undefined, TResponse = unknown, TQuery = undefined> {
  readonly method: HttpMethod;
  readonly path: string;
  /** Phantom field: never set at run time, only read by the type checker. */
  readonly _types?: { body: TBody; response: TResponse; query: TQuery };
}

export type BodyOf<R> = R extends Route<infer B, unknown, unknown> ? B : never;
export type ResponseOf<R> = R extends Route<unknown, infer T, unknown> ? T : never;
export type QueryOf<R> = R extends Route<unknown, unknown, infer Q> ? Q : never;

function route<TBody = undefined, TResponse = unknown, TQuery = undefined>(
  method: HttpMethod,
  path: string,
): Route<TBody, TResponse, TQuery> {
  return { method, path };
}

export const API_PREFIX = '/api/v1';

export const routes = {
  health: route<undefined, HealthResponse>('GET', '/api/v1/health'),
  auth: {
    register: route<RegisterRequest, TokenResponse>('POST', '/api/v1/auth/register'),
    login: route<LoginRequest, TokenResponse>('POST', '/api/v1/auth/login'),
    refresh: route<undefined, TokenResponse>('POST', '/api/v1/auth/refresh'),
    logout: route<undefined, OkResponse>('POST', '/api/v1/auth/logout'),
  },
  users: {
    me: route<undefined, UserResponse>('GET', '/api/v1/users/me'),
    updateMe: route<UpdateMeRequest, UserResponse>('PATCH', '/api/v1/users/me'),
    changePassword: route<ChangePasswordRequest, OkResponse>('POST', '/api/v1/users/me/password'),
    list: route<undefined, Paginated<UserResponse>, UserListQuery>('GET', '/api/v1/users'),
    update: route<AdminUpdateUserRequest, UserResponse>('PATCH', '/api/v1/users/:id'),
    /** Admins: clears every sign-in failure counter and lock of the account (audited). */
    unlock: route<undefined, UserResponse>('POST', '/api/v1/users/:id/unlock'),
    /** The caller's recent failed sign-ins (the last 90 days), newest first. */
    signInFailures: route<undefined, Paginated<SignInFailureResponse>, ListQuery>('GET', '/api/v1/users/me/sign-in-failures'),
  },
  projects: {
    list: route<undefined, Paginated<ProjectResponse>, ProjectListQuery>('GET', '/api/v1/projects'),
    create: route<ProjectCreateRequest, ProjectResponse>('POST', '/api/v1/projects'),
    get: route<undefined, ProjectResponse>('GET', '/api/v1/projects/:id'),
    update: route<ProjectUpdateRequest, ProjectResponse>('PATCH', '/api/v1/projects/:id'),
    remove: route<undefined, ProjectDeleteResponse>('DELETE', '/api/v1/projects/:id'),
    members: route<undefined, Paginated<ProjectMemberResponse>, ListQuery>('GET', '/api/v1/projects/:id/members'),
    addMember: route<ProjectMemberAddRequest, ProjectMemberResponse>('POST', '/api/v1/projects/:id/members'),
    removeMember: route<undefined, undefined>('DELETE', '/api/v1/projects/:id/members/:userId'),
  },
  tasks: {
    list: route<undefined, Paginated<TaskResponse>, TaskListQuery>('GET', '/api/v1/tasks'),
    create: route<TaskCreateRequest, TaskResponse>('POST', '/api/v1/tasks'),
    get: route<undefined, TaskDetailResponse>('GET', '/api/v1/tasks/:id'),
    update: route<TaskUpdateRequest, TaskResponse>('PATCH', '/api/v1/tasks/:id'),
    updateStatus: route<TaskStatusUpdateRequest, TaskResponse>('PATCH', '/api/v1/tasks/:id/status'),
    remove: route<undefined, undefined>('DELETE', '/api/v1/tasks/:id'),
  },
  timeTracking: {
    /** start/pause/resume/stop honour an Idempotency-Key header (IDEMPOTENCY_KEY_HEADER). */
    start: route<TimerStartRequest, TimerActionResponse>('POST', '/api/v1/time-tracking/start'),
    pause: route<TimerActionRequest, TimerActionResponse>('POST', '/api/v1/time-tracking/pause'),
    resume: route<TimerActionRequest, TimerActionResponse>('POST', '/api/v1/time-tracking/resume'),
    stop: route<TimerStopRequest, TimerActionResponse>('POST', '/api/v1/time-tracking/stop'),
    status: route<undefined, TimerStatusResponse>('GET', '/api/v1/time-tracking/status'),
    logs: route<undefined, TimeLogPage, TimeLogListQuery>('GET', '/api/v1/time-tracking/logs'),
    heartbeat: route<undefined, HeartbeatResponse>('POST', '/api/v1/time-tracking/heartbeat'),
    streamTicket: route<undefined, StreamTicketResponse>('POST', '/api/v1/time-tracking/stream-ticket'),
    /** Server-Sent Events (`event: timer`, data: TimerStreamEvent); `?ticket=` or a bearer header. */
    stream: route<undefined, never, { ticket?: string }>('GET', '/api/v1/time-tracking/stream'),
    taskLogs: route<undefined, TimeLogPage, TimeEntryListQuery>('GET', '/api/v1/tasks/:id/time-logs'),
  },
  timeEntries: {
    list: route<undefined, TimeLogPage, TimeEntryListQuery>('GET', '/api/v1/time-entries'),
    create: route<TimeEntryCreateRequest, TimeEntryWriteResponse>('POST', '/api/v1/time-entries'),
    get: route<undefined, TimeLogResponse>('GET', '/api/v1/time-entries/:id'),
    update: route<TimeEntryUpdateRequest, TimeEntryWriteResponse>('PATCH', '/api/v1/time-entries/:id'),
    remove: route<undefined, undefined>('DELETE', '/api/v1/time-entries/:id'),
  },
  rates: {
    set: route<RateSetRequest, UserRateResponse>('PUT', '/api/v1/users/:id/rate'),
    history: route<undefined, UserRateResponse[]>('GET', '/api/v1/users/:id/rates'),
    mine: route<undefined, CurrentRateResponse>('GET', '/api/v1/users/me/rate'),
    apply: route<undefined, RateApplyResponse>('POST', '/api/v1/users/:id/rates/:rateId/apply'),
  },
  settings: {
    get: route<undefined, TimeTrackingSettingsResponse>('GET', '/api/v1/settings'),
    update: route<TimeTrackingSettingsUpdateRequest, TimeTrackingSettingsResponse>('PATCH', '/api/v1/settings'),
  },
  budgets: {
    /** Admins get `view: "full"`; members of the project `view: "progress"` (no money). */
    get: route<undefined, ProjectBudgetView>('GET', '/api/v1/projects/:id/budget'),
    /** Admins; 201 when created, 200 when replaced. */
    set: route<ProjectBudgetSetRequest, ProjectBudgetResponse>('PUT', '/api/v1/projects/:id/budget'),
    list: route<undefined, Paginated<BudgetOverviewRow>, BudgetListQuery>('GET', '/api/v1/budgets'),
    statistics: route<undefined, ProjectStatisticsResponse, ProjectStatisticsQuery>('GET', '/api/v1/projects/:id/statistics'),
    alerts: route<undefined, Paginated<BudgetAlertResponse>, BudgetAlertListQuery>('GET', '/api/v1/budget-alerts'),
    acknowledge: route<undefined, BudgetAlertResponse>('POST', '/api/v1/budget-alerts/:id/acknowledge'),
    /** Server-Sent Events (`event: budget_alert`, data: BudgetAlertStreamEvent); admins; `?ticket=` (POST /time-tracking/stream-ticket) or a bearer header. */
    alertStream: route<undefined, never, { ticket?: string }>('GET', '/api/v1/budget-alerts/stream'),
  },
  analytics: {
    dashboard: route<undefined, DashboardMetrics, AnalyticsRangeQuery>('GET', '/api/v1/analytics/dashboard'),
    trend: route<undefined, ProductivityTrend, AnalyticsRangeQuery>('GET', '/api/v1/analytics/trend'),
    tasks: route<undefined, TaskStatistics>('GET', '/api/v1/analytics/tasks'),
    timeDistribution: route<undefined, TimeDistribution, TimeDistributionQuery>('GET', '/api/v1/analytics/time-distribution'),
    /** Admins. */
    users: route<undefined, Paginated<UserProductivityRow>, UserProductivityQuery>('GET', '/api/v1/analytics/users'),
    /** Admins. */
    taskTimeSummary: route<undefined, Paginated<TaskTimeSummaryRow>, TaskTimeSummaryQuery>('GET', '/api/v1/analytics/task-time-summary'),
  },
  privacy: {
    /** The caller's data as a JSON download (`stint-export-<date>.json`), streamed; use the client's `raw`. */
    export: route<undefined, PrivacyExport>('GET', '/api/v1/users/me/export'),
    /** Erases the caller's account (password confirmation); the session ends at once. */
    deleteMe: route<DeleteMeRequest, AccountDeletionResponse>('DELETE', '/api/v1/users/me'),
    /** Admins: erases another account, confirmed with the admin's own password. */
    deleteUser: route<AdminDeleteUserRequest, AccountDeletionResponse>('DELETE', '/api/v1/users/:id'),
  },
  audit: {
    /** Admins; newest first. */
    list: route<undefined, Paginated<AuditLogEntryResponse>, AuditLogListQuery>('GET', '/api/v1/audit-log'),
  },
  reports: {
    /** `format=csv` answers text/csv (use the client's `raw`). */
    project: route<undefined, ReportResponse, ReportQuery>('GET', '/api/v1/reports/projects/:id'),
    /** `format=csv` answers text/csv (use the client's `raw`). */
    user: route<undefined, ReportResponse, ReportQuery>('GET', '/api/v1/reports/users/:id'),
  },
} as const;

/** Fills `:name` parameters of a route path, URI-encoding each value. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([a-zA-Z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Serialises a query object, skipping undefined/null/empty values; arrays repeat the key. */
export function buildQuery(query: object | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => { search.append(key, String(v)); });
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
