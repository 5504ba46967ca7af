import { EventEmitter } from 'node:events';
import type { JwtService } from '@nestjs/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionsService } from '../auth/sessions.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { AppConfig } from '../config/app-config';
import { LiveStreamHub, sseFrame, type LiveStreamRoute } from './live-stream-hub';
import type { StreamTickets } from './stream-tickets';

/** A hijackable reply whose socket takes everything: what was written, in order. */
function fakeReply() {
  const raw = Object.assign(new EventEmitter(), {
    written: [] as string[],
    destroyed: false,
    writableEnded: false,
    writableLength: 0,
    writeHead: jest.fn(),
    flushHeaders: jest.fn(),
    write(text: string) {
      raw.written.push(text);
      return true;
    },
    end() {
      raw.writableEnded = true;
    },
    destroy() {
      raw.destroyed = true;
    },
  });
  const reply = { raw, hijack: jest.fn(), getHeaders: () => ({}) } as unknown as FastifyReply;
  /** The `data:` payloads written so far. */
  const events = () => raw.written.filter((text) => text.startsWith('event: ')).map((text) => JSON.parse(text.split('\ndata: ')[1]) as unknown);
  return { reply, raw, events };
}

function fakeRequest(user: string) {
  return { id: 'req-1', headers: { authorization: `Bearer ${user}` }, raw: new EventEmitter() } as unknown as FastifyRequest;
}

/** Resolves once the hub's queued promises (reads, writes) have run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LiveStreamHub', () => {
  const caller = (id: string): AuthUser => ({ id, email: `${id}@example.test`, role: 'member', timezone: 'UTC', sessionId: `s-${id}` });
  let hub: LiveStreamHub;
  let listeners: Map<string, (signal: string) => void>;
  let subscriptions: number;
  let route: LiveStreamRoute<string, unknown> & { snapshot: jest.Mock; render: jest.Mock };

  beforeEach(() => {
    const jwt = { verify: (token: string) => ({ type: 'access', sub: token, sid: `s-${token}` }) } as unknown as JwtService;
    const sessions = { resolveCaller: async (userId: string) => caller(userId) } as unknown as SessionsService;
    hub = new LiveStreamHub({ jwt: { algorithm: 'HS256' } } as AppConfig, jwt, sessions, {} as StreamTickets);
    listeners = new Map();
    subscriptions = 0;
    route = {
      name: 'test',
      event: 'note',
      source: {
        subscribe: async (audience, listener) => {
          subscriptions += 1;
          listeners.set(audience, listener);
          return () => listeners.delete(audience);
        },
      },
      audienceOf: (who) => who.id,
      snapshot: jest.fn(async (audience: string) => ({ snapshot: audience })),
      render: jest.fn(async (signals: string[]) => signals.map((signal) => ({ change: signal }))),
    };
  });
  afterEach(() => hub.onModuleDestroy());

  it('writes each event as one SSE frame with the route’s event name', () => {
    expect(sseFrame('note', { text: 'two\nlines' })).toBe('event: note\ndata: {"text":"two\\nlines"}\n\n');
  });

  it('sends the snapshot first, then changes in order; a change that arrives while the snapshot is read comes after it', async () => {
    const snapshotRead = deferred<unknown>();
    route.snapshot.mockImplementationOnce(() => snapshotRead.promise);
    const { reply, raw, events } = fakeReply();
    await hub.serve(fakeRequest('ann'), reply, undefined, route);
    expect(raw.written[0]).toBe('retry: 3000\n\n');
    listeners.get('ann')!('during');
    snapshotRead.resolve({ snapshot: 'ann' });
    await flush();
    listeners.get('ann')!('after');
    await flush();
    expect(events()).toEqual([{ snapshot: 'ann' }, { change: 'during' }, { change: 'after' }]);
  });

  it('subscribes once per audience and renders each batch of changes once for all of its streams', async () => {
    const tabs = [fakeReply(), fakeReply(), fakeReply()];
    for (const tab of tabs) await hub.serve(fakeRequest('bob'), tab.reply, undefined, route);
    await flush();
    expect(subscriptions).toBe(1);
    const notify = listeners.get('bob')!;
    notify('one');
    notify('two');
    await flush();
    expect(route.render.mock.calls).toEqual([[['one', 'two'], 'bob']]);
    for (const tab of tabs) expect(tab.events()).toEqual([{ snapshot: 'bob' }, { change: 'one' }, { change: 'two' }]);
  });

  it('unsubscribes when the audience’s last stream closes', async () => {
    const { reply } = fakeReply();
    const request = fakeRequest('cy');
    await hub.serve(request, reply, undefined, route);
    expect(listeners.has('cy')).toBe(true);
    request.raw.emit('close');
    expect([listeners.has('cy'), hub.held('cy'), hub.openCount]).toEqual([false, 0, 0]);
  });

  it('drops a stream whose client stops reading once 64 KB wait for it', async () => {
    const { reply, raw } = fakeReply();
    await hub.serve(fakeRequest('dee'), reply, undefined, route);
    await flush();
    raw.writableLength = 64 * 1024 - 10;
    listeners.get('dee')!('a change of more than ten bytes');
    await flush();
    expect([raw.destroyed, hub.held('dee'), listeners.has('dee')]).toEqual([true, 0, false]);
  });

  it('answers 503 in the envelope (nothing written) when the source cannot subscribe, and tries again for the next stream', async () => {
    const subscribe = route.source.subscribe;
    route.source = { subscribe: () => Promise.reject(new Error('database down')) };
    const { reply, raw } = fakeReply();
    await expect(hub.serve(fakeRequest('eve'), reply, undefined, route)).rejects.toMatchObject({ status: 503 });
    expect([raw.written, hub.held('eve')]).toEqual([[], 0]);
    route.source = { subscribe };
    const again = fakeReply();
    await hub.serve(fakeRequest('eve'), again.reply, undefined, route);
    await flush();
    expect(again.events()).toEqual([{ snapshot: 'eve' }]);
  });
});
