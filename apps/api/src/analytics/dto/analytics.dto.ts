import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ANALYTICS_MAX_RANGE_DAYS,
  DATE_MAX,
  DATE_MIN,
  DISTRIBUTION_GROUPS,
  SORT_ORDERS,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TASK_TIME_SORTS,
  TOP_PRODUCTIVE_HOURS_COUNT,
  USER_PRODUCTIVITY_SORTS,
  type DistributionGroup,
  type SortOrder,
  type TaskPriority,
  type TaskStatus,
  type TaskTimeSort,
  type UserProductivitySort,
} from '@stint/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';
import { ListMetaDto } from '../../common/pagination';
import { IsCalendarDate, IsRangeEnd } from '../../common/validators/date-domain';

const RANGE_NOTE = `Days in the caller's time zone, both included; at most ${ANALYTICS_MAX_RANGE_DAYS} days, within ${DATE_MIN}–${DATE_MAX}.`;

export class AnalyticsRangeQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2025-03-24', description: `First day (default: end − 6 days). ${RANGE_NOTE}` })
  @IsOptional()
  @IsCalendarDate()
  start?: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-03-30', description: `Last day (default: today). ${RANGE_NOTE}` })
  @IsOptional()
  @IsCalendarDate()
  @IsRangeEnd('start', { maxDays: ANALYTICS_MAX_RANGE_DAYS })
  end?: string;
}

export class TimeDistributionQueryDto extends AnalyticsRangeQueryDto {
  @ApiPropertyOptional({ enum: DISTRIBUTION_GROUPS, default: 'project' })
  @IsOptional()
  @IsIn(DISTRIBUTION_GROUPS)
  group_by?: DistributionGroup;
}

export class UserProductivityQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: USER_PRODUCTIVITY_SORTS, default: 'full_name' })
  @IsOptional()
  @IsIn(USER_PRODUCTIVITY_SORTS)
  sort?: UserProductivitySort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, description: 'Default asc for names, desc for figures' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
}

export class TaskTimeSummaryQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's tasks (the creator)" })
  @IsOptional()
  @IsUUID()
  user_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  project_id?: string;

  @ApiPropertyOptional({ enum: TASK_TIME_SORTS, default: 'created_at', description: 'Tasks without an estimate sort last by hours_variance and estimated_hours' })
  @IsOptional()
  @IsIn(TASK_TIME_SORTS)
  sort?: TaskTimeSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
}

/* ---------------------------------------------------------------- answers */

const SECONDS = { minimum: 0, description: 'Exact whole seconds; rows add up to totals' };
const HOURS = { minimum: 0, description: 'The seconds in hours, 2 decimals (display)' };

export class AnalyticsDateRangeDto {
  @ApiProperty({ format: 'date' }) start: string;
  @ApiProperty({ format: 'date' }) end: string;
}

export class DailyMetricsDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ minimum: 0 }) tasks_completed: number;
  @ApiProperty(HOURS) time_tracked_hours: number;
  @ApiProperty(SECONDS) time_tracked_seconds: number;
}

export class DailyProjectTimeDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) project_id: string | null;
  @ApiProperty({ nullable: true, type: String }) project_name: string | null;
  @ApiProperty(SECONDS) seconds: number;
}

export class DashboardMetricsDto {
  @ApiProperty({ type: AnalyticsDateRangeDto }) date_range: AnalyticsDateRangeDto;
  @ApiProperty({ example: 'Europe/Berlin' }) time_zone: string;
  @ApiProperty({ minimum: 0, description: 'Own tasks with completed_at in the range' }) total_tasks_completed: number;
  @ApiProperty({ minimum: 0, description: 'Own tasks in progress now' }) total_tasks_in_progress: number;
  @ApiProperty({ minimum: 0, description: 'Own tasks to do now' }) total_tasks_todo: number;
  @ApiProperty(HOURS) total_time_tracked_hours: number;
  @ApiProperty(SECONDS) total_time_tracked_seconds: number;
  @ApiProperty({ description: 'Mean completed_at − created_at of the tasks completed in the range; 0 when none' }) average_task_completion_time_hours: number;
  @ApiProperty({ minimum: 0 }) tasks_completed_on_time: number;
  @ApiProperty({ minimum: 0 }) tasks_completed_late: number;
  @ApiProperty({ minimum: 0, maximum: 100, description: "The spec's calculate_productivity_score, 2 decimals" }) productivity_score: number;
  @ApiProperty({ type: [DailyMetricsDto], description: 'Every day of the range, zeros included' }) daily_breakdown: DailyMetricsDto[];
  @ApiProperty({ type: [DailyProjectTimeDto], description: 'Days split by project (days and projects with time only)' }) daily_by_project: DailyProjectTimeDto[];
  @ApiProperty({ format: 'date-time' }) computed_at: string;
}

export class PeriodFiguresDto {
  @ApiProperty({ format: 'date' }) period_start: string;
  @ApiProperty({ format: 'date' }) period_end: string;
  @ApiProperty({ minimum: 0 }) tasks_completed: number;
  @ApiProperty(HOURS) time_tracked_hours: number;
  @ApiProperty(SECONDS) time_tracked_seconds: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) productivity_score: number;
}

const CHANGE = { type: Number, nullable: true, description: 'Percent change against the previous period (2 decimals); null when the previous value is 0' };

export class PeriodComparisonDto {
  @ApiProperty(CHANGE) tasks_completed: number | null;
  @ApiProperty(CHANGE) time_tracked_hours: number | null;
  @ApiProperty(CHANGE) productivity_score: number | null;
}

export class ProductivityTrendDto extends PeriodFiguresDto {
  @ApiProperty({ example: 'Europe/Berlin' }) time_zone: string;
  @ApiProperty({ type: PeriodComparisonDto }) comparison_previous_period: PeriodComparisonDto;
  @ApiProperty({ type: PeriodFiguresDto, description: 'The period of the same length just before' }) previous_period: PeriodFiguresDto;
  @ApiProperty({ type: [DailyMetricsDto] }) daily_breakdown: DailyMetricsDto[];
  @ApiProperty({ type: [DailyMetricsDto] }) previous_daily_breakdown: DailyMetricsDto[];
  @ApiProperty({ format: 'date-time' }) computed_at: string;
}

export class TaskStatusCountsDto {
  @ApiProperty({ minimum: 0 }) todo: number;
  @ApiProperty({ minimum: 0 }) in_progress: number;
  @ApiProperty({ minimum: 0 }) done: number;
  @ApiProperty({ minimum: 0 }) archived: number;
}

export class TaskPriorityCountsDto {
  @ApiProperty({ minimum: 0 }) low: number;
  @ApiProperty({ minimum: 0 }) medium: number;
  @ApiProperty({ minimum: 0 }) high: number;
  @ApiProperty({ minimum: 0 }) urgent: number;
}

export class TaskStatisticsDto {
  @ApiProperty({ minimum: 0 }) total_tasks: number;
  @ApiProperty({ type: TaskStatusCountsDto }) by_status: TaskStatusCountsDto;
  @ApiProperty({ type: TaskPriorityCountsDto }) by_priority: TaskPriorityCountsDto;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'done / total, percent, 2 decimals' }) completion_rate: number;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Done on time / done with a due date, percent, 2 decimals' }) on_time_completion_rate: number;
  @ApiProperty({ format: 'date-time' }) computed_at: string;
}

export class DistributionItemDto {
  @ApiProperty({ type: String, nullable: true, description: 'Project id, task id or tag; null for time without one' }) key: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ type: String, nullable: true, example: 'WEB-12' }) task_key: string | null;
  @ApiProperty(SECONDS) seconds: number;
  @ApiProperty(HOURS) hours: number;
  @ApiProperty({ minimum: 0, description: 'Share of total_seconds, percent, 2 decimals' }) percentage: number;
}

export class HourOfDayMetricsDto {
  @ApiProperty({ minimum: 0, maximum: 23 }) hour: number;
  @ApiProperty(SECONDS) seconds: number;
  @ApiProperty(HOURS) hours: number;
}

export class TimeDistributionDto {
  @ApiProperty({ type: AnalyticsDateRangeDto }) date_range: AnalyticsDateRangeDto;
  @ApiProperty({ example: 'Europe/Berlin' }) time_zone: string;
  @ApiProperty({ enum: DISTRIBUTION_GROUPS }) group_by: DistributionGroup;
  @ApiProperty(HOURS) total_hours: number;
  @ApiProperty(SECONDS) total_seconds: number;
  @ApiProperty({ type: [DistributionItemDto], description: 'Largest first; by tag an entry counts under each tag of its task' }) distribution: DistributionItemDto[];
  @ApiProperty({ type: [Number], description: `Up to ${TOP_PRODUCTIVE_HOURS_COUNT} hours of the day (0–23, caller's zone), most tracked first` }) top_productive_hours: number[];
  @ApiProperty({ type: [HourOfDayMetricsDto], description: 'All 24 hours of the day' }) hourly: HourOfDayMetricsDto[];
  @ApiProperty({ format: 'date-time' }) computed_at: string;
}

export class UserProductivityRowDto {
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty() email: string;
  @ApiProperty() full_name: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ minimum: 0 }) total_tasks: number;
  @ApiProperty({ minimum: 0 }) completed_tasks: number;
  @ApiProperty({ minimum: 0 }) in_progress_tasks: number;
  @ApiProperty(HOURS) total_hours_tracked: number;
  @ApiProperty(SECONDS) total_seconds_tracked: number;
  @ApiProperty({ minimum: 0 }) avg_hours_per_entry: number;
  @ApiProperty({ minimum: 0 }) total_time_entries: number;
}

export class UserProductivityPageDto {
  @ApiProperty({ type: [UserProductivityRowDto] }) data: UserProductivityRowDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}

export class TaskTimeSummaryRowDto {
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty({ type: String, nullable: true }) task_key: string | null;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) project_id: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ enum: TASK_PRIORITIES }) priority: TaskPriority;
  @ApiProperty({ type: Number, nullable: true }) estimated_hours: number | null;
  @ApiProperty({ minimum: 0 }) time_entry_count: number;
  @ApiProperty(HOURS) actual_hours: number;
  @ApiProperty(SECONDS) actual_seconds: number;
  @ApiProperty({ type: Number, nullable: true, description: 'actual − estimated hours, 2 decimals; null without an estimate' }) hours_variance: number | null;
}

export class TaskTimeSummaryPageDto {
  @ApiProperty({ type: [TaskTimeSummaryRowDto] }) data: TaskTimeSummaryRowDto[];
  @ApiProperty({ type: ListMetaDto }) meta: ListMetaDto;
}
