import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/failure';

describe('settings', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    member = await ctx.newUser();
  });
  afterAll(() => ctx.close());

  describe('GET /api/v1/settings', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.settings.get))).status).toBe(401);
    });

    it('is for admins (members get their limits in the timer status)', async () => {
      const error = await failure(member.api.call(routes.settings.get));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
      expect((await member.api.call(routes.timeTracking.status)).limits).toMatchObject({ max_concurrent_timers: 1, max_timer_hours: 24 });
    });

    it('shows the seeded defaults, money as decimal strings', async () => {
      const settings = await admin.api.call(routes.settings.get);
      expect(settings).toMatchObject({
        default_hourly_rate: '50.0000',
        default_minutely_rate: null,
        default_currency: 'USD',
        auto_pause_on_logout: false,
        max_concurrent_timers_per_user: 1,
        enable_budget_tracking: true,
        enable_budget_alerts: true,
        max_timer_hours: 24,
        stale_heartbeat_minutes: 10,
        forbid_overlapping_entries: false,
      });
      expect(settings.updated_at).toMatch(/Z$/);
    });
  });

  describe('PATCH /api/v1/settings', () => {
    it('is for admins', async () => {
      expect((await failure(member.api.call(routes.settings.update, { body: { max_timer_hours: 8 } }))).status).toBe(403);
      expect((await failure(ctx.anonymous.call(routes.settings.update, { body: { max_timer_hours: 8 } }))).status).toBe(401);
    });

    it('changes what is given and keeps the rest; rates exact from strings or numbers', async () => {
      const updated = await admin.api.call(routes.settings.update, {
        body: {
          default_hourly_rate: 62.5,
          default_minutely_rate: '1.041667',
          default_currency: 'eur',
          auto_pause_on_logout: true,
          max_concurrent_timers_per_user: 3,
          enable_budget_alerts: false,
          max_timer_hours: 12,
          stale_heartbeat_minutes: 5,
        },
      });
      expect(updated).toMatchObject({
        default_hourly_rate: '62.5000',
        default_minutely_rate: '1.041667',
        default_currency: 'EUR',
        auto_pause_on_logout: true,
        max_concurrent_timers_per_user: 3,
        enable_budget_tracking: true,
        enable_budget_alerts: false,
        max_timer_hours: 12,
        stale_heartbeat_minutes: 5,
      });
      expect(await admin.api.call(routes.settings.get)).toEqual(updated);
      expect((await admin.api.call(routes.settings.update, { body: { default_minutely_rate: null, default_currency: 'USD' } })).default_minutely_rate).toBeNull();
      expect((await member.api.call(routes.users.me)).id).toBe(member.id);
      expect((await member.api.call(routes.timeTracking.status)).limits).toEqual({
        max_concurrent_timers: 3,
        max_timer_hours: 12,
        stale_heartbeat_minutes: 5,
        heartbeat_interval_seconds: 60,
      });
    });

    it.each([
      ['max_concurrent_timers_per_user', 0],
      ['max_concurrent_timers_per_user', 21],
      ['max_concurrent_timers_per_user', 1.5],
      ['max_timer_hours', 0],
      ['max_timer_hours', 169],
      ['stale_heartbeat_minutes', 0],
      ['stale_heartbeat_minutes', 1441],
      ['default_hourly_rate', '0'],
      ['default_hourly_rate', '-5'],
      ['default_hourly_rate', '1.12345'],
      ['default_hourly_rate', '1e3'],
      ['default_hourly_rate', 0.1 + 0.2],
      ['default_hourly_rate', '1000000'],
      ['default_hourly_rate', null],
      ['default_minutely_rate', '0.1234567'],
      ['default_currency', 'US'],
      ['default_currency', 'ABC'],
      ['auto_pause_on_logout', 'yes'],
      ['enable_budget_tracking', null],
    ])('refuses %s = %p with 422 on that field, within the database CHECKs', async (field, value) => {
      const error = await failure(admin.api.call(routes.settings.update, { body: { [field]: value } as never }));
      expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, [field]]);
    });

    it('refuses unknown fields', async () => {
      const error = await failure(admin.api.call(routes.settings.update, { body: { id: 2 } as never }));
      expect(error.fieldErrors).toEqual({ id: ['id is not an accepted field'] });
    });
  });
});
