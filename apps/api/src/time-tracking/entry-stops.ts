import type { StopReason } from '@stint/contracts';
import type { EntityManager } from 'typeorm';
import type { BudgetLedger } from '../budgets/budget-ledger';
import { conflictError } from '../common/errors/app-error';
import { lockUserTimers } from '../common/locks/user-timer-lock';
import { storedCost } from '../common/money';
import { TIME_LOG_SELECT, timesOf, type TimeLogRow } from './time-log-view';
import { stop, type StoppedTimer } from './timer-state';
import { DomainEvents } from '../events/domain-events';

/** One stop to write: the entry as read (locked), where it ends, why, and a new description if given. */
export interface EntryStop {
  row: TimeLogRow;
  stopped: StoppedTimer;
  reason: StopReason;
  description?: string | null;
}

/**
 * Stops entries and books their costs, in the caller's transaction (issue 5: total_cost
 * changes in the same transaction as the stop). Every path that stops a timer — stop, switch,
 * the cap and budget jobs, a removal or archive, deactivation, erasure — comes here, and only
 * here is a stop's cost recorded, so it is counted exactly once. The costs are recorded after
 * all the UPDATEs, summed per project and in project-id order (recordCostChanges), so two
 * transactions stopping timers on the same projects lock the budgets in the same order.
 *
 * The `status <> 'stopped'` guard makes a second stop of the same entry a 409 (the caller
 * holds the row lock, so this is a safety net, not the rule).
 */
export async function stopEntries(tx: EntityManager, ledger: BudgetLedger, stops: EntryStop[]): Promise<TimeLogRow[]> {
  const rows: TimeLogRow[] = [];
  for (const { row, stopped, reason, description } of stops) {
    const cost = storedCost(stopped.durationSeconds, row.rate_type, row.rate_amount);
    const nextDescription = description !== undefined ? description : row.description;
    const [, affected] = await tx.query<[unknown, number]>(
      `UPDATE time_entries
          SET status = 'stopped', end_time = $2, paused_at = NULL, paused_seconds = $3, duration_seconds = $4,
              total_cost = $5, timer_slot = NULL, stop_reason = $6, description = $7
        WHERE id = $1 AND status <> 'stopped'`,
      [row.id, stopped.endTime, stopped.pausedSeconds, stopped.durationSeconds, cost, reason, nextDescription],
    );
    if (affected !== 1) throw conflictError('This timer is already stopped', { status: ['stopped'] });
    await DomainEvents.record(tx, { type: 'time_entry.stopped', user_id: row.user_id, entry_id: row.id, stop_reason: reason });
    rows.push({
      ...row,
      status: 'stopped',
      end_time: stopped.endTime,
      paused_at: null,
      paused_seconds: stopped.pausedSeconds,
      duration_seconds: stopped.durationSeconds,
      total_cost: cost,
      timer_slot: null,
      stop_reason: reason,
      description: nextDescription,
    });
  }
  await ledger.recordCostChanges(
    tx,
    rows.map((row) => ({ projectId: row.project_id, deltaCost: row.total_cost })),
  );
  return rows;
}

/** Stops and books every running and paused timer of a user at `now`, under the user's timer lock. */
export async function stopAllActiveOfUser(tx: EntityManager, ledger: BudgetLedger, userId: string, reason: StopReason, now: Date): Promise<TimeLogRow[]> {
  await lockUserTimers(tx, userId);
  const active = await tx.query<TimeLogRow[]>(`${TIME_LOG_SELECT} WHERE te.user_id = $1 AND te.status <> 'stopped' ORDER BY te.start_time, te.id FOR UPDATE OF te`, [userId]);
  return stopEntries(
    tx,
    ledger,
    active.map((row) => ({ row, stopped: stop(timesOf(row), now), reason })),
  );
}
