import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BudgetLedger } from '../budgets/budget-ledger';
import { Clock } from '../common/clock';
import { ProjectTrackingHooks, type TrackingEnded } from '../projects/project-tracking-hooks';
import { TIME_LOG_SELECT, timesOf, type TimeLogRow } from './time-log-view';
import { TimerEventHub } from './timer-events';
import { stop } from './timer-state';
import { stopEntries } from './entry-stops';

/**
 * Stops and books the timers a removal from a project (that user's) or an archive (everyone's)
 * ends, inside that change's transaction: the time tracked up to that moment is kept and
 * charged, nothing after it. An admin removed from a project may still track on it (admins
 * track on every project), so their timers run on.
 *
 * Locking: the rows are locked FOR UPDATE, not the users' timer locks — a timer action holds
 * its user's lock and may be waiting for this project row, so taking that lock here could
 * deadlock. A timer action on one of these rows waits for this commit and then finds it stopped.
 */
@Injectable()
export class ProjectTimerStops implements OnModuleInit {
  constructor(
    private readonly hooks: ProjectTrackingHooks,
    private readonly ledger: BudgetLedger,
    private readonly events: TimerEventHub,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.onTrackingEnded((tx, change) => this.stopTimers(tx, change));
  }

  /** The users whose timers were stopped. */
  async stopTimers(tx: EntityManager, change: TrackingEnded): Promise<string[]> {
    const rows = await tx.query<TimeLogRow[]>(
      `${TIME_LOG_SELECT}
        WHERE te.project_id = $1 AND te.status <> 'stopped' AND ($2::uuid IS NULL OR te.user_id = $2::uuid)
          AND ($2::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = te.user_id AND u.role = 'admin'))
        ORDER BY te.id
        FOR UPDATE OF te`,
      [change.projectId, change.userId],
    );
    if (!rows.length) return [];
    const now = this.clock.now();
    const finished = await stopEntries(
      tx,
      this.ledger,
      rows.map((row) => ({ row, stopped: stop(timesOf(row), now), reason: change.reason })),
    );
    for (const row of finished) await this.events.publish(tx, { userId: row.user_id, type: 'stopped', timeLogId: row.id, stopReason: change.reason });
    return [...new Set(finished.map((row) => row.user_id))];
  }
}
