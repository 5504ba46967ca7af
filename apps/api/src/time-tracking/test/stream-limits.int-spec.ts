import { connect, type Socket } from 'node:net';
import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { LiveStreamHub, STREAM_BUFFER_LIMIT_BYTES, STREAMS_PER_USER } from '../../streams/live-stream-hub';
import { TimerEventHub } from '../timer-events';

/** A raw HTTP/1.1 client on its own socket: `paused` stops reading right after the response head, like a client that stalls. */
interface RawStream {
  status: number;
  /** Resolves when the server ends the response (last chunk) or drops the connection. */
  closed: Promise<void>;
  /** Bytes read so far (head included). */
  received(): number;
  socket: Socket;
}

function openRaw(port: number, path: string, headers: Record<string, string>, { paused = false } = {}): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let head = '';
    let bytes = 0;
    let settled = false;
    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((done) => (markClosed = done));
    socket.on('close', () => markClosed());
    socket.on('error', () => markClosed());
    let tail = '';
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // The chunked body's last chunk: the server ended the response (the connection may stay for keep-alive).
      tail = (tail + chunk.toString('latin1')).slice(-16);
      if (tail.endsWith('\r\n0\r\n\r\n')) markClosed();
      if (settled) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      settled = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      if (paused) socket.pause();
      resolve({ status, closed, received: () => bytes, socket });
    });
    socket.once('error', (error) => (settled ? undefined : reject(error)));
    const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Accept: text/event-stream', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
    socket.write(lines.join('\r\n'));
  });
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const STREAM_PATH = '/api/v1/time-tracking/stream';
const ALERT_STREAM_PATH = '/api/v1/budget-alerts/stream';

describe('live stream limits (issue 12 §8)', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let port: number;
  const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const open: RawStream[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL((await ctx.app.getUrl()).replace('[::1]', '127.0.0.1')).port);
  });
  afterEach(() => {
    for (const stream of open.splice(0)) stream.socket.destroy();
  });
  afterAll(() => ctx.close());

  const track = (stream: RawStream) => {
    open.push(stream);
    return stream;
  };

  describe('a stream ticket opens one stream, once', () => {
    it('refuses the second use of a ticket with a 401 in the envelope', async () => {
      const user = await ctx.newUser();
      const { ticket } = await user.api.call(routes.timeTracking.streamTicket);
      const first = track(await openRaw(port, `${STREAM_PATH}?ticket=${encodeURIComponent(ticket)}`, {}));
      expect(first.status).toBe(200);
      const again = await ctx.fastify.inject({ method: 'GET', url: `${STREAM_PATH}?ticket=${encodeURIComponent(ticket)}` });
      expect(again.statusCode).toBe(401);
      expect(again.json()).toMatchObject({
        success: false,
        error: { code: 'AUTHENTICATION_ERROR', message: expect.stringMatching(/used already/) },
        meta: { request_id: expect.any(String) },
      });
      // Spent on one route, spent on the other too.
      const elsewhere = await ctx.fastify.inject({ method: 'GET', url: `${ALERT_STREAM_PATH}?ticket=${encodeURIComponent(ticket)}` });
      expect(elsewhere.statusCode).toBe(401);
    });

    it('lets exactly one of two concurrent uses of one ticket in', async () => {
      const { ticket } = await admin.api.call(routes.timeTracking.streamTicket);
      const url = `${STREAM_PATH}?ticket=${encodeURIComponent(ticket)}`;
      const [a, b] = await Promise.all([openRaw(port, url, {}), openRaw(port, url, {})]);
      track(a);
      track(b);
      expect([a.status, b.status].sort()).toEqual([200, 401]);
    });
  });

  it(`keeps at most ${STREAMS_PER_USER} streams per user: the ${STREAMS_PER_USER + 1}st closes the oldest`, async () => {
    const user = await ctx.newUser();
    const hub = ctx.app.get(LiveStreamHub);
    const streams: RawStream[] = [];
    for (let i = 0; i < STREAMS_PER_USER; i += 1) {
      const { ticket } = await user.api.call(routes.timeTracking.streamTicket);
      streams.push(track(await openRaw(port, `${STREAM_PATH}?ticket=${encodeURIComponent(ticket)}`, {})));
    }
    expect(streams.every((s) => s.status === 200)).toBe(true);
    expect(hub.held(user.id)).toBe(STREAMS_PER_USER);
    let oldestClosed = false;
    void streams[0].closed.then(() => (oldestClosed = true));

    const newest = track(await openRaw(port, STREAM_PATH, bearer(user)));
    expect(newest.status).toBe(200);
    await until(() => oldestClosed);
    expect(hub.held(user.id)).toBe(STREAMS_PER_USER);
    // The others are still open.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const stream of streams.slice(1)) expect(stream.socket.destroyed).toBe(false);
    // Another user's streams are not counted against this one.
    expect(track(await openRaw(port, STREAM_PATH, bearer(admin))).status).toBe(200);
  });

  it('counts the budget alert stream against the same cap: timer streams opened after it close it first', async () => {
    const hub = ctx.app.get(LiveStreamHub);
    const user = await ctx.newUser();
    await ctx.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
    const { ticket } = await user.api.call(routes.timeTracking.streamTicket);
    const alerts = track(await openRaw(port, `${ALERT_STREAM_PATH}?ticket=${encodeURIComponent(ticket)}`, {}));
    expect(alerts.status).toBe(200);
    let alertsClosed = false;
    void alerts.closed.then(() => (alertsClosed = true));
    const timers: RawStream[] = [];
    for (let i = 0; i < STREAMS_PER_USER - 1; i += 1) timers.push(track(await openRaw(port, STREAM_PATH, bearer(user))));
    expect(hub.held(user.id)).toBe(STREAMS_PER_USER);
    expect(alertsClosed).toBe(false);

    timers.push(track(await openRaw(port, STREAM_PATH, bearer(user))));
    await until(() => alertsClosed);
    expect(hub.held(user.id)).toBe(STREAMS_PER_USER);
    for (const stream of timers) expect(stream.socket.destroyed).toBe(false);
  });

  it('closes a stream whose client stops reading, and the server buffers at most a small amount for it', async () => {
    const user = await ctx.newUser();
    const hub = ctx.app.get(TimerEventHub);
    const before = hub.subscriberCount;
    const stalled = track(await openRaw(port, STREAM_PATH, bearer(user), { paused: true }));
    const reading = track(await openRaw(port, STREAM_PATH, bearer(admin)));
    expect(stalled.status).toBe(200);
    await until(() => hub.subscriberCount === before + 2);
    let stalledClosed = false;
    void stalled.closed.then(() => (stalledClosed = true));
    expect(stalledClosed).toBe(false);

    // A flood of changes for the stalled user (as NOTIFY delivers them, in batches): each becomes an event of a few hundred bytes.
    const heapBefore = process.memoryUsage().heapUsed;
    for (let batch = 0; batch < 40 && hub.subscriberCount > before + 1; batch += 1) {
      await ctx.sql(
        `SELECT pg_notify('stint_timer_events', json_build_object('userId', $1::text, 'type', 'updated', 'timeLogId', NULL, 'stopReason', NULL, 'n', g)::text)
           FROM generate_series($2::int, $2::int + 999) AS g`,
        [user.id, batch * 1000],
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Closed by the server: its subscription is gone; the reading client's stream is untouched.
    await until(() => hub.subscriberCount === before + 1, 10_000);
    expect(reading.socket.destroyed).toBe(false);
    // When the stalled client reads again, it finds the connection closed (and reconnects, as the web client does).
    stalled.socket.resume();
    await until(() => stalledClosed, 10_000);
    // Nothing of the flood piled up in this process (without the bound: tens of MB for this one stream).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(16 * STREAM_BUFFER_LIMIT_BYTES * 16);
  });
});
