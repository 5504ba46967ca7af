import { routes, type ReportFigures, type ReportResponse } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { inTransaction, ledgerOf } from '../../../test/support/helpers';

/** Figures shown together add up exactly as shown (issue 12, item 9): 856.93 + 143.08 was 1,000.01. */
const NOW = new Date('2026-03-10T12:00:00.000Z');
const cents = (amount: string | number) => Math.round(Number(amount) * 100);

describe('figures shown together add up as shown', () => {
  let ctx: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  it('a budget: cost + remaining = total, on the budget, the budgets list and after a change', async () => {
    const project = await ctx.newProject(admin, { name: 'Rounding', currency: 'USD' });
    await ctx.insertEntry({ userId: admin.id, projectId: project.id, start: new Date('2026-03-09T09:00:00Z'), seconds: 3600, cost: '856.9250' });
    const set = await ctx.newBudget(admin, project.id, { total_budget: '1000.00' });
    const shown = await admin.api.call(routes.budgets.get, { params: { id: project.id } });
    const list = await admin.api.call(routes.budgets.list, { query: { per_page: 100 } });
    const row = list.data.find((item) => item.project_id === project.id)!;
    expect([set.total_cost, set.remaining]).toEqual(['856.93', '143.07']);
    for (const figures of [set, shown as typeof set, row]) {
      expect(cents(figures.total_cost) + cents(figures.remaining)).toBe(cents(figures.total_budget));
    }
    // Over budget: the remainder is negative and still adds up.
    await inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, project.id, '143.0800'));
    const over = await admin.api.call(routes.budgets.get, { params: { id: project.id } });
    if (over.view !== 'full') throw new Error('expected the full view');
    expect([over.total_cost, over.remaining]).toEqual(['1000.01', '-0.01']);
  });

  it('a report: every breakdown’s rows add up to the totals, and billable + non-billable = hours, in hours and money', async () => {
    const project = await ctx.newProject(admin, { name: 'Report rounding', currency: 'USD' });
    const people = [admin, await ctx.newUser(), await ctx.newUser()];
    // Three people, 20 s and 0.005 each: rounded one by one, 3 × 0.01 against a total of 0.02.
    for (const [i, person] of people.entries()) {
      await ctx.insertEntry({ userId: person.id, projectId: project.id, start: new Date(`2026-03-0${i + 2}T10:00:00Z`), seconds: 20, cost: '0.0050', billable: true });
      await ctx.insertEntry({ userId: person.id, projectId: project.id, start: new Date(`2026-03-0${i + 2}T11:00:00Z`), seconds: 20, cost: '0.0050', billable: false });
    }
    const report: ReportResponse = await admin.api.call(routes.reports.project, { params: { id: project.id }, query: { start: '2026-03-01', end: '2026-03-09' } });

    const check = (label: string, figures: ReportFigures) =>
      expect([label, cents(figures.billable_hours) + cents(figures.non_billable_hours)]).toEqual([label, cents(figures.hours)]);
    check('totals', report.totals);
    expect(report.totals.cost?.[0]).toMatchObject({ currency: 'USD', amount: '0.03', billable_amount: '0.02' });
    for (const [name, rows] of Object.entries({ by_day: report.by_day, by_task: report.by_task, by_user: report.by_user, by_project: report.by_project }) as Array<
      [string, ReportFigures[]]
    >) {
      if (name !== 'by_task') expect([name, rows.length]).toEqual([name, name === 'by_project' ? 1 : 3]);
      rows.forEach((row, i) => {
        check(`${name}[${i}]`, row);
      });
      for (const field of ['hours', 'billable_hours', 'non_billable_hours'] as const) {
        expect([name, field, rows.reduce((sum, row) => sum + cents(row[field]), 0)]).toEqual([name, field, cents(report.totals[field])]);
      }
      for (const field of ['amount', 'billable_amount'] as const) {
        const sum = rows.reduce((total, row) => total + cents(row.cost?.find((line) => line.currency === 'USD')?.[field] ?? 0), 0);
        expect([name, field, sum]).toEqual([name, field, cents(report.totals.cost![0][field])]);
      }
    }
  });

  it('the dashboard and the trend: the days’ hours add up to the period’s hours', async () => {
    const person = await ctx.newUser();
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      await ctx.insertEntry({ userId: person.id, projectId: null, start: new Date(`${day}T10:00:00Z`), seconds: 20, cost: '0.0000' });
    }
    const dashboard = await person.api.call(routes.analytics.dashboard, { query: { start: '2026-03-02', end: '2026-03-08' } });
    expect(dashboard.total_time_tracked_hours).toBe(0.02);
    expect(dashboard.daily_breakdown.reduce((sum, day) => sum + cents(day.time_tracked_hours), 0)).toBe(cents(dashboard.total_time_tracked_hours));
    const trend = await person.api.call(routes.analytics.trend, { query: { start: '2026-03-02', end: '2026-03-08' } });
    expect(trend.daily_breakdown.reduce((sum, day) => sum + cents(day.time_tracked_hours), 0)).toBe(cents(trend.time_tracked_hours));
  });
});
