import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TIMER_STREAM_EVENT, type StreamTicketResponse, type TimerStatusResponse, type TimerStreamEvent } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { authenticationError } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SessionsService } from '../auth/sessions.service';
import { StreamTickets } from '../auth/stream-tickets';
import { boundedWriter, dropStream, StreamSlots } from '../common/streams/live-streams';
import { TimerEventHub, type TimerChange } from './timer-events';
import { TimersService } from './timers.service';

export const STREAM_PING_MS = 15_000;
/** Session re-checks run at most this many at a time, so a ping sweep over thousands of streams never floods the pool. */
const SESSION_CHECKS_IN_FLIGHT = 4;

interface OpenStream {
  userId: string;
  sessionId: string;
  write(text: string): void;
  close(): void;
}

/** The latest status read of a user: it answers every need registered up to `coveredSeq`. */
interface StatusRead {
  coveredSeq: number;
  status: Promise<TimerStatusResponse>;
}

/**
 * GET /time-tracking/stream: Server-Sent Events of the caller's timer changes.
 *
 * EventSource can't send an Authorization header, so the browser first asks for a ticket
 * (POST /time-tracking/stream-ticket, bearer-authenticated) and opens the stream with
 * `?ticket=`. The ticket is a JWT of its own type (`stream`): the access-token strategy
 * refuses it, it opens one stream once (StreamTickets), and it expires in 60 s — unlike an
 * access token in a URL, a leaked one (proxy logs, history) is worth nothing. Clients that
 * can send headers may use the bearer token instead. The session is re-checked when the
 * stream opens and at every ping, so a logout ends the stream too.
 *
 * The response is hijacked from Fastify and written raw: no DB connection is held while it
 * is open (one shared LISTEN connection per process feeds every stream), and it counts once
 * against the read rate limit, when it opens.
 *
 * Bounded per client: a user holds at most STREAMS_PER_USER streams (the oldest closed
 * first), and a client that stops reading is dropped once 64 KB wait for it in this process
 * (it reconnects with a new ticket and gets a fresh snapshot), so unread streams can't grow
 * the heap.
 *
 * Built for thousands of streams per process (scripts/bench/streams.js opens 10,000): a
 * stream costs its socket and a few closures. One timer pings them all; the session check
 * runs once per distinct session per ping, a few at a time; and a change is read from the
 * database once per user however many tabs that user has open (see `statusAfter`).
 */
@Injectable()
export class TimerStream implements OnModuleDestroy {
  private readonly logger = new Logger('TimerStream');
  private readonly open = new Set<OpenStream>();
  private pingTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** Orders status needs (a change arriving, a stream subscribing) against status reads. */
  private seq = 0;
  private readonly statusReads = new Map<string, StatusRead>();
  private readonly streamsPerUser = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly tickets: StreamTickets,
    private readonly slots: StreamSlots,
    private readonly hub: TimerEventHub,
    private readonly timers: TimersService,
  ) {}

  ticket(auth: AuthUser): StreamTicketResponse {
    return this.tickets.issue(auth);
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
    let overflowed = false;
    const bounded = boundedWriter(raw, () => {
      overflowed = true;
      stream.close();
    });
    const write = (text: string) => {
      if (!closed) bounded(text);
    };
    const push = (change: Pick<TimerChange, 'timeLogId' | 'stopReason'> & { type: TimerStreamEvent['type'] }) => {
      // Registered now, when the change arrives (or the stream subscribed): any status read started after this sees it.
      const need = ++this.seq;
      queue = queue
        .then(async () => {
          if (closed) return;
          const event: TimerStreamEvent = { type: change.type, time_log_id: change.timeLogId, stop_reason: change.stopReason, status: await this.statusAfter(auth.id, need) };
          write(`event: ${TIMER_STREAM_EVENT}\ndata: ${JSON.stringify(event)}\n\n`);
        })
        .catch((error: Error) => this.logger.warn(`Timer stream update failed: ${error.message}`));
    };

    let unsubscribe: () => void = () => undefined;
    const stream: OpenStream = {
      userId: auth.id,
      sessionId: auth.sessionId,
      write,
      close: () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        this.remove(stream);
        if (overflowed) dropStream(raw);
        else raw.end();
      },
    };
    this.add(stream);
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

  /**
   * The user's status as read after need number `need` was registered. A user with many
   * streams gets each change once per stream, all at the same moment: the first stream
   * starts the read, the others share it (a read started after a need covers it), so a
   * change costs one status read per user and process, not one per stream.
   */
  private statusAfter(userId: string, need: number): Promise<TimerStatusResponse> {
    const latest = this.statusReads.get(userId);
    if (latest && latest.coveredSeq >= need) return latest.status;
    const read: StatusRead = { coveredSeq: this.seq, status: this.timers.status(userId) };
    this.statusReads.set(userId, read);
    // A failed read is not kept: the next need reads again.
    read.status.catch(() => {
      if (this.statusReads.get(userId) === read) this.statusReads.delete(userId);
    });
    return read.status;
  }

  private add(stream: OpenStream): void {
    this.open.add(stream);
    this.slots.take(stream.userId, stream);
    this.streamsPerUser.set(stream.userId, (this.streamsPerUser.get(stream.userId) ?? 0) + 1);
    if (!this.pingTimer) {
      this.pingTimer = setInterval(() => void this.pingAll(), STREAM_PING_MS);
      this.pingTimer.unref();
    }
  }

  private remove(stream: OpenStream): void {
    if (!this.open.delete(stream)) return;
    this.slots.release(stream.userId, stream);
    const left = (this.streamsPerUser.get(stream.userId) ?? 1) - 1;
    if (left > 0) this.streamsPerUser.set(stream.userId, left);
    else {
      this.streamsPerUser.delete(stream.userId);
      this.statusReads.delete(stream.userId);
    }
    if (!this.open.size && this.pingTimer) {
      clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
  }

  /**
   * One timer for every stream: a comment line keeps proxies and clients from timing the
   * stream out, then each distinct session is checked once (a user's tabs share theirs), and
   * the streams of one that has ended (logout, deactivation) are closed. Runs every
   * STREAM_PING_MS; resolves when the session checks are done.
   */
  pingAll(): Promise<void> {
    const sessions = new Map<string, OpenStream[]>();
    for (const stream of this.open) {
      stream.write(': ping\n\n');
      const key = `${stream.userId} ${stream.sessionId}`;
      const group = sessions.get(key);
      if (group) group.push(stream);
      else sessions.set(key, [stream]);
    }
    // A sweep still running (a slow database) is not doubled; the next ping checks again.
    if (this.sweeping || !sessions.size) return Promise.resolve();
    this.sweeping = true;
    const groups = [...sessions.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < groups.length) {
        const group = groups[next++];
        const caller = await this.sessions.resolveCaller(group[0].userId, group[0].sessionId).catch(() => undefined);
        // undefined: the check failed (database down); the stream stays until a check says the session ended.
        if (caller === null) for (const stream of group) stream.close();
      }
    };
    return Promise.all(Array.from({ length: Math.min(SESSION_CHECKS_IN_FLIGHT, groups.length) }, worker)).then(() => {
      this.sweeping = false;
    });
  }

  private async authenticate(request: FastifyRequest, ticket: string | undefined): Promise<AuthUser> {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!ticket && !bearer) throw authenticationError('Open the stream with ?ticket= (POST /time-tracking/stream-ticket) or a bearer token');
    let holder: { userId: string; sessionId: string };
    if (ticket) holder = await this.tickets.redeem(ticket);
    else {
      let claims: { sub?: unknown; sid?: unknown; type?: unknown };
      try {
        claims = this.jwt.verify(bearer as string, { algorithms: [this.config.jwt.algorithm] });
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
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
