import { AdmissionLimiter, type AdmissionOutcome, type AdmissionTicket } from './admission-limiter';
import { isAdmissionControlled } from './admission-control';

/** Whether the ticket's outcome has settled yet (without waiting for it). */
async function settled(ticket: AdmissionTicket): Promise<AdmissionOutcome | 'pending'> {
  return Promise.race([ticket.outcome, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

describe('AdmissionLimiter', () => {
  let clock = 0;
  const limiter = (maxInFlight: number, maxQueued: number, queueTimeoutMs = 1_000) => new AdmissionLimiter({ maxInFlight, maxQueued, queueTimeoutMs }, () => clock);

  beforeEach(() => {
    clock = 0;
  });

  it('reports no wait for a request admitted straight away, even with a clock that moves between reads', async () => {
    let ticking = 0;
    const l = new AdmissionLimiter({ maxInFlight: 1, maxQueued: 1, queueTimeoutMs: 1_000 }, () => (ticking += 0.01));
    expect(await l.enter().outcome).toEqual({ admitted: true, waitedMs: 0 });
  });

  it('admits up to maxInFlight at once, queues up to maxQueued, and sheds the rest at once as queue_full', async () => {
    const l = limiter(2, 3);
    const tickets = Array.from({ length: 7 }, () => l.enter());
    const outcomes = await Promise.all(tickets.map(settled));
    expect(outcomes.slice(0, 2)).toEqual([
      { admitted: true, waitedMs: 0 },
      { admitted: true, waitedMs: 0 },
    ]);
    expect(outcomes.slice(2, 5)).toEqual(['pending', 'pending', 'pending']);
    expect(outcomes.slice(5)).toEqual([
      { admitted: false, reason: 'queue_full', waitedMs: 0 },
      { admitted: false, reason: 'queue_full', waitedMs: 0 },
    ]);
    expect([l.inFlight, l.queued]).toEqual([2, 3]);
  });

  it('admits waiting requests in arrival order as slots free up, reporting how long each waited', async () => {
    const l = limiter(1, 3);
    const first = l.enter();
    const waiting = [l.enter(), l.enter(), l.enter()];
    const order: number[] = [];
    waiting.forEach((ticket, i) => void ticket.outcome.then(() => order.push(i)));

    clock = 40;
    first.leave();
    expect(await waiting[0].outcome).toEqual({ admitted: true, waitedMs: 40 });
    expect(await settled(waiting[1])).toBe('pending');
    clock = 70;
    waiting[0].leave();
    expect(await waiting[1].outcome).toEqual({ admitted: true, waitedMs: 70 });
    expect(await settled(waiting[2])).toBe('pending');
    waiting[1].leave();
    expect((await waiting[2].outcome).admitted).toBe(true);
    expect(order).toEqual([0, 1, 2]);
  });

  it('admits the newest instead once the oldest has waited over half the timeout (overload: adaptive LIFO)', async () => {
    const l = limiter(1, 5, 1_000);
    const first = l.enter();
    const [a, b, c] = [l.enter(), l.enter(), l.enter()];
    clock = 501;
    first.leave();
    expect((await c.outcome).admitted).toBe(true);
    expect(await settled(a)).toBe('pending');
    expect(await settled(b)).toBe('pending');
    c.leave();
    expect((await b.outcome).admitted).toBe(true);
    expect(await settled(a)).toBe('pending');
  });

  it('never lets a newcomer overtake the queue, even when a slot is free for an instant', async () => {
    const l = limiter(1, 5);
    const first = l.enter();
    const queued = l.enter();
    first.leave(); // the queued one takes the slot…
    const newcomer = l.enter(); // …so the newcomer waits behind it
    expect((await queued.outcome).admitted).toBe(true);
    expect(await settled(newcomer)).toBe('pending');
    expect(l.inFlight).toBe(1);
  });

  it('sheds a request that waited queueTimeoutMs as queue_timeout and frees its place', async () => {
    jest.useFakeTimers();
    try {
      const l = limiter(1, 1, 500);
      l.enter();
      const waiting = l.enter();
      clock = 500;
      jest.advanceTimersByTime(500);
      expect(await waiting.outcome).toEqual({ admitted: false, reason: 'queue_timeout', waitedMs: 500 });
      expect(l.queued).toBe(0);
      // Its place in the queue is free for the next one.
      const next = l.enter();
      expect(l.queued).toBe(1);
      next.leave();
    } finally {
      jest.useRealTimers();
    }
  });

  it('takes a request whose client left out of the queue, and leave() is idempotent', async () => {
    const l = limiter(1, 2);
    const running = l.enter();
    const gone = l.enter();
    const behind = l.enter();
    gone.leave();
    expect(await gone.outcome).toMatchObject({ admitted: false, reason: 'abandoned' });
    expect(l.queued).toBe(1);
    running.leave();
    running.leave(); // a second call must not free a slot it no longer holds
    expect((await behind.outcome).admitted).toBe(true);
    expect(l.inFlight).toBe(1);
    behind.leave();
    gone.leave();
    expect([l.inFlight, l.queued]).toEqual([0, 0]);
  });

  it('with no waiting room sheds everything over the in-flight limit', async () => {
    const l = limiter(1, 0);
    l.enter();
    expect(await l.enter().outcome).toMatchObject({ admitted: false, reason: 'queue_full' });
  });

  it('refuses nonsensical limits', () => {
    expect(() => limiter(0, 1)).toThrow(/maxInFlight/);
    expect(() => limiter(1, -1)).toThrow(/maxQueued/);
    expect(() => limiter(1, 1, 0)).toThrow(/queueTimeoutMs/);
  });
});

describe('isAdmissionControlled', () => {
  it.each([
    ['/api/v1/time-entries', true],
    ['/api/v1/time-tracking/status', true],
    ['/api/v1/time-tracking/stream-ticket', true],
    ['/api/v1/health', false],
    ['/api/v1/time-tracking/stream', false],
    ['/api/v1/budget-alerts/stream', false],
    ['/metrics', false],
    ['/*', false],
    [undefined, false],
  ])('%s → %s', (route, expected) => expect(isAdmissionControlled(route)).toBe(expected));
});

describe('admission configuration', () => {
  const env = { JWT_SECRET_KEY: 'a-secret-that-is-long-enough-for-hs256-signing', STINT_DATA_DIR: require('node:os').tmpdir() };
  // Required lazily so this file stays a unit test of the limiter first.
  const load = (extra: Record<string, string>) => require('../../config/app-config').loadConfig({ ...env, ...extra });

  it('derives the defaults from the pool size: 2 × pool in flight, 100 × that waiting, 1 s wait', () => {
    expect(load({ DATABASE_POOL_SIZE: '10' }).admission).toEqual({ maxInFlight: 20, maxQueued: 2_000, queueTimeoutMs: 1_000 });
    expect(load({ DATABASE_POOL_SIZE: '10', MAX_IN_FLIGHT_REQUESTS: '5' }).admission).toEqual({ maxInFlight: 5, maxQueued: 500, queueTimeoutMs: 1_000 });
    expect(load({ MAX_QUEUED_REQUESTS: '0', QUEUE_TIMEOUT_MS: '250' }).admission).toMatchObject({ maxQueued: 0, queueTimeoutMs: 250 });
  });

  it.each([
    [{ MAX_IN_FLIGHT_REQUESTS: '0' }, 'MAX_IN_FLIGHT_REQUESTS must be between 1 and 100000 (got 0)'],
    [{ MAX_QUEUED_REQUESTS: 'many' }, 'MAX_QUEUED_REQUESTS must be a whole number (got "many")'],
    [{ QUEUE_TIMEOUT_MS: '0' }, 'QUEUE_TIMEOUT_MS must be between 1 and 60000 (got 0)'],
  ])('rejects %j', (extra, message) => expect(() => load(extra)).toThrow(message));
});
