import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  IDEMPOTENCY_KEY_HEADER,
  STREAM_TICKET_PARAM,
  type HeartbeatResponse,
  type StreamTicketResponse,
  type TimeLogPage,
  type TimerActionResponse,
  type TimerStatusResponse,
} from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Public } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { TimeEntryListQueryDto, TimeLogListQueryDto, TimeLogPageDto } from './dto/time-entry.dto';
import { TimeEntriesService } from './time-entries.service';
import { checkIdempotencyKey } from './idempotency';
import { TimerStream } from './timer-stream';
import { TimersService, type ActionOutcome } from './timers.service';
import {
  HeartbeatResponseDto,
  StreamTicketResponseDto,
  TimerActionDto,
  TimerActionResponseDto,
  TimerStartDto,
  TimerStatusActiveDto,
  TimerStatusIdleDto,
  TimerStopDto,
} from './dto/timer.dto';

const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry safe: the same key (per user, 24 h) returns the first answer and changes nothing. Reused on another route or with another body → 422.',
  });

/** Sends a timer action's answer; a replay carries `Idempotent-Replayed: true`. */
function answer(reply: FastifyReply, outcome: ActionOutcome): TimerActionResponse {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.status(outcome.statusCode);
  return outcome.body;
}

@ApiTags('time-tracking')
@Controller()
export class TimersController {
  constructor(
    private readonly timers: TimersService,
    private readonly entries: TimeEntriesService,
    private readonly stream: TimerStream,
  ) {}

  @Post('time-tracking/start')
  @HttpCode(200)
  @Authenticated()
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Start a timer; with max 1 timer the active one is stopped and saved first (same transaction)' })
  @ApiOkResponse({ type: TimerActionResponseDto })
  async start(
    @CurrentUser() auth: AuthUser,
    @Body() dto: TimerStartDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimerActionResponse> {
    return answer(reply, await this.timers.start(auth, dto, checkIdempotencyKey(key)));
  }

  @Post('time-tracking/pause')
  @HttpCode(200)
  @Authenticated()
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Pause a running timer (default: the most recently started active one)' })
  @ApiOkResponse({ type: TimerActionResponseDto })
  async pause(
    @CurrentUser() auth: AuthUser,
    @Body() dto: TimerActionDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimerActionResponse> {
    return answer(reply, await this.timers.pause(auth, dto, checkIdempotencyKey(key)));
  }

  @Post('time-tracking/resume')
  @HttpCode(200)
  @Authenticated()
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Resume a paused timer' })
  @ApiOkResponse({ type: TimerActionResponseDto })
  async resume(
    @CurrentUser() auth: AuthUser,
    @Body() dto: TimerActionDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimerActionResponse> {
    return answer(reply, await this.timers.resume(auth, dto, checkIdempotencyKey(key)));
  }

  @Post('time-tracking/stop')
  @HttpCode(200)
  @Authenticated()
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Stop and save a timer: end, running time and exact cost in one transaction' })
  @ApiOkResponse({ type: TimerActionResponseDto })
  async stop(
    @CurrentUser() auth: AuthUser,
    @Body() dto: TimerStopDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimerActionResponse> {
    return answer(reply, await this.timers.stop(auth, dto, checkIdempotencyKey(key)));
  }

  @Get('time-tracking/status')
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s timers; {status:"stopped", time_log_id:null} when none is active' })
  @ApiExtraModels(TimerStatusIdleDto, TimerStatusActiveDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(TimerStatusIdleDto) }, { $ref: getSchemaPath(TimerStatusActiveDto) }] } })
  status(@CurrentUser() auth: AuthUser): Promise<TimerStatusResponse> {
    return this.timers.status(auth.id);
  }

  @Get('time-tracking/logs')
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s entries (timers and manual), newest start first' })
  @ApiOkResponse({ type: TimeLogPageDto })
  logs(@CurrentUser() auth: AuthUser, @Query() query: TimeLogListQueryDto): Promise<TimeLogPage> {
    return this.entries.logs(auth, query);
  }

  @Post('time-tracking/heartbeat')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'A page with the timer is open: refreshes last_heartbeat of the caller’s active timers' })
  @ApiOkResponse({ type: HeartbeatResponseDto })
  heartbeat(@CurrentUser() auth: AuthUser): Promise<HeartbeatResponse> {
    return this.timers.heartbeat(auth);
  }

  @Post('time-tracking/stream-ticket')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'A 60-second, single-use ticket to open one stream with EventSource (which cannot send headers)' })
  @ApiOkResponse({ type: StreamTicketResponseDto })
  streamTicket(@CurrentUser() auth: AuthUser): StreamTicketResponse {
    return this.stream.ticket(auth);
  }

  @Get('time-tracking/stream')
  @Public()
  @ApiOperation({
    summary:
      'Server-Sent Events: `event: timer`, data TimerStreamEvent {type, time_log_id, stop_reason, status} on every change of the caller’s timers; a snapshot first; `: ping` every 15 s',
  })
  @ApiQuery({ name: STREAM_TICKET_PARAM, required: false, description: 'From POST /time-tracking/stream-ticket; or send a bearer token instead' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An open text/event-stream' })
  async streamEvents(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query(STREAM_TICKET_PARAM) ticket: string | undefined): Promise<void> {
    await this.stream.serve(request, reply, ticket);
  }

  @Get('tasks/:id/time-logs')
  @Authenticated()
  @ApiTags('tasks')
  @ApiOperation({ summary: 'Entries on a task the caller may see: their own; admins everyone’s (or user_id’s)' })
  @ApiOkResponse({ type: TimeLogPageDto })
  taskLogs(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: TimeEntryListQueryDto): Promise<TimeLogPage> {
    return this.entries.taskLogs(auth, id, query);
  }
}
