import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_CONCURRENT_TIMERS_MAX,
  MAX_CONCURRENT_TIMERS_MIN,
  MAX_TIMER_HOURS_MAX,
  MAX_TIMER_HOURS_MIN,
  RATE_AMOUNT_MAX,
  STALE_HEARTBEAT_MINUTES_MAX,
  STALE_HEARTBEAT_MINUTES_MIN,
} from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { IsCurrencyCode } from '../../common/validators/is-currency-code';
import { PresentNotNull, upperCased } from '../../common/transforms';
import { IsDecimalAmount, toDecimalText } from '../../common/validators/decimal-amount';

/** DECIMAL(10,6) of default_minutely_rate. */
export const MINUTELY_RATE_MAX = '9999.999999';

export class TimeTrackingSettingsResponseDto {
  @ApiProperty({ example: '50.0000', description: 'Decimal string (exact), 4 decimals: the rate of users without their own' })
  default_hourly_rate: string;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'Decimal string, 6 decimals; null means the hourly default / 60' })
  default_minutely_rate: string | null;
  @ApiProperty({ example: 'USD', description: 'ISO 4217 currency of the default rate (and of new projects)' }) default_currency: string;
  @ApiProperty({ description: 'Logging out pauses the user’s running timers' }) auto_pause_on_logout: boolean;
  @ApiProperty({ minimum: MAX_CONCURRENT_TIMERS_MIN, maximum: MAX_CONCURRENT_TIMERS_MAX, description: '1: starting a timer stops (and saves) the active one' })
  max_concurrent_timers_per_user: number;
  @ApiProperty() enable_budget_tracking: boolean;
  @ApiProperty() enable_budget_alerts: boolean;
  @ApiProperty({ minimum: MAX_TIMER_HOURS_MIN, maximum: MAX_TIMER_HOURS_MAX, description: 'A timer whose running time reaches this is stopped at the cap' })
  max_timer_hours: number;
  @ApiProperty({ minimum: STALE_HEARTBEAT_MINUTES_MIN, maximum: STALE_HEARTBEAT_MINUTES_MAX, description: 'Active timers without a heartbeat this long are flagged stale' })
  stale_heartbeat_minutes: number;
  @ApiProperty({ description: 'On: a manual entry or edit that overlaps another of the user’s entries or timers is refused (409); off: it is saved with an OVERLAP warning' })
  forbid_overlapping_entries: boolean;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class TimeTrackingSettingsUpdateDto {
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }], example: '62.5', description: `Decimal string (or number), > 0, ≤ ${RATE_AMOUNT_MAX}, up to 4 decimals` })
  @PresentNotNull()
  @Transform(toDecimalText)
  @IsDecimalAmount(4, RATE_AMOUNT_MAX)
  default_hourly_rate?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    nullable: true,
    example: '1.041667',
    description: `Decimal string (or number), > 0, ≤ ${MINUTELY_RATE_MAX}, up to 6 decimals; null clears it`,
  })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @Transform(toDecimalText)
  @IsDecimalAmount(6, MINUTELY_RATE_MAX)
  default_minutely_rate?: string | null;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217' })
  @PresentNotNull()
  @Transform(upperCased)
  @IsCurrencyCode()
  default_currency?: string;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsBoolean()
  auto_pause_on_logout?: boolean;

  @ApiPropertyOptional({ minimum: MAX_CONCURRENT_TIMERS_MIN, maximum: MAX_CONCURRENT_TIMERS_MAX })
  @PresentNotNull()
  @IsInt()
  @Min(MAX_CONCURRENT_TIMERS_MIN)
  @Max(MAX_CONCURRENT_TIMERS_MAX)
  max_concurrent_timers_per_user?: number;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsBoolean()
  enable_budget_tracking?: boolean;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsBoolean()
  enable_budget_alerts?: boolean;

  @ApiPropertyOptional({ minimum: MAX_TIMER_HOURS_MIN, maximum: MAX_TIMER_HOURS_MAX })
  @PresentNotNull()
  @IsInt()
  @Min(MAX_TIMER_HOURS_MIN)
  @Max(MAX_TIMER_HOURS_MAX)
  max_timer_hours?: number;

  @ApiPropertyOptional({ minimum: STALE_HEARTBEAT_MINUTES_MIN, maximum: STALE_HEARTBEAT_MINUTES_MAX })
  @PresentNotNull()
  @IsInt()
  @Min(STALE_HEARTBEAT_MINUTES_MIN)
  @Max(STALE_HEARTBEAT_MINUTES_MAX)
  stale_heartbeat_minutes?: number;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsBoolean()
  forbid_overlapping_entries?: boolean;
}
