import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { routes, type TimerStreamEvent } from '@stint/contracts';
import { createApp } from '../../bootstrap';
import { createLogger } from '../../observability/logger';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { HOUR, runMaintenance, setSettings } from '../../../test/support/helpers';
import { SessionsService } from '../../auth/sessions.service';
import { LiveStreamHub } from '../../streams/live-stream-hub';
import { TimerEventHub } from '../timer-events';
import { TimersService } from '../timers.service';

interface EventStream {
  status: number;
  contentType: string | null;
  /** The next `timer` event matching `predicate` (already received ones count), or a timeout error. */
  next(predicate?: (event: TimerStreamEvent) => boolean, timeoutMs?: number): Promise<TimerStreamEvent & { receivedAt: number }>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens the SSE endpoint over real HTTP with fetch and parses `event: timer` blocks as they arrive. */
async function openStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const received: Array<TimerStreamEvent & { receivedAt: number }> = [];
  let wake: () => void = () => undefined;
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  if (response.ok && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (name === 'timer' && data) {
              received.push({ ...(JSON.parse(data) as TimerStreamEvent), receivedAt: Date.now() });
              wake();
            }
          }
        }
      } catch {
        // aborted
      }
      markEnded();
    })();
  }
  let consumed = 0;
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async next(predicate = () => true, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (consumed < received.length) {
          const event = received[consumed++];
          if (predicate(event)) return event;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no matching stream event in time');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    ended,
    close: () => controller.abort(),
  };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /api/v1/time-tracking/stream', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let base: string;
  let second: NestFastifyApplication | null = null;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = `${await ctx.app.getUrl()}/api/v1/time-tracking/stream`.replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await second?.close();
    await ctx.close();
  });

  const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

  it('requires authentication (an envelope 401, not a stream)', async () => {
    const anonymous = await openStream(base);
    expect(anonymous.status).toBe(401);
    const forged = await openStream(`${base}?ticket=not-a-ticket`);
    expect(forged.status).toBe(401);
  });

  it('refuses an access token passed as a ticket, and a ticket used as an access token', async () => {
    const user = await ctx.newUser();
    expect((await openStream(`${base}?ticket=${user.token}`)).status).toBe(401);
    const { ticket } = await user.api.call(routes.timeTracking.streamTicket);
    const misuse = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/time-tracking/status', headers: { authorization: `Bearer ${ticket}` } });
    expect(misuse.statusCode).toBe(401);
  });

  it('opens with a ticket and sends a snapshot of the status first', async () => {
    const user = await ctx.newUser();
    const { ticket, expires_in } = await user.api.call(routes.timeTracking.streamTicket);
    expect(expires_in).toBe(60);
    const stream = await openStream(`${base}?ticket=${encodeURIComponent(ticket)}`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const snapshot = await stream.next();
      expect(snapshot).toMatchObject({ type: 'snapshot', time_log_id: null, status: { status: 'stopped', time_log_id: null } });
    } finally {
      stream.close();
    }
  });

  it('delivers every change to all of the user’s connections within a second, and nothing of other users', async () => {
    const user = await ctx.newUser();
    const other = await ctx.newUser();
    const tabA = await openStream(base, bearer(user));
    const tabB = await openStream(base, bearer(user));
    const stranger = await openStream(base, bearer(other));
    try {
      await Promise.all([tabA.next(), tabB.next(), stranger.next()]);
      const sent = Date.now();
      const started = await user.api.call(routes.timeTracking.start, { body: { description: 'live' } });
      const [a, b] = await Promise.all([tabA.next((e) => e.type === 'started'), tabB.next((e) => e.type === 'started')]);
      for (const event of [a, b]) {
        expect(event.receivedAt - sent).toBeLessThan(1000);
        expect(event).toMatchObject({ time_log_id: started.time_log_id, status: { status: 'running', time_log_id: started.time_log_id, description: 'live' } });
      }
      await user.api.call(routes.timeTracking.pause, { body: {} });
      await user.api.call(routes.timeTracking.resume, { body: {} });
      await user.api.call(routes.timeTracking.start, { body: {} });
      await user.api.call(routes.timeTracking.stop, { body: {} });
      for (const tab of [tabA, tabB]) {
        expect((await tab.next((e) => e.type === 'paused')).status.status).toBe('paused');
        expect((await tab.next((e) => e.type === 'resumed')).status.status).toBe('running');
        expect((await tab.next((e) => e.type === 'switched')).status.time_log_id).not.toBe(started.time_log_id);
        const stopped = await tab.next((e) => e.type === 'stopped');
        expect(stopped).toMatchObject({ stop_reason: 'user', status: { status: 'stopped', last_stopped: { reason: 'user' } } });
      }
      await expect(stranger.next(() => true, 300)).rejects.toThrow(/no matching/);
    } finally {
      tabA.close();
      tabB.close();
      stranger.close();
    }
  });

  it('announces a stop at the cap by the background job', async () => {
    const user = await ctx.newUser();
    const stream = await openStream(base, bearer(user));
    try {
      await stream.next();
      const timer = await user.api.call(routes.timeTracking.start, { body: {} });
      ctx.clock.advance(25 * HOUR);
      await runMaintenance(ctx);
      const capped = await stream.next((e) => e.type === 'capped');
      expect(capped).toMatchObject({ time_log_id: timer.time_log_id, stop_reason: 'cap', status: { status: 'stopped', last_stopped: { reason: 'cap', elapsed_seconds: 86_400 } } });
    } finally {
      stream.close();
      ctx.clock.reset();
    }
  });

  it('fans out across API processes: a change made through one reaches a stream on another', async () => {
    second = await createApp({ config: ctx.config, databaseUrl: ctx.databaseUrl, logger: createLogger('silent'), clock: ctx.clock });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const otherBase = `${await second.getUrl()}/api/v1/time-tracking/stream`.replace('[::1]', '127.0.0.1');
    const user = await ctx.newUser();
    const stream = await openStream(otherBase, bearer(user));
    try {
      await stream.next();
      const sent = Date.now();
      const started = await user.api.call(routes.timeTracking.start, { body: {} });
      const event = await stream.next((e) => e.type === 'started');
      expect(event.time_log_id).toBe(started.time_log_id);
      expect(event.receivedAt - sent).toBeLessThan(1000);
    } finally {
      stream.close();
    }
  });

  it('releases its listener when the client disconnects', async () => {
    const hub = ctx.app.get(TimerEventHub);
    const before = hub.subscriberCount;
    const user = await ctx.newUser();
    const stream = await openStream(base, bearer(user));
    await stream.next();
    expect(hub.subscriberCount).toBe(before + 1);
    stream.close();
    await until(() => hub.subscriberCount === before);
  });

  it('reads the status once per change for a user with many streams, not once per stream', async () => {
    const user = await ctx.newUser();
    const tabs = await Promise.all(Array.from({ length: 4 }, () => openStream(base, bearer(user))));
    const reads = jest.spyOn(ctx.app.get(TimersService), 'status');
    try {
      await Promise.all(tabs.map((tab) => tab.next()));
      reads.mockClear();
      const started = await user.api.call(routes.timeTracking.start, { body: {} });
      const events = await Promise.all(tabs.map((tab) => tab.next((e) => e.type === 'started')));
      for (const event of events) expect(event.status).toMatchObject({ status: 'running', time_log_id: started.time_log_id });
      expect(reads.mock.calls.filter(([userId]) => userId === user.id)).toHaveLength(1);
    } finally {
      reads.mockRestore();
      for (const tab of tabs) tab.close();
    }
  });

  it('pings every stream from one timer, checks each session once, and ends the streams of a session that ended', async () => {
    const user = await ctx.newUser();
    const other = await ctx.newUser();
    const tabs = await Promise.all(Array.from({ length: 3 }, () => openStream(base, bearer(user))));
    const keeper = await openStream(base, bearer(other));
    const checks = jest.spyOn(ctx.app.get(SessionsService), 'resolveCaller');
    try {
      await Promise.all([...tabs, keeper].map((stream) => stream.next()));
      await user.api.call(routes.auth.logout);
      checks.mockClear();
      await ctx.app.get(LiveStreamHub).pingAll();
      await Promise.all(tabs.map((tab) => tab.ended));
      expect(checks.mock.calls.filter(([userId]) => userId === user.id)).toHaveLength(1);
      expect(checks.mock.calls.filter(([userId]) => userId === other.id)).toHaveLength(1);
      const keeperEnded = await Promise.race([keeper.ended.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);
      expect(keeperEnded).toBe(false);
    } finally {
      checks.mockRestore();
      for (const stream of [...tabs, keeper]) stream.close();
    }
  });

  it('pushes the heartbeat only when it clears a stale flag', async () => {
    await setSettings(admin, { stale_heartbeat_minutes: 1 });
    const user = await ctx.newUser();
    const stream = await openStream(base, bearer(user));
    try {
      await stream.next();
      await user.api.call(routes.timeTracking.start, { body: {} });
      await stream.next((e) => e.type === 'started');
      await user.api.call(routes.timeTracking.heartbeat);
      ctx.clock.advance(2 * 60_000);
      await user.api.call(routes.timeTracking.heartbeat);
      const updated = await stream.next();
      expect(updated).toMatchObject({ type: 'updated', status: { stale: false } });
    } finally {
      stream.close();
      ctx.clock.reset();
      await setSettings(admin, { stale_heartbeat_minutes: 10 });
    }
  });
});
