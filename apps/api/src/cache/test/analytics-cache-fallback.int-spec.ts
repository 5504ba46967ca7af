import { existsSync } from 'node:fs';
import { routes } from '@stint/contracts';
import { AnalyticsCache, FALLBACK_TTL_MS } from '../analytics-cache';
import { RedisConnection } from '../../redis/redis-connection';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN || '/usr/bin/redis-server';
const RANGE = { start: '2025-06-02', end: '2025-06-08' };
const NOW = new Date('2025-06-08T18:00:00Z');

interface PrivateRedis {
  readonly url: string;
  start(): Promise<void>;
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
  command(...args: string[]): Promise<unknown>;
}
// The fault scripts' private redis-server (never the shared one): killed, frozen and restarted on its port.
const harness = require('../../../test/faults/lib/harness') as { PrivateRedis: new (port: number) => PrivateRedis; freePort(): Promise<number> };
const keys = async (redis: PrivateRedis, pattern: string) => (await redis.command('KEYS', pattern)) as string[];

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

async function metric(ctx: TestContext, sample: string): Promise<number> {
  const body = (await ctx.fastify.inject({ method: 'GET', url: '/metrics' })).body;
  const line = body.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

// Like the other Redis suites: only where Redis is part of the setup (CI sets REDIS_URL); the
// server itself is a private one on a free port, since this suite kills and freezes it.
const runs = Boolean(process.env.REDIS_URL) && existsSync(REDIS_SERVER);
(runs ? describe : describe.skip)('analytics cache while its Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let ctx: TestContext;
  let user: TestUser;
  let cache: AnalyticsCache;
  let entryId: string;

  beforeAll(async () => {
    redis = new harness.PrivateRedis(Number(process.env.STINT_TEST_REDIS_PORT) || (await harness.freePort()));
    await redis.start();
    ctx = await createTestContext({ REDIS_URL: redis.url });
    await until(() => ctx.app.get(RedisConnection).ready, 'Redis connected', 5_000);
    user = await ctx.newUser();
    cache = ctx.app.get(AnalyticsCache);
    ctx.clock.set(NOW);
    entryId = await ctx.insertEntry({ userId: user.id, start: '2025-06-03T09:00:00Z', end: '2025-06-03T10:00:00Z' });
  });
  afterAll(async () => {
    redis.resume();
    await ctx?.close();
    await redis?.kill();
  });

  const tracked = async () => (await user.api.call(routes.analytics.dashboard, { query: RANGE })).total_time_tracked_seconds;
  // With the database's triggers off for the statement, so no invalidation is announced: what
  // a change looks like to a cache that misses its announcement.
  const setSeconds = (seconds: number) =>
    ctx.sql(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE time_entries SET end_time = start_time + make_interval(secs => ${Number(seconds)}), duration_seconds = ${Number(seconds)} WHERE id = '${entryId}';
       COMMIT;`,
    );
  const fallbackHits = () => metric(ctx, 'stint_cache_fallback_requests_total{cache="analytics",result="hit"}');

  it('keeps answers in Redis while it is up', async () => {
    expect(await tracked()).toBe(3600);
    expect(await tracked()).toBe(3600);
    expect(cache.usingFallback).toBe(false);
    expect((await keys(redis, 'stint:cache:*')).length).toBeGreaterThan(0);
  });

  it('serves from memory within a second of Redis dying, with invalidations still working', async () => {
    await redis.kill();
    // The client notices the dead socket at once; the next lookup goes to memory.
    const noticedMs = await until(() => !ctx.app.get(RedisConnection).ready, 'connection loss noticed', 1_000);
    expect(noticedMs).toBeLessThan(1_000);
    const hits = await fallbackHits();
    const started = Date.now();
    expect(await tracked()).toBe(3600); // a miss in memory: computed
    expect(await tracked()).toBe(3600); // a memory hit
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(cache.usingFallback).toBe(true);
    expect(await fallbackHits()).toBe(hits + 1);
    expect(await metric(ctx, 'stint_cache_fallback_active{cache="analytics"}')).toBe(1);

    // The entry changes; the memory answer is served until the user is invalidated, as with Redis.
    await setSeconds(7200);
    expect(await tracked()).toBe(3600);
    await cache.invalidateUser(user.id);
    expect(await tracked()).toBe(7200);
  });

  it(`keeps a memory answer at most ${FALLBACK_TTL_MS / 1000} s (another process's invalidation can't reach this one)`, async () => {
    await setSeconds(5400); // changed without an invalidation here, as by another process
    expect(await tracked()).toBe(7200);
    ctx.clock.advance(FALLBACK_TTL_MS - 1_000);
    expect(await tracked()).toBe(7200);
    ctx.clock.advance(1_000);
    expect(await tracked()).toBe(5400);
  });

  it('goes back to Redis once it is back (empty), storing answers there again', async () => {
    await redis.start();
    // Tried again at most a second after the last failure, in the background of a lookup.
    const started = Date.now();
    while (cache.usingFallback) {
      if (Date.now() - started > 10_000) throw new Error('still on the memory fallback 10 s after Redis came back');
      await tracked();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await metric(ctx, 'stint_cache_fallback_active{cache="analytics"}')).toBe(0);
    expect(cache.fallbackAnswers).toBe(0);
    expect(await tracked()).toBe(5400);
    expect(await tracked()).toBe(5400);
    expect((await keys(redis, 'stint:cache:*')).length).toBeGreaterThan(0);
  });

  it('never serves an answer Redis kept through an outage in which its data was invalidated', async () => {
    // Cached in Redis: 5400 s (above). Redis freezes (SIGSTOP): it keeps its data but answers nothing.
    expect(await tracked()).toBe(5400);
    redis.pause();
    try {
      expect(await tracked()).toBe(5400); // a command times out (250 ms): computed, now on memory
      expect(cache.usingFallback).toBe(true);
      // A change during the outage: its invalidation can only go to memory.
      await setSeconds(1800);
      await cache.invalidateUser(user.id);
      expect(await tracked()).toBe(1800);
    } finally {
      redis.resume();
    }
    const started = Date.now();
    while (cache.usingFallback) {
      if (Date.now() - started > 10_000) throw new Error('still on the memory fallback 10 s after Redis thawed');
      await tracked();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Redis still holds the 5400 answer under the versions it had; the return bumped `all`.
    expect(await tracked()).toBe(1800);
  });
});
