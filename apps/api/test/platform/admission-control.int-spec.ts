import type { LightMyRequestResponse } from 'fastify';
import { Client } from 'pg';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';

/** Value of an unlabelled or labelled sample in /metrics. */
async function sample(ctx: TestContext, pattern: string): Promise<number> {
  const body = (await ctx.fastify.inject({ method: 'GET', url: '/metrics' })).body;
  const line = body.split('\n').find((l) => l.startsWith(`${pattern} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('admission control: a flood gets enveloped 503s for the excess, the admitted requests succeed', () => {
  let ctx: TestContext;
  let user: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext({ MAX_IN_FLIGHT_REQUESTS: '2', MAX_QUEUED_REQUESTS: '3', QUEUE_TIMEOUT_MS: '400' });
    user = await ctx.newUser();
  });
  afterAll(() => ctx.close());

  const status = () => ctx.fastify.inject({ method: 'GET', url: '/api/v1/time-tracking/status', headers: { authorization: `Bearer ${user.token}` } });

  it('admits 2, queues 3 (shed after waiting 400 ms), sheds the other 15 at once, and keeps health answering', async () => {
    // Every authenticated request reads `sessions` first: with the table locked, the two
    // admitted requests stay in flight until the lock goes, so who gets in is deterministic.
    const locker = new Client({ connectionString: ctx.databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE');
    const answered: LightMyRequestResponse[] = [];
    let flood: Array<Promise<LightMyRequestResponse>> = [];
    try {
      flood = Array.from({ length: 20 }, () =>
        status().then((response) => {
          answered.push(response);
          return response;
        }),
      );
      // The 15 beyond the queue are answered while the lock still holds everything else.
      await until(() => answered.length === 15, '15 immediate answers');
      for (const response of answered) {
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('1');
        expect(response.json()).toMatchObject({
          success: false,
          error: { code: 'SERVICE_UNAVAILABLE', details: { reason: 'queue_full' } },
          meta: { request_id: expect.any(String) },
        });
      }
      expect(await sample(ctx, 'stint_http_requests_in_flight')).toBe(2);
      expect(await sample(ctx, 'stint_http_requests_queued')).toBe(3);

      // Health is never queued behind the flood.
      const health = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.statusCode).toBe(200);

      // The 3 waiting ones give up after QUEUE_TIMEOUT_MS, not after the pool's 5 s.
      await until(() => answered.length === 18, 'the queued requests to time out', 5_000);
      for (const response of answered.slice(15)) {
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('1');
        expect(response.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'queue_timeout' } });
      }
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
    const all = await Promise.all(flood);
    expect(all.filter((r) => r.statusCode === 200)).toHaveLength(2);
    expect(await sample(ctx, 'stint_http_requests_shed_total{reason="queue_full"}')).toBe(15);
    expect(await sample(ctx, 'stint_http_requests_shed_total{reason="queue_timeout"}')).toBe(3);

    // Slots were given back: the limiter is empty and the next request goes straight through.
    expect((await status()).statusCode).toBe(200);
    expect(await sample(ctx, 'stint_http_requests_in_flight')).toBe(0);
    expect(await sample(ctx, 'stint_http_requests_queued')).toBe(0);
  });

  it('lets a burst the queue can absorb through in full', async () => {
    const shedBefore = await sample(ctx, 'stint_http_requests_shed_total{reason="queue_full"}');
    // 5 at once = 2 in flight + 3 waiting: nobody is turned away.
    const burst = await Promise.all(Array.from({ length: 5 }, () => status()));
    expect(burst.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await sample(ctx, 'stint_http_requests_shed_total{reason="queue_full"}')).toBe(shedBefore);
  });
});
