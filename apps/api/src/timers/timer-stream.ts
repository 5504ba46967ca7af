import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TIMER_STREAM_EVENT, type StreamTicketResponse, type TimerStreamEvent } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { authenticationError } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SessionsService } from '../auth/sessions.service';
import { TimerEventHub, type TimerChange } from './timer-events';
import { TimersService } from './timers.service';

export const STREAM_TICKET_SECONDS = 60;
export const STREAM_PING_MS = 15_000;

interface StreamTicketClaims {
  sub: string;
  sid: string;
  type: 'stream';
}

interface OpenStream {
  close(): void;
}

/**
 * GET /time-tracking/stream: Server-Sent Events of the caller's timer changes.
 *
 * EventSource can't send an Authorization header, so the browser first asks for a ticket
 * (POST /time-tracking/stream-ticket, bearer-authenticated) and opens the stream with
 * `?ticket=`. The ticket is a JWT of its own type (`stream`): the access-token strategy
 * refuses it, it only opens this stream, and it expires in 60 s — unlike an access token in
 * a URL, a leaked one (proxy logs, history) is worth nothing a minute later. Clients that
 * can send headers may use the bearer token instead. The session is re-checked when the
 * stream opens and at every ping, so a logout ends the stream too.
 *
 * The response is hijacked from Fastify and written raw: no DB connection is held while it
 * is open (one shared LISTEN connection per process feeds every stream), and it counts once
 * against the read rate limit, when it opens.
 */
@Injectable()
export class TimerStream implements OnModuleDestroy {
  private readonly logger = new Logger('TimerStream');
  private readonly open = new Set<OpenStream>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly hub: TimerEventHub,
    private readonly timers: TimersService,
  ) {}

  ticket(auth: AuthUser): StreamTicketResponse {
    const claims: StreamTicketClaims = { sub: auth.id, sid: auth.sessionId, type: 'stream' };
    return { ticket: this.jwt.sign(claims, { expiresIn: STREAM_TICKET_SECONDS }), expires_in: STREAM_TICKET_SECONDS };
  }

  /** Authenticates (before anything is written, so refusals are normal envelope errors), then streams until the client leaves. */
  async serve(request: FastifyRequest, reply: FastifyReply, ticket: string | undefined): Promise<void> {
    const auth = await this.authenticate(request, ticket);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      // Headers hooks already set on the reply (security headers, CORS) still apply.
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      'x-request-id': String(request.id),
    });
    raw.flushHeaders();

    let closed = false;
    // Events are written in order: each waits for the previous status read.
    let queue: Promise<void> = Promise.resolve();
    const write = (text: string) => {
      if (!closed) raw.write(text);
    };
    const push = (change: Pick<TimerChange, 'timeLogId' | 'stopReason'> & { type: TimerStreamEvent['type'] }) => {
      queue = queue
        .then(async () => {
          if (closed) return;
          const event: TimerStreamEvent = { type: change.type, time_log_id: change.timeLogId, stop_reason: change.stopReason, status: await this.timers.status(auth.id) };
          write(`event: ${TIMER_STREAM_EVENT}\ndata: ${JSON.stringify(event)}\n\n`);
        })
        .catch((error: Error) => this.logger.warn(`Timer stream update failed: ${error.message}`));
    };

    let unsubscribe: () => void = () => undefined;
    const ping = setInterval(() => {
      write(': ping\n\n');
      this.sessions
        .resolveCaller(auth.id, auth.sessionId)
        .then((caller) => caller || stream.close())
        .catch(() => undefined);
    }, STREAM_PING_MS);
    ping.unref();
    const stream: OpenStream = {
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        unsubscribe();
        this.open.delete(stream);
        raw.end();
      },
    };
    this.open.add(stream);
    request.raw.on('close', () => stream.close());
    raw.on('error', () => stream.close());

    write(`retry: 3000\n\n`);
    try {
      unsubscribe = await this.hub.subscribe(auth.id, (change) => push(change));
    } catch (error) {
      this.logger.warn(`Timer stream could not subscribe: ${(error as Error).message}`);
      stream.close();
      return;
    }
    if (closed) unsubscribe();
    // Subscribed first, then the snapshot: a change in between is sent after it, never lost.
    push({ type: 'snapshot', timeLogId: null, stopReason: null });
  }

  private async authenticate(request: FastifyRequest, ticket: string | undefined): Promise<AuthUser> {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = ticket ?? bearer;
    if (!token) throw authenticationError('Open the stream with ?ticket= (POST /time-tracking/stream-ticket) or a bearer token');
    let claims: Partial<StreamTicketClaims> | Partial<{ sub: string; sid: string; type: 'access' }>;
    try {
      claims = this.jwt.verify(token, { algorithms: [this.config.jwt.algorithm] });
    } catch {
      throw authenticationError(ticket ? 'The stream ticket is invalid or has expired; ask for a new one' : 'The access token is invalid or has expired');
    }
    const expected = ticket ? 'stream' : 'access';
    if (claims.type !== expected || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw authenticationError(ticket ? 'This is not a stream ticket' : 'This is not an access token');
    }
    const caller = await this.sessions.resolveCaller(claims.sub, claims.sid);
    if (!caller) throw authenticationError('The session has ended; sign in again');
    (request as FastifyRequest & { user?: AuthUser }).user = caller;
    return caller;
  }

  /** Ends every open stream so the HTTP server can close. */
  onModuleDestroy(): void {
    for (const stream of [...this.open]) stream.close();
  }
}
