import { routes, type CostFigures, type ProjectStatisticsResponse } from '@stint/contracts';
import { Money, sumMoney } from '../../common/money';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/helpers';
import type { EntrySpec } from '../../../test/support/factories';

/**
 * Entries around the end of summer time in Berlin (Sunday 2025-10-26, 03:00 CEST → 02:00 CET,
 * i.e. 01:00 UTC): that local day lasts 25 hours, from 2025-10-25T22:00Z to 2025-10-26T23:00Z.
 */
describe('GET /api/v1/projects/:id/statistics', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let taskOne: { id: string; key: string | null };
  let taskTwo: { id: string; key: string | null };

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    member = await ctx.newUser({ full_name: 'Max Member' });
    outsider = await ctx.newUser({ full_name: 'Olga Outsider' });
    await admin.api.call(routes.users.updateMe, { body: { timezone: 'Europe/Berlin' } });
    await member.api.call(routes.users.updateMe, { body: { timezone: 'Europe/Berlin' } });
    const project = await ctx.newProject(admin, { name: 'Stats', key: 'STATS' });
    projectId = project.id;
    await ctx.addMembers(admin, projectId, member);
    taskOne = await ctx.newTask(admin, { title: 'One', project_id: projectId });
    taskTwo = await ctx.newTask(admin, { title: 'Two', project_id: projectId });
    const other = await ctx.newProject(admin, { key: 'OTHER' });
    const entries: Array<EntrySpec> = [
      // Saturday 23:30 CEST → the 25th.
      { userId: admin.id, projectId, taskId: taskOne.id, start: new Date('2025-10-25T21:30:00Z'), seconds: 1800, cost: '0.0050' },
      // Sunday 00:30 CEST → the 26th.
      { userId: member.id, projectId, taskId: taskOne.id, start: new Date('2025-10-25T22:30:00Z'), seconds: 3600, cost: '0.0050' },
      // Sunday 23:30 CET → still the 26th (a fixed +02:00 offset would say the 27th).
      { userId: member.id, projectId, taskId: taskTwo.id, start: new Date('2025-10-26T22:30:00Z'), seconds: 5400, cost: '12.3456', billable: false },
      // Monday 00:30 CET → the 27th.
      { userId: admin.id, projectId, taskId: null, start: new Date('2025-10-26T23:30:00Z'), seconds: 60, cost: '0.0049' },
      // Neither a running timer nor another project's time counts.
      { userId: outsider.id, projectId, status: 'running', start: new Date('2025-10-26T10:00:00Z') },
      { userId: admin.id, projectId: other.id, start: new Date('2025-10-26T10:00:00Z'), seconds: 999, cost: '99.0000' },
    ];
    for (const entry of entries) await ctx.insertEntry(entry);
  });
  afterAll(() => ctx.close());

  const statistics = (user: TestUser, query: { start?: string; end?: string } = {}) => user.api.call(routes.budgets.statistics, { params: { id: projectId }, query });

  /** Every breakdown's rows add up to the totals, exactly. */
  function expectRowsToAddUp(stats: ProjectStatisticsResponse) {
    for (const rows of [stats.by_user, stats.by_task, stats.by_day, [stats.billable, stats.non_billable]] as CostFigures[][]) {
      expect(rows.reduce((sum, row) => sum + row.seconds, 0)).toBe(stats.totals.seconds);
      expect(rows.reduce((sum, row) => sum + row.entries, 0)).toBe(stats.totals.entries);
      if (stats.money_visible) expect(sumMoney(rows.map((row) => row.cost_exact!)).toFixed(4)).toBe(stats.totals.cost_exact);
    }
    if (stats.money_visible) expect(stats.totals.cost).toBe(new Money(stats.totals.cost_exact!).toDecimalPlaces(2).toFixed(2));
  }

  it('requires authentication', async () => {
    expect((await ctx.fastify.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/statistics` })).statusCode).toBe(401);
  });

  it('gives hours and cost by user, task and day (caller’s time zone, across the DST change), billable vs not', async () => {
    const stats = await statistics(admin);
    expect(stats).toMatchObject({ project_id: projectId, currency: 'USD', money_visible: true, time_zone: 'Europe/Berlin', start: null, end: null });
    expect(stats.totals).toEqual({ entries: 4, seconds: 10_860, hours: 3.02, cost: '12.36', cost_exact: '12.3605' });
    expect(stats.billable).toEqual({ entries: 3, seconds: 5460, hours: 1.52, cost: '0.01', cost_exact: '0.0149' });
    expect(stats.non_billable).toEqual({ entries: 1, seconds: 5400, hours: 1.5, cost: '12.35', cost_exact: '12.3456' });
    expect(stats.by_day.map((d) => [d.date, d.seconds, d.cost_exact])).toEqual([
      ['2025-10-25', 1800, '0.0050'],
      ['2025-10-26', 9000, '12.3506'],
      ['2025-10-27', 60, '0.0049'],
    ]);
    expect(stats.by_user.map((u) => [u.full_name, u.seconds, u.cost])).toEqual([
      ['Max Member', 9000, '12.35'],
      ['Ada Admin', 1860, '0.01'],
    ]);
    expect(stats.by_task.map((t) => [t.task_key, t.task_title, t.seconds])).toEqual([
      [taskOne.key, 'One', 5400],
      [taskTwo.key, 'Two', 5400],
      [null, null, 60],
    ]);
    expectRowsToAddUp(stats);
  });

  it('buckets by the caller’s own time zone', async () => {
    const viewer = await ctx.newUser();
    await ctx.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [viewer.id]);
    const stats = await statistics(viewer);
    expect(stats.time_zone).toBe('UTC');
    expect(stats.by_day.map((d) => [d.date, d.seconds])).toEqual([
      ['2025-10-25', 5400],
      ['2025-10-26', 5460],
    ]);
    expectRowsToAddUp(stats);
  });

  it('takes start and end as whole days in the caller’s time zone: the 25-hour Sunday', async () => {
    const stats = await statistics(admin, { start: '2025-10-26', end: '2025-10-26' });
    expect(stats.by_day.map((d) => d.date)).toEqual(['2025-10-26']);
    expect(stats.totals).toMatchObject({ entries: 2, seconds: 9000, cost_exact: '12.3506' });
    expectRowsToAddUp(stats);
    expect((await statistics(admin, { start: '2025-10-27' })).totals.seconds).toBe(60);
    expect((await statistics(admin, { end: '2025-10-25' })).totals.seconds).toBe(1800);
    expect((await statistics(admin, { start: '2030-01-01' })).totals).toEqual({ entries: 0, seconds: 0, hours: 0, cost: '0.00', cost_exact: '0.0000' });
  });

  it('shows members of the project hours only, no money', async () => {
    const stats = await statistics(member);
    expect(stats).toMatchObject({ money_visible: false, currency: null });
    for (const row of [stats.totals, stats.billable, stats.non_billable, ...stats.by_user, ...stats.by_task, ...stats.by_day]) {
      expect(row.cost).toBeNull();
      expect(row.cost_exact).toBeNull();
    }
    expect(stats.totals.seconds).toBe(10_860);
    expectRowsToAddUp(stats);
  });

  it('hides the project from anyone else (404) and refuses a period ending before it starts (422)', async () => {
    expect((await failure(statistics(outsider))).status).toBe(404);
    const error = await failure(statistics(admin, { start: '2025-10-27', end: '2025-10-26' }));
    expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, ['end']]);
    expect((await failure(statistics(admin, { start: '2025-13-01' }))).status).toBe(422);
  });
});
