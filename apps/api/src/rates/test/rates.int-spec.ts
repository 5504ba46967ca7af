import { routes, type RateSetRequest } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, HOUR, storedEntry } from '../../../test/support/helpers';

describe('rates', () => {
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

  const setRate = (user: TestUser, body: RateSetRequest, by: TestUser = admin) => by.api.call(routes.rates.set, { params: { id: user.id }, body });
  const history = (user: TestUser) => admin.api.call(routes.rates.history, { params: { id: user.id } });
  const entry = (user: TestUser, start: string, hours: number) =>
    ctx.newEntry(user, { start_time: start, end_time: new Date(new Date(start).getTime() + hours * HOUR).toISOString() });

  describe('PUT /api/v1/users/:id/rate', () => {
    it('requires authentication and the admin role; an unknown user is a 404', async () => {
      const body: RateSetRequest = { rate_type: 'hourly', rate_amount: '60', currency: 'USD' };
      expect((await failure(ctx.anonymous.call(routes.rates.set, { params: { id: member.id }, body }))).status).toBe(401);
      expect((await failure(setRate(member, body, member))).status).toBe(403);
      expect((await failure(admin.api.call(routes.rates.set, { params: { id: '00000000-0000-4000-8000-000000000000' }, body }))).status).toBe(404);
    });

    it.each([
      ['rate_amount', '0'],
      ['rate_amount', '-1'],
      ['rate_amount', '1.23456'],
      ['rate_amount', 'abc'],
      ['rate_amount', 0.1 + 0.2],
      ['rate_amount', '1000000'],
      ['currency', 'usdx'],
      ['currency', 'QQQ'],
      ['rate_type', 'daily'],
      ['effective_from', '2026-02-30'],
      ['effective_from', '10/03/2026'],
    ])('refuses %s = %p (422 on the field)', async (field, value) => {
      const user = await ctx.newUser();
      const body = { rate_type: 'hourly', rate_amount: '60', currency: 'USD', [field]: value } as RateSetRequest;
      const error = await failure(setRate(user, body));
      expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, [field]]);
    });

    it('takes an amount as a decimal string or a number, kept exact to 4 decimals; currency upper-cased', async () => {
      const user = await ctx.newUser();
      expect(await setRate(user, { rate_type: 'minutely', rate_amount: 1.25, currency: 'eur', effective_from: '2026-01-01' })).toMatchObject({
        rate_type: 'minutely',
        rate_amount: '1.2500',
        currency: 'EUR',
        effective_from: '2026-01-01',
        effective_until: null,
        is_current: true,
        created_by: admin.id,
      });
      expect((await setRate(user, { rate_type: 'secondly', rate_amount: '0.0125', currency: 'EUR', effective_from: '2026-02-01' })).rate_amount).toBe('0.0125');
    });

    it('defaults effective_from to today in the admin’s time zone', async () => {
      const user = await ctx.newUser();
      await admin.api.call(routes.users.updateMe, { body: { timezone: 'Pacific/Kiritimati' } });
      try {
        // 12:00 UTC on the 10th is already the 11th at UTC+14.
        expect((await setRate(user, { rate_type: 'hourly', rate_amount: '60', currency: 'USD' })).effective_from).toBe('2026-03-11');
      } finally {
        await admin.api.call(routes.users.updateMe, { body: { timezone: 'UTC' } });
      }
    });

    it('closes the previous period, keeps back-dated and inserted rates contiguous, replaces a rate of the same day', async () => {
      const user = await ctx.newUser();
      const a = await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2026-01-01' });
      const b = await setRate(user, { rate_type: 'hourly', rate_amount: '60', currency: 'USD', effective_from: '2026-03-01' });
      const early = await setRate(user, { rate_type: 'hourly', rate_amount: '30', currency: 'USD', effective_from: '2025-06-01' });
      const between = await setRate(user, { rate_type: 'hourly', rate_amount: '50', currency: 'USD', effective_from: '2026-02-01' });
      const periods = (await history(user)).map((r) => [r.id, r.effective_from, r.effective_until, r.is_current]);
      expect(periods).toEqual([
        [b.id, '2026-03-01', null, true],
        [between.id, '2026-02-01', '2026-03-01', false],
        [a.id, '2026-01-01', '2026-02-01', false],
        [early.id, '2025-06-01', '2026-01-01', false],
      ]);
      const replaced = await setRate(user, { rate_type: 'hourly', rate_amount: '65', currency: 'USD', effective_from: '2026-03-01' });
      expect([replaced.id, replaced.rate_amount]).toEqual([b.id, '65.0000']);
      expect(await history(user)).toHaveLength(4);
    });
  });

  describe('GET /api/v1/users/:id/rates and /users/me/rate', () => {
    it('history is for admins', async () => {
      expect((await failure(member.api.call(routes.rates.history, { params: { id: member.id } }))).status).toBe(403);
      expect((await failure(ctx.anonymous.call(routes.rates.history, { params: { id: member.id } }))).status).toBe(401);
    });

    it('me/rate is the caller’s rate today, or the default (not captured by /users/:id routes)', async () => {
      const user = await ctx.newUser();
      expect(await user.api.call(routes.rates.mine)).toEqual({
        source: 'default',
        rate_id: null,
        user_id: user.id,
        rate_type: 'hourly',
        rate_amount: '50.0000',
        currency: 'USD',
        effective_from: null,
        effective_until: null,
      });
      const rate = await setRate(user, { rate_type: 'hourly', rate_amount: '70', currency: 'USD', effective_from: '2026-01-01' });
      await setRate(user, { rate_type: 'hourly', rate_amount: '90', currency: 'USD', effective_from: '2026-04-01' });
      expect(await user.api.call(routes.rates.mine)).toMatchObject({ source: 'user', rate_id: rate.id, rate_amount: '70.0000', effective_until: '2026-04-01' });
      expect((await failure(ctx.anonymous.call(routes.rates.mine))).status).toBe(401);
    });
  });

  describe('effective dating', () => {
    it('entries before and after a rate change get the rate effective on their start day', async () => {
      const user = await ctx.newUser();
      await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2026-01-01' });
      await setRate(user, { rate_type: 'hourly', rate_amount: '60', currency: 'USD', effective_from: '2026-03-01' });
      const before = await entry(user, '2026-02-28T22:00:00Z', 1);
      const after = await entry(user, '2026-03-01T00:00:00Z', 1);
      const older = await entry(user, '2025-12-31T10:00:00Z', 1);
      expect([before.rate_amount, before.total_cost]).toEqual(['40.0000', '40.00']);
      expect([after.rate_amount, after.total_cost]).toEqual(['60.0000', '60.00']);
      expect([older.rate_amount, older.total_cost]).toEqual(['50.0000', '50.00']);
      const timer = await user.api.call(routes.timeTracking.start, { body: {} });
      expect(timer.rate_amount).toBe('60.0000');
    });

    it('uses the owner’s time zone for the start day', async () => {
      const user = await ctx.newUser();
      await user.api.call(routes.users.updateMe, { body: { timezone: 'America/New_York' } });
      await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2026-01-01' });
      await setRate(user, { rate_type: 'hourly', rate_amount: '60', currency: 'USD', effective_from: '2026-03-01' });
      // 03:00 UTC on 1 March is still 28 February in New York.
      expect((await entry(user, '2026-03-01T03:00:00Z', 1)).rate_amount).toBe('40.0000');
      expect((await entry(user, '2026-03-01T06:00:00Z', 1)).rate_amount).toBe('60.0000');
    });

    it('a later rate change does not rewrite existing entries', async () => {
      const user = await ctx.newUser();
      const rate = await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2026-01-01' });
      const existing = await entry(user, '2026-02-01T09:00:00Z', 2);
      await setRate(user, { rate_type: 'hourly', rate_amount: '45', currency: 'USD', effective_from: rate.effective_from });
      expect((await storedEntry(ctx, existing.id)).total_cost).toBe('80.0000');
    });
  });

  describe('POST /api/v1/users/:id/rates/:rateId/apply', () => {
    it('is for admins; a rate of another user is a 404', async () => {
      const user = await ctx.newUser();
      const other = await ctx.newUser();
      const rate = await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2026-01-01' });
      expect((await failure(user.api.call(routes.rates.apply, { params: { id: user.id, rateId: rate.id } }))).status).toBe(403);
      expect((await failure(admin.api.call(routes.rates.apply, { params: { id: other.id, rateId: rate.id } }))).status).toBe(404);
    });

    it('re-rates the stopped entries in the rate’s period only, in one go, with before/after totals', async () => {
      const user = await ctx.newUser();
      const january = await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2026-01-01' });
      await setRate(user, { rate_type: 'hourly', rate_amount: '60', currency: 'USD', effective_from: '2026-02-01' });
      const inPeriod = [await entry(user, '2026-01-05T09:00:00Z', 1), await entry(user, '2026-01-31T22:30:00Z', 2)];
      const beforePeriod = await entry(user, '2025-12-20T09:00:00Z', 1);
      const afterPeriod = await entry(user, '2026-02-02T09:00:00Z', 1);
      const running = await user.api.call(routes.timeTracking.start, { body: {} });
      // The admin corrects January's rate (same day: replaced), then re-rates.
      await setRate(user, { rate_type: 'minutely', rate_amount: '0.75', currency: 'USD', effective_from: '2026-01-01' });
      const result = await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: january.id } });
      expect(result).toEqual({
        rate_id: january.id,
        user_id: user.id,
        effective_from: '2026-01-01',
        effective_until: '2026-02-01',
        entries_updated: 2,
        entries_skipped_currency: 0,
        totals_before: [{ currency: 'USD', amount: '120.00' }],
        totals_after: [{ currency: 'USD', amount: '135.00' }],
      });
      for (const e of inPeriod) expect(await storedEntry(ctx, e.id)).toMatchObject({ rate_type: 'minutely', rate_amount: '0.7500' });
      expect((await storedEntry(ctx, inPeriod[1].id)).total_cost).toBe('90.0000');
      expect((await storedEntry(ctx, beforePeriod.id)).total_cost).toBe('50.0000');
      expect((await storedEntry(ctx, afterPeriod.id)).total_cost).toBe('60.0000');
      expect((await storedEntry(ctx, running.time_log_id)).rate_amount).toBe('60.0000');
    });

    it('applying the old rate again restores the original totals (reversible)', async () => {
      const user = await ctx.newUser();
      const rate = await setRate(user, { rate_type: 'hourly', rate_amount: '33.3333', currency: 'USD', effective_from: '2026-01-01' });
      for (const hours of [0.25, 1.5, 3]) await entry(user, '2026-01-10T08:00:00Z', hours);
      const original = await ctx.sql<{ id: string; total_cost: string }>('SELECT id, total_cost FROM time_entries WHERE user_id = $1 ORDER BY id', [user.id]);
      await setRate(user, { rate_type: 'secondly', rate_amount: '0.0123', currency: 'USD', effective_from: '2026-01-01' });
      const changed = await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: rate.id } });
      await setRate(user, { rate_type: 'hourly', rate_amount: '33.3333', currency: 'USD', effective_from: '2026-01-01' });
      const back = await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: rate.id } });
      expect(back.totals_before).toEqual(changed.totals_after);
      expect(back.totals_after).toEqual(changed.totals_before);
      expect(await ctx.sql('SELECT id, total_cost FROM time_entries WHERE user_id = $1 ORDER BY id', [user.id])).toEqual(original);
    });

    it('leaves entries of a project in another currency alone and counts them', async () => {
      const user = await ctx.newUser();
      const euro = await ctx.newProject(admin, { name: 'Euro', currency: 'EUR' });
      await ctx.addMembers(admin, euro.id, user);
      const eur = await setRate(user, { rate_type: 'hourly', rate_amount: '40', currency: 'EUR', effective_from: '2026-01-01' });
      const euroEntry = await ctx.newEntry(user, { project_id: euro.id, start_time: '2026-01-10T08:00:00Z', end_time: '2026-01-10T09:00:00Z' });
      await entry(user, '2026-01-11T08:00:00Z', 1);
      const usd = await setRate(user, { rate_type: 'hourly', rate_amount: '55', currency: 'USD', effective_from: '2026-01-01' });
      expect(usd.id).toBe(eur.id);
      const result = await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: usd.id } });
      expect([result.entries_updated, result.entries_skipped_currency]).toEqual([1, 1]);
      expect(result.totals_before).toEqual([{ currency: 'EUR', amount: '40.00' }]);
      expect(result.totals_after).toEqual([{ currency: 'USD', amount: '55.00' }]);
      expect(await storedEntry(ctx, euroEntry.id)).toMatchObject({ currency: 'EUR', total_cost: '40.0000' });
    });
  });
});
