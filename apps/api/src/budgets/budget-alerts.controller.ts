import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { STREAM_TICKET_PARAM, type BudgetAlertResponse, type Paginated } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Public } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { BudgetAlertStream } from './budget-alert-stream';
import { BudgetAlertsService } from './budget-alerts.service';
import { BudgetAlertListQueryDto, BudgetAlertPageDto, BudgetAlertResponseDto } from './dto/budget.dto';

@ApiTags('budgets')
@Controller('budget-alerts')
export class BudgetAlertsController {
  constructor(
    private readonly alerts: BudgetAlertsService,
    private readonly stream: BudgetAlertStream,
  ) {}

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Budget alerts, newest first' })
  @ApiOkResponse({ type: BudgetAlertPageDto })
  list(@Query() query: BudgetAlertListQueryDto): Promise<Paginated<BudgetAlertResponse>> {
    return this.alerts.list(query);
  }

  @Get('stream')
  @Public()
  @ApiOperation({
    summary:
      'Server-Sent Events for admins: `event: budget_alert`, data BudgetAlertStreamEvent {type: ready|raised|acknowledged, alert}; `ready` once listening (refetch then); `: ping` every 15 s',
  })
  @ApiQuery({ name: STREAM_TICKET_PARAM, required: false, description: 'From POST /time-tracking/stream-ticket; or send a bearer token instead' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An open text/event-stream' })
  async events(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query(STREAM_TICKET_PARAM) ticket: string | undefined): Promise<void> {
    await this.stream.serve(request, reply, ticket);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: 'Acknowledge an alert (records who and when); idempotent: the first acknowledgement is kept' })
  @ApiOkResponse({ type: BudgetAlertResponseDto })
  @ApiNotFoundResponse({ description: 'No such alert' })
  acknowledge(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<BudgetAlertResponse> {
    return this.alerts.acknowledge(auth, id);
  }
}
