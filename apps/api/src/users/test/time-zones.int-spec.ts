import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { raw, type RawRequest } from '../../../test/security/support';

/**
 * Time zones are the ones PostgreSQL knows (issue 12, item 9): a name only Node accepts was
 * saved and then made every query of its user fail with a 500.
 */
describe('time zones', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    member = await ctx.newUser();
  });
  beforeEach(() => ctx.clock.set(new Date('2026-03-10T12:00:00.000Z')));
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  const call = (user: TestUser, request: Omit<RawRequest, 'token'>) => raw(ctx, { ...request, token: user.token });

  describe('PATCH /api/v1/users/me', () => {
    it.each(['US/Pacific-New', 'Canada/East-Saskatchewan', 'Factory', 'posixrules', 'Mars/Olympus'])(
      'refuses %s (PostgreSQL or Node does not know it) with a 422 naming the field',
      async (zone) => {
        const response = await call(member, { method: 'PATCH', url: '/api/v1/users/me', payload: { timezone: zone } });
        expect(response.status).toBe(422);
        expect(response.body.error.details.timezone[0]).toMatch(/PostgreSQL/);
        const [{ timezone }] = await ctx.sql<{ timezone: string }>('SELECT timezone FROM users WHERE id = $1', [member.id]);
        expect(timezone).not.toBe(zone);
      },
    );

    it.each(['Europe/Berlin', 'America/St_Johns', 'Pacific/Auckland', 'UTC', 'US/Pacific'])('accepts %s', async (zone) => {
      const response = await call(member, { method: 'PATCH', url: '/api/v1/users/me', payload: { timezone: zone } });
      expect(response.status).toBe(200);
      expect(response.body.timezone).toBe(zone);
    });
  });

  it('reads a stored zone PostgreSQL rejects as UTC everywhere: timer, manual entries, rates, dashboard, reports (never a 500)', async () => {
    const project = await ctx.newProject(admin, { name: 'Zones' });
    await ctx.addMembers(admin, project.id, member);
    const task = await ctx.newTask(member, { title: 'Zoned', project_id: project.id });
    // As if saved before the fix, or left by a tzdata update that dropped the name.
    await ctx.sql(`UPDATE users SET timezone = 'US/Pacific-New' WHERE id = $1`, [member.id]);

    const seen: Record<string, unknown> = {};
    const me = await call(member, { method: 'GET', url: '/api/v1/users/me' });
    seen.me = [me.status, me.body.timezone];
    const rate = await call(admin, {
      method: 'PUT',
      url: `/api/v1/users/${member.id}/rate`,
      payload: { rate_type: 'hourly', rate_amount: '40.00', currency: 'USD', effective_from: '2026-03-01' },
    });
    seen.setRate = rate.status;
    seen.myRate = (await call(member, { method: 'GET', url: '/api/v1/users/me/rate' })).status;
    seen.rateHistory = (await call(admin, { method: 'GET', url: `/api/v1/users/${member.id}/rates` })).status;
    seen.timerStart = (await call(member, { method: 'POST', url: '/api/v1/time-tracking/start', payload: { task_id: task.id } })).status;
    ctx.clock.advance(30 * 60_000);
    seen.timerStop = (await call(member, { method: 'POST', url: '/api/v1/time-tracking/stop', payload: {} })).status;
    // 23:30–00:30 UTC: half an hour on each day when read in UTC.
    seen.manualEntry = (
      await call(member, { method: 'POST', url: '/api/v1/time-entries', payload: { task_id: task.id, start_time: '2026-03-08T23:30:00Z', end_time: '2026-03-09T00:30:00Z' } })
    ).status;
    const dashboard = await call(member, { method: 'GET', url: '/api/v1/analytics/dashboard?start=2026-03-08&end=2026-03-10' });
    seen.dashboard = [dashboard.status, dashboard.body?.time_zone, dashboard.body?.daily_breakdown?.map((day: { time_tracked_seconds: number }) => day.time_tracked_seconds)];
    seen.trend = (await call(member, { method: 'GET', url: '/api/v1/analytics/trend?start=2026-03-08&end=2026-03-10' })).status;
    const report = await call(member, { method: 'GET', url: `/api/v1/reports/users/${member.id}?start=2026-03-01&end=2026-03-10` });
    seen.report = [report.status, report.body?.time_zone];
    const csv = await call(member, { method: 'GET', url: `/api/v1/reports/users/${member.id}?start=2026-03-01&end=2026-03-10&format=csv` });
    seen.csv = [csv.status, csv.text.trim().split('\n').length >= 4];

    expect(seen).toEqual({
      me: [200, 'UTC'],
      setRate: 200,
      myRate: 200,
      rateHistory: 200,
      timerStart: 200,
      timerStop: 200,
      manualEntry: 201,
      dashboard: [200, 'UTC', [1800, 1800, 1800]],
      trend: 200,
      report: [200, 'UTC'],
      csv: [200, true],
    });
  });
});
