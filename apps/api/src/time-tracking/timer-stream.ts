import { Injectable } from '@nestjs/common';
import { TIMER_STREAM_EVENT, type StreamTicketResponse, type TimerStreamEvent } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { LiveStreamHub, type LiveStreamRoute } from '../streams/live-stream-hub';
import { TimerEventHub, type TimerChange } from './timer-events';
import { TimersService } from './timers.service';

/**
 * GET /time-tracking/stream: Server-Sent Events of the caller's timer changes (`event: timer`),
 * a snapshot of the status first. Each event carries the status as read after the change,
 * read once per user however many tabs they have open. Authentication, caps, pings and
 * back-pressure are the hub's (LiveStreamHub).
 */
@Injectable()
export class TimerStream {
  private readonly route: LiveStreamRoute<TimerChange, TimerStreamEvent>;

  constructor(
    private readonly hub: LiveStreamHub,
    events: TimerEventHub,
    timers: TimersService,
  ) {
    this.route = {
      name: 'timer',
      event: TIMER_STREAM_EVENT,
      source: events,
      audienceOf: (caller) => caller.id,
      snapshot: async (userId) => ({ type: 'snapshot', time_log_id: null, stop_reason: null, status: await timers.status(userId) }),
      render: async (changes, userId) => {
        const status = await timers.status(userId);
        return changes.map((change) => ({ type: change.type, time_log_id: change.timeLogId, stop_reason: change.stopReason, status }));
      },
    };
  }

  ticket(auth: AuthUser): StreamTicketResponse {
    return this.hub.ticket(auth);
  }

  serve(request: FastifyRequest, reply: FastifyReply, ticket: string | undefined): Promise<void> {
    return this.hub.serve(request, reply, ticket, this.route);
  }
}
