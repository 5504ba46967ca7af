/** Factories and helpers shared by the projects and tasks integration tests. */
import { routes, type ProjectCreateRequest, type ProjectResponse, type TaskCreateRequest, type TaskResponse } from '@stint/contracts';
import type { TestContext, TestUser } from '../../../test/support/test-app';

export { failure } from '../../../test/support/failure';

let keyCounter = 0;

/** A fresh project key: the prefix and a counter written in letters (KAAAB, KAAAC, …). */
export function uniqueKey(prefix = 'K'): string {
  keyCounter += 1;
  let n = keyCounter;
  let letters = '';
  for (let i = 0; i < 4; i += 1) {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26);
  }
  return `${prefix}${letters}`;
}

export function newProject(admin: TestUser, overrides: Partial<ProjectCreateRequest> = {}): Promise<ProjectResponse> {
  return admin.api.call(routes.projects.create, { body: { name: 'Project', key: uniqueKey(), ...overrides } });
}

export async function addMembers(admin: TestUser, projectId: string, ...users: TestUser[]): Promise<void> {
  for (const user of users) await admin.api.call(routes.projects.addMember, { params: { id: projectId }, body: { user_id: user.id } });
}

export function newTask(user: TestUser, body: Partial<TaskCreateRequest> = {}): Promise<TaskResponse> {
  return user.api.call(routes.tasks.create, { body: { title: 'A task', ...body } });
}

/** Promotes a registered user to admin (roles are read per request, so the token keeps working). */
export async function promote(admin: TestUser, user: TestUser): Promise<TestUser> {
  await admin.api.call(routes.users.update, { params: { id: user.id }, body: { role: 'admin' } });
  return user;
}

/**
 * Inserts a time entry the way the time-tracking module will store it (that module doesn't
 * exist yet): stopped entries have an end and a duration, running ones neither.
 */
export async function insertTimeEntry(
  ctx: TestContext,
  entry: { userId: string; taskId: string | null; projectId?: string | null; seconds?: number; status?: 'stopped' | 'running'; start?: Date; description?: string },
): Promise<string> {
  const start = entry.start ?? new Date(Date.now() - 86_400_000);
  const stopped = (entry.status ?? 'stopped') === 'stopped';
  const seconds = entry.seconds ?? 3600;
  const [row] = await ctx.sql<{ id: string }>(
    `INSERT INTO time_entries (user_id, task_id, project_id, status, start_time, end_time, duration_seconds, description, timer_slot, rate_type, rate_amount, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'hourly', 50, 'USD') RETURNING id`,
    [
      entry.userId,
      entry.taskId,
      entry.projectId ?? null,
      stopped ? 'stopped' : 'running',
      start,
      stopped ? new Date(start.getTime() + seconds * 1000) : null,
      stopped ? seconds : null,
      entry.description ?? null,
      stopped ? null : 0,
    ],
  );
  return row.id;
}

/** The callers of the access matrices. */
export const ACTORS = ['owner', 'member', 'other', 'admin', 'anonymous'] as const;
export type Actor = (typeof ACTORS)[number];

/** One raw HTTP call as `actor` (raw, so 200/201/204 stay distinguishable). */
export async function callAs(
  ctx: TestContext,
  user: TestUser | null,
  request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object },
): Promise<{ status: number; body: any }> {
  const response = await ctx.fastify.inject({
    method: request.method,
    url: request.url,
    headers: user ? { authorization: `Bearer ${user.token}` } : {},
    payload: request.payload as never,
  });
  return { status: response.statusCode, body: response.body ? response.json() : undefined };
}
