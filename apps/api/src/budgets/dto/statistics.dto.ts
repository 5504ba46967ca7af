import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate, IsRangeEnd } from '../../common/validators/date-domain';

export class ProjectStatisticsQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day, inclusive, in the caller’s time zone' })
  @IsOptional()
  @IsCalendarDate()
  start?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day, inclusive, in the caller’s time zone' })
  @IsOptional()
  @IsCalendarDate()
  @IsRangeEnd('start')
  end?: string;
}

const MONEY_OR_NULL = { type: String, nullable: true, example: '125.50', description: 'Rounded once from cost_exact; null when the caller may not see money' };
const EXACT_OR_NULL = { type: String, nullable: true, example: '125.4975', description: 'Exact sum of the stored costs (4 decimals); rows add up to the totals' };

export class CostFiguresDto {
  @ApiProperty({ minimum: 0 }) entries: number;
  @ApiProperty({ minimum: 0, description: 'Exact; rows add up to the totals' }) seconds: number;
  @ApiProperty({ minimum: 0, description: 'seconds / 3600, 2 decimals (display)' }) hours: number;
  @ApiProperty(MONEY_OR_NULL) cost: string | null;
  @ApiProperty(EXACT_OR_NULL) cost_exact: string | null;
}

export class UserCostRowDto extends CostFiguresDto {
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty() full_name: string;
}

export class TaskCostRowDto extends CostFiguresDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null: time on the project without a task' }) task_id: string | null;
  @ApiProperty({ nullable: true, type: String }) task_key: string | null;
  @ApiProperty({ nullable: true, type: String }) task_title: string | null;
}

export class DayCostRowDto extends CostFiguresDto {
  @ApiProperty({ format: 'date', description: 'The entries’ start day in time_zone' }) date: string;
}

export class ProjectStatisticsResponseDto {
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
  @ApiProperty({ description: 'False for members of the project: hours only' }) money_visible: boolean;
  @ApiProperty({ example: 'Europe/Berlin' }) time_zone: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) start: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) end: string | null;
  @ApiProperty({ type: CostFiguresDto }) totals: CostFiguresDto;
  @ApiProperty({ type: CostFiguresDto }) billable: CostFiguresDto;
  @ApiProperty({ type: CostFiguresDto }) non_billable: CostFiguresDto;
  @ApiProperty({ type: [UserCostRowDto] }) by_user: UserCostRowDto[];
  @ApiProperty({ type: [TaskCostRowDto] }) by_task: TaskCostRowDto[];
  @ApiProperty({ type: [DayCostRowDto] }) by_day: DayCostRowDto[];
}
