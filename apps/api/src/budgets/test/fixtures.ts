/** Factories shared by the budget integration tests. */
import { routes, type ProjectBudgetResponse, type ProjectBudgetSetRequest } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { TestContext, TestUser } from '../../../test/support/test-app';
import { BudgetLedger } from '../budget-ledger';

export { addMembers, callAs, failure, newProject, newTask, promote } from '../../projects/test/fixtures';

export function ledgerOf(ctx: TestContext): BudgetLedger {
  return ctx.app.get(BudgetLedger);
}

export function dataSourceOf(ctx: TestContext): DataSource {
  return ctx.app.get(DataSource);
}

export function inTransaction<T>(ctx: TestContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSourceOf(ctx).transaction(work);
}

export function setBudget(admin: TestUser, projectId: string, body: Partial<ProjectBudgetSetRequest> = {}): Promise<ProjectBudgetResponse> {
  return admin.api.call(routes.budgets.set, { params: { id: projectId }, body: { total_budget: '1000', ...body } });
}

export interface EntrySpec {
  userId: string;
  projectId: string | null;
  taskId?: string | null;
  /** Stopped (default) with an end and a cost, or running/paused holding timer slot 0. */
  status?: 'stopped' | 'running' | 'paused';
  start?: Date;
  seconds?: number;
  cost?: string;
  isBillable?: boolean;
  rateType?: 'hourly' | 'minutely' | 'secondly';
  rateAmount?: string;
  currency?: string;
  pausedAt?: Date | null;
  pausedSeconds?: number;
  timerSlot?: number;
}

/** Inserts a time entry the way the time-tracking module stores it; stopped entries take `cost` as their exact total_cost. */
export async function insertEntry(ctx: TestContext, spec: EntrySpec): Promise<string> {
  const status = spec.status ?? 'stopped';
  const start = spec.start ?? new Date(Date.now() - 86_400_000);
  const seconds = spec.seconds ?? 3600;
  const stopped = status === 'stopped';
  const [row] = await ctx.sql<{ id: string }>(
    `INSERT INTO time_entries (user_id, task_id, project_id, status, start_time, end_time, duration_seconds, paused_at, paused_seconds,
                               rate_type, rate_amount, currency, total_cost, is_billable, timer_slot)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      spec.userId,
      spec.taskId ?? null,
      spec.projectId,
      status,
      start,
      stopped ? new Date(start.getTime() + seconds * 1000) : null,
      stopped ? seconds : null,
      status === 'paused' ? (spec.pausedAt ?? new Date(start.getTime() + 1000)) : null,
      spec.pausedSeconds ?? 0,
      spec.rateType ?? 'hourly',
      spec.rateAmount ?? '50',
      spec.currency ?? 'USD',
      stopped ? (spec.cost ?? '0') : '0',
      spec.isBillable ?? true,
      stopped ? null : (spec.timerSlot ?? 0),
    ],
  );
  return row.id;
}

export async function budgetRow(ctx: TestContext, projectId: string): Promise<{ total_cost: string; status: string }> {
  const [row] = await ctx.sql<{ total_cost: string; status: string }>('SELECT total_cost::text, status::text FROM project_budgets WHERE project_id = $1', [projectId]);
  return row;
}

export async function alertsOf(ctx: TestContext, projectId: string): Promise<Array<{ alert_type: string; actual_percentage: string; cost_at_alert: string; threshold_percentage: string }>> {
  return ctx.sql(
    `SELECT alert_type::text, actual_percentage::text, cost_at_alert::text, threshold_percentage::text
       FROM budget_alerts WHERE project_id = $1 ORDER BY created_at, threshold_percentage::numeric`,
    [projectId],
  );
}

export async function setSettings(ctx: TestContext, values: { enable_budget_tracking?: boolean; enable_budget_alerts?: boolean }): Promise<void> {
  await ctx.sql('UPDATE time_tracking_settings SET enable_budget_tracking = coalesce($1, enable_budget_tracking), enable_budget_alerts = coalesce($2, enable_budget_alerts) WHERE id = 1', [
    values.enable_budget_tracking ?? null,
    values.enable_budget_alerts ?? null,
  ]);
}
