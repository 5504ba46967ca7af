import { TIMER_STREAM_EVENT, type TimerStreamEvent } from '@stint/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTimerStream, POLL_INTERVAL_MS, type TimerStreamConnection } from '@/api/timer-stream';
import { aTimerStatus, aTimerView } from '@/test/fixtures';

/** Just enough of EventSource: the test opens, fails and feeds it by hand. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.closed = true;
  }

  open() {
    this.onopen?.();
  }

  fail() {
    this.onerror?.();
  }

  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  static latest(): FakeEventSource {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1];
  }
}

let ticketCount = 0;
let connection: TimerStreamConnection | undefined;

function open(overrides: { getTicket?: () => Promise<string> } = {}) {
  const refresh = vi.fn();
  const onEvent = vi.fn();
  const getTicket = vi.fn(overrides.getTicket ?? (async () => `ticket-${++ticketCount}`));
  connection = openTimerStream({
    getTicket,
    url: (ticket) => `/api/v1/time-tracking/stream?ticket=${ticket}`,
    onEvent,
    refresh,
    retryDelayMs: (attempt) => 1_000 * 2 ** attempt,
    createEventSource: (url) => new FakeEventSource(url) as unknown as EventSource,
  });
  return { refresh, onEvent, getTicket };
}

/** Lets the ticket promise settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.instances = [];
  ticketCount = 0;
});

afterEach(() => {
  connection?.close();
  vi.useRealTimers();
});

describe('openTimerStream', () => {
  it('connects with a ticket and hands every timer event over, without polling while open', async () => {
    const { refresh, onEvent } = open();
    await settle();
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/v1/time-tracking/stream?ticket=ticket-1');
    source.open();
    expect(connection!.state()).toBe('open');

    const event: TimerStreamEvent = { type: 'paused', time_log_id: aTimerView().time_log_id, stop_reason: null, status: aTimerStatus([aTimerView({ status: 'paused' })]) };
    source.emit(TIMER_STREAM_EVENT, event);
    expect(onEvent).toHaveBeenCalledWith(event);

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 4);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('polls every 5 seconds only while the stream is down, reconnects with a new ticket, and fetches once on reconnect', async () => {
    const { refresh, getTicket } = open();
    await settle();
    FakeEventSource.latest().open();

    // The connection drops: polling starts, EventSource's own retry is stopped.
    const dropped = FakeEventSource.latest();
    dropped.fail();
    expect(dropped.closed).toBe(true);
    expect(connection!.state()).toBe('down');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(refresh).toHaveBeenCalledTimes(1);

    // First retry (after 1 s, already passed) fails too: still polling, next retry after 2 s.
    expect(getTicket).toHaveBeenCalledTimes(2);
    FakeEventSource.latest().fail();
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(refresh).toHaveBeenCalledTimes(2);

    // Back: a new ticket was used, the status is fetched once, and polling stops.
    const back = FakeEventSource.latest();
    expect(back.url).toBe('/api/v1/time-tracking/stream?ticket=ticket-3');
    back.open();
    expect(connection!.state()).toBe('open');
    expect(refresh).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3);
    expect(refresh).toHaveBeenCalledTimes(3);
  });

  it('falls back to polling when there is no stream to connect to (no ticket), and keeps trying with backoff', async () => {
    const { refresh, getTicket } = open({ getTicket: async () => Promise.reject(new Error('404')) });
    await settle();
    expect(connection!.state()).toBe('down');
    expect(FakeEventSource.instances).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 2);
    expect(refresh).toHaveBeenCalledTimes(2);
    // The first try, then retries 1, 2 and 4 s apart: four in 10 s, not one a second.
    expect(getTicket).toHaveBeenCalledTimes(4);
  });

  it('stops everything when closed', async () => {
    const { refresh } = open();
    await settle();
    FakeEventSource.latest().fail();
    connection!.close();
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3);
    expect(refresh).not.toHaveBeenCalled();
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});
