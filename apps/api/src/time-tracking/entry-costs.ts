import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BudgetAlert } from '../budgets/entities/budget-alert.entity';
import type { BudgetLedger } from '../budgets/budget-ledger';
import { accruedCost, toAccruingTimer, type AccruingTimerRow } from '../budgets/budget-math';
import { ProjectEntryCosts } from '../budgets/project-entry-costs';
import { Money, sumMoney } from '../common/money';
import { projectStoppedEntriesSql } from './entry-read-sql';

/** The entries' costs budgets ask for (ProjectEntryCosts), answered by the owner of `time_entries`. */
@Injectable()
export class EntryCosts implements OnModuleInit {
  constructor(private readonly costs: ProjectEntryCosts) {}

  onModuleInit(): void {
    this.costs.register({ stoppedCost, activeCost, stoppedEntriesSql: projectStoppedEntriesSql });
  }
}

export async function stoppedCost(manager: EntityManager, projectId: string): Promise<string> {
  const [{ sum }] = await manager.query<Array<{ sum: string }>>(`SELECT coalesce(sum(total_cost), 0)::text AS sum FROM time_entries WHERE project_id = $1 AND status = 'stopped'`, [
    projectId,
  ]);
  return sum;
}

/** Cost so far of the timers running or paused on the project, at their snapshot rates. */
export async function activeCost(manager: EntityManager, projectId: string, now: Date): Promise<{ cost: string; count: number }> {
  const rows = await manager.query<AccruingTimerRow[]>(
    `SELECT id, status, start_time, paused_at, paused_seconds, rate_type, rate_amount::text FROM time_entries WHERE project_id = $1 AND status <> 'stopped'`,
    [projectId],
  );
  return { cost: sumMoney(rows.map((row) => accruedCost(toAccruingTimer(row), now))).toFixed(4), count: rows.length };
}

/**
 * Before a user's entries are erased (deleted with the user): takes their stopped entries'
 * cost off each project's budget. Call it in the erasure's transaction, after the user's
 * timer lock and before the DELETE.
 */
export async function releaseUserCosts(tx: EntityManager, ledger: BudgetLedger, userId: string): Promise<BudgetAlert[]> {
  const rows = await tx.query<Array<{ project_id: string; cost: string }>>(
    `SELECT project_id, sum(total_cost)::text AS cost FROM time_entries
      WHERE user_id = $1 AND status = 'stopped' AND project_id IS NOT NULL
      GROUP BY project_id`,
    [userId],
  );
  return ledger.recordCostChanges(
    tx,
    rows.map((row) => ({ projectId: row.project_id, deltaCost: new Money(row.cost).negated() })),
  );
}
