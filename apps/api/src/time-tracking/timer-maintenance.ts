import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BudgetLedger } from '../budgets/budget-ledger';
import { Clock } from '../common/clock';
import { SettingsReader } from '../settings/settings-reader';
import { TIME_LOG_SELECT, timesOf, type TimeLogRow } from './time-log-view';
import { purgeExpired } from './idempotency';
import { timersToStopForBudget } from './budget-cap-stops';
import { TimerEventHub } from './timer-events';
import { reachedCap, stopAtCap } from './timer-state';
import { stopEntries, type EntryStop } from './entry-stops';

export const MAINTENANCE_INTERVAL_MS = 30_000;
/** Timers capped per run; a backlog is worked off over the next runs. */
const BATCH = 200;

export interface MaintenanceReport {
  capped: number;
  /** Timers stopped because they used up what was left of a locked budget. */
  budgetStopped: number;
  purgedKeys: number;
}

/**
 * The background job: stops timers whose running time reached `max_timer_hours` *at the
 * cap* (not at the moment the job notices), stops timers on a locked budget at the moment
 * their accrued cost used up what was left of it (stop_reason `budget`, issue 5), and purges
 * idempotency answers older than a day. The time cap runs first: a timer past both stops at
 * the cap, and only what is still running shares the budget that is left. Every stop's cost
 * goes on its project's budget in the stop's transaction (stopEntries).
 *
 * Safe with several API processes: candidate rows are taken `FOR UPDATE SKIP LOCKED`, so two
 * processes never stop the same timer, and a timer a user is acting on is left for the next
 * run. Single-flight within a process.
 */
@Injectable()
export class TimerMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TimerMaintenance');
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<MaintenanceReport> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: SettingsReader,
    private readonly events: TimerEventHub,
    private readonly ledger: BudgetLedger,
  ) {}

  onApplicationBootstrap(): void {
    // Not when the app is only built to produce the OpenAPI document.
    if (!this.dataSource.isInitialized) return;
    this.interval = setInterval(() => {
      this.runOnce().catch((error: Error) => this.logger.warn(`Timer maintenance failed: ${error.message}`));
    }, MAINTENANCE_INTERVAL_MS);
    this.interval.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass; a call while a pass runs joins it. Tests call this directly with their clock. */
  runOnce(): Promise<MaintenanceReport> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<MaintenanceReport> {
    const now = this.clock.now();
    const capped = await this.capTimers(now);
    const budgetStopped = await this.stopAtBudget(now);
    const purgedKeys = await purgeExpired(this.dataSource.manager, now);
    if (capped) this.logger.log(`Stopped ${capped} timer(s) at the ${(await this.settings.current()).maxTimerHours} h cap`);
    if (budgetStopped) this.logger.log(`Stopped ${budgetStopped} timer(s) that used up a locked budget`);
    return { capped, budgetStopped, purgedKeys };
  }

  private async capTimers(now: Date): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const { maxTimerHours } = await this.settings.current(tx);
      const capSeconds = maxTimerHours * 3600;
      // The interval test narrows by index-friendly arithmetic; reachedCap decides on the exact grid.
      const candidates = await tx.query<TimeLogRow[]>(
        `${TIME_LOG_SELECT}
          WHERE te.status <> 'stopped'
            AND coalesce(te.paused_at, $1::timestamptz) - te.start_time >= make_interval(secs => $2 + te.paused_seconds)
          ORDER BY te.start_time
          LIMIT ${BATCH}
          FOR UPDATE OF te SKIP LOCKED`,
        [now, capSeconds],
      );
      const stops: EntryStop[] = candidates
        .filter((row) => reachedCap(timesOf(row), capSeconds, now))
        .map((row) => ({ row, stopped: stopAtCap(timesOf(row), capSeconds), reason: 'cap' as const }));
      const finished = await stopEntries(tx, this.ledger, stops);
      for (const row of finished) await this.events.publish(tx, { userId: row.user_id, type: 'capped', timeLogId: row.id, stopReason: 'cap' });
      return finished.length;
    });
  }

  /**
   * The hard cap of locked budgets: timersToStopForBudget picks the timers (locked FOR UPDATE SKIP
   * LOCKED, so a timer a user is acting on waits for the next run) and where each stops;
   * here they are written, their costs recorded once, and each user's stream told why
   * (a `stopped` event with stop_reason `budget`; status.last_stopped.reason says so too).
   */
  private async stopAtBudget(now: Date): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due = await timersToStopForBudget(tx, this.ledger, now);
      if (!due.length) return 0;
      // The rows are already locked by timersToStopForBudget, in this transaction.
      const rows = await tx.query<TimeLogRow[]>(`${TIME_LOG_SELECT} WHERE te.id = ANY($1::uuid[]) AND te.status <> 'stopped'`, [due.map((stop) => stop.timeLogId)]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const stops: EntryStop[] = [];
      for (const stop of due) {
        const row = byId.get(stop.timeLogId);
        if (row) stops.push({ row, stopped: stop.stop, reason: 'budget' as const });
      }
      const finished = await stopEntries(tx, this.ledger, stops);
      for (const row of finished) await this.events.publish(tx, { userId: row.user_id, type: 'stopped', timeLogId: row.id, stopReason: 'budget' });
      return finished.length;
    });
  }
}
