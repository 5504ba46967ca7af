import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { RATE_TYPES, STOP_REASONS, TIME_ENTRY_DESCRIPTION_MAX_LENGTH, TIME_ENTRY_STATUSES, type RateType, type StopReason, type TimeEntryStatus } from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { blankToNull } from '../../common/transforms';

const MONEY = 'Decimal string with 2 decimals, rounded half-up from the exact value (money never travels as a binary float)';

export class TimerStartDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A task the caller may use; brings its project' })
  @IsOptional()
  @IsUUID()
  task_id?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A project the caller belongs to (any for admins); must be the task’s if both are given' })
  @IsOptional()
  @IsUUID()
  project_id?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: TIME_ENTRY_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(TIME_ENTRY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ description: 'Default: the project’s is_billable, or true without a project' })
  @IsOptional()
  @IsBoolean()
  is_billable?: boolean;
}

export class TimerActionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Which active timer (default: the most recently started one)' })
  @IsOptional()
  @IsUUID()
  time_log_id?: string;
}

export class TimerStopDto extends TimerActionDto {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: TIME_ENTRY_DESCRIPTION_MAX_LENGTH, description: '“Work done?” — replaces the description when given' })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(TIME_ENTRY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;
}

export class TimerViewDto {
  @ApiProperty({ format: 'uuid' }) time_log_id: string;
  @ApiProperty({ enum: TIME_ENTRY_STATUSES }) status: TimeEntryStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) task_id: string | null;
  @ApiProperty({ example: 'BP-12', nullable: true, type: String }) task_key: string | null;
  @ApiProperty({ nullable: true, type: String }) task_title: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) project_id: string | null;
  @ApiProperty({ nullable: true, type: String }) project_name: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) start_time: string;
  @ApiProperty({ format: 'date-time', description: 'Same as start_time' }) started_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paused_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) end_time: string | null;
  @ApiProperty({ description: 'Running time at server_time: (now − start) − paused time' }) elapsed_seconds: number;
  @ApiProperty({ description: 'Paused time so far, including a pause in progress' }) paused_seconds: number;
  @ApiProperty({ example: '50.00', description: `Cost of elapsed_seconds at the snapshot rate. ${MONEY}` }) cost: string;
  @ApiProperty({ enum: RATE_TYPES }) rate_type: RateType;
  @ApiProperty({ example: '50.0000', description: 'Decimal string, 4 decimals (exact)' }) rate_amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() is_billable: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_heartbeat: string | null;
  @ApiProperty({ description: 'No heartbeat for stale_heartbeat_minutes (flag only; the timer is never changed for it)' }) stale: boolean;
  @ApiProperty({ enum: STOP_REASONS, nullable: true, type: String }) stop_reason: StopReason | null;
}

export class TimerActionResponseDto extends TimerViewDto {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ format: 'date-time', description: 'The server’s clock when answering: tick from elapsed_seconds at this instant' }) server_time: string;
  @ApiProperty({ type: TimerViewDto, nullable: true, description: 'Start only: the timer stopped and saved to make room (max 1 timer)' }) switched_from: TimerViewDto | null;
}

export class LastStoppedTimerDto {
  @ApiProperty({ format: 'uuid' }) time_log_id: string;
  @ApiProperty({ enum: STOP_REASONS, description: '`cap`: stopped by the server at max_timer_hours' }) reason: StopReason;
  @ApiProperty({ format: 'date-time' }) end_time: string;
  @ApiProperty() elapsed_seconds: number;
  @ApiProperty({ example: '50.00', description: MONEY }) cost: string;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class TimerLimitsDto {
  @ApiProperty() max_concurrent_timers: number;
  @ApiProperty() max_timer_hours: number;
  @ApiProperty() stale_heartbeat_minutes: number;
  @ApiProperty({ description: 'How often an open page should POST /time-tracking/heartbeat' }) heartbeat_interval_seconds: number;
}

/** Fields of the status whether or not a timer is active. */
class TimerStatusCommonDto {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ format: 'date-time' }) server_time: string;
  @ApiProperty({ type: [TimerViewDto], description: 'Every active timer, most recently started first' }) timers: TimerViewDto[];
  @ApiProperty({ type: LastStoppedTimerDto, nullable: true, description: 'The last timer that stopped, with why (e.g. cap)' }) last_stopped: LastStoppedTimerDto | null;
  @ApiProperty({ type: TimerLimitsDto }) limits: TimerLimitsDto;
}

/** The status with no active timer. */
export class TimerStatusIdleDto extends TimerStatusCommonDto {
  @ApiProperty({ enum: ['stopped'] }) status: 'stopped';
  @ApiProperty({ type: String, nullable: true, enum: [null], description: 'Always null: no timer is active' }) time_log_id: null;
  @ApiProperty({ enum: [false] }) stale: false;
}

/** The status with an active timer: the timer fields describe the most recently started one; all are in `timers`. */
export class TimerStatusActiveDto extends IntersectionType(TimerViewDto, TimerStatusCommonDto) {
  @ApiProperty({ enum: ['running', 'paused'] }) declare status: 'running' | 'paused';
}

export class HeartbeatResponseDto {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ description: 'Active timers whose heartbeat was recorded' }) timers: number;
  @ApiProperty({ format: 'date-time' }) server_time: string;
}

export class StreamTicketResponseDto {
  @ApiProperty({ description: 'Pass as ?ticket= to GET /time-tracking/stream' }) ticket: string;
  @ApiProperty({ example: 60 }) expires_in: number;
}
