import { routes, type BudgetListQuery } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/helpers';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/**
 * The admin dashboard over four live budgets and an archived one (clock at 2026-03-01 12:00 UTC):
 * Alpha 95 % (forecast in 5 days), Bravo 50 % (in 100 days), Charlie exceeded (on 2026-02-25),
 * Delta planning (starts in April, nothing spent), Echo archived.
 */
describe('GET /api/v1/budgets', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    member = await ctx.newUser();
    ctx.clock.set(NOW);
    const spec: Array<[string, string, Array<[number, string]>, object]> = [
      [
        'Alpha',
        '1000',
        [
          [20, '810'],
          [1, '140'],
        ],
        {},
      ],
      [
        'Bravo',
        '1000',
        [
          [30, '430'],
          [2, '70'],
        ],
        {},
      ],
      [
        'Charlie',
        '100',
        [
          [5, '60'],
          [4, '60'],
        ],
        { is_locked: true },
      ],
      ['Delta', '1000', [], { start_date: '2026-04-01' }],
      ['Echo', '1000', [[3, '10']], {}],
    ];
    for (const [name, total, entries, extra] of spec) {
      const project = await ctx.newProject(admin, { name });
      ids[name] = project.id;
      for (const [days, cost] of entries)
        await ctx.insertEntry({ userId: admin.id, projectId: project.id, start: new Date(daysAgo(days).getTime() - 3_600_000), seconds: 3600, cost });
      await ctx.newBudget(admin, project.id, { total_budget: total, ...extra });
    }
    await admin.api.call(routes.projects.update, { params: { id: ids.Echo }, body: { archived: true } });
  });
  afterAll(() => ctx.close());

  const names = async (query: BudgetListQuery = {}) => (await admin.api.call(routes.budgets.list, { query })).data.map((row) => row.project_name);

  it('requires authentication and the admin role', async () => {
    expect((await ctx.fastify.inject({ method: 'GET', url: '/api/v1/budgets' })).statusCode).toBe(401);
    expect((await failure(member.api.call(routes.budgets.list))).status).toBe(403);
  });

  it('shows every live budget with its figures, most used first', async () => {
    const page = await admin.api.call(routes.budgets.list);
    expect(page.meta).toEqual({ page: 1, per_page: 20, total: 4 });
    expect(page.data.map((row) => row.project_name)).toEqual(['Charlie', 'Alpha', 'Bravo', 'Delta']);
    expect(page.data.find((row) => row.project_name === 'Alpha')).toEqual({
      project_id: ids.Alpha,
      project_name: 'Alpha',
      project_key: expect.any(String),
      project_archived: false,
      budget_id: expect.any(String),
      currency: 'USD',
      total_budget: '1000.00',
      total_cost: '950.00',
      remaining: '50.00',
      percent_used: 95,
      status: 'active',
      alert_threshold: 80,
      critical_threshold: 90,
      is_locked: false,
      open_alerts: 2,
      burn_rate_per_day: '10.00',
      forecast_date: '2026-03-06',
      exceeded_on: null,
      end_date: null,
    });
    expect(page.data.find((row) => row.project_name === 'Charlie')).toMatchObject({
      status: 'exceeded',
      is_locked: true,
      open_alerts: 3,
      forecast_date: null,
      exceeded_on: '2026-02-25',
    });
    expect(page.data.find((row) => row.project_name === 'Bravo')).toMatchObject({ forecast_date: '2026-06-09', burn_rate_per_day: '5.00' });
    expect(page.data.find((row) => row.project_name === 'Delta')).toMatchObject({ status: 'planning', forecast_date: null, percent_used: 0 });
  });

  it.each<[string, BudgetListQuery, string[]]>([
    ['archived included on request', { include_archived: true }, ['Charlie', 'Alpha', 'Bravo', 'Echo', 'Delta']],
    ['least used first', { order: 'asc' }, ['Delta', 'Bravo', 'Alpha', 'Charlie']],
    ['exceeded only', { status: 'exceeded' }, ['Charlie']],
    ['planning only', { status: 'planning' }, ['Delta']],
    ['over the alert threshold', { over_threshold: true }, ['Charlie', 'Alpha']],
    ['under it', { over_threshold: false }, ['Bravo', 'Delta']],
    ['by forecast, soonest first, unknown last', { sort: 'forecast' }, ['Charlie', 'Alpha', 'Bravo', 'Delta']],
    ['by forecast, latest first, unknown still last', { sort: 'forecast', order: 'desc' }, ['Bravo', 'Alpha', 'Charlie', 'Delta']],
    ['by name', { sort: 'name' }, ['Alpha', 'Bravo', 'Charlie', 'Delta']],
    ['by status', { sort: 'status' }, ['Delta', 'Alpha', 'Bravo', 'Charlie']],
    ['the second page of two', { sort: 'name', per_page: 2, page: 2 }, ['Charlie', 'Delta']],
    ['filters combined', { status: 'active', over_threshold: true }, ['Alpha']],
  ])('%s', async (_, query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('keeps the total on a page past the end', async () => {
    expect((await admin.api.call(routes.budgets.list, { query: { per_page: 2, page: 5 } })).meta).toEqual({ page: 5, per_page: 2, total: 4 });
  });

  it.each<[string, string]>([
    ['an unknown sort', 'sort=cost'],
    ['an unknown status', 'status=closed'],
    ['a non-boolean filter', 'over_threshold=yes'],
    ['pages over 100', 'per_page=101'],
  ])('refuses %s (422)', async (_, query) => {
    const response = await ctx.fastify.inject({ method: 'GET', url: `/api/v1/budgets?${query}`, headers: { authorization: `Bearer ${admin.token}` } });
    expect(response.statusCode).toBe(422);
  });
});
