import type { EntityManager } from 'typeorm';
import type { BudgetLedger } from '../budgets/budget-ledger';
import { capStops, toAccruingTimer, type AccruingTimerRow } from '../budgets/budget-math';
import type { StoppedTimer } from './timer-state';

/** A timer the budget cap stops: where it ends (stopEntries writes it) and what that costs. */
export interface BudgetCapStop {
  timeLogId: string;
  userId: string;
  projectId: string;
  stop: StoppedTimer;
  /** storedCost of the stop (4 decimals): the delta to record on the project. */
  cost: string;
}

/**
 * For the cap job, inside its transaction: the active timers to stop (stop_reason `budget`)
 * because they used up what was left of a locked budget (the ledger says which budgets are
 * locked and what they have left; budget tracking off: none).
 *
 * A project's active timers (running or paused) share its remaining budget: when their
 * combined cost so far reaches it, all of them stop at the moment it did (see capStops). The
 * rows are locked FOR UPDATE SKIP LOCKED; a project with a timer some request is acting on
 * right now is left for the next run.
 */
export async function timersToStopForBudget(tx: EntityManager, ledger: BudgetLedger, now: Date): Promise<BudgetCapStop[]> {
  const left = await ledger.lockedBudgetsLeft(tx);
  if (!left.size) return [];
  const rows = await tx.query<Array<AccruingTimerRow & { user_id: string; project_id: string }>>(
    `SELECT te.id, te.user_id, te.project_id, te.status, te.start_time, te.paused_at, te.paused_seconds, te.rate_type, te.rate_amount::text
       FROM time_entries te
      WHERE te.status <> 'stopped' AND te.project_id = ANY($1::uuid[])
      ORDER BY te.project_id, te.start_time, te.id
      FOR UPDATE OF te SKIP LOCKED`,
    [[...left.keys()]],
  );
  if (!rows.length) return [];
  const projects = new Map<string, typeof rows>();
  for (const row of rows) projects.set(row.project_id, [...(projects.get(row.project_id) ?? []), row]);
  const counts = await tx.query<Array<{ project_id: string; active: number }>>(
    `SELECT project_id, count(*)::int AS active FROM time_entries WHERE status <> 'stopped' AND project_id = ANY($1::uuid[]) GROUP BY project_id`,
    [[...projects.keys()]],
  );
  const activeCount = new Map(counts.map((row) => [row.project_id, row.active]));
  const result: BudgetCapStop[] = [];
  for (const [projectId, timers] of projects) {
    // A timer another transaction holds is missing from the share: decide next run.
    if ((activeCount.get(projectId) ?? 0) !== timers.length) continue;
    const stops = capStops(timers.map(toAccruingTimer), left.get(projectId) as string, now);
    if (!stops) continue;
    for (const [i, stop] of stops.entries()) {
      result.push({
        timeLogId: stop.timeLogId,
        userId: timers[i].user_id,
        projectId,
        stop: { status: 'stopped', endTime: stop.endTime, pausedAt: null, pausedSeconds: stop.pausedSeconds, durationSeconds: stop.durationSeconds },
        cost: stop.cost,
      });
    }
  }
  return result;
}
