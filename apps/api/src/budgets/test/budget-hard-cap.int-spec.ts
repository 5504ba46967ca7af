import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, storedEntry } from '../../../test/support/helpers';
import { CapSchedule } from '../../time-tracking/cap-schedule';

/**
 * Issue 12, item 6: no write may take a locked budget past 100 % (a 10 USD locked budget took a
 * 41,400 USD manual entry), and a running timer is stopped at the very moment it uses up the
 * budget (it ran on for up to 30 s, until the next maintenance pass).
 */
describe('the hard cap of a locked budget', () => {
  let ctx: TestContext;
  let admin: TestUser;
  const NOW = new Date('2026-05-20T12:00:00.000Z');

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  const budgetCost = async (projectId: string) =>
    (await ctx.sql<{ total_cost: string }>('SELECT total_cost::text FROM project_budgets WHERE project_id = $1', [projectId]))[0].total_cost;

  /** A project with a locked budget of `amount` USD and a member tracking at the default 50 USD/h. */
  async function lockedProject(amount = '10.00') {
    const worker = await ctx.newUser();
    const project = await ctx.newProject(admin, { currency: 'USD' });
    await ctx.addMembers(admin, project.id, worker);
    await ctx.newBudget(admin, project.id, { total_budget: amount, is_locked: true });
    return { worker, project };
  }
  const entry = (user: TestUser, projectId: string, start: string, end: string) => ctx.newEntry(user, { project_id: projectId, start_time: start, end_time: end });

  describe('writes that add cost', () => {
    it('refuses a manual entry that would pass 100 % (409), saying how much is left in money and time; one that fits is taken', async () => {
      const { worker, project } = await lockedProject('10.00');
      const error = await failure(entry(worker, project.id, '2026-05-19T00:00:00Z', '2026-05-19T20:00:00Z'));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      expect(error.message).toBe(
        `Project ${project.key} has a locked budget of 10.00 USD: this change would add 1000.00 USD, but only 10.00 USD is left (0 h 12 min at this entry's rate). ` +
          'Shorten the entry or ask an admin to raise or unlock the budget.',
      );
      expect(error.details).toMatchObject({ remaining: '10.00', currency: 'USD', remaining_seconds: 720 });
      expect(await budgetCost(project.id)).toBe('0.0000');

      await entry(worker, project.id, '2026-05-19T09:00:00Z', '2026-05-19T09:06:00Z');
      const second = await failure(entry(worker, project.id, '2026-05-19T10:00:00Z', '2026-05-19T10:06:01Z'));
      expect(second.details).toMatchObject({ remaining: '5.00', remaining_seconds: 360 });
      // Exactly to 100 % is allowed; nothing after it.
      await entry(worker, project.id, '2026-05-19T10:00:00Z', '2026-05-19T10:06:00Z');
      expect(await budgetCost(project.id)).toBe('10.0000');
      expect((await failure(entry(worker, project.id, '2026-05-19T11:00:00Z', '2026-05-19T11:00:01Z'))).status).toBe(409);
    });

    it('refuses an edit that lengthens an entry or moves it onto the budget past 100 %, and allows shortening', async () => {
      const { worker, project } = await lockedProject('10.00');
      const fits = await entry(worker, project.id, '2026-05-19T09:00:00Z', '2026-05-19T09:10:00Z');
      const longer = await failure(worker.api.call(routes.timeEntries.update, { params: { id: fits.id }, body: { end_time: '2026-05-19T11:00:00Z' } }));
      expect(longer.status).toBe(409);
      expect(longer.details).toMatchObject({ remaining: '1.66', remaining_seconds: 120 });
      const personal = await ctx.newEntry(worker, { start_time: '2026-05-18T09:00:00Z', end_time: '2026-05-18T10:00:00Z' });
      expect((await failure(worker.api.call(routes.timeEntries.update, { params: { id: personal.id }, body: { project_id: project.id } }))).status).toBe(409);
      expect((await worker.api.call(routes.timeEntries.update, { params: { id: fits.id }, body: { end_time: '2026-05-19T09:05:00Z' } })).total_cost).toBe('4.17');
      expect(await budgetCost(project.id)).toBe('4.1667');
    });

    it('refuses a re-rate that would take the budget past 100 %, leaving every entry as it was', async () => {
      const { worker, project } = await lockedProject('60.00');
      const rate = await ctx.newRate(admin, worker, { rate_type: 'hourly', rate_amount: '50', currency: 'USD', effective_from: '2026-01-01' });
      const one = await entry(worker, project.id, '2026-05-19T09:00:00Z', '2026-05-19T10:00:00Z');
      await ctx.newRate(admin, worker, { rate_type: 'hourly', rate_amount: '80', currency: 'USD', effective_from: '2026-01-01' });
      const error = await failure(admin.api.call(routes.rates.apply, { params: { id: worker.id, rateId: rate.id } }));
      expect([error.status, error.details?.remaining]).toEqual([409, '10.00']);
      expect((await storedEntry(ctx, one.id)).total_cost).toBe('50.0000');
      expect(await budgetCost(project.id)).toBe('50.0000');
    });

    it('under concurrency: of entries that fit alone but not together, only as many as fit are taken', async () => {
      const { project } = await lockedProject('10.00');
      const workers = [await ctx.newUser(), await ctx.newUser(), await ctx.newUser(), await ctx.newUser()];
      await ctx.addMembers(admin, project.id, ...workers);
      // Each 8 minutes = 6.67 USD: one fits in 10 USD, two don't.
      const results = await Promise.allSettled(workers.map((user) => entry(user, project.id, '2026-05-19T09:00:00Z', '2026-05-19T09:08:00Z')));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(await budgetCost(project.id)).toBe('6.6667');
    });
  });

  describe('a running timer', () => {
    it('is due to stop at the exact moment it uses up the budget, re-armed when the budget changes, and stopped there', async () => {
      const schedule = ctx.app.get(CapSchedule);
      await schedule.start();
      const { worker, project } = await lockedProject('10.00');
      const timer = await worker.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
      // 10 USD at 50 USD/h = 720 s.
      const cap = new Date(NOW.getTime() + 720_000);
      await waitFor(() => schedule.nextDue?.getTime() === cap.getTime());
      // Someone books 6 minutes (5 USD): the same timer now reaches the cap after 360 s.
      const colleague = await ctx.newUser();
      await ctx.addMembers(admin, project.id, colleague);
      await entry(colleague, project.id, '2026-05-19T09:00:00Z', '2026-05-19T09:06:00Z');
      const earlier = new Date(NOW.getTime() + 360_000);
      await waitFor(() => schedule.nextDue?.getTime() === earlier.getTime());
      // The moment comes: the job runs by itself and stops the timer exactly there.
      ctx.clock.set(new Date(earlier.getTime() + 400));
      await schedule.rearm();
      await waitFor(async () => (await storedEntry(ctx, timer.time_log_id)).status === 'stopped');
      const stored = await storedEntry(ctx, timer.time_log_id);
      expect([stored.stop_reason, stored.duration_seconds, stored.total_cost, stored.end_time?.toISOString()]).toEqual(['budget', 360, '5.0000', earlier.toISOString()]);
      expect(await budgetCost(project.id)).toBe('10.0000');
      await waitFor(() => schedule.nextDue === null);
    });
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
