/**
 * Helpers the integration suites share beside the factories (test/support/factories.ts):
 * raw calls, reads of what the database holds, and hooks into the app's services.
 */
import type { PrivacyExport, TimeTrackingSettingsUpdateRequest } from '@stint/contracts';
import { routes } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { BudgetLedger } from '../../src/budgets/budget-ledger';
import { TimerMaintenance } from '../../src/time-tracking/timer-maintenance';
import type { TestContext, TestUser } from './test-app';

export { failure } from './failure';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The callers of the access matrices. */
export const ACTORS = ['owner', 'member', 'other', 'admin', 'anonymous'] as const;
export type Actor = (typeof ACTORS)[number];

/** One raw HTTP call as `user` (raw, so 200/201/204 and DELETE bodies stay visible). */
export async function callAs(
  ctx: TestContext,
  user: TestUser | null,
  request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object; cookie?: string },
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (user) headers.authorization = `Bearer ${user.token}`;
  if (request.cookie) headers.cookie = request.cookie;
  const response = await ctx.fastify.inject({ method: request.method, url: request.url, headers, payload: request.payload as never });
  return { status: response.statusCode, body: response.body ? response.json() : undefined, headers: response.headers };
}

/** Changes settings through the API as the instance's admin. */
export function setSettings(admin: TestUser, body: TimeTrackingSettingsUpdateRequest) {
  return admin.api.call(routes.settings.update, { body });
}

/** The settings every time-tracking file starts from (files share nothing, but tests in a file do). */
export const DEFAULT_SETTINGS: TimeTrackingSettingsUpdateRequest = {
  default_hourly_rate: '50',
  default_minutely_rate: null,
  default_currency: 'USD',
  auto_pause_on_logout: false,
  max_concurrent_timers_per_user: 1,
  max_timer_hours: 24,
  stale_heartbeat_minutes: 10,
};

export async function setTimeZone(user: TestUser, timezone: string): Promise<void> {
  await user.api.call(routes.users.updateMe, { body: { timezone } });
}

/** Runs the timers' background job once, as the interval would, with the test clock. */
export function runMaintenance(ctx: TestContext) {
  return ctx.app.get(TimerMaintenance).runOnce();
}

export function ledgerOf(ctx: TestContext): BudgetLedger {
  return ctx.app.get(BudgetLedger);
}

export function inTransaction<T>(ctx: TestContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.app.get(DataSource).transaction(work);
}

/** The entry row as stored, for assertions on what the database holds. */
export async function storedEntry(ctx: TestContext, id: string) {
  const [row] = await ctx.sql<{
    status: string;
    start_time: Date;
    end_time: Date | null;
    duration_seconds: number | null;
    paused_seconds: number;
    total_cost: string;
    rate_type: string;
    rate_amount: string;
    currency: string;
    stop_reason: string | null;
    timer_slot: number | null;
    description: string | null;
  }>('SELECT * FROM time_entries WHERE id = $1', [id]);
  return row;
}

export async function activeCount(ctx: TestContext, userId: string): Promise<number> {
  const [row] = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1 AND status <> 'stopped'`, [userId]);
  return row.n;
}

export async function budgetRow(ctx: TestContext, projectId: string): Promise<{ total_cost: string; status: string }> {
  const [row] = await ctx.sql<{ total_cost: string; status: string }>('SELECT total_cost::text, status::text FROM project_budgets WHERE project_id = $1', [projectId]);
  return row;
}

export async function alertsOf(
  ctx: TestContext,
  projectId: string,
): Promise<Array<{ alert_type: string; actual_percentage: string; cost_at_alert: string; threshold_percentage: string }>> {
  return ctx.sql(
    `SELECT alert_type::text, actual_percentage::text, cost_at_alert::text, threshold_percentage::text
       FROM budget_alerts WHERE project_id = $1 ORDER BY created_at, threshold_percentage::numeric`,
    [projectId],
  );
}

/**
 * The budgets' invariant: each budget's total_cost equals the exact sum of its project's
 * stopped entries (one statement, one snapshot).
 */
export async function budgetInvariant(ctx: TestContext, projectIds: string[]): Promise<Array<{ project_id: string; budget: string; entries: string; holds: boolean }>> {
  return ctx.sql(
    `SELECT b.project_id, round(b.total_cost, 4)::text AS budget, round(e.sum, 4)::text AS entries, b.total_cost = e.sum AS holds
       FROM project_budgets b
       CROSS JOIN LATERAL (SELECT coalesce(sum(te.total_cost), 0) AS sum FROM time_entries te WHERE te.project_id = b.project_id AND te.status = 'stopped') e
      WHERE b.project_id = ANY($1::uuid[])
      ORDER BY b.project_id`,
    [projectIds],
  );
}

export async function expectBudgetInvariant(ctx: TestContext, ...projectIds: string[]): Promise<void> {
  const rows = await budgetInvariant(ctx, projectIds);
  expect(rows).toHaveLength(projectIds.length);
  for (const row of rows) expect(row).toEqual({ ...row, budget: row.entries, holds: true });
}

/** GET /users/me/export as `user`, raw (headers and text) and parsed. */
export async function downloadExport(ctx: TestContext, user: TestUser): Promise<{ status: number; headers: Record<string, unknown>; text: string; document: PrivacyExport }> {
  const response = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me/export', headers: { authorization: `Bearer ${user.token}` } });
  return { status: response.statusCode, headers: response.headers, text: response.body, document: response.statusCode === 200 ? JSON.parse(response.body) : null };
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
