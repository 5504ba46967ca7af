import { existsSync } from 'node:fs';
import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { RedisConnection } from '../../redis/redis-connection';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN || '/usr/bin/redis-server';
// The fault scripts' private redis-server (never a shared one), on STINT_TEST_REDIS_PORT or a free port.
const harness = require('../../../test/faults/lib/harness') as {
  PrivateRedis: new (port: number) => { url: string; start(): Promise<void>; kill(): Promise<void> };
  freePort(): Promise<number>;
};
// Like the other Redis suites: the Redis run only where Redis is part of the setup (CI sets REDIS_URL).
const BACKENDS = ['memory', ...(process.env.REDIS_URL && existsSync(REDIS_SERVER) ? ['redis'] : [])] as const;

const RANGE = { start: '2025-06-02', end: '2025-06-08' };
const NOW = new Date('2025-06-08T18:00:00Z');

/** stint_cache_requests_total{cache="analytics",result} from /metrics. */
async function cacheCount(ctx: TestContext, result: 'hit' | 'miss'): Promise<number> {
  const response = await ctx.fastify.inject({ method: 'GET', url: '/metrics' });
  const match = new RegExp(`stint_cache_requests_total\\{cache="analytics",result="${result}"\\} (\\d+)`).exec(response.body);
  return match ? Number(match[1]) : 0;
}

/**
 * Issue 12 §9: every change to something a cached analytics answer shows invalidates it
 * after commit, with no call by hand — the answer read right after the change (no wait)
 * shows it. Where no cached answer shows the changed data itself (membership, rates,
 * settings), the proof is that the next read is recomputed (a cache miss), not served.
 */
describe.each(BACKENDS)('analytics answers after a change (cache invalidation on commit), %s cache', (backend) => {
  let redis: InstanceType<typeof harness.PrivateRedis> | null = null;
  let ctx: TestContext;
  let admin: TestUser;
  let user: TestUser;
  let projectId: string;
  let taskId: string;

  const dashboard = (who: TestUser = user) => who.api.call(routes.analytics.dashboard, { query: RANGE });
  const distribution = (groupBy: 'project' | 'task' | 'tag') => user.api.call(routes.analytics.timeDistribution, { query: { ...RANGE, group_by: groupBy } });
  /** Reads the user's dashboard twice: the second read must be a hit (it is cached now). */
  const cacheDashboard = async (who: TestUser = user) => {
    await dashboard(who);
    const hits = await cacheCount(ctx, 'hit');
    await dashboard(who);
    expect(await cacheCount(ctx, 'hit')).toBe(hits + 1);
  };
  /** The next dashboard read of `who` is recomputed (a miss), not served from the cache. */
  const expectRecomputed = async (who: TestUser = user) => {
    const misses = await cacheCount(ctx, 'miss');
    await dashboard(who);
    expect(await cacheCount(ctx, 'miss')).toBe(misses + 1);
  };

  beforeAll(async () => {
    if (backend === 'redis') {
      redis = new harness.PrivateRedis(Number(process.env.STINT_TEST_REDIS_PORT) || (await harness.freePort()));
      await redis.start();
    }
    ctx = await createTestContext(redis ? { REDIS_URL: redis.url } : {});
    if (redis) {
      const connection = ctx.app.get(RedisConnection);
      for (const deadline = Date.now() + 5000; !connection.ready && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(connection.ready).toBe(true);
    }
    admin = await ctx.newUser({ full_name: 'Admin' });
    user = await ctx.newUser({ full_name: 'Member Before' });
    ctx.clock.set(NOW);
    const project = await ctx.newProject(admin, { name: 'Apollo' });
    projectId = project.id;
    await ctx.addMembers(admin, projectId, user);
    const task = await user.api.call(routes.tasks.create, { body: { title: 'Write the plan', project_id: projectId, tags: ['planning'] } });
    taskId = task.id;
    await ctx.newEntry(user, { task_id: taskId, start_time: '2025-06-03T09:00:00Z', end_time: '2025-06-03T10:00:00Z' });
  });
  afterAll(async () => {
    await ctx.close();
    await redis?.kill();
  });

  it('project renamed: the dashboard and the time distribution show the new name at once', async () => {
    const projectName = async () => (await dashboard()).daily_by_project.find((row) => row.project_id === projectId)?.project_name;
    const label = async () => (await distribution('project')).distribution.find((item) => item.key === projectId)?.label;
    expect(await projectName()).toBe('Apollo');
    expect(await label()).toBe('Apollo');
    await admin.api.call(routes.projects.update, { params: { id: projectId }, body: { name: 'Artemis' } });
    expect(await projectName()).toBe('Artemis');
    expect(await label()).toBe('Artemis');
  });

  it('task retitled: the distribution by task shows the new title (and its key) at once', async () => {
    const item = async () => (await distribution('task')).distribution.find((row) => row.key === taskId);
    const before = await item();
    expect(before?.label).toBe('Write the plan');
    expect(before?.task_key).toMatch(/^[A-Z0-9]+-\d+$/);
    await user.api.call(routes.tasks.update, { params: { id: taskId }, body: { title: 'Write the final plan' } });
    expect((await item())?.label).toBe('Write the final plan');
  });

  it('task key changed (even outside the API, e.g. a data repair): the distribution shows the new key', async () => {
    const key = async () => (await distribution('task')).distribution.find((row) => row.key === taskId)?.task_key;
    const before = await key();
    // Through the API a key changes only when a task without time moves; a change made
    // outside it reaches the cache by NOTIFY, a moment after its commit.
    await ctx.sql(`UPDATE tasks SET number = number + 100 WHERE id = $1`, [taskId]);
    const deadline = Date.now() + 3000;
    let after = await key();
    while (after === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await key();
    }
    expect(after).not.toBe(before);
    expect(after).toMatch(/-\d{3}$/);
  });

  it('tags changed: the distribution by tag shows the new tags at once', async () => {
    const tags = async () => (await distribution('tag')).distribution.map((item) => item.label).sort();
    expect(await tags()).toContain('planning');
    await user.api.call(routes.tasks.update, { params: { id: taskId }, body: { tags: ['research', 'writing'] } });
    const after = await tags();
    expect(after).toEqual(expect.arrayContaining(['research', 'writing']));
    expect(after).not.toContain('planning');
  });

  it('time entry created, edited and deleted: the dashboard counts it at once', async () => {
    const seconds = async () => (await dashboard()).total_time_tracked_seconds;
    const before = await seconds();
    const entry = await ctx.newEntry(user, { task_id: taskId, start_time: '2025-06-04T09:00:00Z', end_time: '2025-06-04T09:30:00Z' });
    expect(await seconds()).toBe(before + 1800);
    await user.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { end_time: '2025-06-04T10:00:00Z' } });
    expect(await seconds()).toBe(before + 3600);
    await user.api.call(routes.timeEntries.remove, { params: { id: entry.id } });
    expect(await seconds()).toBe(before);
  });

  it('membership added and removed: the member’s answers are recomputed', async () => {
    const other = await ctx.newUser({ full_name: 'Newcomer' });
    await cacheDashboard(other);
    await ctx.addMembers(admin, projectId, other);
    await expectRecomputed(other);
    await cacheDashboard(other);
    await admin.api.call(routes.projects.removeMember, { params: { id: projectId, userId: other.id } });
    await expectRecomputed(other);
  });

  it('rate set and re-rated: the user’s answers are recomputed', async () => {
    await cacheDashboard();
    const rate = await ctx.newRate(admin, user, { rate_type: 'hourly', rate_amount: '80', currency: 'EUR', effective_from: '2025-06-01' });
    await expectRecomputed();
    await cacheDashboard();
    await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: rate.id } });
    await expectRecomputed();
  });

  it('settings changed: every answer is recomputed', async () => {
    await cacheDashboard();
    await cacheDashboard(admin);
    await admin.api.call(routes.settings.update, { body: { stale_heartbeat_minutes: 11 } });
    await expectRecomputed();
    await expectRecomputed(admin);
  });

  it('user renamed or moved to another time zone: the answers show it at once', async () => {
    const row = async () => (await admin.api.call(routes.analytics.users, { query: { per_page: 100 } })).data.find((r) => r.user_id === user.id);
    expect((await row())?.full_name).toBe('Member Before');
    await user.api.call(routes.users.updateMe, { body: { full_name: 'Member After' } });
    expect((await row())?.full_name).toBe('Member After');

    expect((await dashboard()).time_zone).toBe('UTC');
    await user.api.call(routes.users.updateMe, { body: { timezone: 'Pacific/Auckland' } });
    expect((await dashboard()).time_zone).toBe('Pacific/Auckland');
  });

  it('a rolled-back change invalidates nothing', async () => {
    await cacheDashboard();
    await ctx.sql(`BEGIN; UPDATE projects SET name = 'Never' WHERE id = '${projectId}'; ROLLBACK;`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // what a NOTIFY would need to arrive
    const hits = await cacheCount(ctx, 'hit');
    await dashboard();
    expect(await cacheCount(ctx, 'hit')).toBe(hits + 1);
  });
});
