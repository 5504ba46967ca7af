import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The instance's single settings row (id = 1), seeded by the migration. */
@Entity('time_tracking_settings')
@Check('settings_singleton', 'id = 1')
@Check('settings_default_hourly_rate_positive', 'default_hourly_rate > 0')
@Check('settings_default_minutely_rate_positive', 'default_minutely_rate IS NULL OR default_minutely_rate > 0')
@Check('settings_currency_format', `default_currency ~ '^[A-Z]{3}$'`)
@Check('settings_max_timers', 'max_concurrent_timers_per_user BETWEEN 1 AND 20')
@Check('settings_max_timer_hours', 'max_timer_hours BETWEEN 1 AND 168')
@Check('settings_stale_minutes', 'stale_heartbeat_minutes BETWEEN 1 AND 1440')
export class TimeTrackingSettings {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ name: 'default_hourly_rate', type: 'decimal', precision: 10, scale: 4, default: 50 })
  defaultHourlyRate: string;

  /** Null: the hourly default divided by 60. */
  @Column({ name: 'default_minutely_rate', type: 'decimal', precision: 10, scale: 6, nullable: true })
  defaultMinutelyRate: string | null;

  @Column({ name: 'default_currency', type: 'char', length: 3, default: 'USD' })
  defaultCurrency: string;

  @Column({ name: 'auto_pause_on_logout', type: 'boolean', default: false })
  autoPauseOnLogout: boolean;

  @Column({ name: 'max_concurrent_timers_per_user', type: 'integer', default: 1 })
  maxConcurrentTimersPerUser: number;

  @Column({ name: 'enable_budget_tracking', type: 'boolean', default: true })
  enableBudgetTracking: boolean;

  @Column({ name: 'enable_budget_alerts', type: 'boolean', default: true })
  enableBudgetAlerts: boolean;

  /** A timer running longer than this is stopped at the cap by the background job. */
  @Column({ name: 'max_timer_hours', type: 'integer', default: 24 })
  maxTimerHours: number;

  /** A timer without a heartbeat for this long is flagged stale in its status. */
  @Column({ name: 'stale_heartbeat_minutes', type: 'integer', default: 10 })
  staleHeartbeatMinutes: number;

  /** On: a manual entry or edit that overlaps another of the user's entries or timers is refused (409); off: accepted with a warning. */
  @Column({ name: 'forbid_overlapping_entries', type: 'boolean', default: false })
  forbidOverlappingEntries: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
