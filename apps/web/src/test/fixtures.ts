import type { ErrorEnvelope, ListMeta, Paginated, ProjectResponse, TaskDetailResponse, TokenResponse, UserResponse } from '@stint/contracts';

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
