import { buildPath, buildQuery, routes, STREAM_TICKET_PARAM } from '@stint/contracts';
import { api } from '@/api/client';

/**
 * The one client of the API's live streams (the timer, the admins' budget alerts). EventSource
 * can't send an Authorization header and the access token must never go into a URL, so every
 * connection attempt first asks for a single-use ticket (a bearer call) and opens the stream
 * with `?ticket=`. EventSource's own retry would reuse the spent ticket: on an error the
 * client closes it and reconnects with a new ticket after a growing pause, at once when the
 * browser comes back online.
 */

/** `connecting`: first attempt under way; `open`: events flow; `down`: reconnecting after a pause. */
export type LiveStreamState = 'connecting' | 'open' | 'down';

export interface LiveStreamOptions<Event> {
  /** The route's path, e.g. routes.timeTracking.stream.path. */
  path: string;
  /** The SSE `event:` name the route sends. */
  event: string;
  /** Whether a parsed payload is one to hand over; others (malformed) are dropped. */
  accepts: (data: Event) => boolean;
  onEvent: (event: Event) => void;
  onStateChange?: (state: LiveStreamState) => void;
  /** The stream is open again after a gap: fetch what changed meanwhile. */
  onReconnect?: () => void;
  /** Called every `everyMs` while the stream is down, as a stand-in for it. */
  poll?: { run: () => void; everyMs: number };
  /** A fresh ticket for every connection attempt (they open one stream once). */
  getTicket?: () => Promise<string>;
  /** Pause before reconnect attempt `attempt` (0-based). */
  retryDelayMs?: (attempt: number) => number;
  createEventSource?: (url: string) => EventSource;
}

export interface LiveStreamConnection {
  state(): LiveStreamState;
  close(): void;
}

export function fetchStreamTicket(): Promise<string> {
  return api.call(routes.timeTracking.streamTicket).then((response) => response.ticket);
}

/** Where EventSource connects: the path and the ticket, nothing else. */
export function liveStreamUrl(path: string, ticket: string): string {
  return buildPath(path) + buildQuery({ [STREAM_TICKET_PARAM]: ticket });
}

/** 1 s, 2 s, 4 s … up to 30 s, ±20 % so tabs that lost the server together don't return together. */
export function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
}

export function openLiveStream<Event>(options: LiveStreamOptions<Event>): LiveStreamConnection {
  const getTicket = options.getTicket ?? fetchStreamTicket;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url));

  let state: LiveStreamState = 'connecting';
  let source: EventSource | null = null;
  let closed = false;
  let attempt = 0;
  let everOpen = false;
  let askingForTicket = false;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: LiveStreamState) {
    if (options.poll && next === 'down' && pollTimer === undefined) pollTimer = setInterval(options.poll.run, options.poll.everyMs);
    if (next !== 'down' && pollTimer !== undefined) {
      clearInterval(pollTimer);
      pollTimer = undefined;
    }
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  }

  function retryLater() {
    if (closed) return;
    setState('down');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), retryDelay(attempt));
    attempt += 1;
  }

  function onMessage(message: MessageEvent<string>) {
    let event: Event;
    try {
      event = JSON.parse(message.data) as Event;
    } catch {
      return;
    }
    if (event && options.accepts(event)) options.onEvent(event);
  }

  async function connect() {
    if (closed || askingForTicket) return;
    let ticket: string;
    askingForTicket = true;
    try {
      ticket = await getTicket();
    } catch {
      retryLater();
      return;
    } finally {
      askingForTicket = false;
    }
    if (closed) return;
    const current = createEventSource(liveStreamUrl(options.path, ticket));
    source = current;
    current.addEventListener(options.event, onMessage as EventListener);
    current.onopen = () => {
      if (source !== current) return;
      attempt = 0;
      const reconnected = everOpen || state === 'down';
      everOpen = true;
      setState('open');
      if (reconnected) options.onReconnect?.();
    };
    current.onerror = () => {
      if (source !== current) return;
      current.close();
      source = null;
      retryLater();
    };
  }

  // Back online: don't wait out the backoff.
  function onOnline() {
    if (closed || state !== 'down' || source) return;
    attempt = 0;
    clearTimeout(retryTimer);
    void connect();
  }
  if (typeof window !== 'undefined') window.addEventListener('online', onOnline);

  void connect();

  return {
    state: () => state,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(pollTimer);
      pollTimer = undefined;
      source?.close();
      source = null;
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
    },
  };
}
