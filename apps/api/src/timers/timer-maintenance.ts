import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { SettingsService } from '../settings/settings.service';
import { TIME_LOG_SELECT, type TimeLogRow } from '../time-entries/time-log-view';
import { purgeExpired } from './idempotency';
import { TimerEventHub } from './timer-events';
import { reachedCap, stopAtCap } from './timer-state';
import { finishEntry, timesOf } from './timers.service';

export const MAINTENANCE_INTERVAL_MS = 30_000;
/** Timers capped per run; a backlog is worked off over the next runs. */
const BATCH = 200;

export interface MaintenanceReport {
  capped: number;
  purgedKeys: number;
}

/**
 * The background job: stops timers whose running time reached `max_timer_hours` *at the
 * cap* (not at the moment the job notices), and purges idempotency answers older than a
 * day. Safe with several API processes: candidate rows are taken `FOR UPDATE SKIP LOCKED`,
 * so two processes never stop the same timer, and a timer a user is acting on is left for
 * the next run. Single-flight within a process.
 */
@Injectable()
export class TimerMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TimerMaintenance');
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<MaintenanceReport> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly events: TimerEventHub,
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
    const purgedKeys = await purgeExpired(this.dataSource.manager, now);
    if (capped) this.logger.log(`Stopped ${capped} timer(s) at the ${(await this.settings.current()).maxTimerHours} h cap`);
    return { capped, purgedKeys };
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
      let count = 0;
      for (const row of candidates) {
        if (!reachedCap(timesOf(row), capSeconds, now)) continue;
        await finishEntry(tx, row, stopAtCap(timesOf(row), capSeconds), 'cap');
        await this.events.publish(tx, { userId: row.user_id, type: 'capped', timeLogId: row.id, stopReason: 'cap' });
        count += 1;
      }
      return count;
    });
  }
}
