import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BudgetLedger } from '../budgets/budget-ledger';
import { capReachedAt, toAccruingTimer, type AccruingTimer, type AccruingTimerRow } from '../budgets/budget-math';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotifyChannel } from '../database/notify-channel';
import { SettingsReader } from '../settings/settings-reader';
import { TimerMaintenance } from './timer-maintenance';

/** Sent by the database's triggers on every committed change that can move a cap (migration 1796000004000). */
const CHANNEL = 'stint_cap_schedule';
/** Many changes in a burst re-arm once. */
const REARM_DEBOUNCE_MS = 25;
/** A run that was due but stopped nothing (its rows were busy with a user's action): try again shortly, not in a loop. */
const RETRY_MS = 250;

interface ActiveRow extends AccruingTimerRow {
  project_id: string | null;
  /** total_budget − total_cost of a locked budget (budget tracking on); null: no cap from a budget. */
  remaining: string | null;
}

/**
 * Runs the cap job at the moment a cap is reached instead of up to 30 s later (issue 12,
 * item 6: a timer on a locked budget ticked and cost on for ~27 s past the cap, because the
 * job only ran every MAINTENANCE_INTERVAL_MS).
 *
 * It computes when the next running timer reaches `max_timer_hours` or uses up what its
 * project's locked budget has left (shared by the project's active timers, as the cap job
 * shares it), and sets one timeout for that moment. Every committed change that can move
 * that moment sends a NOTIFY (database triggers on entries, budgets and settings), and every
 * API process re-arms on it; the 30 s interval stays as the safety net. The job itself stops
 * each timer at the exact moment of its cap (not when it runs) and the stream pushes the stop.
 *
 * Off in NODE_ENV=test, where tests move the clock by hand and run the job themselves; a test
 * of the schedule calls `start()`.
 */
@Injectable()
export class CapSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CapSchedule');
  private readonly channel: NotifyChannel;
  private timeout: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private computing: Promise<void> | null = null;
  private pending = false;
  private started = false;
  private due: Date | null = null;
  private idleRun = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly maintenance: TimerMaintenance,
    private readonly settings: SettingsReader,
    private readonly ledger: BudgetLedger,
  ) {
    this.channel = new NotifyChannel(dataSource, {
      channel: CHANNEL,
      applicationName: 'stint-api-cap-schedule',
      logger: this.logger,
      onMessage: () => this.changed(),
      onResync: () => this.changed(),
      hasListeners: () => this.started,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized || this.config.nodeEnv === 'test') return;
    await this.start();
  }

  /** Listens for changes and arms the first timeout. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.channel.listen();
    await this.rearm();
  }

  async onModuleDestroy(): Promise<void> {
    this.started = false;
    if (this.timeout) clearTimeout(this.timeout);
    if (this.debounce) clearTimeout(this.debounce);
    this.timeout = this.debounce = null;
    await this.computing?.catch(() => undefined);
    await this.channel.close();
  }

  /** When the job will next run for a cap (null: no running timer). */
  get nextDue(): Date | null {
    return this.due;
  }

  /** Recomputes the next cap moment and re-arms; concurrent calls fold into one more pass. */
  rearm(): Promise<void> {
    if (this.computing) {
      this.pending = true;
      return this.computing;
    }
    this.computing = (async () => {
      do {
        this.pending = false;
        try {
          this.arm(await this.nextCapMoment(this.clock.now()));
        } catch (error) {
          this.logger.warn(`Cap schedule: ${(error as Error).message}`);
        }
      } while (this.pending && this.started);
    })().finally(() => (this.computing = null));
    return this.computing;
  }

  /** The earliest moment a running timer reaches a cap (its time cap or its project's locked budget); at or before `now`: `now`. */
  async nextCapMoment(now: Date): Promise<Date | null> {
    const { maxTimerHours: maxHours } = await this.settings.current(this.dataSource.manager);
    // What each locked budget has left (none while budget tracking is off), from the ledger.
    const left = await this.ledger.lockedBudgetsLeft(this.dataSource.manager);
    const active = await this.dataSource.query<Array<Omit<ActiveRow, 'remaining'>>>(
      `SELECT te.id, te.project_id, te.status, te.start_time, te.paused_at, te.paused_seconds, te.rate_type, te.rate_amount::text
         FROM time_entries te
        WHERE te.status <> 'stopped' AND (te.status = 'running' OR te.project_id = ANY($1::uuid[]))`,
      [[...left.keys()]],
    );
    if (!active.length) return null;
    const rows: ActiveRow[] = active.map((row) => ({ ...row, remaining: (row.project_id && left.get(row.project_id)) ?? null }));
    // No running timer outlives the time cap, so no budget is used up later than that.
    const horizon = new Date(now.getTime() + maxHours * 3_600_000);
    let earliest: Date | null = null;
    const consider = (at: Date | null) => {
      if (at && (!earliest || at < earliest)) earliest = at;
    };
    const byProject = new Map<string, ActiveRow[]>();
    for (const row of rows) {
      // The time cap: running seconds (floor((t − start) / 1 s) − paused) reach max_timer_hours.
      if (row.status === 'running') consider(new Date(row.start_time.getTime() + (maxHours * 3600 + row.paused_seconds) * 1000));
      if (row.remaining !== null && row.project_id) byProject.set(row.project_id, [...(byProject.get(row.project_id) ?? []), row]);
    }
    for (const timers of byProject.values()) {
      const accruing: AccruingTimer[] = timers.map(toAccruingTimer);
      consider(capReachedAt(accruing, timers[0].remaining as string, now, horizon));
    }
    const due = earliest as Date | null;
    if (!due) return null;
    return due < now ? now : due;
  }

  private changed(): void {
    if (!this.started || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.rearm();
    }, REARM_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private arm(due: Date | null): void {
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = null;
    this.due = due;
    if (!due || !this.started) return;
    const delay = Math.max(this.idleRun ? RETRY_MS : 0, due.getTime() - this.clock.now().getTime());
    this.idleRun = false;
    this.timeout = setTimeout(() => void this.fire(), delay);
    this.timeout.unref();
  }

  private async fire(): Promise<void> {
    this.timeout = null;
    try {
      const report = await this.maintenance.runOnce();
      this.idleRun = report.capped + report.budgetStopped === 0;
    } catch (error) {
      this.idleRun = true;
      this.logger.warn(`Cap job failed: ${(error as Error).message}`);
    }
    // The stops notify too; re-arming here covers a job that found nothing to do yet.
    await this.rearm();
  }
}
