import type {
  ErrorEnvelope,
  ListMeta,
  Paginated,
  ProjectResponse,
  TaskDetailResponse,
  TimeLogResponse,
  TimerActionResponse,
  TimerLimits,
  TimerStatusResponse,
  TimerView,
  TokenResponse,
  UserResponse,
} from '@stint/contracts';

export function aUser(overrides: Partial<UserResponse> = {}): UserResponse {
  return {
    id: '5f0c1b8e-7d7a-4c55-9f0e-2a7d3c1b9e01',
    email: 'ada@example.com',
    full_name: 'Ada Lovelace',
    role: 'member',
    timezone: 'UTC',
    is_active: true,
    created_at: '2026-01-05T09:00:00.000Z',
    last_login: null,
    ...overrides,
  };
}

export function aTokenResponse(overrides: Partial<TokenResponse> = {}): TokenResponse {
  return { token: 'access-1', token_type: 'bearer', expires_in: 900, user: aUser(), ...overrides };
}

export function anErrorEnvelope(code: ErrorEnvelope['error']['code'], message: string, details: Record<string, unknown> | null = null): ErrorEnvelope {
  return { success: false, error: { code, message, details }, meta: { request_id: 'req-test-1', timestamp: '2026-01-05T09:00:00.000Z' } };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function aProject(overrides: Partial<ProjectResponse> = {}): ProjectResponse {
  return {
    id: '0b8f3c8e-1d2a-4c55-9f0e-2a7d3c1b9e10',
    name: 'Billing Platform',
    key: 'BP',
    description: null,
    currency: 'EUR',
    is_billable: true,
    archived_at: null,
    created_by: aUser().id,
    created_at: '2026-01-05T09:00:00.000Z',
    updated_at: '2026-01-05T09:00:00.000Z',
    member_count: 1,
    task_count: 0,
    is_member: true,
    ...overrides,
  };
}

export function aTask(overrides: Partial<TaskDetailResponse> = {}): TaskDetailResponse {
  return {
    id: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e01',
    user_id: aUser().id,
    project_id: aProject().id,
    key: 'BP-12',
    title: 'Fix the invoice rounding',
    description: null,
    status: 'todo',
    priority: 'medium',
    due_date: null,
    tags: [],
    estimated_hours: null,
    created_at: '2026-01-06T09:00:00.000Z',
    updated_at: '2026-01-06T09:00:00.000Z',
    completed_at: null,
    time_tracked_hours: 0,
    time_entries: [],
    ...overrides,
  };
}

export function aPage<T>(data: T[], meta: Partial<ListMeta> = {}): Paginated<T> {
  return { data, meta: { page: 1, per_page: 20, total: data.length, ...meta } };
}

export function aTimerView(overrides: Partial<TimerView> = {}): TimerView {
  return {
    time_log_id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01',
    status: 'running',
    task_id: aTask().id,
    task_key: 'BP-12',
    task_title: 'Fix the invoice rounding',
    project_id: aProject().id,
    project_name: 'Billing Platform',
    description: null,
    start_time: '2026-03-10T09:00:00.000Z',
    started_at: '2026-03-10T09:00:00.000Z',
    paused_at: null,
    end_time: null,
    elapsed_seconds: 3600,
    paused_seconds: 0,
    cost: '50.00',
    rate_type: 'hourly',
    rate_amount: '50.0000',
    currency: 'USD',
    is_billable: true,
    last_heartbeat: '2026-03-10T10:00:00.000Z',
    stale: false,
    stop_reason: null,
    ...overrides,
  };
}

export const TIMER_LIMITS: TimerLimits = { max_concurrent_timers: 1, max_timer_hours: 24, stale_heartbeat_minutes: 30, heartbeat_interval_seconds: 60 };

/** The status with these active timers (idle without any), as GET /time-tracking/status answers. */
export function aTimerStatus(timers: TimerView[] = [], overrides: Partial<Pick<TimerStatusResponse, 'server_time' | 'last_stopped' | 'limits'>> = {}): TimerStatusResponse {
  const common = { success: true as const, server_time: '2026-03-10T10:00:00.000Z', timers, last_stopped: null, limits: TIMER_LIMITS, ...overrides };
  const [latest] = timers;
  if (!latest) return { ...common, status: 'stopped', time_log_id: null, stale: false };
  return { ...latest, ...common, status: latest.status === 'paused' ? 'paused' : 'running' };
}

export function aTimerActionResponse(view: TimerView, overrides: Partial<Pick<TimerActionResponse, 'server_time' | 'switched_from'>> = {}): TimerActionResponse {
  return { ...view, success: true, server_time: '2026-03-10T10:00:01.000Z', switched_from: null, ...overrides };
}

export function aTimeLog(overrides: Partial<TimeLogResponse> = {}): TimeLogResponse {
  return {
    id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e01',
    user_id: aUser().id,
    task_id: aTask().id,
    task_key: 'BP-12',
    task_title: 'Fix the invoice rounding',
    project_id: aProject().id,
    project_name: 'Billing Platform',
    status: 'stopped',
    is_active: false,
    start_time: '2026-03-10T09:00:00.000Z',
    end_time: '2026-03-10T10:00:00.000Z',
    paused_at: null,
    paused_seconds: 0,
    duration_seconds: 3600,
    duration_hours: 1,
    elapsed_seconds: 3600,
    description: 'Rounding fix',
    rate_type: 'hourly',
    rate_amount: '50.0000',
    currency: 'USD',
    total_cost: '50.00',
    is_billable: true,
    stop_reason: 'user',
    created_at: '2026-03-10T10:00:00.000Z',
    updated_at: '2026-03-10T10:00:00.000Z',
    ...overrides,
  };
}
