import { routes } from '@stint/contracts';
import { AppError } from '../../common/errors/app-error';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { inTransaction, ledgerOf, setSettings } from '../../../test/support/helpers';
import { timersToStopForBudget } from '../../time-tracking/budget-cap-stops';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

/** The hard cap of a locked budget, the running-timer query of the background job, and the currency rule. */
describe('budget cap and currency', () => {
  let ctx: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterEach(() => setSettings(admin, { enable_budget_tracking: true }));
  afterAll(() => ctx.close());

  const refusal = async (work: Promise<unknown>): Promise<AppError> => {
    try {
      await work;
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  describe('assertCanAddTime', () => {
    const check = (projectId: string | null) => inTransaction(ctx, (tx) => ledgerOf(ctx).assertCanAddTime(tx, projectId));
    const spend = (projectId: string, delta: string) => inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, projectId, delta));

    it('refuses time on a locked budget while it is exceeded (409, saying so)', async () => {
      const project = await ctx.newProject(admin, { key: 'CAPPED' });
      await ctx.newBudget(admin, project.id, { total_budget: '100', is_locked: true });
      await spend(project.id, '99.9999');
      await expect(check(project.id)).resolves.toBeUndefined();
      await spend(project.id, '0.0001');
      const error = await refusal(check(project.id));
      expect(error.status).toBe(409);
      expect(error.message).toBe('Project CAPPED has used up its locked budget of 100.00 USD: no more time can be tracked on it until an admin raises or unlocks the budget');
      expect((await admin.api.call(routes.budgets.get, { params: { id: project.id } })).cap_reached).toBe(true);
    });

    it('lets time in again once the budget is raised, unlocked, or tracking is off', async () => {
      const project = await ctx.newProject(admin);
      await ctx.newBudget(admin, project.id, { total_budget: '100', is_locked: true });
      await spend(project.id, '150');
      expect((await refusal(check(project.id))).status).toBe(409);
      await setSettings(admin, { enable_budget_tracking: false });
      await expect(check(project.id)).resolves.toBeUndefined();
      await setSettings(admin, { enable_budget_tracking: true });
      await ctx.newBudget(admin, project.id, { total_budget: '100', is_locked: false });
      await expect(check(project.id)).resolves.toBeUndefined();
      await ctx.newBudget(admin, project.id, { total_budget: '200', is_locked: true });
      await expect(check(project.id)).resolves.toBeUndefined();
    });

    it('never refuses an unlocked budget, a project without a budget, or time without a project', async () => {
      const project = await ctx.newProject(admin);
      await ctx.newBudget(admin, project.id, { total_budget: '10' });
      await spend(project.id, '50');
      await expect(check(project.id)).resolves.toBeUndefined();
      await expect(check((await ctx.newProject(admin)).id)).resolves.toBeUndefined();
      await expect(check(null)).resolves.toBeUndefined();
    });
  });

  describe('timersToStopForBudget (injectable clock)', () => {
    /** The job's answer for one project (earlier tests' timers keep running on their own projects). */
    const due = async (projectId: string, now: Date = NOW) =>
      (await inTransaction(ctx, (tx) => timersToStopForBudget(tx, ledgerOf(ctx), now))).filter((stop) => stop.projectId === projectId);

    async function lockedProject(totalBudget: string, spentAlready = '0') {
      const project = await ctx.newProject(admin);
      await ctx.newBudget(admin, project.id, { total_budget: totalBudget, is_locked: true });
      if (spentAlready !== '0') await inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, project.id, spentAlready));
      return project.id;
    }

    it('stops a timer at the second its cost reached what was left of the budget', async () => {
      const projectId = await lockedProject('100', '64.00');
      const worker = await ctx.newUser();
      // 36 an hour = 0.01 a second; 36 left is reached 3600 s after the start.
      const id = await ctx.insertEntry({ userId: worker.id, projectId, status: 'running', start: secondsAgo(3590), rateAmount: '36' });
      expect(await due(projectId)).toEqual([]);
      ctx.clock.set(new Date(NOW.getTime() + 25_000));
      const [stop] = await due(projectId, ctx.clock.now());
      expect(stop).toEqual({
        timeLogId: id,
        userId: worker.id,
        projectId,
        stop: { status: 'stopped', endTime: new Date(NOW.getTime() + 10_000), pausedAt: null, pausedSeconds: 0, durationSeconds: 3600 },
        cost: '36.0000',
      });
    });

    it('shares what is left among the project’s running and paused timers', async () => {
      const projectId = await lockedProject('100', '30');
      const [a, b] = [await ctx.newUser(), await ctx.newUser()];
      // a: 30 running minutes at 60/h = 30; b: paused, 20 counted minutes at 30/h = 10. Together 40 < 70 left.
      await ctx.insertEntry({ userId: a.id, projectId, status: 'running', start: secondsAgo(1800), rateAmount: '60' });
      await ctx.insertEntry({ userId: b.id, projectId, status: 'paused', start: secondsAgo(2400), pausedAt: secondsAgo(1200), pausedSeconds: 0, rateAmount: '30' });
      expect(await due(projectId)).toEqual([]);
      // After 30 more minutes a has cost 60: with b's 10, the 70 left are used up — exactly then.
      const later = new Date(NOW.getTime() + 1800_000 + 20_000);
      const stops = await due(projectId, later);
      expect(stops.map((s) => [s.userId, s.stop.durationSeconds, s.cost, s.stop.endTime.toISOString()])).toEqual([
        [b.id, 1200, '10.0000', secondsAgo(1200).toISOString()],
        [a.id, 3600, '60.0000', new Date(NOW.getTime() + 1800_000).toISOString()],
      ]);
    });

    it('ignores unlocked budgets and leaves everything alone while budget tracking is off', async () => {
      const unlocked = await ctx.newProject(admin);
      await ctx.newBudget(admin, unlocked.id, { total_budget: '1' });
      const worker = await ctx.newUser();
      await ctx.insertEntry({ userId: worker.id, projectId: unlocked.id, status: 'running', start: secondsAgo(3600) });
      const locked = await lockedProject('1');
      const other = await ctx.newUser();
      await ctx.insertEntry({ userId: other.id, projectId: locked, status: 'running', start: secondsAgo(3600) });
      await setSettings(admin, { enable_budget_tracking: false });
      expect(await inTransaction(ctx, (tx) => timersToStopForBudget(tx, ledgerOf(ctx), NOW))).toEqual([]);
      await setSettings(admin, { enable_budget_tracking: true });
      expect(await due(unlocked.id)).toEqual([]);
      expect(await due(locked)).toHaveLength(1);
    });

    it('a budget already used up stops its timers at most a minute back, keeping the work tracked before', async () => {
      const projectId = await lockedProject('10', '10');
      const worker = await ctx.newUser();
      await ctx.insertEntry({ userId: worker.id, projectId, status: 'running', start: secondsAgo(7200), rateAmount: '1' });
      const [stop] = await due(projectId);
      expect(stop.stop.durationSeconds).toBe(7140);
      expect(stop.stop.endTime).toEqual(secondsAgo(60));
    });

    it('leaves a project whose timer another transaction holds for the next run', async () => {
      const projectId = await lockedProject('1');
      const [a, b] = [await ctx.newUser(), await ctx.newUser()];
      const held = await ctx.insertEntry({ userId: a.id, projectId, status: 'running', start: secondsAgo(3600) });
      await ctx.insertEntry({ userId: b.id, projectId, status: 'running', start: secondsAgo(3600) });
      let release: () => void = () => undefined;
      let holding: () => void = () => undefined;
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      const holder = inTransaction(ctx, async (tx) => {
        await tx.query('SELECT id FROM time_entries WHERE id = $1 FOR UPDATE', [held]);
        holding();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await isHolding;
      expect(await due(projectId)).toEqual([]);
      release();
      await holder;
      expect(await due(projectId)).toHaveLength(2);
    });
  });

  describe('assertCurrency', () => {
    const check = (projectId: string | null, currency: string) => inTransaction(ctx, (tx) => ledgerOf(ctx).assertCurrency(tx, projectId, currency));

    it('accepts the project’s currency and refuses another one with a clear message (409, no conversion)', async () => {
      const project = await ctx.newProject(admin, { key: 'EUROS', currency: 'EUR' });
      await ctx.newBudget(admin, project.id);
      await expect(check(project.id, 'EUR')).resolves.toBeUndefined();
      const error = await refusal(check(project.id, 'USD'));
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/would cost USD but project EUROS and its budget are in EUR; amounts are never converted/);
      expect(error.details).toEqual({ currency: ['rate currency USD differs from project currency EUR'] });
    });

    it('refuses against the budget too when the project’s currency changed after the budget was set', async () => {
      const project = await ctx.newProject(admin, { currency: 'EUR' });
      await ctx.newBudget(admin, project.id);
      await ctx.sql(`UPDATE projects SET currency = 'GBP' WHERE id = $1`, [project.id]);
      expect((await refusal(check(project.id, 'GBP'))).message).toMatch(/are in EUR/);
    });

    it('has nothing to check without a project', async () => {
      await expect(check(null, 'JPY')).resolves.toBeUndefined();
    });
  });
});
