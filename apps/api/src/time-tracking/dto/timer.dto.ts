import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  RATE_TYPES,
  STOP_REASONS,
  TIME_ENTRY_DESCRIPTION_MAX_LENGTH,
  TIME_ENTRY_STATUSES,
  type HeartbeatResponse,
  type LastStoppedTimer,
  type RateType,
  type StopReason,
  type StreamTicketResponse,
  type TimeEntryStatus,
  type TimerActionRequest,
  type TimerActionResponse,
  type TimerLimits,
  type TimerStartRequest,
  type TimerStopRequest,
  type TimerView,
} from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Assert, SameKeys } from '../../common/contract-check';
import { blankToNull } from '../../common/transforms';

const MONEY = 'Decimal string with 2 decimals, rounded half-up from the exact value (money never travels as a binary float)';

export class TimerStartDto implements TimerStartRequest {
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

export class TimerActionDto implements TimerActionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Which active timer (default: the most recently started one)' })
  @IsOptional()
  @IsUUID()
  time_log_id?: string;
}

export class TimerStopDto extends TimerActionDto implements TimerStopRequest {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: TIME_ENTRY_DESCRIPTION_MAX_LENGTH, description: '“Work done?” — replaces the description when given' })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(TIME_ENTRY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;
}

export class TimerViewDto implements TimerView {
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

export class TimerActionResponseDto extends TimerViewDto implements TimerActionResponse {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ format: 'date-time', description: 'The server’s clock when answering: tick from elapsed_seconds at this instant' }) server_time: string;
  @ApiProperty({ type: TimerViewDto, nullable: true, description: 'Start only: the timer stopped and saved to make room (max 1 timer)' }) switched_from: TimerViewDto | null;
}

export class LastStoppedTimerDto implements LastStoppedTimer {
  @ApiProperty({ format: 'uuid' }) time_log_id: string;
  @ApiProperty({ enum: STOP_REASONS, description: '`cap`: stopped by the server at max_timer_hours' }) reason: StopReason;
  @ApiProperty({ format: 'date-time' }) end_time: string;
  @ApiProperty() elapsed_seconds: number;
  @ApiProperty({ example: '50.00', description: MONEY }) cost: string;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class TimerLimitsDto implements TimerLimits {
  @ApiProperty() max_concurrent_timers: number;
  @ApiProperty() max_timer_hours: number;
  @ApiProperty() stale_heartbeat_minutes: number;
  @ApiProperty({ description: 'How often an open page should POST /time-tracking/heartbeat' }) heartbeat_interval_seconds: number;
}

/**
 * OpenAPI shape of the status. The contract type is a union: with no active timer only
 * `status: "stopped"`, `time_log_id: null`, `stale: false` and the common fields are present.
 */
export class TimerStatusResponseDto {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ enum: TIME_ENTRY_STATUSES, description: '`stopped` when no timer is active' }) status: TimeEntryStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The most recently started active timer; null when none' }) time_log_id: string | null;
  @ApiProperty({ description: 'Whether the described timer is stale' }) stale: boolean;
  @ApiProperty({ format: 'date-time' }) server_time: string;
  @ApiProperty({ type: [TimerViewDto], description: 'Every active timer, most recently started first' }) timers: TimerViewDto[];
  @ApiProperty({ type: LastStoppedTimerDto, nullable: true, description: 'The last timer that stopped, with why (e.g. cap)' }) last_stopped: LastStoppedTimerDto | null;
  @ApiProperty({ type: TimerLimitsDto }) limits: TimerLimitsDto;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) task_id?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) task_key?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) task_title?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) project_id?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) project_name?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) description?: string | null;
  @ApiPropertyOptional({ format: 'date-time' }) start_time?: string;
  @ApiPropertyOptional({ format: 'date-time' }) started_at?: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) paused_at?: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) end_time?: string | null;
  @ApiPropertyOptional() elapsed_seconds?: number;
  @ApiPropertyOptional() paused_seconds?: number;
  @ApiPropertyOptional({ example: '12.50', description: MONEY }) cost?: string;
  @ApiPropertyOptional({ enum: RATE_TYPES }) rate_type?: RateType;
  @ApiPropertyOptional({ example: '50.0000' }) rate_amount?: string;
  @ApiPropertyOptional({ example: 'USD' }) currency?: string;
  @ApiPropertyOptional() is_billable?: boolean;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) last_heartbeat?: string | null;
  @ApiPropertyOptional({ enum: STOP_REASONS, nullable: true, type: String }) stop_reason?: StopReason | null;
}

export class HeartbeatResponseDto implements HeartbeatResponse {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ description: 'Active timers whose heartbeat was recorded' }) timers: number;
  @ApiProperty({ format: 'date-time' }) server_time: string;
}

export class StreamTicketResponseDto implements StreamTicketResponse {
  @ApiProperty({ description: 'Pass as ?ticket= to GET /time-tracking/stream' }) ticket: string;
  @ApiProperty({ example: 60 }) expires_in: number;
}

export type TimerContractChecks = [
  Assert<SameKeys<TimerStartDto, TimerStartRequest>>,
  Assert<SameKeys<TimerStopDto, TimerStopRequest>>,
  Assert<SameKeys<TimerViewDto, TimerView>>,
  Assert<SameKeys<TimerActionResponseDto, TimerActionResponse>>,
  Assert<SameKeys<LastStoppedTimerDto, LastStoppedTimer>>,
  Assert<SameKeys<TimerLimitsDto, TimerLimits>>,
];
