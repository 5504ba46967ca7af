import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, storedEntry } from '../../../test/support/helpers';

/**
 * Issue 12, item 9: how sub-second intervals count. Durations are whole seconds on a grid
 * anchored at the entry's start — floor((end − start) / 1 s), less whole paused seconds — for
 * the timer and for manual and edited entries alike, and the cost is computed from exactly
 * those seconds. So the timer and a manual entry with the same start and end book the same
 * seconds and the same cost, and a sub-second interval is 0 s at 0.00.
 */
describe('whole seconds, for the timer and manual entries alike', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let user: TestUser;
  const START = new Date('2026-05-20T12:00:00.700Z');

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    user = await ctx.newUser();
    // A per-second rate makes every counted second visible in the cost.
    await ctx.newRate(admin, user, { rate_type: 'secondly', rate_amount: '2.5', currency: 'USD', effective_from: '2026-01-01' });
  });
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  const at = (ms: number) => new Date(START.getTime() + ms);

  async function timerOf(ms: number) {
    ctx.clock.set(START);
    const started = await user.api.call(routes.timeTracking.start, { body: {} });
    ctx.clock.set(at(ms));
    await user.api.call(routes.timeTracking.stop, { body: { time_log_id: started.time_log_id } });
    return storedEntry(ctx, started.time_log_id);
  }

  async function manualOf(ms: number) {
    ctx.clock.set(at(3_600_000));
    const created = await ctx.newEntry(user, { start_time: START.toISOString(), end_time: at(ms).toISOString() });
    return storedEntry(ctx, created.id);
  }

  it.each([
    [500, 0, '0.0000'],
    [999, 0, '0.0000'],
    [1_000, 1, '2.5000'],
    [1_500, 1, '2.5000'],
    [61_999, 61, '152.5000'],
  ])('%i ms: the timer and a manual entry both book %i s costing %s', async (ms, seconds, cost) => {
    const timer = await timerOf(ms);
    await user.api.call(routes.timeEntries.remove, {
      params: { id: (await ctx.sql<{ id: string }>('SELECT id FROM time_entries WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [user.id]))[0].id },
    });
    const manual = await manualOf(ms);
    expect([timer.duration_seconds, timer.total_cost]).toEqual([seconds, cost]);
    expect([manual.duration_seconds, manual.total_cost]).toEqual([seconds, cost]);
    expect(manual.end_time?.toISOString()).toBe(timer.end_time?.toISOString());
  });

  it('an edit to a sub-second interval books 0 s at 0.00, and its budget gets nothing', async () => {
    const project = await ctx.newProject(admin, { currency: 'USD' });
    await admin.api.call(routes.projects.addMember, { params: { id: project.id }, body: { user_id: user.id } });
    await ctx.newBudget(admin, project.id, { total_budget: '100.00' });
    ctx.clock.set(at(3_600_000));
    const entry = await ctx.newEntry(user, { project_id: project.id, start_time: START.toISOString(), end_time: at(10_000).toISOString() });
    const edited = await user.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { end_time: at(400).toISOString() } });
    expect([edited.duration_seconds, edited.total_cost]).toEqual([0, '0.00']);
    expect((await storedEntry(ctx, entry.id)).total_cost).toBe('0.0000');
    const [{ total_cost }] = await ctx.sql<{ total_cost: string }>('SELECT total_cost::text FROM project_budgets WHERE project_id = $1', [project.id]);
    expect(total_cost).toBe('0.0000');
    // Ending at or before the start is still refused.
    expect((await failure(user.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { end_time: START.toISOString() } }))).status).toBe(422);
  });
});
