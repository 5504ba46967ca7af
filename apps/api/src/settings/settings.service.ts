import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TimeTrackingSettingsResponse } from '@stint/contracts';
import { DataSource } from 'typeorm';
import { decimalColumnText } from '../common/validators/decimal-amount';
import { TimeTrackingSettings } from './entities/time-tracking-settings.entity';
import type { TimeTrackingSettingsUpdateDto } from './dto/settings.dto';
import { DomainEvents } from '../events/domain-events';
import { SettingsReader } from './settings-reader';

export function toSettingsResponse(settings: TimeTrackingSettings): TimeTrackingSettingsResponse {
  return {
    default_hourly_rate: settings.defaultHourlyRate,
    default_minutely_rate: settings.defaultMinutelyRate,
    default_currency: settings.defaultCurrency,
    auto_pause_on_logout: settings.autoPauseOnLogout,
    max_concurrent_timers_per_user: settings.maxConcurrentTimersPerUser,
    enable_budget_tracking: settings.enableBudgetTracking,
    enable_budget_alerts: settings.enableBudgetAlerts,
    max_timer_hours: settings.maxTimerHours,
    stale_heartbeat_minutes: settings.staleHeartbeatMinutes,
    forbid_overlapping_entries: settings.forbidOverlappingEntries,
    updated_at: settings.updatedAt.toISOString(),
  };
}

/** GET and PUT /settings; other features read the settings through SettingsReader. */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: SettingsReader,
  ) {}

  async get(): Promise<TimeTrackingSettingsResponse> {
    return toSettingsResponse(await this.reader.current(this.dataSource.manager));
  }

  async update(dto: TimeTrackingSettingsUpdateDto): Promise<TimeTrackingSettingsResponse> {
    const changes: Partial<TimeTrackingSettings> = {};
    if (dto.default_hourly_rate !== undefined) changes.defaultHourlyRate = decimalColumnText(dto.default_hourly_rate, 4);
    if (dto.default_minutely_rate !== undefined) {
      changes.defaultMinutelyRate = dto.default_minutely_rate === null ? null : decimalColumnText(dto.default_minutely_rate, 6);
    }
    if (dto.default_currency !== undefined) changes.defaultCurrency = dto.default_currency;
    if (dto.auto_pause_on_logout !== undefined) changes.autoPauseOnLogout = dto.auto_pause_on_logout;
    if (dto.max_concurrent_timers_per_user !== undefined) changes.maxConcurrentTimersPerUser = dto.max_concurrent_timers_per_user;
    if (dto.enable_budget_tracking !== undefined) changes.enableBudgetTracking = dto.enable_budget_tracking;
    if (dto.enable_budget_alerts !== undefined) changes.enableBudgetAlerts = dto.enable_budget_alerts;
    if (dto.max_timer_hours !== undefined) changes.maxTimerHours = dto.max_timer_hours;
    if (dto.stale_heartbeat_minutes !== undefined) changes.staleHeartbeatMinutes = dto.stale_heartbeat_minutes;
    if (dto.forbid_overlapping_entries !== undefined) changes.forbidOverlappingEntries = dto.forbid_overlapping_entries;
    if (Object.keys(changes).length) {
      await this.dataSource.transaction(async (tx) => {
        await tx.update(TimeTrackingSettings, { id: 1 }, changes);
        await DomainEvents.record(tx, { type: 'settings.changed' });
      });
      this.reader.invalidate();
    }
    return this.get();
  }
}
