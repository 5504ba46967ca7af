import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HeartbeatResponse, LastStoppedTimer, StopReason, TimerActionResponse, TimerLimits, TimerStatusResponse, TimerView } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { BudgetLedger } from '../budgets/budget-ledger';
import { Clock } from '../common/clock';
import { AppError, conflictError, notFoundError } from '../common/errors/app-error';
import { shownMoney } from '../common/money';
import { RatesService } from '../rates/rates.service';
import { SettingsReader } from '../settings/settings-reader';
import type { TimeTrackingSettings } from '../settings/entities/time-tracking-settings.entity';
import { lockUserTimers } from '../common/locks/user-timer-lock';
import { isRetryable } from './entry-locks';
import { TIME_LOG_SELECT, timesOf, toTimerView, type TimeLogRow } from './time-log-view';
import { WorkTargets } from './work-target';
import { errorAnswer, findAnswer, replayedError, storeAnswer, type IdempotentRequest } from './idempotency';
import { TimerEventHub, type TimerChange } from './timer-events';
import { pause, refusal, resume, stop, type TimerAction } from './timer-state';
import { stopAllActiveOfUser, stopEntries } from './entry-stops';
import { ACTIVE_OF_USER, LAST_STOPPED_OF_USER } from './timer-status-sql';
import { poolQuery } from '../database/pool-query';
import type { TimerActionDto, TimerStartDto, TimerStopDto } from './dto/timer.dto';
import { DomainEvents } from '../events/domain-events';
import { LogoutHooks } from '../auth/logout-hooks';
import { AccountDeactivationHooks } from '../users/account-deactivation-hooks';

/** The answer of a timer action; `replayed` when it came from the Idempotency-Key store. */
export interface ActionOutcome {
  statusCode: number;
  body: TimerActionResponse;
  replayed: boolean;
}

interface ActionResult {
  response: TimerActionResponse;
  changes: TimerChange[];
}

/** Retries of a timer transaction that lost a race (unique slot, serialization, deadlock). */
const MAX_ATTEMPTS = 4;

/** How often an open page should send a heartbeat: a third of the stale window, 10–60 s. */
export function heartbeatIntervalSeconds(staleMinutes: number): number {
  return Math.min(60, Math.max(10, Math.floor((staleMinutes * 60) / 3)));
}

/**
 * The timer: start / pause / resume / stop on time entries whose status is running or
 * paused (an active entry *is* the timer; there is no separate active_timers table).
 *
 * Every action runs in one transaction that first takes the user's timer lock, so a user's
 * actions from several tabs apply one after another; the partial unique index on
 * (user_id, timer_slot) is the database's own guarantee of the concurrent-timer limit.
 */
@Injectable()
export class TimersService implements OnModuleInit {
  private readonly logger = new Logger('Timers');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: SettingsReader,
    private readonly rates: RatesService,
    private readonly targets: WorkTargets,
    private readonly events: TimerEventHub,
    private readonly ledger: BudgetLedger,
    private readonly deactivation: AccountDeactivationHooks,
    private readonly logouts: LogoutHooks,
  ) {}

  /**
   * Starts a timer. At the limit with max 1, the active timer is stopped and saved
   * (stop_reason `switched`) and the new one started in the same transaction; with a higher
   * limit all slots taken is a 409. The rate snapshot is the one effective today (the
   * user's time zone), else the default hourly rate. The rate must be in the project's (and
   * its budget's) currency, and a locked budget that is used up takes no new timer (409) —
   * judged after the switched-from timer's cost is on the budget.
   */
  start(auth: AuthUser, dto: TimerStartDto, key: string | undefined): Promise<ActionOutcome> {
    return this.act(auth, 'POST /api/v1/time-tracking/start', dto, key, async (tx, now) => {
      const target = await this.targets.resolve(tx, auth, { taskId: dto.task_id, projectId: dto.project_id });
      const settings = await this.settings.current(tx);
      const rate = await this.rates.effectiveRate(tx, auth.id, now);
      await this.ledger.assertCurrency(tx, target.projectId, rate.currency);
      const active = await tx.query<TimeLogRow[]>(`${ACTIVE_OF_USER} FOR UPDATE OF te`, [auth.id]);
      const max = settings.maxConcurrentTimersPerUser;
      const stoppedToMakeRoom: TimeLogRow[] = [];
      if (active.length >= max) {
        if (max > 1) {
          throw conflictError(`You already have ${active.length} active timers, the most allowed (${max}); stop one before starting another`, {
            max_concurrent_timers: max,
          });
        }
        stoppedToMakeRoom.push(
          ...(await stopEntries(
            tx,
            this.ledger,
            active.map((row) => ({ row, stopped: stop(timesOf(row), now), reason: 'switched' as const })),
          )),
        );
      }
      await this.ledger.assertCanAddTime(tx, target.projectId);
      const stoppedIds = new Set(stoppedToMakeRoom.map((row) => row.id));
      const taken = new Set(active.filter((row) => !stoppedIds.has(row.id)).map((row) => row.timer_slot));
      const slot = Array.from({ length: max }, (_, i) => i).find((i) => !taken.has(i));
      // Slots beyond a lowered limit can still be held by older timers; then none is free below it.
      if (slot === undefined) throw conflictError(`All ${max} timer slots are in use; stop a timer first`, { max_concurrent_timers: max });
      const [created] = await tx.query<Array<{ id: string }>>(
        `INSERT INTO time_entries (user_id, task_id, project_id, status, start_time, paused_seconds, description,
                                   rate_type, rate_amount, currency, total_cost, is_billable, last_heartbeat, timer_slot)
         VALUES ($1, $2, $3, 'running', $4, 0, $5, $6, $7, $8, 0, $9, $4, $10) RETURNING id`,
        [
          auth.id,
          target.taskId,
          target.projectId,
          now,
          dto.description ?? null,
          rate.rateType,
          rate.rateAmount,
          rate.currency,
          dto.is_billable ?? target.project?.isBillable ?? true,
          slot,
        ],
      );
      await DomainEvents.record(tx, { type: 'time_entry.started', user_id: auth.id, entry_id: created.id, project_id: target.projectId });
      const [row] = await tx.query<TimeLogRow[]>(`${TIME_LOG_SELECT} WHERE te.id = $1`, [created.id]);
      const switched = stoppedToMakeRoom[0] ?? null;
      return {
        response: this.actionResponse(row, now, settings, switched),
        changes: [{ userId: auth.id, type: switched ? 'switched' : 'started', timeLogId: row.id, stopReason: null }],
      };
    });
  }

  pause(auth: AuthUser, dto: TimerActionDto, key: string | undefined): Promise<ActionOutcome> {
    return this.act(auth, 'POST /api/v1/time-tracking/pause', dto, key, async (tx, now) => {
      const row = await this.target(tx, auth, dto.time_log_id, 'pause');
      const next = pause(timesOf(row), now);
      await tx.query(`UPDATE time_entries SET status = 'paused', paused_at = $2 WHERE id = $1`, [row.id, next.pausedAt]);
      await DomainEvents.record(tx, { type: 'time_entry.paused', user_id: auth.id, entry_id: row.id });
      return this.changed(tx, auth, { ...row, status: 'paused', paused_at: next.pausedAt }, now, 'paused');
    });
  }

  resume(auth: AuthUser, dto: TimerActionDto, key: string | undefined): Promise<ActionOutcome> {
    return this.act(auth, 'POST /api/v1/time-tracking/resume', dto, key, async (tx, now) => {
      const row = await this.target(tx, auth, dto.time_log_id, 'resume');
      const next = resume(timesOf(row), now);
      await this.targets.requireWritable(tx, auth, row.project_id, { addsTime: true });
      await this.ledger.assertCanAddTime(tx, row.project_id);
      await tx.query(`UPDATE time_entries SET status = 'running', paused_at = NULL, paused_seconds = $2 WHERE id = $1`, [row.id, next.pausedSeconds]);
      await DomainEvents.record(tx, { type: 'time_entry.resumed', user_id: auth.id, entry_id: row.id });
      return this.changed(tx, auth, { ...row, status: 'running', paused_at: null, paused_seconds: next.pausedSeconds }, now, 'resumed');
    });
  }

  /** Stops and saves: end, running time and cost are written by one UPDATE, and the cost added to the project's budget, in the action's transaction. */
  stop(auth: AuthUser, dto: TimerStopDto, key: string | undefined): Promise<ActionOutcome> {
    return this.act(auth, 'POST /api/v1/time-tracking/stop', dto, key, async (tx, now) => {
      const row = await this.target(tx, auth, dto.time_log_id, 'stop');
      const [stopped] = await stopEntries(tx, this.ledger, [{ row, stopped: stop(timesOf(row), now), reason: 'user', description: dto.description }]);
      return this.changed(tx, auth, stopped, now, 'stopped');
    });
  }

  /** Status of the user's timers: the fields describe the most recently started one; `timers` lists all. */
  async status(userId: string): Promise<TimerStatusResponse> {
    const now = this.clock.now();
    const [active, settings, [last]] = await Promise.all([
      poolQuery<TimeLogRow>(this.dataSource, ACTIVE_OF_USER, [userId]),
      this.settings.current(),
      poolQuery<{ id: string; stop_reason: StopReason; end_time: Date; duration_seconds: number; total_cost: string; currency: string }>(this.dataSource, LAST_STOPPED_OF_USER, [
        userId,
      ]),
    ]);
    const timers = active.map((row) => toTimerView(row, now, settings.staleHeartbeatMinutes));
    const lastStopped: LastStoppedTimer | null = last
      ? {
          time_log_id: last.id,
          reason: last.stop_reason,
          end_time: last.end_time.toISOString(),
          elapsed_seconds: last.duration_seconds,
          cost: shownMoney(last.total_cost),
          currency: last.currency,
        }
      : null;
    const common = { success: true as const, server_time: now.toISOString(), timers, last_stopped: lastStopped, limits: limitsOf(settings) };
    if (!timers.length) return { ...common, status: 'stopped', time_log_id: null, stale: false };
    const current = timers[0] as TimerView & { status: 'running' | 'paused' };
    return { ...current, ...common };
  }

  /** Records that a page is open for the user's active timers; a stale flag clears at once (and the stream says so). */
  async heartbeat(auth: AuthUser): Promise<HeartbeatResponse> {
    const now = this.clock.now();
    const count = await this.dataSource.transaction(async (tx) => {
      const { staleHeartbeatMinutes } = await this.settings.current(tx);
      const rows = await tx.query<Array<{ id: string; was_stale: boolean }>>(
        `WITH previous AS (
           SELECT id, coalesce(last_heartbeat, start_time) < $3 AS was_stale FROM time_entries
            WHERE user_id = $1 AND status <> 'stopped' FOR UPDATE)
         UPDATE time_entries te SET last_heartbeat = $2 FROM previous WHERE te.id = previous.id
         RETURNING te.id, previous.was_stale`,
        [auth.id, now, new Date(now.getTime() - staleHeartbeatMinutes * 60_000)],
      );
      const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Array<{ id: string; was_stale: boolean }>;
      if (list.some((row) => row.was_stale)) await this.events.publish(tx, { userId: auth.id, type: 'updated', timeLogId: null, stopReason: null });
      return list.length;
    });
    return { success: true, timers: count, server_time: now.toISOString() };
  }

  /**
   * Registers what the timer does when others' changes end someone's work: deactivating an
   * account stops and books their timers in that transaction (stop_reason `deactivated`);
   * a logout pauses their running timers when settings say so.
   */
  onModuleInit(): void {
    this.deactivation.onDeactivated((tx, userId) => this.stopAllOfUser(tx, userId, 'deactivated'));
    this.logouts.onLogout((userId) => this.pauseOnLogout(userId));
  }

  /**
   * Stops and books every running and paused timer of a user inside the caller's transaction
   * (stopEntries, so each cost lands on its budget exactly once); streams hear of it on
   * commit; the analytics cache hears of the changed rows from the database (AnalyticsCache).
   */
  async stopAllOfUser(tx: EntityManager, userId: string, reason: StopReason): Promise<number> {
    const stopped = await stopAllActiveOfUser(tx, this.ledger, userId, reason, this.clock.now());
    for (const row of stopped) await this.events.publish(tx, { userId, type: 'stopped', timeLogId: row.id, stopReason: reason });
    return stopped.length;
  }

  /**
   * With `auto_pause_on_logout`, ending a session pauses the user's running timers (all of
   * them: the person has left). Runs after the logout committed; never fails the logout.
   */
  async pauseOnLogout(userId: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (tx) => {
        const settings = await this.settings.current(tx);
        if (!settings.autoPauseOnLogout) return;
        await lockUserTimers(tx, userId);
        const now = this.clock.now();
        const running = await tx.query<TimeLogRow[]>(`${TIME_LOG_SELECT} WHERE te.user_id = $1 AND te.status = 'running' FOR UPDATE OF te`, [userId]);
        for (const row of running) {
          const next = pause(timesOf(row), now);
          await tx.query(`UPDATE time_entries SET status = 'paused', paused_at = $2 WHERE id = $1`, [row.id, next.pausedAt]);
          await DomainEvents.record(tx, { type: 'time_entry.paused', user_id: userId, entry_id: row.id });
          await this.events.publish(tx, { userId, type: 'paused', timeLogId: row.id, stopReason: null });
        }
      });
    } catch (error) {
      this.logger.error({ err: error, user_id: userId }, 'pausing timers on logout failed');
    }
  }

  /**
   * Runs a timer action: one transaction under the user's timer lock, the Idempotency-Key
   * answer looked up and stored in that same transaction, change events published on
   * commit; retried when it lost a race the database detected.
   */
  private async act(
    auth: AuthUser,
    route: string,
    body: unknown,
    key: string | undefined,
    action: (tx: EntityManager, now: Date) => Promise<ActionResult>,
  ): Promise<ActionOutcome> {
    const idempotent: IdempotentRequest | null = key ? { userId: auth.id, key, route, body } : null;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.dataSource.transaction(async (tx): Promise<ActionOutcome> => {
          await lockUserTimers(tx, auth.id);
          const now = this.clock.now();
          if (idempotent) {
            const stored = await findAnswer(tx, idempotent, now);
            if (stored && stored.statusCode >= 400) throw replayedError(stored);
            if (stored) return { statusCode: stored.statusCode, body: stored.body as TimerActionResponse, replayed: true };
          }
          const result = await action(tx, now);
          for (const change of result.changes) await this.events.publish(tx, change);
          if (idempotent) await storeAnswer(tx, idempotent, { statusCode: 200, body: result.response }, now);
          return { statusCode: 200, body: result.response, replayed: false };
        });
        return outcome;
      } catch (error) {
        if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        // A refusal is an answer too: a retry of the same request gets the same refusal, even if the state changed since.
        if (idempotent && error instanceof AppError && error.status < 500 && !error.headers['idempotent-replayed'] && !isKeyMisuse(error)) {
          await this.dataSource.transaction((tx) => storeAnswer(tx, idempotent, errorAnswer(error), this.clock.now())).catch(() => undefined);
        }
        throw error;
      }
    }
  }

  /** The active timer an action applies to: the given one (404 if not the caller's) or the most recently started. */
  private async target(tx: EntityManager, auth: AuthUser, timeLogId: string | undefined, action: TimerAction): Promise<TimeLogRow> {
    if (timeLogId) {
      const [row] = await tx.query<TimeLogRow[]>(`${TIME_LOG_SELECT} WHERE te.id = $1 AND te.user_id = $2 FOR UPDATE OF te`, [timeLogId, auth.id]);
      if (!row) throw notFoundError('Timer', timeLogId);
      const reason = refusal(row.status, action);
      if (reason) throw conflictError(reason, { status: [row.status] });
      return row;
    }
    const [row] = await tx.query<TimeLogRow[]>(`${ACTIVE_OF_USER} LIMIT 1 FOR UPDATE OF te`, [auth.id]);
    if (!row) throw conflictError(`There is no active timer to ${action}`, { status: ['stopped'] });
    const reason = refusal(row.status, action);
    if (reason) throw conflictError(reason, { status: [row.status] });
    return row;
  }

  private async changed(tx: EntityManager, auth: AuthUser, row: TimeLogRow, now: Date, type: TimerChange['type']): Promise<ActionResult> {
    const settings = await this.settings.current(tx);
    return {
      response: this.actionResponse(row, now, settings, null),
      changes: [{ userId: auth.id, type, timeLogId: row.id, stopReason: row.stop_reason }],
    };
  }

  private actionResponse(row: TimeLogRow, now: Date, settings: TimeTrackingSettings, switched: TimeLogRow | null): TimerActionResponse {
    return {
      ...toTimerView(row, now, settings.staleHeartbeatMinutes),
      success: true,
      server_time: now.toISOString(),
      switched_from: switched ? toTimerView(switched, now, settings.staleHeartbeatMinutes) : null,
    };
  }
}

export function limitsOf(settings: TimeTrackingSettings): TimerLimits {
  return {
    max_concurrent_timers: settings.maxConcurrentTimersPerUser,
    max_timer_hours: settings.maxTimerHours,
    stale_heartbeat_minutes: settings.staleHeartbeatMinutes,
    heartbeat_interval_seconds: heartbeatIntervalSeconds(settings.staleHeartbeatMinutes),
  };
}

/** Misusing a key (another route or body) is not an answer to store under it. */
function isKeyMisuse(error: AppError): boolean {
  return Boolean(error.details && 'Idempotency-Key' in error.details);
}
