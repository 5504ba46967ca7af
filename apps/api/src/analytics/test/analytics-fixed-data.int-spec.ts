/**
 * One fixed data set, every figure of every analytics and report endpoint worked out by
 * hand below. "Now" is 2025-10-28T10:00:00Z (11:00 in Berlin, 03:00 in Los Angeles).
 *
 * People
 *   Ada Admin   admin, UTC
 *   Berta       member, Europe/Berlin   (CET +01, CEST +02; DST 2025-03-30 02:00→03:00, 2025-10-26 03:00→02:00)
 *   Leo         member, America/Los_Angeles (PDT −07 until 2025-11-02)
 *   Carl        member, UTC, nothing at all
 * Projects: Website (WEB, members Berta and Leo), Mobile (MOB, member Berta).
 *
 * Berta's tasks (creator = Berta)
 *   T1 WEB-1 "Landing page" high, est 4.00, tags [design, web], created 03-20 08:00Z, due 03-31 22:00Z, done 03-31 15:00Z
 *        (17:00 CEST on 03-31) → on time; completion 11 d 7 h = 271 h
 *   T2 WEB-2 'API docs, "v2"' medium, est 2.50, tags [docs], created 10-20 09:00Z, due 10-24 17:00Z, done 10-26 23:30Z
 *        (00:30 CET on 10-27) → late; completion 6 d 14.5 h = 158.5 h
 *   T3 MOB-1 "Crash fix" urgent, no due date, created 10-25 08:00Z, done 10-25 22:45Z (00:45 CEST on 10-26, so 10-26 in
 *        Berlin although 10-25 in UTC and 23:45 on 10-25 with today's +01 offset); completion 14.75 h
 *   T4 "Inbox zero" low, in progress, est 1.50      T5 "Plan Q4" medium, todo      T6 "Old idea" low, archived
 * Leo's tasks: T7 WEB-3 "Review" medium, est 0.75, created 10-27 15:00Z, due 10-27 20:00Z, done 10-27 19:00Z (12:00 PDT) →
 *   on time, 4 h;  T8 "Leo todo" high, todo.
 *
 * Berta's entries (rates in EUR)
 *   E0 03-25 09:00Z–12:00Z            3 h   WEB, no task    hourly 60      180.0000  billable
 *   E1 03-29 21:00Z–03-30 02:00Z       5 h   WEB, T1         hourly 60      300.0000  billable
 *      = 22:00 CET on 03-29 to 04:00 CEST on 03-30: 2 h on 03-29 and 3 h on the 23-hour 03-30
 *   E5 03-30 21:30Z–22:30Z             1 h   WEB, T1         secondly 0.02   72.0000  billable
 *      = 23:30 to 00:30 CEST: 30 min on 03-30 and 30 min on 03-31 (a fixed +01 offset would put it all on 03-30)
 *   E2 03-31 07:00Z–10:00Z, paused 30 min → 2.5 h   MOB, no task   minutely 1.5   225.0000  not billable
 *   E3 10-25 23:30Z–10-26 01:30Z       2 h   MOB, no task    hourly 60      120.0000  billable
 *      = 01:30 CEST to 02:30 CET on 10-26, across the fall-back (UTC would say 10-25)
 *   E4 10-26 22:00Z–10-27 00:00Z       2 h   WEB, T2         hourly 60      120.0000  billable
 *      = 23:00 CET on 10-26 to 01:00 CET on 10-27: 1 h each; description with a formula, a comma, quotes and a line break
 *   R  running since 10-28 08:00Z, 600 s paused before → 2 h − 600 s = 6600 s so far   T4 (no project)
 * Leo's entries (rates in USD)
 *   L1 10-27 05:00Z–09:00Z, paused 1 h → 3 h     WEB, T2   hourly 100   300.0000  billable
 *      = 22:00 PDT on 10-26 to 02:00 PDT on 10-27: half the wall time on each day → 5400 s + 5400 s
 *   L2 paused: started 10-28 06:30Z, paused at 08:30Z after 1200 s of earlier pauses → 7200 − 1200 = 6000 s
 *      = 23:30 PDT on 10-27 to 01:30 PDT on 10-28: ¼ of the wall time on 10-27 → 1500 s, 4500 s on 10-28
 *   L3 10-27 16:00Z–17:30Z            1.5 h  WEB, no task   hourly 80    120.0000  not billable
 * Ada's entry: A1 10-27 12:00Z–13:00Z 1 h WEB, no task, hourly 33.3333 EUR → 33.3333, billable.
 */
import { routes, type ReportFigures } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, parseCsv, setTimeZone } from '../../../test/support/helpers';

const NOW = new Date('2025-10-28T10:00:00Z');
const SPRING = { start: '2025-03-28', end: '2025-04-03' };
const FALL = { start: '2025-10-25', end: '2025-10-28' };

/** Zeros of a report row that only some fields change. */
/** The rate of this data set's entries unless one says otherwise (the projects are in EUR). */
const EUR_60 = { rateAmount: '60', currency: 'EUR' } as const;

const figures = (f: Partial<ReportFigures> & Pick<ReportFigures, 'entries' | 'seconds'>): ReportFigures => {
  const billable = f.billable_seconds ?? f.seconds;
  return {
    hours: Math.round((f.seconds / 3600) * 100) / 100,
    billable_seconds: billable,
    billable_hours: Math.round((billable / 3600) * 100) / 100,
    non_billable_seconds: f.seconds - billable,
    non_billable_hours: Math.round(((f.seconds - billable) / 3600) * 100) / 100,
    cost: null,
    ...f,
  };
};
const eur = (amount: string, billable = amount) => ({
  currency: 'EUR',
  amount: Number(amount).toFixed(2),
  amount_exact: amount,
  billable_amount: Number(billable).toFixed(2),
  billable_amount_exact: billable,
});
const usd = (amount: string, billable = amount) => ({ ...eur(amount, billable), currency: 'USD' });

describe('analytics and reports on one fixed data set', () => {
  let ctx: TestContext;
  let ada: TestUser;
  let berta: TestUser;
  let leo: TestUser;
  let carl: TestUser;
  let web: { id: string };
  let mob: { id: string };
  const task: Record<string, { id: string; key: string | null }> = {};

  beforeAll(async () => {
    ctx = await createTestContext();
    ada = await ctx.newUser({ full_name: 'Ada Admin' });
    berta = await ctx.newUser({ full_name: 'Berta Berlin' });
    leo = await ctx.newUser({ full_name: 'Leo "Night" Owl' });
    carl = await ctx.newUser({ full_name: 'Carl Calm' });
    await setTimeZone(berta, 'Europe/Berlin');
    await setTimeZone(leo, 'America/Los_Angeles');
    web = await ctx.newProject(ada, { name: 'Website', key: 'WEB', currency: 'EUR' });
    mob = await ctx.newProject(ada, { name: 'Mobile', key: 'MOB', currency: 'EUR' });
    await ctx.addMembers(ada, web.id, berta, leo);
    await ctx.addMembers(ada, mob.id, berta);

    task.T1 = await ctx.newTask(
      berta,
      {
        title: 'Landing page',
        project_id: web.id,
        priority: 'high',
        estimated_hours: 4,
        tags: ['design', 'web'],
        due_date: '2025-03-31T22:00:00Z',
      },
      { createdAt: '2025-03-20T08:00:00Z', status: 'done', completedAt: '2025-03-31T15:00:00Z' },
    );
    task.T2 = await ctx.newTask(
      berta,
      {
        title: 'API docs, "v2"',
        project_id: web.id,
        priority: 'medium',
        estimated_hours: 2.5,
        tags: ['docs'],
        due_date: '2025-10-24T17:00:00Z',
      },
      { createdAt: '2025-10-20T09:00:00Z', status: 'done', completedAt: '2025-10-26T23:30:00Z' },
    );
    task.T3 = await ctx.newTask(
      berta,
      {
        title: 'Crash fix',
        project_id: mob.id,
        priority: 'urgent',
      },
      { createdAt: '2025-10-25T08:00:00Z', status: 'done', completedAt: '2025-10-25T22:45:00Z' },
    );
    task.T4 = await ctx.newTask(berta, { title: 'Inbox zero', priority: 'low', estimated_hours: 1.5 }, { createdAt: '2025-10-01T08:00:00Z', status: 'in_progress' });
    task.T5 = await ctx.newTask(berta, { title: 'Plan Q4', priority: 'medium' }, { createdAt: '2025-10-02T08:00:00Z', status: 'todo' });
    task.T6 = await ctx.newTask(berta, { title: 'Old idea', priority: 'low' }, { createdAt: '2025-01-02T08:00:00Z', status: 'archived' });
    task.T7 = await ctx.newTask(
      leo,
      {
        title: 'Review',
        project_id: web.id,
        priority: 'medium',
        estimated_hours: 0.75,
        due_date: '2025-10-27T20:00:00Z',
      },
      { createdAt: '2025-10-27T15:00:00Z', status: 'done', completedAt: '2025-10-27T19:00:00Z' },
    );
    task.T8 = await ctx.newTask(leo, { title: 'Leo todo', priority: 'high' }, { createdAt: '2025-10-27T15:00:00Z', status: 'todo' });

    const b = berta.id;
    await ctx.insertEntry({ ...EUR_60, userId: b, projectId: web.id, start: '2025-03-25T09:00:00Z', end: '2025-03-25T12:00:00Z' });
    await ctx.insertEntry({ ...EUR_60, userId: b, projectId: web.id, taskId: task.T1.id, start: '2025-03-29T21:00:00Z', end: '2025-03-30T02:00:00Z', description: 'Hero section' });
    await ctx.insertEntry({
      ...EUR_60,
      userId: b,
      projectId: web.id,
      taskId: task.T1.id,
      start: '2025-03-30T21:30:00Z',
      end: '2025-03-30T22:30:00Z',
      rateType: 'secondly',
      rateAmount: '0.02',
    });
    await ctx.insertEntry({
      ...EUR_60,
      userId: b,
      projectId: mob.id,
      start: '2025-03-31T07:00:00Z',
      end: '2025-03-31T10:00:00Z',
      pausedSeconds: 1800,
      rateType: 'minutely',
      rateAmount: '1.5',
      billable: false,
      description: '+1 call',
    });
    await ctx.insertEntry({ ...EUR_60, userId: b, projectId: mob.id, start: '2025-10-25T23:30:00Z', end: '2025-10-26T01:30:00Z' });
    await ctx.insertEntry({
      ...EUR_60,
      userId: b,
      projectId: web.id,
      taskId: task.T2.id,
      start: '2025-10-26T22:00:00Z',
      end: '2025-10-27T00:00:00Z',
      description: '=SUM(A1:A9), "quoted"\nsecond line',
    });
    await ctx.insertEntry({ ...EUR_60, userId: b, taskId: task.T4.id, status: 'running', start: '2025-10-28T08:00:00Z', pausedSeconds: 600 });
    const l = leo.id;
    await ctx.insertEntry({
      ...EUR_60,
      userId: l,
      projectId: web.id,
      taskId: task.T2.id,
      start: '2025-10-27T05:00:00Z',
      end: '2025-10-27T09:00:00Z',
      pausedSeconds: 3600,
      rateAmount: '100',
      currency: 'USD',
    });
    await ctx.insertEntry({
      ...EUR_60,
      userId: l,
      status: 'paused',
      start: '2025-10-28T06:30:00Z',
      pausedAt: '2025-10-28T08:30:00Z',
      pausedSeconds: 1200,
      rateAmount: '100',
      currency: 'USD',
    });
    await ctx.insertEntry({
      ...EUR_60,
      userId: l,
      projectId: web.id,
      start: '2025-10-27T16:00:00Z',
      end: '2025-10-27T17:30:00Z',
      rateAmount: '80',
      currency: 'USD',
      billable: false,
      description: '@here sync',
    });
    await ctx.insertEntry({ ...EUR_60, userId: ada.id, projectId: web.id, start: '2025-10-27T12:00:00Z', end: '2025-10-27T13:00:00Z', rateAmount: '33.3333' });
    ctx.clock.set(NOW);
  });
  afterAll(() => ctx.close());

  describe('GET /api/v1/analytics/dashboard', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.analytics.dashboard, { query: SPRING }))).status).toBe(401);
    });

    it("counts Berta's spring week in Berlin days, across the spring-forward night", async () => {
      const dashboard = await berta.api.call(routes.analytics.dashboard, { query: SPRING });
      // 03-29: E1 21:00Z–23:00Z = 7200.  03-30 (23 h long): E1 23:00Z–02:00Z = 10800 + E5 21:30Z–22:00Z = 1800 → 12600.
      // 03-31: E2 9000 (paused time left out) + E5 22:00Z–22:30Z = 1800 → 10800.  Total 30600 s = 8.50 h.
      // Tasks: T1 done 03-31 17:00 CEST, on time (due 04-01 00:00 CEST); completion 271 h.
      // Score: 1/7·20 + 1/1·30 + min(8.5/7/8, 1)·30 + min(1/5, 1)·20 = 2.857… + 30 + 4.553… + 4 = 41.4107… → 41.41
      expect(dashboard).toEqual({
        date_range: SPRING,
        time_zone: 'Europe/Berlin',
        total_tasks_completed: 1,
        total_tasks_in_progress: 1, // T4, now
        total_tasks_todo: 1, // T5, now
        total_time_tracked_hours: 8.5,
        total_time_tracked_seconds: 30_600,
        average_task_completion_time_hours: 271,
        tasks_completed_on_time: 1,
        tasks_completed_late: 0,
        productivity_score: 41.41,
        daily_breakdown: [
          { date: '2025-03-28', tasks_completed: 0, time_tracked_hours: 0, time_tracked_seconds: 0 },
          { date: '2025-03-29', tasks_completed: 0, time_tracked_hours: 2, time_tracked_seconds: 7200 },
          { date: '2025-03-30', tasks_completed: 0, time_tracked_hours: 3.5, time_tracked_seconds: 12_600 },
          { date: '2025-03-31', tasks_completed: 1, time_tracked_hours: 3, time_tracked_seconds: 10_800 },
          { date: '2025-04-01', tasks_completed: 0, time_tracked_hours: 0, time_tracked_seconds: 0 },
          { date: '2025-04-02', tasks_completed: 0, time_tracked_hours: 0, time_tracked_seconds: 0 },
          { date: '2025-04-03', tasks_completed: 0, time_tracked_hours: 0, time_tracked_seconds: 0 },
        ],
        // The same days by project: E1 and E5 are Website's, E2 is Mobile's (names order a day's rows).
        daily_by_project: [
          { date: '2025-03-29', project_id: web.id, project_name: 'Website', seconds: 7200 },
          { date: '2025-03-30', project_id: web.id, project_name: 'Website', seconds: 12_600 },
          { date: '2025-03-31', project_id: mob.id, project_name: 'Mobile', seconds: 9000 },
          { date: '2025-03-31', project_id: web.id, project_name: 'Website', seconds: 1800 },
        ],
        computed_at: NOW.toISOString(),
      });
    });

    it("counts Berta's fall days, the running timer up to now and tasks on their Berlin day", async () => {
      const dashboard = await berta.api.call(routes.analytics.dashboard, { query: FALL });
      // 10-25: nothing (E3 starts 01:30 CEST on 10-26).  10-26 (25 h long): E3 7200 + E4 22:00Z–23:00Z 3600 = 10800.
      // 10-27: E4 23:00Z–00:00Z 3600.  10-28: R 6600 (running, minus its 600 s pause).  Total 21000 s = 5.83 h.
      // Tasks: T3 on 10-26 (00:45 CEST; no due date), T2 on 10-27 (00:30 CET; late).
      // Average completion (158.5 + 14.75) / 2 = 86.625 → 86.63.
      // Score: 2/4·20 + 0/2·30 + min(21000/3600/4/8, 1)·30 + min(2/5, 1)·20 = 10 + 0 + 5.46875 + 8 = 23.46875 → 23.47
      const dashboardDays = dashboard.daily_breakdown.map((d) => [d.date, d.tasks_completed, d.time_tracked_seconds, d.time_tracked_hours]);
      expect(dashboardDays).toEqual([
        ['2025-10-25', 0, 0, 0],
        ['2025-10-26', 1, 10_800, 3],
        ['2025-10-27', 1, 3600, 1],
        ['2025-10-28', 0, 6600, 1.83],
      ]);
      expect(dashboard).toMatchObject({
        total_tasks_completed: 2,
        total_tasks_in_progress: 1,
        total_tasks_todo: 1,
        total_time_tracked_hours: 5.83,
        total_time_tracked_seconds: 21_000,
        average_task_completion_time_hours: 86.63,
        tasks_completed_on_time: 0,
        tasks_completed_late: 1,
        productivity_score: 23.47,
      });
    });

    it("counts Leo's days in Los Angeles, spreading paused time over the days of an entry", async () => {
      const dashboard = await leo.api.call(routes.analytics.dashboard, { query: { start: '2025-10-26', end: '2025-10-28' } });
      // 10-26: L1 half of 10800 = 5400.  10-27: L1 5400 + L2 1500 + L3 5400 = 12300.  10-28: L2 4500 (paused since 01:30 PDT).
      // Total 22200 s = 6.17 h.  T7 done 12:00 PDT on 10-27, on time, 4 h.
      // Score: 1/3·20 + 30 + (22200/3600/3/8)·30 + 4 = 6.666… + 30 + 7.708333… + 4 = 48.375 exactly → 48.38 (half-up)
      expect(dashboard.daily_breakdown.map((d) => [d.date, d.tasks_completed, d.time_tracked_seconds])).toEqual([
        ['2025-10-26', 0, 5400],
        ['2025-10-27', 1, 12_300],
        ['2025-10-28', 0, 4500],
      ]);
      expect(dashboard).toMatchObject({
        time_zone: 'America/Los_Angeles',
        total_tasks_completed: 1,
        total_tasks_in_progress: 0,
        total_tasks_todo: 1,
        total_time_tracked_hours: 6.17,
        total_time_tracked_seconds: 22_200,
        average_task_completion_time_hours: 4,
        tasks_completed_on_time: 1,
        tasks_completed_late: 0,
        productivity_score: 48.38,
      });
    });

    it('answers zeros for a user without anything, and defaults to the 7 days ending today', async () => {
      const dashboard = await carl.api.call(routes.analytics.dashboard);
      expect(dashboard.date_range).toEqual({ start: '2025-10-22', end: '2025-10-28' });
      expect(dashboard.daily_breakdown).toHaveLength(7);
      expect(dashboard).toMatchObject({
        total_tasks_completed: 0,
        total_time_tracked_seconds: 0,
        average_task_completion_time_hours: 0,
        tasks_completed_on_time: 0,
        tasks_completed_late: 0,
        productivity_score: 0,
      });
    });
  });

  describe('GET /api/v1/analytics/trend', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.analytics.trend, { query: SPRING }))).status).toBe(401);
    });

    it('compares with the 7 days before', async () => {
      const trend = await berta.api.call(routes.analytics.trend, { query: SPRING });
      // Previous period 03-21..03-27: E0 10800 s on 03-25, no task → score 0 + 0 + (3/7/8)·30 + 0 = 1.607142… → 1.61.
      // Changes: tasks 0 → 1: null (zero base); hours (30600 − 10800)/10800 = 183.33 %;
      // score (2319/56 − 90/56)/(90/56) = 2229/90 = 24.7666… → 2476.67 %.
      expect(trend).toMatchObject({
        period_start: '2025-03-28',
        period_end: '2025-04-03',
        tasks_completed: 1,
        time_tracked_hours: 8.5,
        time_tracked_seconds: 30_600,
        productivity_score: 41.41,
        time_zone: 'Europe/Berlin',
        comparison_previous_period: { tasks_completed: null, time_tracked_hours: 183.33, productivity_score: 2476.67 },
        previous_period: {
          period_start: '2025-03-21',
          period_end: '2025-03-27',
          tasks_completed: 0,
          time_tracked_hours: 3,
          time_tracked_seconds: 10_800,
          productivity_score: 1.61,
        },
        computed_at: NOW.toISOString(),
      });
      expect(trend.daily_breakdown.map((d) => d.time_tracked_seconds)).toEqual([0, 7200, 12_600, 10_800, 0, 0, 0]);
      expect(trend.previous_daily_breakdown.map((d) => [d.date, d.time_tracked_seconds])).toEqual([
        ['2025-03-21', 0],
        ['2025-03-22', 0],
        ['2025-03-23', 0],
        ['2025-03-24', 0],
        ['2025-03-25', 10_800],
        ['2025-03-26', 0],
        ['2025-03-27', 0],
      ]);
    });

    it('reports every change as null when the previous period is empty', async () => {
      const trend = await leo.api.call(routes.analytics.trend, { query: { start: '2025-10-26', end: '2025-10-28' } });
      expect(trend.previous_period).toMatchObject({ period_start: '2025-10-23', period_end: '2025-10-25', tasks_completed: 0, time_tracked_seconds: 0, productivity_score: 0 });
      expect(trend.comparison_previous_period).toEqual({ tasks_completed: null, time_tracked_hours: null, productivity_score: null });
      expect(trend.productivity_score).toBe(48.38);
    });
  });

  describe('GET /api/v1/analytics/tasks', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.analytics.tasks))).status).toBe(401);
    });

    it("counts the caller's own tasks", async () => {
      // Berta: 6 tasks; done T1 T2 T3 → 3/6 = 50 %; done with a due date T1 (on time) and T2 (late) → 1/2 = 50 %.
      expect(await berta.api.call(routes.analytics.tasks)).toEqual({
        total_tasks: 6,
        by_status: { todo: 1, in_progress: 1, done: 3, archived: 1 },
        by_priority: { low: 2, medium: 2, high: 1, urgent: 1 },
        completion_rate: 50,
        on_time_completion_rate: 50,
        computed_at: NOW.toISOString(),
      });
      // Leo: T7 done on time, T8 todo.
      expect(await leo.api.call(routes.analytics.tasks)).toMatchObject({
        total_tasks: 2,
        by_status: { todo: 1, in_progress: 0, done: 1, archived: 0 },
        by_priority: { low: 0, medium: 1, high: 1, urgent: 0 },
        completion_rate: 50,
        on_time_completion_rate: 100,
      });
      expect(await carl.api.call(routes.analytics.tasks)).toMatchObject({ total_tasks: 0, completion_rate: 0, on_time_completion_rate: 0 });
    });
  });

  describe('GET /api/v1/analytics/time-distribution', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.analytics.timeDistribution, { query: SPRING }))).status).toBe(401);
    });

    it('groups the spring week by project, task and tag, with the productive hours in Berlin time', async () => {
      // Website: E1 18000 + E5 3600 = 21600 (70.59 %); Mobile: E2 9000 (29.41 %).
      const byProject = await berta.api.call(routes.analytics.timeDistribution, { query: { ...SPRING, group_by: 'project' } });
      expect(byProject.distribution).toEqual([
        { key: web.id, label: 'Website', task_key: null, seconds: 21_600, hours: 6, percentage: 70.59 },
        { key: mob.id, label: 'Mobile', task_key: null, seconds: 9000, hours: 2.5, percentage: 29.41 },
      ]);
      // Hours of the day (Berlin): E1 22h CET, 23h, 00h, 01h, then 03h CEST (02h doesn't exist), 3600 each;
      // E2 09h, 10h, 11h: 3000 each (its 30 min pause spread over 3 wall hours); E5 23:30–00:30 CEST: 1800 in 23h and in 00h.
      // → 00h 5400, 23h 5400, then 3600 in 01h, 03h and 22h: top three [0, 23, 1].
      expect(byProject.top_productive_hours).toEqual([0, 23, 1]);
      expect(byProject.hourly.filter((h) => h.seconds > 0).map((h) => [h.hour, h.seconds])).toEqual([
        [0, 5400],
        [1, 3600],
        [3, 3600],
        [9, 3000],
        [10, 3000],
        [11, 3000],
        [22, 3600],
        [23, 5400],
      ]);
      expect(byProject).toMatchObject({ date_range: SPRING, time_zone: 'Europe/Berlin', group_by: 'project', total_seconds: 30_600, total_hours: 8.5 });
      expect(byProject.hourly).toHaveLength(24);

      const byTask = await berta.api.call(routes.analytics.timeDistribution, { query: { ...SPRING, group_by: 'task' } });
      expect(byTask.distribution).toEqual([
        { key: task.T1.id, label: 'Landing page', task_key: 'WEB-1', seconds: 21_600, hours: 6, percentage: 70.59 },
        { key: null, label: 'No task', task_key: null, seconds: 9000, hours: 2.5, percentage: 29.41 },
      ]);
      // By tag an entry counts under each tag of its task: T1 has design and web.
      const byTag = await berta.api.call(routes.analytics.timeDistribution, { query: { ...SPRING, group_by: 'tag' } });
      expect(byTag.distribution).toEqual([
        { key: 'design', label: 'design', task_key: null, seconds: 21_600, hours: 6, percentage: 70.59 },
        { key: 'web', label: 'web', task_key: null, seconds: 21_600, hours: 6, percentage: 70.59 },
        { key: null, label: 'Untagged', task_key: null, seconds: 9000, hours: 2.5, percentage: 29.41 },
      ]);
      expect(byTag.total_seconds).toBe(30_600);
    });

    it('places the fall-back hours and the running timer right', async () => {
      // Mobile E3 7200 (34.29 %), Website E4 7200 (34.29 %), no project: R on T4 6600 (31.43 %). Ties by label.
      const byProject = await berta.api.call(routes.analytics.timeDistribution, { query: FALL });
      expect(byProject.group_by).toBe('project');
      expect(byProject.distribution.map((d) => [d.key, d.label, d.seconds, d.percentage])).toEqual([
        [mob.id, 'Mobile', 7200, 34.29],
        [web.id, 'Website', 7200, 34.29],
        [null, 'No project', 6600, 31.43],
      ]);
      // E3: 01:30–02:00 CEST → 01h 1800; 02:00–03:00 CEST and again 02:00–02:30 CET → 02h 5400.
      // E4: 23h CET 3600, 00h CET 3600.  R: 09h 3300, 10h 3300 (2 h of wall time, 6600 s counted).
      expect(byProject.hourly.filter((h) => h.seconds > 0).map((h) => [h.hour, h.seconds])).toEqual([
        [0, 3600],
        [1, 1800],
        [2, 5400],
        [9, 3300],
        [10, 3300],
        [23, 3600],
      ]);
      expect(byProject.top_productive_hours).toEqual([2, 0, 23]);
      expect(byProject.total_seconds).toBe(21_000);

      const byTask = await berta.api.call(routes.analytics.timeDistribution, { query: { ...FALL, group_by: 'task' } });
      expect(byTask.distribution.map((d) => [d.label, d.task_key, d.seconds, d.percentage])).toEqual([
        ['API docs, "v2"', 'WEB-2', 7200, 34.29],
        ['No task', null, 7200, 34.29],
        ['Inbox zero', null, 6600, 31.43],
      ]);
      const byTag = await berta.api.call(routes.analytics.timeDistribution, { query: { ...FALL, group_by: 'tag' } });
      expect(byTag.distribution.map((d) => [d.key, d.seconds, d.percentage])).toEqual([
        [null, 13_800, 65.71],
        ['docs', 7200, 34.29],
      ]);
    });

    it("reads Leo's hours in Los Angeles time", async () => {
      const distribution = await leo.api.call(routes.analytics.timeDistribution, { query: { start: '2025-10-26', end: '2025-10-28' } });
      // L1 22:00–02:00 PDT, 10800 of 14400 wall seconds → 2700 per hour (22, 23, 00, 01).
      // L2 23:30–01:30 PDT, 6000 of 7200 → 1500 in 23h, 3000 in 00h, 1500 in 01h.  L3 09:00–10:30 PDT → 3600, 1800.
      expect(distribution.hourly.filter((h) => h.seconds > 0).map((h) => [h.hour, h.seconds])).toEqual([
        [0, 5700],
        [1, 4200],
        [9, 3600],
        [10, 1800],
        [22, 2700],
        [23, 4200],
      ]);
      expect(distribution.top_productive_hours).toEqual([0, 1, 23]);
      // Website L1 + L3 = 16200 (72.97 %), no project L2 6000 (27.03 %).
      expect(distribution.distribution.map((d) => [d.label, d.seconds, d.percentage])).toEqual([
        ['Website', 16_200, 72.97],
        ['No project', 6000, 27.03],
      ]);
    });

    it('answers an empty distribution without time', async () => {
      const empty = await carl.api.call(routes.analytics.timeDistribution, { query: { ...FALL, group_by: 'tag' } });
      expect(empty).toMatchObject({ total_seconds: 0, total_hours: 0, distribution: [], top_productive_hours: [] });
    });
  });

  describe('GET /api/v1/analytics/users (admins)', () => {
    it('requires authentication and the admin role', async () => {
      expect((await failure(ctx.anonymous.call(routes.analytics.users))).status).toBe(401);
      expect((await failure(berta.api.call(routes.analytics.users))).status).toBe(403);
    });

    it('summarises every user without multiplying hours by tasks', async () => {
      const page = await ada.api.call(routes.analytics.users);
      // Berta: E0 10800 + E1 18000 + E2 9000 + E3 7200 + E4 7200 + E5 3600 + R 6600 = 62400 s = 17.33 h over 7 entries
      // (2.48 h each). The spec's view joins her 6 tasks with her 7 entries and would say 6 × 17.33 = 104 h.
      // Leo: L1 10800 + L2 6000 + L3 5400 = 22200 s = 6.17 h over 3 entries (2.06 h each). Ada: A1 1 h.
      expect(page).toEqual({
        data: [
          {
            user_id: ada.id,
            email: ada.email,
            full_name: 'Ada Admin',
            is_active: true,
            total_tasks: 0,
            completed_tasks: 0,
            in_progress_tasks: 0,
            total_hours_tracked: 1,
            total_seconds_tracked: 3600,
            avg_hours_per_entry: 1,
            total_time_entries: 1,
          },
          {
            user_id: berta.id,
            email: berta.email,
            full_name: 'Berta Berlin',
            is_active: true,
            total_tasks: 6,
            completed_tasks: 3,
            in_progress_tasks: 1,
            total_hours_tracked: 17.33,
            total_seconds_tracked: 62_400,
            avg_hours_per_entry: 2.48,
            total_time_entries: 7,
          },
          {
            user_id: carl.id,
            email: carl.email,
            full_name: 'Carl Calm',
            is_active: true,
            total_tasks: 0,
            completed_tasks: 0,
            in_progress_tasks: 0,
            total_hours_tracked: 0,
            total_seconds_tracked: 0,
            avg_hours_per_entry: 0,
            total_time_entries: 0,
          },
          {
            user_id: leo.id,
            email: leo.email,
            full_name: 'Leo "Night" Owl',
            is_active: true,
            total_tasks: 2,
            completed_tasks: 1,
            in_progress_tasks: 0,
            total_hours_tracked: 6.17,
            total_seconds_tracked: 22_200,
            avg_hours_per_entry: 2.06,
            total_time_entries: 3,
          },
        ],
        meta: { page: 1, per_page: 20, total: 4 },
      });
    });

    it('sorts and pages', async () => {
      const page = await ada.api.call(routes.analytics.users, { query: { sort: 'total_hours_tracked', per_page: 2, page: 1 } });
      expect(page.data.map((row) => row.full_name)).toEqual(['Berta Berlin', 'Leo "Night" Owl']);
      expect(page.meta).toEqual({ page: 1, per_page: 2, total: 4 });
      const next = await ada.api.call(routes.analytics.users, { query: { sort: 'total_hours_tracked', per_page: 2, page: 2 } });
      expect(next.data.map((row) => row.full_name)).toEqual(['Ada Admin', 'Carl Calm']);
    });
  });

  describe('GET /api/v1/analytics/task-time-summary (admins)', () => {
    it('requires authentication and the admin role', async () => {
      expect((await failure(ctx.anonymous.call(routes.analytics.taskTimeSummary))).status).toBe(401);
      expect((await failure(leo.api.call(routes.analytics.taskTimeSummary))).status).toBe(403);
    });

    it('compares estimates with everyone’s running time on each task', async () => {
      const page = await ada.api.call(routes.analytics.taskTimeSummary, { query: { sort: 'hours_variance', per_page: 100 } });
      // T2: Berta's E4 7200 + Leo's L1 10800 = 18000 s = 5 h against 2.5 → +2.50.
      // T1: E1 18000 + E5 3600 = 21600 s = 6 h against 4 → +2.00.
      // T4: R 6600 s so far = 1.83 h against 1.5 → +0.33 (from 6600/3600 − 1.5 = 0.3333…).
      // T7: nothing against 0.75 → −0.75.  Tasks without an estimate come last.
      expect(page.meta.total).toBe(8);
      expect(page.data.slice(0, 4)).toEqual([
        {
          task_id: task.T2.id,
          task_key: 'WEB-2',
          user_id: berta.id,
          project_id: web.id,
          title: 'API docs, "v2"',
          status: 'done',
          priority: 'medium',
          estimated_hours: 2.5,
          time_entry_count: 2,
          actual_hours: 5,
          actual_seconds: 18_000,
          hours_variance: 2.5,
        },
        {
          task_id: task.T1.id,
          task_key: 'WEB-1',
          user_id: berta.id,
          project_id: web.id,
          title: 'Landing page',
          status: 'done',
          priority: 'high',
          estimated_hours: 4,
          time_entry_count: 2,
          actual_hours: 6,
          actual_seconds: 21_600,
          hours_variance: 2,
        },
        {
          task_id: task.T4.id,
          task_key: null,
          user_id: berta.id,
          project_id: null,
          title: 'Inbox zero',
          status: 'in_progress',
          priority: 'low',
          estimated_hours: 1.5,
          time_entry_count: 1,
          actual_hours: 1.83,
          actual_seconds: 6600,
          hours_variance: 0.33,
        },
        {
          task_id: task.T7.id,
          task_key: 'WEB-3',
          user_id: leo.id,
          project_id: web.id,
          title: 'Review',
          status: 'done',
          priority: 'medium',
          estimated_hours: 0.75,
          time_entry_count: 0,
          actual_hours: 0,
          actual_seconds: 0,
          hours_variance: -0.75,
        },
      ]);
      expect(
        page.data
          .slice(4)
          .map((row) => [row.title, row.estimated_hours, row.hours_variance])
          .sort(),
      ).toEqual([
        ['Crash fix', null, null],
        ['Leo todo', null, null],
        ['Old idea', null, null],
        ['Plan Q4', null, null],
      ]);
    });

    it('filters by user and project', async () => {
      const leoTasks = await ada.api.call(routes.analytics.taskTimeSummary, { query: { user_id: leo.id, sort: 'title', order: 'asc' } });
      expect(leoTasks.data.map((row) => row.title)).toEqual(['Leo todo', 'Review']);
      const mobile = await ada.api.call(routes.analytics.taskTimeSummary, { query: { project_id: mob.id } });
      expect(mobile.data.map((row) => row.task_key)).toEqual(['MOB-1']);
    });
  });

  describe('GET /api/v1/reports/projects/:id', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.reports.project, { params: { id: web.id } }))).status).toBe(401);
    });

    it('gives admins hours and money by day, task, user and project, in their time zone (UTC)', async () => {
      const report = await ada.api.call(routes.reports.project, { params: { id: web.id }, query: FALL });
      // Stopped Website entries in 10-25..10-28 UTC: E4 (10-26, 7200, 120 EUR), L1 (10-27, 10800, 300 USD),
      // A1 (10-27, 3600, 33.3333 EUR), L3 (10-27, 5400, 120 USD, not billable).  Running and paused timers are left out.
      expect(report.subject).toEqual({ type: 'project', id: web.id, name: 'Website' });
      expect(report).toMatchObject({ date_range: FALL, time_zone: 'UTC', money_visible: true });
      // Totals: 27000 s, billable 21600; EUR 153.3333 (all billable), USD 420 (300 billable). Largest amount first.
      expect(report.totals).toEqual(figures({ entries: 4, seconds: 27_000, billable_seconds: 21_600, cost: [usd('420.0000', '300.0000'), eur('153.3333')] }));
      expect(report.by_day).toEqual([
        { date: '2025-10-26', ...figures({ entries: 1, seconds: 7200, cost: [eur('120.0000')] }) },
        { date: '2025-10-27', ...figures({ entries: 3, seconds: 19_800, billable_seconds: 14_400, cost: [usd('420.0000', '300.0000'), eur('33.3333')] }) },
      ]);
      expect(report.by_task).toEqual([
        { task_id: task.T2.id, task_key: 'WEB-2', task_title: 'API docs, "v2"', ...figures({ entries: 2, seconds: 18_000, cost: [usd('300.0000'), eur('120.0000')] }) },
        { task_id: null, task_key: null, task_title: null, ...figures({ entries: 2, seconds: 9000, billable_seconds: 3600, cost: [usd('120.0000', '0.0000'), eur('33.3333')] }) },
      ]);
      expect(report.by_user).toEqual([
        { user_id: leo.id, full_name: 'Leo "Night" Owl', ...figures({ entries: 2, seconds: 16_200, billable_seconds: 10_800, cost: [usd('420.0000', '300.0000')] }) },
        { user_id: berta.id, full_name: 'Berta Berlin', ...figures({ entries: 1, seconds: 7200, cost: [eur('120.0000')] }) },
        { user_id: ada.id, full_name: 'Ada Admin', ...figures({ entries: 1, seconds: 3600, cost: [eur('33.3333')] }) },
      ]);
      expect(report.by_project).toEqual([{ project_id: web.id, project_key: 'WEB', project_name: 'Website', ...report.totals }]);
    });

    it('gives members of the project hours only, in their own days (Berlin)', async () => {
      const report = await berta.api.call(routes.reports.project, { params: { id: web.id }, query: FALL });
      // E4 23:00 CET on 10-26 to 01:00 on 10-27 → 3600 + 3600; L1, A1, L3 all on 10-27 → 3600 + 10800 + 3600 + 5400 = 23400.
      expect(report).toMatchObject({ time_zone: 'Europe/Berlin', money_visible: false });
      expect(report.totals).toEqual(figures({ entries: 4, seconds: 27_000, billable_seconds: 21_600 }));
      expect(report.by_day).toEqual([
        { date: '2025-10-26', ...figures({ entries: 1, seconds: 3600 }) },
        { date: '2025-10-27', ...figures({ entries: 4, seconds: 23_400, billable_seconds: 18_000 }) },
      ]);
      expect(report.by_user.every((row) => row.cost === null)).toBe(true);
    });

    it('is a 404 for others', async () => {
      expect((await failure(carl.api.call(routes.reports.project, { params: { id: web.id } }))).status).toBe(404);
      expect((await failure(leo.api.call(routes.reports.project, { params: { id: mob.id } }))).status).toBe(404);
    });
  });

  describe('GET /api/v1/reports/users/:id', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.reports.user, { params: { id: berta.id } }))).status).toBe(401);
    });

    it('gives a member their own report, hours only, split at Berlin midnights', async () => {
      const report = await berta.api.call(routes.reports.user, { params: { id: berta.id }, query: SPRING });
      // E1 7200 on 03-29 and 10800 on 03-30; E5 1800 on 03-30 and 1800 on 03-31; E2 9000 on 03-31 (not billable).
      expect(report.subject).toEqual({ type: 'user', id: berta.id, name: 'Berta Berlin' });
      expect(report.totals).toEqual(figures({ entries: 3, seconds: 30_600, billable_seconds: 21_600 }));
      expect(report.by_day).toEqual([
        { date: '2025-03-29', ...figures({ entries: 1, seconds: 7200 }) },
        { date: '2025-03-30', ...figures({ entries: 2, seconds: 12_600 }) },
        { date: '2025-03-31', ...figures({ entries: 2, seconds: 10_800, billable_seconds: 1800 }) },
      ]);
      expect(report.by_project.map((row) => [row.project_key, row.seconds])).toEqual([
        ['WEB', 21_600],
        ['MOB', 9000],
      ]);
      expect(report.by_task.map((row) => [row.task_key, row.seconds])).toEqual([
        ['WEB-1', 21_600],
        [null, 9000],
      ]);
      expect(report.by_user).toEqual([{ user_id: berta.id, full_name: 'Berta Berlin', ...report.totals }]);
    });

    it("gives admins anyone's report with money, in the admin's days (UTC)", async () => {
      const report = await ada.api.call(routes.reports.user, { params: { id: berta.id }, query: SPRING });
      // UTC: E1 21:00Z–00:00Z on 03-29 = 10800 (300 × 3/5 = 180.0000), 7200 on 03-30 (120.0000);
      // E5 on 03-30 (72.0000); E2 on 03-31 (225.0000, not billable). Total 597.0000 EUR, billable 372.0000.
      expect(report.totals).toEqual(figures({ entries: 3, seconds: 30_600, billable_seconds: 21_600, cost: [eur('597.0000', '372.0000')] }));
      expect(report.by_day).toEqual([
        { date: '2025-03-29', ...figures({ entries: 1, seconds: 10_800, cost: [eur('180.0000')] }) },
        { date: '2025-03-30', ...figures({ entries: 2, seconds: 10_800, cost: [eur('192.0000')] }) },
        { date: '2025-03-31', ...figures({ entries: 1, seconds: 9000, billable_seconds: 0, cost: [eur('225.0000', '0.0000')] }) },
      ]);
      expect(report.by_project).toEqual([
        { project_id: web.id, project_key: 'WEB', project_name: 'Website', ...figures({ entries: 2, seconds: 21_600, cost: [eur('372.0000')] }) },
        { project_id: mob.id, project_key: 'MOB', project_name: 'Mobile', ...figures({ entries: 1, seconds: 9000, billable_seconds: 0, cost: [eur('225.0000', '0.0000')] }) },
      ]);
    });

    it("is a 404 for another member's report and for unknown users", async () => {
      expect((await failure(berta.api.call(routes.reports.user, { params: { id: leo.id } }))).status).toBe(404);
      expect((await failure(ada.api.call(routes.reports.user, { params: { id: '00000000-0000-4000-8000-000000000000' } }))).status).toBe(404);
    });
  });

  describe('?format=csv', () => {
    const download = async (user: TestUser, url: string) => {
      const response = await ctx.fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${user.token}` } });
      return { status: response.statusCode, headers: response.headers, records: response.statusCode === 200 ? parseCsv(response.body) : [] };
    };

    it('streams the project report with escaped, formula-safe cells and the same totals', async () => {
      const csv = await download(ada, `/api/v1/reports/projects/${web.id}?start=2025-10-25&end=2025-10-28&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="stint-project-WEB-2025-10-25_2025-10-28.csv"');
      expect(csv.records).toEqual([
        ['date', 'start', 'end', 'user', 'project', 'task_key', 'task', 'description', 'seconds', 'hours', 'billable', 'cost', 'cost_exact', 'currency'],
        [
          '2025-10-26',
          '2025-10-26T22:00:00+00',
          '2025-10-27T00:00:00+00',
          'Berta Berlin',
          'Website',
          'WEB-2',
          'API docs, "v2"',
          `'=SUM(A1:A9), "quoted"\nsecond line`,
          '7200',
          '2.00',
          'yes',
          '120.00',
          '120.0000',
          'EUR',
        ],
        [
          '2025-10-27',
          '2025-10-27T05:00:00+00',
          '2025-10-27T09:00:00+00',
          'Leo "Night" Owl',
          'Website',
          'WEB-2',
          'API docs, "v2"',
          '',
          '10800',
          '3.00',
          'yes',
          '300.00',
          '300.0000',
          'USD',
        ],
        ['2025-10-27', '2025-10-27T12:00:00+00', '2025-10-27T13:00:00+00', 'Ada Admin', 'Website', '', '', '', '3600', '1.00', 'yes', '33.33', '33.3333', 'EUR'],
        ['2025-10-27', '2025-10-27T16:00:00+00', '2025-10-27T17:30:00+00', 'Leo "Night" Owl', 'Website', '', '', "'@here sync", '5400', '1.50', 'no', '120.00', '120.0000', 'USD'],
        // Totals per currency: EUR E4 + A1; USD L1 + L3 (L3 not billable).
        ['Total', '', '', '', '', '', '', '', '10800', '3.00', '', '153.33', '153.3333', 'EUR'],
        ['Billable', '', '', '', '', '', '', '', '10800', '3.00', '', '153.33', '153.3333', 'EUR'],
        ['Non-billable', '', '', '', '', '', '', '', '0', '0.00', '', '0.00', '0.0000', 'EUR'],
        ['Total', '', '', '', '', '', '', '', '16200', '4.50', '', '420.00', '420.0000', 'USD'],
        ['Billable', '', '', '', '', '', '', '', '10800', '3.00', '', '300.00', '300.0000', 'USD'],
        ['Non-billable', '', '', '', '', '', '', '', '5400', '1.50', '', '120.00', '120.0000', 'USD'],
      ]);
    });

    it("writes a member's own report without money, with local times and their offsets", async () => {
      const csv = await download(berta, `/api/v1/reports/users/${berta.id}?start=2025-03-28&end=2025-04-03&format=csv`);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="stint-user-berta-berlin-2025-03-28_2025-04-03.csv"');
      expect(csv.records).toEqual([
        ['date', 'start', 'end', 'user', 'project', 'task_key', 'task', 'description', 'seconds', 'hours', 'billable'],
        ['2025-03-29', '2025-03-29T22:00:00+01', '2025-03-30T04:00:00+02', 'Berta Berlin', 'Website', 'WEB-1', 'Landing page', 'Hero section', '18000', '5.00', 'yes'],
        ['2025-03-30', '2025-03-30T23:30:00+02', '2025-03-31T00:30:00+02', 'Berta Berlin', 'Website', 'WEB-1', 'Landing page', '', '3600', '1.00', 'yes'],
        ['2025-03-31', '2025-03-31T09:00:00+02', '2025-03-31T12:00:00+02', 'Berta Berlin', 'Mobile', '', '', "'+1 call", '9000', '2.50', 'no'],
        ['Total', '', '', '', '', '', '', '', '30600', '8.50', ''],
        ['Billable', '', '', '', '', '', '', '', '21600', '6.00', ''],
        ['Non-billable', '', '', '', '', '', '', '', '9000', '2.50', ''],
      ]);
    });

    it('writes only the part of an entry inside the range', async () => {
      // 03-30 alone: E1's 10800 s after Berlin midnight and E5's 1800 s before the next one.
      const csv = await download(ada, `/api/v1/reports/users/${berta.id}?start=2025-03-30&end=2025-03-30&format=csv`);
      expect(csv.records.slice(1).map((r) => [r[0], r[8], r[12]])).toEqual([
        ['2025-03-30', '7200', '120.0000'], // UTC for Ada: 00:00Z–02:00Z of E1 = 2/5 of 300
        ['2025-03-30', '3600', '72.0000'],
        ['Total', '10800', '192.0000'],
        ['Billable', '10800', '192.0000'],
        ['Non-billable', '0', '0.0000'],
      ]);
      const own = await download(berta, `/api/v1/reports/users/${berta.id}?start=2025-03-30&end=2025-03-30&format=csv`);
      expect(own.records.slice(1).map((r) => [r[0], r[8]])).toEqual([
        ['2025-03-30', '10800'],
        ['2025-03-30', '1800'],
        ['Total', '12600'],
        ['Billable', '12600'],
        ['Non-billable', '0'],
      ]);
    });

    it('checks access before streaming anything', async () => {
      expect((await download(carl, `/api/v1/reports/projects/${web.id}?format=csv`)).status).toBe(404);
      expect((await download(leo, `/api/v1/reports/users/${berta.id}?format=csv`)).status).toBe(404);
      const anonymous = await ctx.fastify.inject({ method: 'GET', url: `/api/v1/reports/users/${berta.id}?format=csv` });
      expect(anonymous.statusCode).toBe(401);
    });
  });
});
