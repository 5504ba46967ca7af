import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { BudgetOverviewRow, Paginated, ProjectBudgetResponse, ProjectBudgetView, ProjectStatisticsResponse } from '@stint/contracts';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { BudgetsService } from './budgets.service';
import { CostStatisticsService } from './cost-statistics.service';
import { BudgetListQueryDto, BudgetOverviewPageDto, ProjectBudgetProgressResponseDto, ProjectBudgetResponseDto, ProjectBudgetSetDto } from './dto/budget.dto';
import { ProjectStatisticsQueryDto, ProjectStatisticsResponseDto } from './dto/statistics.dto';

const HIDDEN = 'The project does not exist or the caller is not a member of it';

@ApiTags('budgets')
@Controller()
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly statistics: CostStatisticsService,
  ) {}

  @Get('projects/:id/budget')
  @Authenticated()
  @ApiOperation({ summary: 'The project’s budget: admins get everything (view "full"); members of the project its progress only (view "progress", no money)' })
  @ApiExtraModels(ProjectBudgetResponseDto, ProjectBudgetProgressResponseDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(ProjectBudgetResponseDto) }, { $ref: getSchemaPath(ProjectBudgetProgressResponseDto) }],
      discriminator: {
        propertyName: 'view',
        mapping: { full: getSchemaPath(ProjectBudgetResponseDto), progress: getSchemaPath(ProjectBudgetProgressResponseDto) },
      },
    },
  })
  @ApiNotFoundResponse({ description: `${HIDDEN}, or it has no budget` })
  get(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectBudgetView> {
    return this.budgets.get(auth, id);
  }

  @Put('projects/:id/budget')
  @Authenticated()
  @ApiOperation({ summary: 'Create (201) or replace (200) the project’s budget; admins only. A new budget starts from the sum of the project’s stopped entries.' })
  @ApiCreatedResponse({ type: ProjectBudgetResponseDto, description: 'Created' })
  @ApiOkResponse({ type: ProjectBudgetResponseDto, description: 'Replaced' })
  @ApiForbiddenResponse({ description: 'The caller is a member of the project but not an admin' })
  @ApiNotFoundResponse({ description: HIDDEN })
  @ApiUnprocessableEntityResponse({ description: 'Invalid fields, or a currency other than the project’s' })
  async set(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ProjectBudgetSetDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectBudgetResponse> {
    const { budget, created } = await this.budgets.set(auth, id, dto);
    reply.status(created ? 201 : 200);
    return budget;
  }

  @Get('projects/:id/statistics')
  @Authenticated()
  @ApiOperation({ summary: 'Hours and cost by user, task and day (caller’s time zone), billable vs not, with totals; members of the project see hours only' })
  @ApiOkResponse({ type: ProjectStatisticsResponseDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  projectStatistics(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ProjectStatisticsQueryDto): Promise<ProjectStatisticsResponse> {
    return this.statistics.forProject(auth, id, query);
  }

  @Get('budgets')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'The budget dashboard: every project with a budget, its cost, percent used, status, open alerts, burn rate and forecast' })
  @ApiOkResponse({ type: BudgetOverviewPageDto })
  list(@CurrentUser() auth: AuthUser, @Query() query: BudgetListQueryDto): Promise<Paginated<BudgetOverviewRow>> {
    return this.budgets.list(auth, query);
  }
}
