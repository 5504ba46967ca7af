import { TIMER_STREAM_EVENT, type TimerStreamEvent } from '@stint/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '@/api/query-keys';
import { fetchStreamTicket, invalidateTimeRecords, storeTimerStatus, timerStreamUrl } from '@/api/time-tracking';

/**
 * Live timer sync: one Server-Sent Events stream per tab pushes every change of the user's
 * timers into the status cache, so every tab shows the same state within a second. While
 * the stream is down the status is polled every 5 seconds (the timer module's sync) — and
 * only then; a reconnect (with a new ticket, after a growing pause) fetches it once more.
 */

/** `connecting`: first attempt under way; `open`: events flow; `down`: polling until a reconnect works. */
export type TimerStreamState = 'connecting' | 'open' | 'down';

export const POLL_INTERVAL_MS = 5_000;

export interface TimerStreamOptions {
  /** A fresh ticket for every connection attempt (they are short-lived). */
  getTicket: () => Promise<string>;
  url: (ticket: string) => string;
  onEvent: (event: TimerStreamEvent) => void;
  /** Fetches the status: every poll interval while down, and once after a reconnect. */
  refresh: () => void;
  onStateChange?: (state: TimerStreamState) => void;
  pollIntervalMs?: number;
  /** Pause before reconnect attempt `attempt` (0-based). */
  retryDelayMs?: (attempt: number) => number;
  createEventSource?: (url: string) => EventSource;
}

export interface TimerStreamConnection {
  state(): TimerStreamState;
  close(): void;
}

/** 1 s, 2 s, 4 s … up to 30 s, ±20 % so tabs that lost the server together don't return together. */
export function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
}

export function openTimerStream(options: TimerStreamOptions): TimerStreamConnection {
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url));

  let state: TimerStreamState = 'connecting';
  let source: EventSource | null = null;
  let closed = false;
  let attempt = 0;
  let everOpen = false;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: TimerStreamState) {
    if (next === 'down' && pollTimer === undefined) pollTimer = setInterval(options.refresh, pollIntervalMs);
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

  function onTimerEvent(message: MessageEvent<string>) {
    let event: TimerStreamEvent;
    try {
      event = JSON.parse(message.data) as TimerStreamEvent;
    } catch {
      return;
    }
    if (event?.status) options.onEvent(event);
  }

  async function connect() {
    if (closed) return;
    let ticket: string;
    try {
      ticket = await options.getTicket();
    } catch {
      retryLater();
      return;
    }
    if (closed) return;
    const current = createEventSource(options.url(ticket));
    source = current;
    current.addEventListener(TIMER_STREAM_EVENT, onTimerEvent as EventListener);
    current.onopen = () => {
      if (source !== current) return;
      attempt = 0;
      const reconnected = everOpen || state === 'down';
      everOpen = true;
      setState('open');
      // Changes made while the stream was down: the snapshot event brings them too, this is belt and braces.
      if (reconnected) options.refresh();
    };
    // EventSource would retry by itself with the same (by now spent) ticket: close it and reconnect with a new one.
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

/** Mounted once (by the floating timer): keeps the status cache live while the user is signed in. */
export function useTimerSync(enabled = true) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.status() });
    if (typeof EventSource === 'undefined') {
      // No SSE in this browser: the stream is always "down", so poll.
      const poll = setInterval(refresh, POLL_INTERVAL_MS);
      return () => clearInterval(poll);
    }
    const connection = openTimerStream({
      getTicket: () => fetchStreamTicket().then((response) => response.ticket),
      url: timerStreamUrl,
      onEvent: (event) => {
        storeTimerStatus(queryClient, event.status);
        if (event.type !== 'snapshot') invalidateTimeRecords(queryClient);
      },
      refresh,
    });
    return () => connection.close();
  }, [enabled, queryClient]);
}
