import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_FORMATS, type AnalyticsDateRange, type ReportFormat, type ReportSubjectType } from '@stint/contracts';
import { IsIn, IsOptional } from 'class-validator';
import { AnalyticsDateRangeDto, AnalyticsRangeQueryDto } from '../../analytics/dto/analytics.dto';

export class ReportQueryDto extends AnalyticsRangeQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'csv: a streamed download (header row, one row per entry, totals)' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class ReportMoneyDto {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: '125.50', description: 'Rounded once from amount_exact' }) amount: string;
  @ApiProperty({ example: '125.4975', description: 'Exact sum of stored costs (4 decimals); rows add up to totals' }) amount_exact: string;
  @ApiProperty({ example: '100.00' }) billable_amount: string;
  @ApiProperty({ example: '100.0000' }) billable_amount_exact: string;
}

const SECONDS = { minimum: 0, description: 'Exact; rows add up to the totals' };
const HOURS = { minimum: 0, description: 'seconds / 3600, 2 decimals (display)' };

export class ReportFiguresDto {
  @ApiProperty({ minimum: 0, description: 'Entries with time in the group (an entry spanning two days counts on both)' }) entries: number;
  @ApiProperty(SECONDS) seconds: number;
  @ApiProperty(HOURS) hours: number;
  @ApiProperty(SECONDS) billable_seconds: number;
  @ApiProperty(HOURS) billable_hours: number;
  @ApiProperty(SECONDS) non_billable_seconds: number;
  @ApiProperty(HOURS) non_billable_hours: number;
  @ApiProperty({ type: [ReportMoneyDto], nullable: true, description: 'One line per currency; null when the caller may not see money (members)' })
  cost: ReportMoneyDto[] | null;
}

export class ReportDayRowDto extends ReportFiguresDto {
  @ApiProperty({ format: 'date' }) date: string;
}

export class ReportTaskRowDto extends ReportFiguresDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: time without a task' }) task_id: string | null;
  @ApiProperty({ type: String, nullable: true }) task_key: string | null;
  @ApiProperty({ type: String, nullable: true }) task_title: string | null;
}

export class ReportUserRowDto extends ReportFiguresDto {
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty() full_name: string;
}

export class ReportProjectRowDto extends ReportFiguresDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: time without a project' }) project_id: string | null;
  @ApiProperty({ type: String, nullable: true }) project_key: string | null;
  @ApiProperty({ type: String, nullable: true }) project_name: string | null;
}

export class ReportSubjectDto {
  @ApiProperty({ enum: ['project', 'user'] }) type: ReportSubjectType;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class ReportResponseDto {
  @ApiProperty({ type: ReportSubjectDto }) subject: ReportSubjectDto;
  @ApiProperty({ type: AnalyticsDateRangeDto }) date_range: AnalyticsDateRange;
  @ApiProperty({ example: 'Europe/Berlin' }) time_zone: string;
  @ApiProperty({ description: 'False for members: hours only' }) money_visible: boolean;
  @ApiProperty({ type: ReportFiguresDto }) totals: ReportFiguresDto;
  @ApiProperty({ type: [ReportDayRowDto], description: 'Days with time, in order' }) by_day: ReportDayRowDto[];
  @ApiProperty({ type: [ReportTaskRowDto] }) by_task: ReportTaskRowDto[];
  @ApiProperty({ type: [ReportUserRowDto] }) by_user: ReportUserRowDto[];
  @ApiProperty({ type: [ReportProjectRowDto] }) by_project: ReportProjectRowDto[];
}
