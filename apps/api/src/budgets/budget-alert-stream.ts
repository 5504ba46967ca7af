import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { BUDGET_ALERT_STREAM_EVENT, ErrorCode, type BudgetAlertStreamEvent } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { SessionsService } from '../auth/sessions.service';
import { StreamTickets } from '../auth/stream-tickets';
import { boundedWriter, dropStream, StreamSlots } from '../common/streams/live-streams';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError, authenticationError, authorizationError } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { BudgetAlertEvents, type BudgetAlertSignal } from './budget-alert-events';
import { BudgetAlertsService } from './budget-alerts.service';

export const ALERT_STREAM_PING_MS = 15_000;

interface OpenStream {
  auth: AuthUser;
  send(event: BudgetAlertStreamEvent): void;
  close(): void;
}

interface TokenClaims {
  sub?: unknown;
  sid?: unknown;
  type?: unknown;
}

/**
 * GET /budget-alerts/stream: Server-Sent Events of budget alerts raised or acknowledged
 * anywhere, for admins' open dashboards.
 *
 * EventSource can't send headers, so this route (and only this one) also takes the access
 * token as `?access_token=`, or the timer stream's short-lived ticket as `?ticket=` (POST
 * /time-tracking/stream-ticket — the same mechanism as the timer stream, and the better
 * choice: it expires in a minute, so a URL that leaks into a proxy log is worth nothing).
 * Either way the session is re-checked with SessionsService.resolveCaller when the stream
 * opens and at every ping, and the caller must still be an admin; a logout, deactivation
 * or demotion ends the stream.
 *
 * Bounded like the timer stream: a ticket opens one stream once, a user's streams count
 * against the same STREAMS_PER_USER (oldest closed first), and a client that stops reading
 * is dropped once 64 KB wait for it (it reconnects and refetches on `ready`).
 *
 * One subscription to the LISTEN/NOTIFY fan-out per process: each signal reads the named
 * alerts once and writes them to every open stream. No DB connection is held per stream.
 */
@Injectable()
export class BudgetAlertStream implements OnModuleDestroy {
  private readonly logger = new Logger('BudgetAlertStream');
  private readonly open = new Set<OpenStream>();
  private subscribed: Promise<void> | null = null;
  /** Signals are handled one after another, so events keep their order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly tickets: StreamTickets,
    private readonly slots: StreamSlots,
    private readonly events: BudgetAlertEvents,
    private readonly alerts: BudgetAlertsService,
  ) {}

  /** Authenticates and subscribes before anything is written (so refusals are normal envelope errors), then streams until the client leaves. */
  async serve(request: FastifyRequest, reply: FastifyReply, query: { accessToken?: string; ticket?: string }): Promise<void> {
    const auth = await this.authenticate(request, query);
    if (auth.role !== 'admin') throw authorizationError('The budget alert stream is for admins');
    try {
      await this.subscribe();
    } catch (error) {
      this.logger.warn(`Budget alert stream could not subscribe: ${(error as Error).message}`);
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The alert stream is unavailable right now; retry shortly');
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      'x-request-id': String(request.id),
    });
    raw.flushHeaders();

    let closed = false;
    let overflowed = false;
    const bounded = boundedWriter(raw, () => {
      overflowed = true;
      stream.close();
    });
    const write = (text: string) => {
      if (!closed) bounded(text);
    };
    const ping = setInterval(() => {
      write(': ping\n\n');
      this.sessions
        .resolveCaller(auth.id, auth.sessionId)
        .then((caller) => (caller?.role === 'admin' ? undefined : stream.close()))
        .catch(() => undefined);
    }, ALERT_STREAM_PING_MS);
    ping.unref();
    const stream: OpenStream = {
      auth,
      send: (event) => write(`event: ${BUDGET_ALERT_STREAM_EVENT}\ndata: ${JSON.stringify(event)}\n\n`),
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        this.open.delete(stream);
        this.slots.release(auth.id, stream);
        if (overflowed) dropStream(raw);
        else raw.end();
      },
    };
    this.open.add(stream);
    this.slots.take(auth.id, stream);
    request.raw.on('close', () => stream.close());
    raw.on('error', () => stream.close());
    write('retry: 3000\n\n');
    // Listening already: anything raised from here on reaches this stream.
    stream.send({ type: 'ready', alert: null });
  }

  /** Streams open in this process (tests, metrics). */
  get openCount(): number {
    return this.open.size;
  }

  private subscribe(): Promise<void> {
    this.subscribed ??= this.events
      .subscribe((signal) => this.dispatch(signal))
      .then(() => undefined)
      .catch((error: Error) => {
        this.subscribed = null;
        throw error;
      });
    return this.subscribed;
  }

  private dispatch(signal: BudgetAlertSignal): void {
    this.queue = this.queue
      .then(async () => {
        if (!this.open.size) return;
        if (signal.type === 'resync') {
          // Notifications may have been lost: `ready` tells clients to refetch.
          for (const stream of this.open) stream.send({ type: 'ready', alert: null });
          return;
        }
        const alerts = await this.alerts.read(this.dataSource.manager, signal.alertIds);
        for (const alert of alerts) for (const stream of this.open) stream.send({ type: signal.type, alert });
      })
      .catch((error: Error) => this.logger.warn(`Budget alert stream update failed: ${error.message}`));
  }

  private async authenticate(request: FastifyRequest, query: { accessToken?: string; ticket?: string }): Promise<AuthUser> {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = query.accessToken ?? bearer;
    if (!query.ticket && !token) throw authenticationError('Open the stream with ?access_token=, ?ticket= (POST /time-tracking/stream-ticket) or a bearer token');
    let holder: { userId: string; sessionId: string };
    if (query.ticket) holder = await this.tickets.redeem(query.ticket);
    else {
      let claims: TokenClaims;
      try {
        claims = this.jwt.verify<TokenClaims & object>(token as string, { algorithms: [this.config.jwt.algorithm] });
      } catch {
        throw authenticationError('The access token is invalid or has expired');
      }
      if (claims.type !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw authenticationError('This is not an access token');
      holder = { userId: claims.sub, sessionId: claims.sid };
    }
    const caller = await this.sessions.resolveCaller(holder.userId, holder.sessionId);
    if (!caller) throw authenticationError('The session has ended; sign in again');
    (request as FastifyRequest & { user?: AuthUser }).user = caller;
    return caller;
  }

  /** Ends every open stream so the HTTP server can close. */
  onModuleDestroy(): void {
    for (const stream of [...this.open]) stream.close();
  }
}
