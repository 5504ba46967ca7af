import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { DashboardMetrics, Paginated, ProductivityTrend, TaskStatistics, TaskTimeSummaryRow, TimeDistribution, UserProductivityRow } from '@stint/contracts';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { AnalyticsService } from './analytics.service';
import {
  AnalyticsRangeQueryDto,
  DashboardMetricsDto,
  ProductivityTrendDto,
  TaskStatisticsDto,
  TaskTimeSummaryPageDto,
  TaskTimeSummaryQueryDto,
  TimeDistributionDto,
  TimeDistributionQueryDto,
  UserProductivityPageDto,
  UserProductivityQueryDto,
} from './dto/analytics.dto';

const BAD_RANGE = 'A date that is not YYYY-MM-DD, end before start, or a range wider than 366 days';

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('dashboard')
  @Authenticated()
  @ApiOperation({ summary: "The caller's DashboardMetrics over a range of days in their time zone (own tasks and time)" })
  @ApiOkResponse({ type: DashboardMetricsDto })
  @ApiUnprocessableEntityResponse({ description: BAD_RANGE })
  dashboard(@CurrentUser() auth: AuthUser, @Query() query: AnalyticsRangeQueryDto): Promise<DashboardMetrics> {
    return this.analytics.dashboard(auth, query);
  }

  @Get('trend')
  @Authenticated()
  @ApiOperation({ summary: 'ProductivityTrend: the range against the period of the same length just before' })
  @ApiOkResponse({ type: ProductivityTrendDto })
  @ApiUnprocessableEntityResponse({ description: BAD_RANGE })
  trend(@CurrentUser() auth: AuthUser, @Query() query: AnalyticsRangeQueryDto): Promise<ProductivityTrend> {
    return this.analytics.trend(auth, query);
  }

  @Get('tasks')
  @Authenticated()
  @ApiOperation({ summary: "TaskStatistics of the caller's own tasks" })
  @ApiOkResponse({ type: TaskStatisticsDto })
  tasks(@CurrentUser() auth: AuthUser): Promise<TaskStatistics> {
    return this.analytics.tasks(auth);
  }

  @Get('time-distribution')
  @Authenticated()
  @ApiOperation({ summary: "TimeDistribution of the caller's time by project, task or tag, with the most productive hours of the day" })
  @ApiOkResponse({ type: TimeDistributionDto })
  @ApiUnprocessableEntityResponse({ description: BAD_RANGE })
  timeDistribution(@CurrentUser() auth: AuthUser, @Query() query: TimeDistributionQueryDto): Promise<TimeDistribution> {
    return this.analytics.timeDistribution(auth, query);
  }

  @Get('users')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'The user_productivity_summary of every user (all time), without the view’s double counting' })
  @ApiOkResponse({ type: UserProductivityPageDto })
  users(@Query() query: UserProductivityQueryDto): Promise<Paginated<UserProductivityRow>> {
    return this.analytics.users(query);
  }

  @Get('task-time-summary')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'The task_time_summary of every task: estimate against actual hours' })
  @ApiOkResponse({ type: TaskTimeSummaryPageDto })
  taskTimeSummary(@Query() query: TaskTimeSummaryQueryDto): Promise<Paginated<TaskTimeSummaryRow>> {
    return this.analytics.taskTimeSummary(query);
  }
}
