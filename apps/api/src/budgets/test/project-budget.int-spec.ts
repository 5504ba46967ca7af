import { routes, type ProjectBudgetResponse } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { callAs, failure, inTransaction, ledgerOf } from '../../../test/support/helpers';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const daysAgo = (days: number) => hoursAgo(days * 24);

describe('PUT/GET /api/v1/projects/:id/budget', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    member = await ctx.newUser({ full_name: 'Max Member' });
    outsider = await ctx.newUser({ full_name: 'Olga Outsider' });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  async function projectWithMember() {
    const project = await ctx.newProject(admin, { name: 'Apollo', currency: 'USD' });
    await ctx.addMembers(admin, project.id, member);
    return project;
  }

  const put = (user: TestUser | null, projectId: string, payload: object) =>
    ctx.fastify.inject({ method: 'PUT', url: `/api/v1/projects/${projectId}/budget`, headers: user ? { authorization: `Bearer ${user.token}` } : {}, payload });

  it('requires authentication', async () => {
    const project = await projectWithMember();
    expect((await callAs(ctx, null, { method: 'GET', url: `/api/v1/projects/${project.id}/budget` })).status).toBe(401);
    expect((await put(null, project.id, { total_budget: '10' })).statusCode).toBe(401);
  });

  it('creates (201) with defaults, then replaces (200)', async () => {
    const project = await projectWithMember();
    const created = await put(admin, project.id, { total_budget: 1500.5 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      view: 'full',
      project_id: project.id,
      project_name: 'Apollo',
      currency: 'USD',
      total_budget: '1500.50',
      allocated_budget: null,
      total_cost: '0.00',
      remaining: '1500.50',
      percent_used: 0,
      status: 'active',
      alert_threshold: 80,
      critical_threshold: 90,
      is_locked: false,
      cap_reached: false,
      start_date: null,
      end_date: null,
      active_timers_cost: '0.00',
      active_timers: 0,
      burn_rate_per_day: '0.00',
      forecast_date: null,
      exceeded_on: null,
      open_alerts: 0,
      tracking_enabled: true,
      alerts_enabled: true,
    });
    const replaced = await put(admin, project.id, {
      total_budget: '2000',
      allocated_budget: '1200.25',
      currency: 'usd',
      alert_threshold: 75.5,
      critical_threshold: 95,
      start_date: '2026-01-01',
      end_date: '2026-12-31',
      is_locked: true,
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({
      total_budget: '2000.00',
      allocated_budget: '1200.25',
      alert_threshold: 75.5,
      critical_threshold: 95,
      is_locked: true,
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    });
    // PUT replaces: what is left out goes back to its default.
    expect((await put(admin, project.id, { total_budget: '2000' })).json()).toMatchObject({ allocated_budget: null, alert_threshold: 80, is_locked: false, start_date: null });
  });

  it('answers 404 for a project without a budget', async () => {
    const project = await projectWithMember();
    const error = await failure(admin.api.call(routes.budgets.get, { params: { id: project.id } }));
    expect(error.status).toBe(404);
  });

  it.each<[string, object, string]>([
    ['a zero budget', { total_budget: '0' }, 'total_budget'],
    ['three decimals', { total_budget: '10.005' }, 'total_budget'],
    ['a negative budget', { total_budget: '-5' }, 'total_budget'],
    ['more than DECIMAL(12,2) holds', { total_budget: '10000000000' }, 'total_budget'],
    ['no budget at all', {}, 'total_budget'],
    ['a warning above the critical threshold', { total_budget: '10', alert_threshold: 95 }, 'alert_threshold'],
    ['a threshold over 100', { total_budget: '10', critical_threshold: 100.01 }, 'critical_threshold'],
    ['a threshold with 3 decimals', { total_budget: '10', alert_threshold: 80.125 }, 'alert_threshold'],
    ['more allocated than budgeted', { total_budget: '10', allocated_budget: '10.01' }, 'allocated_budget'],
    ['an end before the start', { total_budget: '10', start_date: '2026-05-02', end_date: '2026-05-01' }, 'end_date'],
    ['an impossible date', { total_budget: '10', start_date: '2026-02-30' }, 'start_date'],
    ['a currency other than the project’s', { total_budget: '10', currency: 'EUR' }, 'currency'],
    ['an unknown field', { total_budget: '10', total_cost: '5' }, 'total_cost'],
  ])('refuses %s (422)', async (_, payload, field) => {
    const project = await projectWithMember();
    const response = await put(admin, project.id, payload);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toHaveProperty(field);
  });

  it('says the budget must be in the project’s currency, never converting', async () => {
    const project = await ctx.newProject(admin, { currency: 'EUR' });
    const response = await put(admin, project.id, { total_budget: '10', currency: 'USD' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toMatch(/billed in EUR, not USD.*never converted/);
  });

  it('is planning before its start date, active from it, and exceeded whatever the date once used up', async () => {
    const project = await projectWithMember();
    expect((await ctx.newBudget(admin, project.id, { start_date: '2026-03-02' })).status).toBe('planning');
    ctx.clock.set(new Date('2026-03-02T00:00:00.000Z'));
    expect((await admin.api.call(routes.budgets.get, { params: { id: project.id } })).status).toBe('active');
    ctx.clock.set(NOW);
    await inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, project.id, '1000'));
    expect((await admin.api.call(routes.budgets.get, { params: { id: project.id } })).status).toBe('exceeded');
  });

  describe('burn rate and forecast (clock at 2026-03-01 12:00 UTC)', () => {
    async function spent(projectId: string, entries: Array<[Date, string]>) {
      for (const [end, cost] of entries) {
        await ctx.insertEntry({ userId: admin.id, projectId, start: new Date(end.getTime() - 3_600_000), seconds: 3600, cost });
      }
    }

    it('spends the last 14 days’ cost (by end time) per day and forecasts the day the rest runs out', async () => {
      const project = await projectWithMember();
      await spent(project.id, [
        [daysAgo(20), '150.0000'], // before the window: in the total, not in the burn rate
        [daysAgo(14), '10.0000'], // exactly at the window's start: outside (the window is (now − 14 d, now])
        [daysAgo(13.9), '60.0000'],
        [hoursAgo(5), '79.9999'],
        [NOW, '0.0001'], // exactly now: inside
      ]);
      const budget = await ctx.newBudget(admin, project.id);
      expect(budget.total_cost).toBe('300.00');
      expect(budget.burn_rate_per_day).toBe('10.00');
      // 700 left at 140 per 14 days = 70 days from 2026-03-01T12:00Z.
      expect(budget.forecast_date).toBe('2026-05-10');
      expect(budget.exceeded_on).toBeNull();
    });

    it('dates the forecast in the caller’s time zone', async () => {
      const project = await projectWithMember();
      await spent(project.id, [[hoursAgo(1), '140.0000']]);
      const viewer = async (timezone: string) => {
        const user = await ctx.newUser();
        await ctx.sql(`UPDATE users SET role = 'admin', timezone = $2 WHERE id = $1`, [user.id, timezone]);
        return user;
      };
      const [utc, tokyo, newYork] = [await viewer('UTC'), await viewer('Asia/Tokyo'), await viewer('America/New_York')];
      const forecastFor = async (user: TestUser) => ((await user.api.call(routes.budgets.get, { params: { id: project.id } })) as ProjectBudgetResponse).forecast_date;
      // 872 left at 10 a day: 87.2 days → 2026-05-27T16:48Z, already the 28th in Tokyo.
      await ctx.newBudget(admin, project.id, { total_budget: '1012' });
      expect([await forecastFor(utc), await forecastFor(tokyo)]).toEqual(['2026-05-27', '2026-05-28']);
      // 875 left: 87.5 days → 2026-05-28T00:00Z, still the 27th in New York.
      await ctx.newBudget(admin, project.id, { total_budget: '1015' });
      expect([await forecastFor(utc), await forecastFor(newYork)]).toEqual(['2026-05-28', '2026-05-27']);
    });

    it('has no forecast without spending in the window', async () => {
      const project = await projectWithMember();
      await spent(project.id, [[daysAgo(30), '500.0000']]);
      const budget = await ctx.newBudget(admin, project.id);
      expect(budget).toMatchObject({ burn_rate_per_day: '0.00', forecast_date: null, percent_used: 50 });
    });

    it('once exceeded gives the day the running sum reached the budget instead of a forecast', async () => {
      const project = await projectWithMember();
      await spent(project.id, [
        [daysAgo(10), '600.0000'],
        [daysAgo(3), '400.0000'], // reaches 1000 here
        [daysAgo(1), '50.0000'],
      ]);
      const budget = await ctx.newBudget(admin, project.id);
      expect(budget).toMatchObject({ status: 'exceeded', percent_used: 105, remaining: '-50.00', forecast_date: null, exceeded_on: '2026-02-26' });
    });

    it('shows the cost of timers running or paused on the project now, apart from total_cost', async () => {
      const project = await projectWithMember();
      const worker = await ctx.newUser();
      await ctx.insertEntry({ userId: admin.id, projectId: project.id, status: 'running', start: hoursAgo(1), rateType: 'hourly', rateAmount: '36' });
      await ctx.insertEntry({
        userId: worker.id,
        projectId: project.id,
        status: 'paused',
        start: hoursAgo(2),
        pausedAt: hoursAgo(1.5),
        pausedSeconds: 600,
        rateType: 'minutely',
        rateAmount: '1',
      });
      const budget = await ctx.newBudget(admin, project.id);
      // 3600 s × 0.01 + (1800 − 600) s at 1 a minute = 36 + 20.
      expect(budget).toMatchObject({ total_cost: '0.00', active_timers: 2, active_timers_cost: '56.00' });
    });
  });

  describe('who sees what', () => {
    it('members of the project see progress, never money', async () => {
      const project = await projectWithMember();
      await ctx.newBudget(admin, project.id, { is_locked: true, start_date: '2026-01-01' });
      await inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, project.id, '823.4567'));
      const view = await member.api.call(routes.budgets.get, { params: { id: project.id } });
      expect(view).toEqual({
        view: 'progress',
        project_id: project.id,
        percent_used: 82.34,
        status: 'active',
        is_locked: true,
        cap_reached: false,
        start_date: '2026-01-01',
        end_date: null,
      });
    });

    type Actor = 'admin' | 'member' | 'outsider' | 'anonymous';
    const users = (): Record<Actor, TestUser | null> => ({ admin, member, outsider, anonymous: null });

    it.each<[string, (projectId: string, alertId: string) => { method: 'GET' | 'POST'; url: string }, Record<Actor, number>]>([
      ['GET /projects/:id/budget', (p) => ({ method: 'GET', url: `/api/v1/projects/${p}/budget` }), { admin: 200, member: 200, outsider: 404, anonymous: 401 }],
      ['GET /projects/:id/statistics', (p) => ({ method: 'GET', url: `/api/v1/projects/${p}/statistics` }), { admin: 200, member: 200, outsider: 404, anonymous: 401 }],
      ['GET /budgets', () => ({ method: 'GET', url: '/api/v1/budgets' }), { admin: 200, member: 403, outsider: 403, anonymous: 401 }],
      ['GET /budget-alerts', () => ({ method: 'GET', url: '/api/v1/budget-alerts' }), { admin: 200, member: 403, outsider: 403, anonymous: 401 }],
      [
        'POST /budget-alerts/:id/acknowledge',
        (_, a) => ({ method: 'POST', url: `/api/v1/budget-alerts/${a}/acknowledge` }),
        { admin: 200, member: 403, outsider: 403, anonymous: 401 },
      ],
      ['GET /budget-alerts/stream', () => ({ method: 'GET', url: '/api/v1/budget-alerts/stream' }), { admin: -1, member: 403, outsider: 403, anonymous: 401 }],
    ])('%s', async (_, request, expected) => {
      const project = await projectWithMember();
      await ctx.newBudget(admin, project.id);
      const [alert] = await inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, project.id, '800'));
      for (const [actor, status] of Object.entries(expected) as Array<[Actor, number]>) {
        if (status < 0) continue;
        const response = await callAs(ctx, users()[actor], request(project.id, alert.id));
        expect([actor, response.status]).toEqual([actor, status]);
      }
      const [{ is_acknowledged }] = await ctx.sql<{ is_acknowledged: boolean }>('SELECT is_acknowledged FROM budget_alerts WHERE id = $1', [alert.id]);
      expect(is_acknowledged).toBe(request(project.id, alert.id).method === 'POST');
    });

    it.each<[Actor, number]>([
      ['admin', 200],
      ['member', 403],
      ['outsider', 404],
      ['anonymous', 401],
    ])('PUT /projects/:id/budget as %s → %i, and a refusal changes nothing', async (actor, status) => {
      const project = await projectWithMember();
      await ctx.newBudget(admin, project.id, { total_budget: '500' });
      expect((await put(users()[actor], project.id, { total_budget: '999' })).statusCode).toBe(status);
      const [{ total_budget }] = await ctx.sql<{ total_budget: string }>('SELECT total_budget::text FROM project_budgets WHERE project_id = $1', [project.id]);
      expect(total_budget).toBe(status === 200 ? '999.00' : '500.00');
    });

    it('an outsider can’t tell a project without a budget from one they can’t see', async () => {
      const project = await projectWithMember();
      const error = await failure(outsider.api.call(routes.budgets.get, { params: { id: project.id } }));
      expect(error.status).toBe(404);
      expect(error.message).toBe(`Project with id ${project.id} not found`);
    });
  });
});
