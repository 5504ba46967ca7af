import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, type StreamTicketResponse } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionsService } from '../auth/sessions.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError, authenticationError, authorizationError } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { StreamTickets } from './stream-tickets';

/**
 * Bytes a live stream may have waiting in this process for a client that doesn't read.
 * Past it the stream is dropped: the client reconnects (with a new ticket) and resyncs from
 * the snapshot it gets first, which is cheaper than holding an unbounded backlog for it.
 */
export const STREAM_BUFFER_LIMIT_BYTES = 64 * 1024;
/** Live streams (every route together) one user may hold per process; opening one more closes their oldest. */
export const STREAMS_PER_USER = 20;
export const STREAM_PING_MS = 15_000;
/** What EventSource waits before reconnecting by itself (the web client reconnects on its own, with a new ticket). */
const STREAM_RETRY_MS = 3_000;
/** Session re-checks run at most this many at a time, so a ping sweep over thousands of streams never floods the pool. */
const SESSION_CHECKS_IN_FLIGHT = 4;

/**
 * Where a route's events come from. Today the NOTIFY channels (TimerEventHub,
 * BudgetAlertEvents); any other source only has to call `listener` with what happened for
 * `audience`, from any process, and resync by sending a signal when it may have missed some.
 */
export interface LiveEventSource<Signal> {
  subscribe(audience: string, listener: (signal: Signal) => void): Promise<() => void>;
}

/** One stream route: what it sends to whom. Everything else (auth, caps, pings, frames) is the hub's. */
export interface LiveStreamRoute<Signal, Event> {
  /** Names the route in logs and errors ("timer", "alert"). */
  name: string;
  /** The SSE `event:` name of every frame it sends. */
  event: string;
  source: LiveEventSource<Signal>;
  /**
   * Callers with the same audience see the same events: the hub subscribes once per audience,
   * and reads each snapshot and each batch of signals once for all of its streams.
   */
  audienceOf(caller: AuthUser): string;
  /** Who may hold the stream: checked when it opens (a 403 with `refusal`) and at every ping (the stream ends). */
  onlyFor?: { allows(caller: AuthUser): boolean; refusal: string };
  /** The first event of a new stream, read after it is subscribed, so nothing falls between the two. */
  snapshot(audience: string): Promise<Event>;
  /** The events for signals that arrived together (one read for all of them), in order. */
  render(signals: Signal[], audience: string): Promise<Event[]>;
}

/** The one place events become Server-Sent Events text; JSON.stringify never emits a newline, so one `data:` line holds it. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const PING_FRAME = ': ping\n\n';

interface OpenStream {
  caller: AuthUser;
  audience: Audience;
  /** Gets the audience's events: set once its snapshot is written. */
  live: boolean;
  closed: boolean;
  write(text: string): void;
  close(): void;
}

/** What one audience's streams share: the subscription and the queue of what to send them, in order. */
interface Audience {
  key: string;
  name: string;
  route: LiveStreamRoute<unknown, unknown>;
  /** Streams holding the subscription: live ones, and ones waiting for their snapshot. */
  streams: Set<OpenStream>;
  queue: Array<{ signal: unknown } | { joining: OpenStream }>;
  draining: boolean;
  subscribed: Promise<void>;
  unsubscribe: (() => void) | null;
  gone: boolean;
}

/**
 * Every live stream of this process (GET /time-tracking/stream, GET /budget-alerts/stream):
 * features register a route (a LiveStreamRoute) and hand it their request.
 *
 * EventSource can't send an Authorization header, so the browser first asks for a ticket
 * (POST /time-tracking/stream-ticket, bearer-authenticated) and opens the stream with
 * `?ticket=`: a JWT of its own type that opens one stream once and expires in 60 s, worth
 * nothing when a URL leaks into a proxy log. Clients that can send headers may use the
 * bearer token instead. No access token is ever taken from the URL. The session is
 * re-checked when the stream opens and at every ping, so a logout ends the stream too.
 *
 * The response is hijacked from Fastify and written raw: no DB connection is held while it
 * is open, and it counts once against the read rate limit, when it opens.
 *
 * Bounded per client: a user holds at most STREAMS_PER_USER streams over all routes (the
 * oldest closed first: a reloaded tab's old stream is usually the one left behind), and a
 * client that stops reading is dropped once 64 KB wait for it.
 *
 * No event ids and no replay (Last-Event-ID): every stream, new or reconnected, starts with
 * its route's snapshot, which covers whatever it missed.
 *
 * Built for thousands of streams per process (scripts/bench/streams.js opens 10,000): a
 * stream costs its socket and a few closures. One timer pings them all and checks each
 * distinct session once; an audience (a user's timer tabs, all admins' alert streams) has
 * one subscription, and each change is read once for it and serialized once per event.
 */
@Injectable()
export class LiveStreamHub implements OnModuleDestroy {
  private readonly logger = new Logger('LiveStreams');
  private readonly open = new Set<OpenStream>();
  private readonly byUser = new Map<string, Set<OpenStream>>();
  private readonly audiences = new Map<string, Audience>();
  private pingTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly tickets: StreamTickets,
  ) {}

  ticket(auth: AuthUser): StreamTicketResponse {
    return this.tickets.issue(auth);
  }

  /**
   * Authenticates and subscribes before anything is written (so refusals are normal envelope
   * errors), then streams `route`'s events until the client leaves.
   */
  async serve<Signal, Event>(request: FastifyRequest, reply: FastifyReply, ticket: string | undefined, route: LiveStreamRoute<Signal, Event>): Promise<void> {
    const caller = await this.authenticate(request, ticket);
    if (route.onlyFor && !route.onlyFor.allows(caller)) throw authorizationError(route.onlyFor.refusal);

    const audience = this.audienceOf(route as LiveStreamRoute<unknown, unknown>, caller);
    const raw = reply.raw;
    let hijacked = false;
    let overflowed = false;
    const stream: OpenStream = {
      caller,
      audience,
      live: false,
      closed: false,
      write: (text) => {
        if (stream.closed) return;
        // Gone without a close event (it left while we subscribed): nothing to write to, and its slot is freed.
        if (raw.destroyed || raw.writableEnded) return stream.close();
        if (raw.writableLength + Buffer.byteLength(text) > STREAM_BUFFER_LIMIT_BYTES) {
          overflowed = true;
          return stream.close();
        }
        raw.write(text);
      },
      close: () => {
        if (stream.closed) return;
        stream.closed = true;
        stream.live = false;
        audience.streams.delete(stream);
        if (!audience.streams.size) this.dropAudience(audience);
        if (!hijacked) return;
        this.release(stream);
        // `end()` would queue behind a backlog the client doesn't read: destroy frees it at once.
        if (overflowed) raw.destroy();
        else raw.end();
      },
    };
    audience.streams.add(stream);
    try {
      await audience.subscribed;
    } catch (error) {
      stream.close();
      this.logger.warn(`The ${route.name} stream could not subscribe: ${(error as Error).message}`);
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `The ${route.name} stream is unavailable right now; retry shortly`);
    }

    reply.hijack();
    hijacked = true;
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
    this.hold(stream);
    request.raw.on('close', () => stream.close());
    raw.on('error', () => stream.close());
    stream.write(`retry: ${STREAM_RETRY_MS}\n\n`);
    if (stream.closed) return;
    audience.queue.push({ joining: stream });
    void this.drain(audience);
  }

  /** Streams `userId` holds over all routes (tests, metrics). */
  held(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** Streams open in this process (tests, metrics). */
  get openCount(): number {
    return this.open.size;
  }

  /** The audience `caller` belongs to on `route`, subscribed to its source once (the subscription may still be under way). */
  private audienceOf(route: LiveStreamRoute<unknown, unknown>, caller: AuthUser): Audience {
    const name = route.audienceOf(caller);
    const key = `${route.name}\n${name}`;
    const existing = this.audiences.get(key);
    if (existing) return existing;
    const audience: Audience = { key, name, route, streams: new Set(), queue: [], draining: false, subscribed: Promise.resolve(), unsubscribe: null, gone: false };
    audience.subscribed = route.source
      .subscribe(name, (signal) => {
        audience.queue.push({ signal });
        void this.drain(audience);
      })
      .then(
        (unsubscribe) => {
          if (audience.gone) unsubscribe();
          else audience.unsubscribe = unsubscribe;
        },
        (error: Error) => {
          // Not kept: the next stream to open tries again.
          this.dropAudience(audience);
          throw error;
        },
      );
    this.audiences.set(key, audience);
    return audience;
  }

  private dropAudience(audience: Audience): void {
    audience.gone = true;
    audience.queue.length = 0;
    if (this.audiences.get(audience.key) === audience) this.audiences.delete(audience.key);
    audience.unsubscribe?.();
    audience.unsubscribe = null;
  }

  /**
   * Sends an audience's queue in order. Signals that arrived together are rendered with one
   * read; a joining stream gets its snapshot at its place in the queue and everything after
   * it, so no change falls between its subscription and its snapshot.
   */
  private async drain(audience: Audience): Promise<void> {
    if (audience.draining) return;
    audience.draining = true;
    const { route, queue } = audience;
    try {
      // Signals delivered together (NOTIFY hands over a socket read's worth at once) make one batch.
      await Promise.resolve();
      while (queue.length && !audience.gone) {
        if ('signal' in queue[0]) {
          const signals: unknown[] = [];
          while (queue.length && 'signal' in queue[0]) signals.push((queue.shift() as { signal: unknown }).signal);
          // Nobody live yet: whoever joins next reads a snapshot that covers these.
          if (![...audience.streams].some((stream) => stream.live)) continue;
          const events = await route.render(signals, audience.name).catch((error: Error) => {
            this.logger.warn(`The ${route.name} stream update failed: ${error.message}`);
            return [];
          });
          for (const event of events) {
            const frame = sseFrame(route.event, event);
            for (const stream of audience.streams) if (stream.live) stream.write(frame);
          }
        } else {
          const joining: OpenStream[] = [];
          while (queue.length && 'joining' in queue[0]) joining.push((queue.shift() as { joining: OpenStream }).joining);
          if (joining.every((stream) => stream.closed)) continue;
          let snapshot: unknown;
          try {
            snapshot = await route.snapshot(audience.name);
          } catch (error) {
            // Without a snapshot the stream would show stale state: close it, the client reconnects.
            this.logger.warn(`The ${route.name} stream snapshot failed: ${(error as Error).message}`);
            for (const stream of joining) stream.close();
            continue;
          }
          const frame = sseFrame(route.event, snapshot);
          for (const stream of joining) {
            if (stream.closed) continue;
            stream.live = true;
            stream.write(frame);
          }
        }
      }
    } catch (error) {
      // Never an unhandled rejection: this audience's streams stay, the next signal drains again.
      this.logger.warn(`The ${route.name} stream failed to send: ${(error as Error).message}`);
    } finally {
      audience.draining = false;
    }
  }

  /** Counts an opened stream against its user's cap (closing their oldest beyond it) and pings it. */
  private hold(stream: OpenStream): void {
    this.open.add(stream);
    const userId = stream.caller.id;
    const held = this.byUser.get(userId) ?? new Set<OpenStream>();
    this.byUser.set(userId, held);
    held.add(stream);
    // A Set iterates in insertion order: the first is the oldest.
    for (const oldest of held) {
      if (held.size <= STREAMS_PER_USER) break;
      oldest.close();
    }
    if (!this.pingTimer) {
      this.pingTimer = setInterval(() => void this.pingAll(), STREAM_PING_MS);
      this.pingTimer.unref();
    }
  }

  private release(stream: OpenStream): void {
    if (!this.open.delete(stream)) return;
    const held = this.byUser.get(stream.caller.id);
    held?.delete(stream);
    if (held && !held.size) this.byUser.delete(stream.caller.id);
    if (!this.open.size && this.pingTimer) {
      clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
  }

  /**
   * One timer for every stream: a comment line keeps proxies and clients from timing the
   * stream out, then each distinct session is checked once (a user's tabs share theirs), and
   * the streams of one that has ended (logout, deactivation) or may no longer hold its route
   * (a demoted admin) are closed. Runs every STREAM_PING_MS; resolves when the checks are done.
   */
  pingAll(): Promise<void> {
    const sessions = new Map<string, OpenStream[]>();
    for (const stream of [...this.open]) {
      stream.write(PING_FRAME);
      if (stream.closed) continue;
      const key = `${stream.caller.id} ${stream.caller.sessionId}`;
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
        const caller = await this.sessions.resolveCaller(group[0].caller.id, group[0].caller.sessionId).catch(() => undefined);
        // undefined: the check failed (database down); the stream stays until a check says otherwise.
        if (caller === undefined) continue;
        for (const stream of group) {
          const onlyFor = stream.audience.route.onlyFor;
          if (caller === null || (onlyFor && !onlyFor.allows(caller))) stream.close();
        }
      }
    };
    return Promise.all(Array.from({ length: Math.min(SESSION_CHECKS_IN_FLIGHT, groups.length) }, worker)).then(() => {
      this.sweeping = false;
    });
  }

  /** The caller of a `?ticket=` (spent here) or of a bearer access token; never an access token from the URL. */
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
    for (const audience of [...this.audiences.values()]) this.dropAudience(audience);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
