import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { routes } from '@stint/contracts';
import { createApp } from '../../bootstrap';
import { AnalyticsCache } from '../../cache/analytics-cache';
import { createLogger } from '../../observability/logger';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';

const RANGE = { start: '2025-06-02', end: '2025-06-08' };
const NOW = new Date('2025-06-08T18:00:00Z');

/** Counter value of stint_cache_requests_total for the analytics cache, from /metrics. */
async function cacheCount(ctx: TestContext, result: 'hit' | 'miss' | 'error'): Promise<number> {
  const response = await ctx.fastify.inject({ method: 'GET', url: '/metrics' });
  const match = new RegExp(`stint_cache_requests_total\\{cache="analytics",result="${result}"\\} (\\d+)`).exec(response.body);
  return match ? Number(match[1]) : 0;
}

/** `read()` until it gives `expected` (a change made outside the API arrives by NOTIFY, a moment after its commit). */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('analytics cache (memory store)', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let user: TestUser;
  let cache: AnalyticsCache;
  let entryId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Admin' });
    user = await ctx.newUser({ full_name: 'Cached User' });
    cache = ctx.app.get(AnalyticsCache);
    ctx.clock.set(NOW);
    entryId = await ctx.insertEntry({ userId: user.id, start: '2025-06-03T09:00:00Z', end: '2025-06-03T10:00:00Z' });
  });
  afterAll(() => ctx.close());

  const trackedSeconds = async () => (await user.api.call(routes.analytics.dashboard, { query: RANGE })).total_time_tracked_seconds;

  it('serves the cached answer until the data under it changes, counting hits and misses in /metrics', async () => {
    const [hits, misses] = [await cacheCount(ctx, 'hit'), await cacheCount(ctx, 'miss')];
    expect(await trackedSeconds()).toBe(3600);
    expect(await cacheCount(ctx, 'miss')).toBe(misses + 1);
    expect(await trackedSeconds()).toBe(3600);
    expect(await cacheCount(ctx, 'hit')).toBe(hits + 1);

    // Even a change made outside the API (psql, a script) invalidates it: the database's triggers announce it.
    await ctx.sql(`UPDATE time_entries SET end_time = '2025-06-03T11:00:00Z', duration_seconds = 7200 WHERE id = $1`, [entryId]);
    expect(await eventually(trackedSeconds, 7200)).toBe(7200);
    expect(await cacheCount(ctx, 'miss')).toBeGreaterThanOrEqual(misses + 2);
  });

  it('shows a stopped timer as soon as it stops', async () => {
    const timer = await ctx.insertEntry({ userId: user.id, status: 'running', start: '2025-06-08T16:00:00Z' });
    expect(await eventually(trackedSeconds, 7200 + 7200)).toBe(7200 + 7200); // running for 2 h up to now
    ctx.clock.advance(2 * 60_000); // within the TTL
    expect(await trackedSeconds()).toBe(14_400); // cached: running time shows as of the cached answer
    await ctx.sql(`UPDATE time_entries SET status = 'stopped', end_time = '2025-06-08T18:30:00Z', duration_seconds = 9000, timer_slot = NULL WHERE id = $1`, [timer]);
    expect(await eventually(trackedSeconds, 7200 + 9000)).toBe(7200 + 9000);
    ctx.clock.set(NOW);
  });

  it("keeps users apart: invalidating one user leaves another's answer cached", async () => {
    await ctx.insertEntry({ userId: admin.id, start: '2025-06-04T09:00:00Z', end: '2025-06-04T09:30:00Z' });
    const adminSeconds = async () => (await admin.api.call(routes.analytics.dashboard, { query: RANGE })).total_time_tracked_seconds;
    expect(await eventually(adminSeconds, 1800)).toBe(1800);
    await adminSeconds();
    const hits = await cacheCount(ctx, 'hit');
    await cache.invalidateUser(user.id);
    expect(await adminSeconds()).toBe(1800);
    expect(await cacheCount(ctx, 'hit')).toBe(hits + 1);
  });

  it('drops names with a project change, team-wide answers with any user, and everything with invalidateAll', async () => {
    const project = await ctx.newProject(admin, { name: 'Old name' });
    await ctx.insertEntry({ userId: user.id, projectId: project.id, start: '2025-06-05T09:00:00Z', end: '2025-06-05T10:00:00Z' });
    const label = async () => (await user.api.call(routes.analytics.timeDistribution, { query: RANGE })).distribution.find((item) => item.key === project.id)?.label;
    expect(await eventually(label, 'Old name')).toBe('Old name');
    await ctx.sql(`UPDATE projects SET name = 'New name' WHERE id = $1`, [project.id]);
    expect(await eventually(label, 'New name')).toBe('New name');

    const userHours = async () => (await admin.api.call(routes.analytics.users)).data.find((row) => row.user_id === user.id)?.total_seconds_tracked;
    const before = (await userHours()) ?? 0;
    await ctx.insertEntry({ userId: user.id, start: '2025-06-06T09:00:00Z', end: '2025-06-06T09:10:00Z' });
    expect(await eventually(userHours, before + 600)).toBe(before + 600);

    await ctx.sql(`UPDATE users SET full_name = 'Renamed' WHERE id = $1`, [user.id]);
    const fullName = async () => (await admin.api.call(routes.analytics.users)).data.find((row) => row.user_id === user.id)?.full_name;
    expect(await eventually(fullName, 'Renamed')).toBe('Renamed');

    // invalidateAll: every answer is recomputed (a miss), even with no data change.
    const misses = await cacheCount(ctx, 'miss');
    await fullName();
    expect(await cacheCount(ctx, 'miss')).toBe(misses);
    await cache.invalidateAll();
    await fullName();
    expect(await cacheCount(ctx, 'miss')).toBe(misses + 1);
  });

  it('sweeps answers that expired (an invalidated answer is never read again, so nothing else would drop it)', async () => {
    await cache.invalidateUser(user.id);
    await trackedSeconds();
    const held = cache.memoryAnswers;
    expect(held).toBeGreaterThan(0);
    ctx.clock.advance(2 * 3600_000); // well past the TTL of everything written so far
    await cache.invalidateUser(user.id);
    await trackedSeconds(); // a write sweeps the expired ones
    expect(cache.memoryAnswers).toBe(1);
    ctx.clock.set(NOW);
  });

  it('computes the answer when the cache store fails, and counts the error', async () => {
    const errors = await cacheCount(ctx, 'error');
    const get = jest.spyOn(cache.memory, 'get').mockImplementationOnce(() => {
      throw new Error('store down');
    });
    await cache.invalidateUser(user.id);
    expect(await trackedSeconds()).toBe(7200 + 9000 + 3600 + 600);
    expect(get).toHaveBeenCalled();
    expect(await cacheCount(ctx, 'error')).toBe(errors + 1);
    get.mockRestore();
  });
});

describe('analytics cache with Redis unreachable', () => {
  let ctx: TestContext;
  let user: TestUser;
  beforeAll(async () => {
    // Nothing listens on port 1: every cache call fails fast and the answers are computed.
    ctx = await createTestContext({ REDIS_URL: 'redis://127.0.0.1:1' });
    user = await ctx.newUser();
    ctx.clock.set(NOW);
    await ctx.insertEntry({ userId: user.id, start: '2025-06-03T09:00:00Z', end: '2025-06-03T10:00:00Z' });
  });
  afterAll(() => ctx.close());

  it('answers from the database and keeps answers in the memory fallback meanwhile', async () => {
    const [hits, misses] = [await cacheCount(ctx, 'hit'), await cacheCount(ctx, 'miss')];
    const seconds = async () => (await user.api.call(routes.analytics.dashboard, { query: RANGE })).total_time_tracked_seconds;
    expect(await seconds()).toBe(3600);
    expect(await seconds()).toBe(3600);
    await ctx.app.get(AnalyticsCache).invalidateUser(user.id); // to memory, never thrown
    expect(await seconds()).toBe(3600);
    expect([await cacheCount(ctx, 'hit'), await cacheCount(ctx, 'miss')]).toEqual([hits + 1, misses + 2]);
    expect(ctx.app.get(AnalyticsCache).usingFallback).toBe(true);
  });
});

const redisUrl = process.env.REDIS_URL;
(redisUrl ? describe : describe.skip)('analytics cache shared by two API processes through Redis', () => {
  let ctx: TestContext;
  let second: NestFastifyApplication;
  let user: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext({ REDIS_URL: redisUrl as string });
    second = await createApp({ config: ctx.config, databaseUrl: ctx.databaseUrl, logger: createLogger('silent'), clock: ctx.clock });
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    user = await ctx.newUser();
    ctx.clock.set(NOW);
    await ctx.insertEntry({ userId: user.id, start: '2025-06-03T09:00:00Z', end: '2025-06-03T10:00:00Z' });
  });
  afterAll(async () => {
    await second.close();
    await ctx.close();
  });

  const secondsFrom = async (app: NestFastifyApplication) => {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/v1/analytics/dashboard?start=${RANGE.start}&end=${RANGE.end}`,
        headers: { authorization: `Bearer ${user.token}` },
      });
    return response.json().total_time_tracked_seconds as number;
  };

  it('invalidates in one process what the other cached', async () => {
    expect(await secondsFrom(ctx.app)).toBe(3600);
    // Triggers off for the statement: no invalidation is announced, so only the explicit one below makes the change show.
    await ctx.sql(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE time_entries SET end_time = '2025-06-03T11:00:00Z', duration_seconds = 7200 WHERE user_id = '${user.id}';
       COMMIT;`,
    );
    // The second process reads the answer the first one stored in Redis.
    expect(await secondsFrom(second)).toBe(3600);
    await second.get(AnalyticsCache).invalidateUser(user.id);
    expect(await secondsFrom(ctx.app)).toBe(7200);
    expect(await secondsFrom(second)).toBe(7200);
  });
});
