import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RATE_TYPES, STOP_REASONS, TIME_ENTRY_DESCRIPTION_MAX_LENGTH, TIME_ENTRY_STATUSES, type RateType, type StopReason, type TimeEntryStatus } from '@stint/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';
import { ListMetaDto } from '../../common/pagination';
import { PresentNotNull, blankToNull } from '../../common/transforms';
import { CurrencyAmountDto } from '../../rates/dto/rate.dto';
import { IsOffsetDateTime, IsRangeEnd } from '../../common/validators/date-domain';

const MONEY = 'Decimal string with 2 decimals, rounded half-up from the exact stored value (money is never a binary float)';
const DATE_TIME = '2026-05-01T09:00:00Z';

export class TimeLogResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) task_id: string | null;
  @ApiProperty({ example: 'BP-12', nullable: true, type: String }) task_key: string | null;
  @ApiProperty({ nullable: true, type: String }) task_title: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) project_id: string | null;
  @ApiProperty({ nullable: true, type: String }) project_name: string | null;
  @ApiProperty({ enum: TIME_ENTRY_STATUSES }) status: TimeEntryStatus;
  @ApiProperty({ description: 'Running or paused' }) is_active: boolean;
  @ApiProperty({ format: 'date-time' }) start_time: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) end_time: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paused_at: string | null;
  @ApiProperty({ description: 'Paused time so far (never charged)' }) paused_seconds: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Running time of a stopped entry; null while active' }) duration_seconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'duration_seconds / 3600, two decimals (display only)' }) duration_hours: number | null;
  @ApiProperty({ description: 'Running time so far (equals duration_seconds once stopped)' }) elapsed_seconds: number;
  @ApiProperty({ nullable: true, type: String, maxLength: TIME_ENTRY_DESCRIPTION_MAX_LENGTH }) description: string | null;
  @ApiProperty({ enum: RATE_TYPES, description: 'Snapshot of the rate effective at start_time' }) rate_type: RateType;
  @ApiProperty({ example: '50.0000', description: 'Decimal string, 4 decimals (exact)' }) rate_amount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: '50.00', description: `${MONEY}; cost so far while active` }) total_cost: string;
  @ApiProperty() is_billable: boolean;
  @ApiProperty({ enum: STOP_REASONS, nullable: true, type: String, description: 'Null for manual entries and active timers' }) stop_reason: StopReason | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class TimeLogSummaryDto {
  @ApiProperty({ description: 'Running time of every matching entry (active ones so far)' }) total_seconds: number;
  @ApiProperty() billable_seconds: number;
  @ApiProperty({ type: [CurrencyAmountDto], description: 'Cost per currency: exact sum of the stored values, rounded once' }) totals: CurrencyAmountDto[];
}

export class TimeLogPageDto {
  @ApiProperty({ type: [TimeLogResponseDto] }) data: TimeLogResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
  @ApiProperty({ type: TimeLogSummaryDto, description: 'Over all matching entries, not only this page' }) summary: TimeLogSummaryDto;
}

export class TimeLogListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: DATE_TIME, description: 'Entries overlapping [from, to): ending (or still running) after `from`' })
  @IsOptional()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-05-08T00:00:00Z', description: 'Entries starting before `to` (exclusive)' })
  @IsOptional()
  @IsOffsetDateTime()
  @IsRangeEnd('from', { strictlyAfter: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() project_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() task_id?: string;
  @ApiPropertyOptional({ enum: TIME_ENTRY_STATUSES }) @IsOptional() @IsIn(TIME_ENTRY_STATUSES) status?: TimeEntryStatus;
}

export class TimeEntryListQueryDto extends TimeLogListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: whose entries (default: the caller’s). Members may only name themselves.' })
  @IsOptional()
  @IsUUID()
  user_id?: string;
}

export class TimeEntryCreateDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A task the caller may use; brings its project' })
  @IsOptional()
  @IsUUID()
  task_id?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A project the caller belongs to (any for admins)' })
  @IsOptional()
  @IsUUID()
  project_id?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: TIME_ENTRY_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(TIME_ENTRY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiProperty({ format: 'date-time', example: DATE_TIME, description: 'ISO 8601 with an offset' })
  @IsOffsetDateTime()
  start_time: string;

  @ApiProperty({ format: 'date-time', example: '2026-05-01T10:30:00Z', description: 'After start_time, not in the future, at most max_timer_hours later; may cross midnight' })
  @IsOffsetDateTime()
  end_time: string;

  @ApiPropertyOptional({ description: 'Default: the project’s is_billable, or true without a project' })
  @IsOptional()
  @IsBoolean()
  is_billable?: boolean;
}

export class TimeEntryUpdateDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: no task' })
  @IsOptional()
  @IsUUID()
  task_id?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: no project' })
  @IsOptional()
  @IsUUID()
  project_id?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: TIME_ENTRY_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(TIME_ENTRY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({
    format: 'date-time',
    example: DATE_TIME,
    description: 'Changing start or end makes the entry a plain interval (paused time dropped) and, for a new start, takes the rate effective then',
  })
  @PresentNotNull()
  @IsOffsetDateTime()
  start_time?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-05-01T10:30:00Z' })
  @PresentNotNull()
  @IsOffsetDateTime()
  // Both given: checked before the entry is looked up, so a reversed pair is a 422 on any id.
  @IsRangeEnd('start_time', { strictlyAfter: true })
  end_time?: string;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsBoolean()
  is_billable?: boolean;
}

export class EntryWarningDto {
  @ApiProperty({ enum: ['OVERLAP'], description: 'OVERLAP: the entry overlaps other entries or timers of the same user' }) code: 'OVERLAP';
  @ApiProperty() message: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The overlapped entries, earliest first' }) entries: string[];
}

/** A created or edited entry, with what the user should know about it (issue 12: overlaps are warned, or refused when an admin forbids them). */
export class TimeEntryWriteResponseDto extends TimeLogResponseDto {
  @ApiProperty({ type: [EntryWarningDto], description: 'Empty when there is nothing to warn about' }) warnings: EntryWarningDto[];
}
