import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';

/**
 * The dashboard is cached, but never stale after a change: every committed change to a
 * user's entries or tasks invalidates their cached answers at once (issue 6, "Cache").
 */
describe('analytics answers follow changes at once', () => {
  let ctx: TestContext;
  let user: TestUser;
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  const dashboard = () => user.api.call(routes.analytics.dashboard, { query: { start: today(), end: today() } });

  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.newUser(); // the admin
    user = await ctx.newUser();
  });
  afterAll(() => ctx.close());

  it('a stopped timer changes the next dashboard answer', async () => {
    ctx.clock.set(new Date('2026-06-10T08:00:00Z'));
    await user.api.call(routes.timeTracking.start, { body: {} });
    ctx.clock.advance(3_600_000);
    expect((await dashboard()).total_time_tracked_seconds).toBe(3600);
    ctx.clock.advance(60_000); // within the cache's TTL (which follows the clock)
    // Still cached: the running timer's time as of the first answer.
    expect((await dashboard()).total_time_tracked_seconds).toBe(3600);
    await user.api.call(routes.timeTracking.stop, { body: { description: 'done' } });
    expect((await dashboard()).total_time_tracked_seconds).toBe(3660);
  });

  it('a manual entry and its deletion change it too', async () => {
    const before = (await dashboard()).total_time_tracked_seconds;
    const entry = await ctx.newEntry(user, { start_time: '2026-06-10T05:00:00.000Z', end_time: '2026-06-10T05:30:00.000Z', description: 'early' });
    expect((await dashboard()).total_time_tracked_seconds).toBe(before + 1800);
    await user.api.call(routes.timeEntries.remove, { params: { id: entry.id } });
    expect((await dashboard()).total_time_tracked_seconds).toBe(before);
  });

  it('completing a task changes tasks_completed', async () => {
    const task = await user.api.call(routes.tasks.create, { body: { title: 'Ship it' } });
    expect((await dashboard()).total_tasks_completed).toBe(0);
    await user.api.call(routes.tasks.updateStatus, { params: { id: task.id }, body: { status: 'done' } });
    expect((await dashboard()).total_tasks_completed).toBe(1);
  });
});

describe('the dashboard splits each day by project', () => {
  let ctx: TestContext;
  let admin: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
  });
  afterAll(() => ctx.close());

  it('gives per-project seconds that add up to each day, across midnight in the user’s timezone', async () => {
    ctx.clock.set(new Date('2026-06-12T12:00:00Z'));
    await admin.api.call(routes.users.updateMe, { body: { timezone: 'Europe/Berlin' } });
    const project = await admin.api.call(routes.projects.create, { body: { name: 'Apollo', key: 'AP', currency: 'USD' } });
    // 21:00–23:00 UTC on the 10th = 23:00–01:00 Berlin: one hour on the 10th, one on the 11th.
    await ctx.newEntry(admin, { project_id: project.id, start_time: '2026-06-10T21:00:00.000Z', end_time: '2026-06-10T23:00:00.000Z' });
    // 30 minutes on the 11th outside any project.
    await ctx.newEntry(admin, { start_time: '2026-06-11T08:00:00.000Z', end_time: '2026-06-11T08:30:00.000Z' });
    const metrics = await admin.api.call(routes.analytics.dashboard, { query: { start: '2026-06-10', end: '2026-06-11' } });
    expect(metrics.daily_by_project).toEqual([
      { date: '2026-06-10', project_id: project.id, project_name: 'Apollo', seconds: 3600 },
      { date: '2026-06-11', project_id: project.id, project_name: 'Apollo', seconds: 3600 },
      { date: '2026-06-11', project_id: null, project_name: null, seconds: 1800 },
    ]);
    for (const day of metrics.daily_breakdown) {
      const split = metrics.daily_by_project.filter((row) => row.date === day.date).reduce((sum, row) => sum + row.seconds, 0);
      expect(split).toBe(day.time_tracked_seconds);
    }
  });
});
