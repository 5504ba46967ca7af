import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { activeCount, failure, HOUR, MINUTE, runMaintenance, setSettings, storedEntry } from '../../../test/support/helpers';

/** Raw in-process request, so parallel calls really overlap in the database. */
function post(ctx: TestContext, user: TestUser, url: string, payload: object = {}, headers: Record<string, string> = {}) {
  return ctx.fastify.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${user.token}`, ...headers } });
}

describe('timer under concurrency and retries', () => {
  let ctx: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
  });
  beforeEach(() => ctx.clock.set(new Date('2026-04-01T08:00:00.000Z')));
  afterEach(async () => {
    ctx.clock.reset();
    await setSettings(admin, { max_concurrent_timers_per_user: 1 });
  });
  afterAll(() => ctx.close());

  describe('parallel requests from one user (several tabs)', () => {
    it('25 parallel starts leave exactly one active timer (max 1): every start succeeds by switching', async () => {
      const user = await ctx.newUser();
      const responses = await Promise.all(Array.from({ length: 25 }, () => post(ctx, user, '/api/v1/time-tracking/start')));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(25).fill(200));
      expect(await activeCount(ctx, user.id)).toBe(1);
      const [counts] = await ctx.sql<{ total: number; switched: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE stop_reason = 'switched')::int AS switched FROM time_entries WHERE user_id = $1`,
        [user.id],
      );
      expect(counts).toEqual({ total: 25, switched: 24 });
    });

    it('25 parallel starts with max 3 leave exactly three active timers; the rest are 409', async () => {
      await setSettings(admin, { max_concurrent_timers_per_user: 3 });
      const user = await ctx.newUser();
      const responses = await Promise.all(Array.from({ length: 25 }, () => post(ctx, user, '/api/v1/time-tracking/start')));
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 409)).toHaveLength(22);
      expect(await activeCount(ctx, user.id)).toBe(3);
      const slots = await ctx.sql<{ timer_slot: number }>(`SELECT timer_slot FROM time_entries WHERE user_id = $1 AND status <> 'stopped' ORDER BY timer_slot`, [user.id]);
      expect(slots.map((s) => s.timer_slot)).toEqual([0, 1, 2]);
    });

    it('25 parallel stops stop once and count the cost once; the others answer 409', async () => {
      const user = await ctx.newUser();
      const timer = await user.api.call(routes.timeTracking.start, { body: {} });
      ctx.clock.advance(HOUR);
      const responses = await Promise.all(Array.from({ length: 25 }, () => post(ctx, user, '/api/v1/time-tracking/stop')));
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(24);
      expect(await storedEntry(ctx, timer.time_log_id)).toMatchObject({ status: 'stopped', duration_seconds: 3600, total_cost: '50.0000' });
      const [sum] = await ctx.sql<{ total: string; n: number }>(`SELECT sum(total_cost)::text AS total, count(*)::int AS n FROM time_entries WHERE user_id = $1`, [user.id]);
      expect(sum).toEqual({ total: '50.0000', n: 1 });
    });

    it('a stop racing the cap job stops the timer once', async () => {
      await setSettings(admin, { max_concurrent_timers_per_user: 1 });
      const user = await ctx.newUser();
      const timer = await user.api.call(routes.timeTracking.start, { body: {} });
      ctx.clock.advance(30 * HOUR);
      const [stopResponse] = await Promise.all([post(ctx, user, '/api/v1/time-tracking/stop'), runMaintenance(ctx)]);
      expect([200, 409]).toContain(stopResponse.statusCode);
      const row = await storedEntry(ctx, timer.time_log_id);
      expect(row.status).toBe('stopped');
      // Whoever won, the entry was written once, with a consistent cost.
      expect(row.total_cost).toBe(row.stop_reason === 'cap' ? '1200.0000' : '1500.0000');
    });
  });

  describe('Idempotency-Key', () => {
    it('a replayed start returns the first answer and creates one entry', async () => {
      const user = await ctx.newUser();
      const first = await post(ctx, user, '/api/v1/time-tracking/start', {}, { 'idempotency-key': 'start-1' });
      ctx.clock.advance(MINUTE);
      const replay = await post(ctx, user, '/api/v1/time-tracking/start', {}, { 'idempotency-key': 'start-1' });
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toEqual(first.json());
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const [count] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1', [user.id]);
      expect(count.n).toBe(1);
    });

    it('parallel requests with the same key act once', async () => {
      const user = await ctx.newUser();
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(ctx, user, '/api/v1/time-tracking/start', {}, { 'idempotency-key': 'same' })));
      const ids = new Set(responses.map((r) => r.json().time_log_id));
      expect(ids.size).toBe(1);
      const [count] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1', [user.id]);
      expect(count.n).toBe(1);
    });

    it('a replayed stop never stops twice, even after a new timer started', async () => {
      const user = await ctx.newUser();
      await user.api.call(routes.timeTracking.start, { body: {} });
      ctx.clock.advance(HOUR);
      const first = await post(ctx, user, '/api/v1/time-tracking/stop', { description: 'done' }, { 'idempotency-key': 'stop-1' });
      const next = await user.api.call(routes.timeTracking.start, { body: {} });
      const replay = await post(ctx, user, '/api/v1/time-tracking/stop', { description: 'done' }, { 'idempotency-key': 'stop-1' });
      expect(replay.json()).toEqual(first.json());
      expect((await user.api.call(routes.timeTracking.status)).time_log_id).toBe(next.time_log_id);
    });

    it('a refusal is the first answer too: replaying it answers the same error and changes nothing', async () => {
      const user = await ctx.newUser();
      const refused = await post(ctx, user, '/api/v1/time-tracking/stop', {}, { 'idempotency-key': 'stop-early' });
      expect(refused.statusCode).toBe(409);
      await user.api.call(routes.timeTracking.start, { body: {} });
      const replay = await post(ctx, user, '/api/v1/time-tracking/stop', {}, { 'idempotency-key': 'stop-early' });
      expect(replay.statusCode).toBe(409);
      expect(replay.json().error).toEqual(refused.json().error);
      expect((await user.api.call(routes.timeTracking.status)).status).toBe('running');
    });

    it('the same key on another route or with another body is refused (422); keys are per user', async () => {
      const user = await ctx.newUser();
      const other = await ctx.newUser();
      await post(ctx, user, '/api/v1/time-tracking/start', {}, { 'idempotency-key': 'k1' });
      const otherRoute = await post(ctx, user, '/api/v1/time-tracking/pause', {}, { 'idempotency-key': 'k1' });
      expect(otherRoute.statusCode).toBe(422);
      expect(otherRoute.json().error.details['Idempotency-Key'][0]).toMatch(/start/);
      const otherBody = await post(ctx, user, '/api/v1/time-tracking/start', { description: 'else' }, { 'idempotency-key': 'k1' });
      expect(otherBody.statusCode).toBe(422);
      expect((await user.api.call(routes.timeTracking.status)).status).toBe('running');
      expect((await post(ctx, other, '/api/v1/time-tracking/start', {}, { 'idempotency-key': 'k1' })).statusCode).toBe(200);
    });

    it('refuses a malformed key', async () => {
      const user = await ctx.newUser();
      const error = await failure(user.api.call(routes.timeTracking.start, { body: {}, headers: { 'idempotency-key': 'x'.repeat(129) } }));
      expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, ['Idempotency-Key']]);
    });

    it('keys expire after 24 hours and the background job purges them', async () => {
      const user = await ctx.newUser();
      await post(ctx, user, '/api/v1/time-tracking/start', {}, { 'idempotency-key': 'old' });
      ctx.clock.advance(25 * HOUR);
      expect((await runMaintenance(ctx)).purgedKeys).toBeGreaterThanOrEqual(1);
      const [left] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1', [user.id]);
      expect(left.n).toBe(0);
    });
  });
});
