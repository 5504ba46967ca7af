import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  NO_PROJECT,
  SORT_ORDERS,
  TASK_DESCRIPTION_MAX_LENGTH,
  TASK_ESTIMATED_HOURS_MAX,
  TASK_PRIORITIES,
  TASK_SEARCH_MAX_LENGTH,
  TASK_SORTS,
  TASK_STATUSES,
  TASK_TAG_MAX_LENGTH,
  TASK_TAG_MIN_LENGTH,
  TASK_TAGS_MAX,
  TASK_TITLE_MAX_LENGTH,
  TASK_TITLE_MIN_LENGTH,
  TIME_ENTRY_STATUSES,
  type SortOrder,
  type TaskPriority,
  type TaskSort,
  type TaskStatus,
  type TimeEntryStatus,
} from '@stint/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsPositive, IsString, IsUUID, Length, Matches, Max, MaxLength } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';
import { ListMetaDto } from '../../common/pagination';
import { PresentNotNull, blankToNull, trimmed } from '../../common/transforms';
import { IsOffsetDateTime } from '../../common/validators/date-domain';
import { normaliseTags, splitList } from '../task-rules';
import { IsDecimalNumber } from '../../common/validators/is-decimal-number';

const DATE_TIME_EXAMPLE = '2026-05-01T17:00:00Z';
const UUID_OR_NONE = /^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** Commas separate tags in list filters, so a tag can't hold one. */
const TAG_TEXT = /^[^,\p{Cc}]*$/u;

const tagsTransform = ({ value }: { value: unknown }) => normaliseTags(value);
const listTransform = ({ value }: { value: unknown }) => splitList(value);

export class TaskResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The creator' }) user_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) project_id: string | null;
  @ApiProperty({ example: 'BP-12', nullable: true, type: String, description: 'PROJECTKEY-N for tasks in a project' }) key: string | null;
  @ApiProperty({ maxLength: TASK_TITLE_MAX_LENGTH }) title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ enum: TASK_PRIORITIES }) priority: TaskPriority;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) due_date: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: Number }) estimated_hours: number | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set when the status becomes done, cleared when reopened' })
  completed_at: string | null;
  @ApiProperty({ description: 'Hours of stopped time entries on the task (everyone’s), two decimals' }) time_tracked_hours: number;
}

export class TimeEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) task_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) project_id: string | null;
  @ApiProperty({ format: 'date-time' }) start_time: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) end_time: string | null;
  @ApiProperty({ nullable: true, type: Number }) duration_seconds: number | null;
  @ApiProperty({ nullable: true, type: Number }) duration_hours: number | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Running or paused' }) is_active: boolean;
  @ApiProperty({ enum: TIME_ENTRY_STATUSES }) status: TimeEntryStatus;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ nullable: true, type: String }) task_title: string | null;
}

export class TaskDetailResponseDto extends TaskResponseDto {
  @ApiProperty({ type: [TimeEntryResponseDto], description: 'The caller’s own entries on the task; every entry for admins' })
  time_entries: TimeEntryResponseDto[];
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskResponseDto] }) data: TaskResponseDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

/** Fields shared by create and update; in both, absent means "not given" and null clears. */
class TaskFieldsDto {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: TASK_DESCRIPTION_MAX_LENGTH })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(TASK_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @PresentNotNull()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES })
  @PresentNotNull()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, example: DATE_TIME_EXAMPLE, description: 'ISO 8601 with an offset or Z' })
  @IsOptional()
  @IsOffsetDateTime()
  due_date?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: TASK_TAGS_MAX,
    description: `Up to ${TASK_TAGS_MAX} tags of ${TASK_TAG_MIN_LENGTH}–${TASK_TAG_MAX_LENGTH} characters, no commas; trimmed and de-duplicated, case kept`,
  })
  @PresentNotNull()
  @Transform(tagsTransform)
  @IsArray()
  @ArrayMaxSize(TASK_TAGS_MAX)
  @IsString({ each: true })
  @Length(TASK_TAG_MIN_LENGTH, TASK_TAG_MAX_LENGTH, { each: true, message: `each tag must be ${TASK_TAG_MIN_LENGTH}–${TASK_TAG_MAX_LENGTH} characters` })
  @Matches(TAG_TEXT, { each: true, message: 'tags must not contain commas or control characters' })
  tags?: string[];

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, exclusiveMinimum: true, maximum: TASK_ESTIMATED_HOURS_MAX, description: 'Hours, > 0, two decimals at most' })
  @IsOptional()
  @IsDecimalNumber(2, { message: 'estimated_hours must be a number with at most two decimals' })
  @IsPositive()
  @Max(TASK_ESTIMATED_HOURS_MAX)
  estimated_hours?: number | null;
}

export class TaskCreateDto extends TaskFieldsDto {
  @ApiProperty({ minLength: TASK_TITLE_MIN_LENGTH, maxLength: TASK_TITLE_MAX_LENGTH, description: 'Trimmed' })
  @Transform(trimmed)
  @IsString()
  @Length(TASK_TITLE_MIN_LENGTH, TASK_TITLE_MAX_LENGTH)
  title: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A project the caller belongs to (any for admins); not archived' })
  @IsOptional()
  @IsUUID()
  project_id?: string | null;
}

export class TaskUpdateDto extends TaskFieldsDto {
  @ApiPropertyOptional({ minLength: TASK_TITLE_MIN_LENGTH, maxLength: TASK_TITLE_MAX_LENGTH, description: 'Trimmed' })
  @PresentNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(TASK_TITLE_MIN_LENGTH, TASK_TITLE_MAX_LENGTH)
  title?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Moves the task (null: out of any project) and gives it a new key. Creator or admin only; not once time is tracked on it.',
  })
  @IsOptional()
  @IsUUID()
  project_id?: string | null;
}

export class TaskStatusUpdateDto {
  @ApiProperty({ enum: TASK_STATUSES })
  @IsIn(TASK_STATUSES)
  status: TaskStatus;
}

const MULTI = 'One or several: comma-separated or repeated; matches any';

export class TaskListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, description: MULTI })
  @IsOptional()
  @Transform(listTransform)
  @IsArray()
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, isArray: true, description: MULTI })
  @IsOptional()
  @Transform(listTransform)
  @IsArray()
  @IsIn(TASK_PRIORITIES, { each: true })
  priority?: TaskPriority[];

  @ApiPropertyOptional({ type: [String], description: `Project ids, or "${NO_PROJECT}" for tasks outside any project. ${MULTI}` })
  @IsOptional()
  @Transform(listTransform)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(UUID_OR_NONE, { each: true, message: `each project_id must be a UUID or "${NO_PROJECT}"` })
  project_id?: string[];

  @ApiPropertyOptional({ type: [String], description: `Tags, exact and case-sensitive. ${MULTI}` })
  @IsOptional()
  @Transform(listTransform)
  @IsArray()
  @ArrayMaxSize(TASK_TAGS_MAX)
  @Length(TASK_TAG_MIN_LENGTH, TASK_TAG_MAX_LENGTH, { each: true })
  tag?: string[];

  @ApiPropertyOptional({ format: 'date-time', example: DATE_TIME_EXAMPLE, description: 'due_date < due_before (exclusive)' })
  @IsOptional()
  @IsOffsetDateTime()
  due_before?: string;

  @ApiPropertyOptional({ format: 'date-time', example: DATE_TIME_EXAMPLE, description: 'due_date >= due_after (inclusive)' })
  @IsOptional()
  @IsOffsetDateTime()
  due_after?: string;

  @ApiPropertyOptional({
    maxLength: TASK_SEARCH_MAX_LENGTH,
    description: 'Full-text search over title and description (English stemming; web-search syntax: "phrase", -word, or). Title matches rank first.',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(TASK_SEARCH_MAX_LENGTH)
  q?: string;

  @ApiPropertyOptional({
    enum: TASK_SORTS,
    description: 'Default: relevance when q is given, else created_at. relevance needs q. Ties: newest first, then id.',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, description: 'Default desc; asc for due_date, title and status. Tasks without a due date come last.' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
}
