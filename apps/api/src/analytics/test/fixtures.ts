/** Factories shared by the analytics and reports integration tests. */
import { routes, type TaskCreateRequest, type TaskStatus } from '@stint/contracts';
import type { TestContext, TestUser } from '../../../test/support/test-app';
import { storedCost } from '../../common/money';
import type { RateType } from '../../common/enums';

export { failure } from '../../../test/support/failure';
export { addMembers, newProject } from '../../projects/test/fixtures';

export interface EntrySpec {
  userId: string;
  projectId?: string | null;
  taskId?: string | null;
  /** ISO instants. */
  start: string;
  /** Stopped entries only. */
  end?: string;
  status?: 'stopped' | 'running' | 'paused';
  /** Paused entries only: when the current pause began. */
  pausedAt?: string;
  pausedSeconds?: number;
  rateType?: RateType;
  rateAmount?: string;
  currency?: string;
  billable?: boolean;
  description?: string | null;
}

/**
 * Inserts an entry as the time-tracking module stores it: a stopped one with its end,
 * running duration ((end − start) − paused) and exact cost at the snapshot rate; an active
 * one (running or paused) without end, duration or cost, in timer slot 0.
 */
export async function insertEntry(ctx: TestContext, spec: EntrySpec): Promise<string> {
  const status = spec.status ?? 'stopped';
  const paused = spec.pausedSeconds ?? 0;
  const rateType = spec.rateType ?? 'hourly';
  const rateAmount = spec.rateAmount ?? '60';
  let duration: number | null = null;
  let cost = '0';
  if (status === 'stopped') {
    if (!spec.end) throw new Error('a stopped entry needs an end');
    duration = Math.floor((Date.parse(spec.end) - Date.parse(spec.start)) / 1000) - paused;
    cost = storedCost(duration, rateType, rateAmount);
  }
  const [row] = await ctx.sql<{ id: string }>(
    `INSERT INTO time_entries (user_id, project_id, task_id, status, start_time, end_time, paused_at, paused_seconds, duration_seconds,
                               description, rate_type, rate_amount, currency, total_cost, is_billable, timer_slot)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      spec.userId,
      spec.projectId ?? null,
      spec.taskId ?? null,
      status,
      spec.start,
      status === 'stopped' ? spec.end : null,
      status === 'paused' ? spec.pausedAt : null,
      paused,
      duration,
      spec.description ?? null,
      rateType,
      rateAmount,
      spec.currency ?? 'EUR',
      cost,
      spec.billable ?? true,
      status === 'stopped' ? null : 0,
    ],
  );
  return row.id;
}

export interface TaskSpec extends TaskCreateRequest {
  createdAt: string;
  status?: TaskStatus;
  completedAt?: string | null;
}

/** Creates a task through the API (for its key), then sets the dates and status the scenario needs. */
export async function insertTask(ctx: TestContext, user: TestUser, spec: TaskSpec): Promise<{ id: string; key: string | null }> {
  const { createdAt, completedAt, status, ...body } = spec;
  const task = await user.api.call(routes.tasks.create, { body });
  await ctx.sql('UPDATE tasks SET created_at = $2, completed_at = $3, status = $4 WHERE id = $1', [task.id, createdAt, completedAt ?? null, status ?? 'todo']);
  return { id: task.id, key: task.key };
}

export async function setTimeZone(user: TestUser, timezone: string): Promise<void> {
  await user.api.call(routes.users.updateMe, { body: { timezone } });
}

/** Reads a streamed CSV answer as records of fields (RFC 4180, CRLF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field || record.length) throw new Error('CSV does not end with CRLF');
  return records;
}
