import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { openLiveStream, type LiveStreamConnection, type LiveStreamOptions } from '@/api/live-stream';
import { mockApi } from '@/test/api-mock';
import { FakeEventSource } from '@/test/fake-event-source';
import { aTokenResponse, jsonResponse } from '@/test/fixtures';

interface Note {
  kind: string;
}

const POLL_MS = 5_000;
let ticketCount = 0;
let connection: LiveStreamConnection | undefined;

/** Opens a stream on a made-up route; `overrides` replace options (getTicket: undefined for the real ticket call). */
function open(overrides: Partial<LiveStreamOptions<Note>> = {}) {
  const poll = vi.fn();
  const onReconnect = vi.fn();
  const onEvent = vi.fn();
  const states: string[] = [];
  const getTicket = vi.fn(async () => `ticket-${++ticketCount}`);
  connection = openLiveStream<Note>({
    path: '/api/v1/notes/stream',
    event: 'note',
    accepts: (note) => typeof note.kind === 'string',
    onEvent,
    onStateChange: (state) => states.push(state),
    onReconnect,
    poll: { run: poll, everyMs: POLL_MS },
    getTicket,
    retryDelayMs: (attempt) => 1_000 * 2 ** attempt,
    createEventSource: FakeEventSource.create,
    ...overrides,
  });
  return { poll, onReconnect, onEvent, states, getTicket: (overrides.getTicket as typeof getTicket | undefined) ?? getTicket };
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
  sessionStore.signOut();
  vi.useRealTimers();
});

describe('openLiveStream', () => {
  it('connects with a ticket, hands over the events it accepts and drops the rest, without polling while open', async () => {
    const { poll, onEvent, onReconnect, states } = open();
    expect(connection!.state()).toBe('connecting');
    await settle();
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/v1/notes/stream?ticket=ticket-1');
    source.open();
    expect([connection!.state(), states]).toEqual(['open', ['open']]);
    // The first open is no reconnect: the stream's first event brings the state.
    expect(onReconnect).not.toHaveBeenCalled();

    source.emit('note', { kind: 'hello' });
    source.emit('note', '{not json');
    source.emit('note', { other: true });
    source.emit('another-event', { kind: 'elsewhere' });
    expect(onEvent.mock.calls).toEqual([[{ kind: 'hello' }]]);

    await vi.advanceTimersByTimeAsync(POLL_MS * 4);
    expect(poll).not.toHaveBeenCalled();
  });

  it('reconnects after an error with a new ticket for each attempt, pausing longer each time, and polls only while down', async () => {
    const { poll, onReconnect, getTicket, states } = open();
    await settle();
    FakeEventSource.latest().open();

    // The connection drops: EventSource's own retry (with the spent ticket) is stopped, polling starts.
    const dropped = FakeEventSource.latest();
    dropped.fail();
    expect([dropped.closed, connection!.state()]).toEqual([true, 'down']);
    await vi.advanceTimersByTimeAsync(999);
    expect(getTicket).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(FakeEventSource.latest().url).toBe('/api/v1/notes/stream?ticket=ticket-2');

    // That attempt fails too: the next waits 2 s, with a third ticket.
    FakeEventSource.latest().fail();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(getTicket).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(getTicket).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(POLL_MS - 3_000);
    expect(poll).toHaveBeenCalledTimes(1);

    // Back: fetched once, polling stops, and the pause starts from 1 s again.
    const back = FakeEventSource.latest();
    expect(back.url).toBe('/api/v1/notes/stream?ticket=ticket-3');
    back.open();
    expect(onReconnect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(poll).toHaveBeenCalledTimes(1);
    back.fail();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(getTicket).toHaveBeenCalledTimes(4);
    expect(states).toEqual(['open', 'down', 'open', 'down']);
    expect(FakeEventSource.instances.map((source) => new URL(source.url, 'http://stint.test').searchParams.get('ticket'))).toEqual([
      'ticket-1',
      'ticket-2',
      'ticket-3',
      'ticket-4',
    ]);
  });

  it('keeps trying with backoff when no ticket can be had, polling meanwhile', async () => {
    const { poll, getTicket } = open({ getTicket: vi.fn(async () => Promise.reject(new Error('503'))) });
    await settle();
    expect(connection!.state()).toBe('down');
    expect(FakeEventSource.instances).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(poll).toHaveBeenCalledTimes(2);
    // The first try, then retries 1, 2 and 4 s apart: four in 10 s, not one a second.
    expect(getTicket).toHaveBeenCalledTimes(4);
  });

  it('reconnects at once when the browser comes back online, not after the pause', async () => {
    const { getTicket } = open({ retryDelayMs: () => 60_000 });
    await settle();
    FakeEventSource.latest().fail();
    expect(getTicket).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('stops everything when closed', async () => {
    const { poll, getTicket } = open();
    await settle();
    FakeEventSource.latest().fail();
    connection!.close();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    window.dispatchEvent(new Event('online'));
    await settle();
    expect([poll.mock.calls.length, getTicket.mock.calls.length, FakeEventSource.instances.length]).toEqual([0, 1, 1]);
  });

  it('never puts the access token in a URL: each attempt asks for a ticket with the bearer header and connects with that ticket only', async () => {
    sessionStore.signIn(aTokenResponse({ token: 'the-access-token' }));
    let issued = 0;
    const { fetchMock } = mockApi((request) =>
      request.method === 'POST' && request.url.pathname === '/api/v1/time-tracking/stream-ticket' ? jsonResponse({ ticket: `t${++issued}`, expires_in: 60 }) : undefined,
    );
    open({ getTicket: undefined, path: '/api/v1/budget-alerts/stream' });
    await settle();
    FakeEventSource.latest().fail();
    await vi.advanceTimersByTimeAsync(1_000);

    expect(FakeEventSource.instances.map((source) => source.url)).toEqual(['/api/v1/budget-alerts/stream?ticket=t1', '/api/v1/budget-alerts/stream?ticket=t2']);
    const ticketCalls = fetchMock.mock.calls.map(([url, init]) => [String(url), (init?.headers as Record<string, string> | undefined)?.authorization]);
    expect(ticketCalls).toEqual([
      ['/api/v1/time-tracking/stream-ticket', 'Bearer the-access-token'],
      ['/api/v1/time-tracking/stream-ticket', 'Bearer the-access-token'],
    ]);
    for (const url of [...FakeEventSource.instances.map((source) => source.url), ...ticketCalls.map(([url]) => url)]) expect(url).not.toContain('the-access-token');
  });
});
