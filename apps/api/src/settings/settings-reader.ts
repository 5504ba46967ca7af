import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityNotFoundError, type EntityManager } from 'typeorm';
import { NotifyChannel } from '../database/notify-channel';
import { TimeTrackingSettings } from './entities/time-tracking-settings.entity';

/** Sent by the database on every committed change of the settings row (migration 1797000003000). */
const CHANNEL = 'stint_settings';

/** Without a live LISTEN connection a cached row is trusted this long (then read again). */
const UNWATCHED_TTL_MS = 1_000;

/**
 * The settings row in the entity's shape, by plain SQL: TypeORM's find (query building, alias
 * mapping, hydration) cost more CPU than the lookup.
 */
const SETTINGS_SQL = `SELECT id, default_hourly_rate AS "defaultHourlyRate", default_minutely_rate AS "defaultMinutelyRate",
         default_currency AS "defaultCurrency", auto_pause_on_logout AS "autoPauseOnLogout",
         max_concurrent_timers_per_user AS "maxConcurrentTimersPerUser", enable_budget_tracking AS "enableBudgetTracking",
         enable_budget_alerts AS "enableBudgetAlerts", max_timer_hours AS "maxTimerHours",
         stale_heartbeat_minutes AS "staleHeartbeatMinutes", forbid_overlapping_entries AS "forbidOverlappingEntries", updated_at AS "updatedAt"
    FROM time_tracking_settings WHERE id = 1`;

/**
 * The one way to read the instance's time-tracking settings (one row, id = 1, seeded by the
 * migration). Every other feature reads them here, never by its own SQL.
 *
 * - Inside a transaction (`current(tx)`): read in that transaction, so a rule checked there
 *   (the timer limit, the budget flags) sees the row as the transaction does.
 * - Outside one (`current()`, e.g. GET /time-tracking/status, read on every poll): the row
 *   kept in memory. A change made through this process replaces it at once; a change made by
 *   any process (or by hand) fires a NOTIFY on commit that every API process's LISTEN drops
 *   it on. While that connection is down (or not yet up) the cached row lives only
 *   UNWATCHED_TTL_MS, and after a reconnect it is dropped, since notifications may have been missed.
 */
@Injectable()
export class SettingsReader implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SettingsReader');
  private readonly channel: NotifyChannel;
  private cached: TimeTrackingSettings | null = null;
  private cachedAt = 0;
  /** Bumped on every invalidation, so a read that started before it doesn't cache an old row. */
  private generation = 0;
  private watching = false;
  private closed = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.channel = new NotifyChannel(dataSource, {
      channel: CHANNEL,
      applicationName: 'stint-api-settings',
      logger: this.logger,
      onMessage: () => this.invalidate(),
      onResync: () => {
        this.watching = true;
        this.invalidate();
      },
      onLost: () => {
        this.watching = false;
        this.invalidate();
      },
      hasListeners: () => !this.closed,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Not when the app is only built to produce the OpenAPI document.
    if (!this.dataSource.isInitialized) return;
    try {
      await this.channel.listen();
      this.watching = true;
      this.invalidate();
    } catch (error) {
      this.logger.warn(`LISTEN ${CHANNEL} failed (${(error as Error).message}); settings are re-read every ${UNWATCHED_TTL_MS} ms`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.watching = false;
    await this.channel.close();
  }

  /** The settings: read in `manager`'s transaction when given, else the kept row (see the class). */
  async current(manager?: EntityManager): Promise<TimeTrackingSettings> {
    if (manager) return read(manager);
    if (this.cached && (this.watching || Date.now() - this.cachedAt < UNWATCHED_TTL_MS)) return this.cached;
    const generation = this.generation;
    const row = await read(this.dataSource.manager);
    if (generation === this.generation) {
      this.cached = row;
      this.cachedAt = Date.now();
    }
    return row;
  }

  /** The row changed (through this process, or a NOTIFY said so): the next read goes to the database. */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
  }
}

async function read(manager: EntityManager): Promise<TimeTrackingSettings> {
  const [row] = await manager.query<TimeTrackingSettings[]>(SETTINGS_SQL);
  if (!row) throw new EntityNotFoundError(TimeTrackingSettings, { id: 1 });
  return Object.assign(new TimeTrackingSettings(), row);
}
