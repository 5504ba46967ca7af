import { routes } from '@stint/contracts';
import Decimal from 'decimal.js';
import { Money, sumMoney } from '../../common/money';
import type { EntryCostState } from '../budget-ledger';
import { releaseUserCosts } from '../../time-tracking/entry-costs';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { alertsOf, budgetRow, inTransaction, ledgerOf, setSettings } from '../../../test/support/helpers';

/**
 * BudgetLedger.recordCostChange, called the way the timer and entry code calls it: inside a
 * transaction of its own. Budgets are 1000 with the default thresholds (80 / 90 / 100 %).
 */
describe('BudgetLedger', () => {
  let ctx: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
  });
  afterAll(() => ctx.close());
  afterEach(() => setSettings(admin, { enable_budget_tracking: true, enable_budget_alerts: true }));

  async function budgeted(body: Parameters<TestContext['newBudget']>[2] = {}) {
    const project = await ctx.newProject(admin);
    await ctx.newBudget(admin, project.id, body);
    return project.id;
  }

  const record = (projectId: string | null, delta: string) => inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, projectId, delta));

  describe('threshold crossings', () => {
    const cases: Array<[string, string[], string[][]]> = [
      ['exactly at the warning threshold', ['800'], [['warning']]],
      ['a ten-thousandth under it, then exactly at it', ['799.9999', '0.0001'], [[], ['warning']]],
      ['one change jumping every level', ['1200'], [['warning', 'critical', 'exceeded']]],
      ['exactly at 100 %', ['950', '50'], [['warning', 'critical'], ['exceeded']]],
      ['staying above a level: it does not fire again', ['850', '10', '45', '5'], [['warning'], [], ['critical'], []]],
      ['falling back under and crossing again', ['850', '-100', '100', '-60', '60'], [['warning'], [], ['warning'], [], ['warning']]],
      ['falling from exceeded to below warning re-arms all three', ['1000', '-500', '500'], [['warning', 'critical', 'exceeded'], [], ['warning', 'critical', 'exceeded']]],
    ];

    it.each(cases)('%s', async (_, deltas, expected) => {
      const projectId = await budgeted();
      const fired: string[][] = [];
      for (const delta of deltas) fired.push((await record(projectId, delta)).map((alert) => alert.alertType));
      expect(fired).toEqual(expected);
      const total = sumMoney(deltas);
      expect(new Money((await budgetRow(ctx, projectId)).total_cost).eq(total)).toBe(true);
      expect(await alertsOf(ctx, projectId)).toHaveLength(expected.flat().length);
    });

    it('records the percentage and cost at the moment of the crossing', async () => {
      const projectId = await budgeted();
      await record(projectId, '700');
      const alerts = await record(projectId, '512.3456');
      expect(alerts.map((a) => [a.alertType, a.thresholdPercentage, a.actualPercentage, a.costAtAlert])).toEqual([
        ['warning', '80.00', '121.23', '1212.3456'],
        ['critical', '90.00', '121.23', '1212.3456'],
        ['exceeded', '100.00', '121.23', '1212.3456'],
      ]);
      expect((await budgetRow(ctx, projectId)).status).toBe('exceeded');
    });

    it('keeps the status in step: active, exceeded, and back', async () => {
      const projectId = await budgeted();
      await record(projectId, '999.9999');
      expect((await budgetRow(ctx, projectId)).status).toBe('active');
      await record(projectId, '0.0001');
      expect((await budgetRow(ctx, projectId)).status).toBe('exceeded');
      await record(projectId, '-0.0001');
      expect((await budgetRow(ctx, projectId)).status).toBe('active');
    });

    it('thresholds changed after the fact: lowered below the usage fires now, raised above it re-arms', async () => {
      const projectId = await budgeted();
      await record(projectId, '850');
      // Warning (80) already fired; critical lowered from 90 to 85 is reached now.
      await ctx.newBudget(admin, projectId, { alert_threshold: 70, critical_threshold: 85 });
      expect((await alertsOf(ctx, projectId)).map((a) => a.alert_type)).toEqual(['warning', 'critical']);
      // Raised above the usage: both re-armed, nothing fires.
      await ctx.newBudget(admin, projectId, { alert_threshold: 90, critical_threshold: 95 });
      expect(await alertsOf(ctx, projectId)).toHaveLength(2);
      expect((await record(projectId, '60')).map((a) => [a.alertType, a.thresholdPercentage])).toEqual([['warning', '90.00']]);
      expect((await record(projectId, '40')).map((a) => a.alertType)).toEqual(['critical']);
    });

    it('a smaller budget crosses levels like a cost does', async () => {
      const projectId = await budgeted();
      await record(projectId, '500');
      await ctx.newBudget(admin, projectId, { total_budget: '500' });
      expect((await alertsOf(ctx, projectId)).map((a) => a.alert_type)).toEqual(['warning', 'critical', 'exceeded']);
    });

    it('a budget created on a project already past levels raises them at once, from the exact sum of its stopped entries', async () => {
      const project = await ctx.newProject(admin);
      await ctx.insertEntry({ userId: admin.id, projectId: project.id, cost: '455.1234' });
      await ctx.insertEntry({ userId: admin.id, projectId: project.id, cost: '450.0000' });
      await ctx.insertEntry({ userId: admin.id, projectId: project.id, status: 'running' });
      const budget = await ctx.newBudget(admin, project.id);
      expect(budget.total_cost_exact).toBe('905.1234');
      expect((await alertsOf(ctx, project.id)).map((a) => a.alert_type)).toEqual(['warning', 'critical']);
    });

    it('a rolled-back change leaves neither cost nor alert behind, so the next crossing still fires', async () => {
      const projectId = await budgeted();
      await expect(
        inTransaction(ctx, async (tx) => {
          await ledgerOf(ctx).recordCostChange(tx, projectId, '900');
          throw new Error('the entry change failed');
        }),
      ).rejects.toThrow('the entry change failed');
      expect((await budgetRow(ctx, projectId)).total_cost).toBe('0.0000');
      expect(await alertsOf(ctx, projectId)).toHaveLength(0);
      expect((await record(projectId, '900')).map((a) => a.alertType)).toEqual(['warning', 'critical']);
    });

    it('several changes in one transaction are applied per project, in a fixed order', async () => {
      const [a, b] = [await budgeted(), await budgeted()];
      const alerts = await inTransaction(ctx, (tx) =>
        ledgerOf(ctx).recordCostChanges(tx, [
          { projectId: b, deltaCost: '500' },
          { projectId: a, deltaCost: '100' },
          { projectId: b, deltaCost: '400' },
          { projectId: null, deltaCost: '5' },
        ]),
      );
      expect((await budgetRow(ctx, a)).total_cost).toBe('100.0000');
      expect((await budgetRow(ctx, b)).total_cost).toBe('900.0000');
      expect(alerts.map((alert) => alert.alertType)).toEqual(['warning', 'critical']);
    });
  });

  describe('recordEntryChange', () => {
    const change = (before: EntryCostState | null, after: EntryCostState | null) => inTransaction(ctx, (tx) => ledgerOf(ctx).recordEntryChange(tx, before, after));

    it('counts stopped entries only: a stop, an edit moving projects, a delete', async () => {
      const [a, b] = [await budgeted(), await budgeted()];
      // A running timer costs the budget nothing until it stops.
      await change(null, { projectId: a, status: 'running', totalCost: '0' });
      expect((await budgetRow(ctx, a)).total_cost).toBe('0.0000');
      await change({ projectId: a, status: 'running', totalCost: '0' }, { projectId: a, status: 'stopped', totalCost: '850.1234' });
      expect((await budgetRow(ctx, a)).total_cost).toBe('850.1234');
      // Edited: moved to b, and cheaper.
      const alerts = await change({ projectId: a, status: 'stopped', totalCost: '850.1234' }, { projectId: b, status: 'stopped', totalCost: '900' });
      expect([(await budgetRow(ctx, a)).total_cost, (await budgetRow(ctx, b)).total_cost]).toEqual(['0.0000', '900.0000']);
      expect(alerts.map((alert) => alert.alertType)).toEqual(['warning', 'critical']);
      await change({ projectId: b, status: 'stopped', totalCost: '900' }, null);
      expect((await budgetRow(ctx, b)).total_cost).toBe('0.0000');
    });
  });

  describe('settings and no-ops', () => {
    it('does nothing for a project without a budget, no project, or a zero delta', async () => {
      const project = await ctx.newProject(admin);
      expect(await record(project.id, '500')).toEqual([]);
      expect(await record(null, '500')).toEqual([]);
      const projectId = await budgeted();
      expect(await record(projectId, '0.0000')).toEqual([]);
      expect((await budgetRow(ctx, projectId)).total_cost).toBe('0.0000');
    });

    it('with alerts off keeps the total exact but raises nothing; crossings meanwhile are not raised later', async () => {
      const projectId = await budgeted();
      await setSettings(admin, { enable_budget_alerts: false });
      expect(await record(projectId, '850')).toEqual([]);
      expect((await budgetRow(ctx, projectId)).total_cost).toBe('850.0000');
      await setSettings(admin, { enable_budget_alerts: true });
      expect(await record(projectId, '10')).toEqual([]);
      expect((await record(projectId, '50')).map((a) => a.alertType)).toEqual(['critical']);
    });

    it('with budget tracking off keeps the total exact but raises nothing', async () => {
      const projectId = await budgeted();
      await setSettings(admin, { enable_budget_tracking: false });
      expect(await record(projectId, '1200')).toEqual([]);
      expect(await budgetRow(ctx, projectId)).toEqual({ total_cost: '1200.0000', status: 'exceeded' });
      expect(await alertsOf(ctx, projectId)).toHaveLength(0);
    });

    it('resyncs the total to the exact sum of the stopped entries, raising what that crosses', async () => {
      const project = await ctx.newProject(admin);
      await ctx.newBudget(admin, project.id);
      await ctx.insertEntry({ userId: admin.id, projectId: project.id, cost: '812.3400' });
      const alerts = await inTransaction(ctx, (tx) => ledgerOf(ctx).resyncProjectCost(tx, project.id));
      expect(alerts.map((a) => a.alertType)).toEqual(['warning']);
      expect((await budgetRow(ctx, project.id)).total_cost).toBe('812.3400');
    });

    it('takes an erased user’s stopped entries off every budget', async () => {
      const worker = await ctx.newUser();
      const [a, b] = [await budgeted(), await budgeted()];
      for (const [projectId, cost] of [
        [a, '100.1000'],
        [a, '0.0001'],
        [b, '300.0000'],
      ] as const) {
        await ctx.insertEntry({ userId: worker.id, projectId, cost });
        await record(projectId, cost);
      }
      await inTransaction(ctx, async (tx) => {
        await releaseUserCosts(tx, ledgerOf(ctx), worker.id);
        await tx.query('DELETE FROM users WHERE id = $1', [worker.id]);
      });
      expect((await budgetRow(ctx, a)).total_cost).toBe('0.0000');
      expect((await budgetRow(ctx, b)).total_cost).toBe('0.0000');
    });
  });

  describe('under concurrency', () => {
    /**
     * 50 transactions at once on one project, each an entry change (a new stopped entry, or
     * an edit of an existing one's cost) plus its delta, as the timer stop and entry edit
     * flows do. Each takes a sequence number while holding the budget lock, which recovers
     * the order the lock serialised them in; replaying the deltas in that order gives the
     * crossings that must have fired, exactly once each.
     */
    it('50 concurrent stops and edits keep total_cost equal to the exact sum of the entries, each crossing firing once', async () => {
      const project = await ctx.newProject(admin);
      const seeds: string[] = [];
      for (let i = 0; i < 10; i += 1) seeds.push(await ctx.insertEntry({ userId: admin.id, projectId: project.id, cost: '8.5000' }));
      await ctx.newBudget(admin, project.id, { total_budget: '100' });
      const start = new Money((await budgetRow(ctx, project.id)).total_cost);
      expect(start.toFixed(4)).toBe('85.0000');
      // Creating the budget at 85 % raised the warning already.
      expect((await alertsOf(ctx, project.id)).map((a) => a.alert_type)).toEqual(['warning']);
      await ctx.sql('CREATE SEQUENCE IF NOT EXISTS ledger_order');

      let seed = 42;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const amount = () => new Money(Math.floor(random() * 32_000) + 1).dividedBy(10_000);
      const jobs = Array.from({ length: 50 }, (_, i) => ({ kind: i % 5 < 3 ? ('stop' as const) : ('edit' as const), amount: amount(), entry: seeds[i % seeds.length] }));

      const results = await Promise.all(
        jobs.map((job) =>
          inTransaction(ctx, async (tx) => {
            let delta: Decimal;
            if (job.kind === 'stop') {
              delta = job.amount;
              await ctx.insertEntry({ userId: admin.id, projectId: project.id, start: new Date(Date.now() - 3_600_000), seconds: 3600, cost: delta.toFixed(4) }, tx);
            } else {
              // An edit lowers or raises an entry's cost by up to 3.2 (never below 0).
              const [{ total_cost: old }] = await tx.query<Array<{ total_cost: string }>>('SELECT total_cost::text FROM time_entries WHERE id = $1 FOR UPDATE', [job.entry]);
              const next = Decimal.max(new Money(old).plus(job.amount.times(random() < 0.5 ? -1 : 1)), 0);
              await tx.query('UPDATE time_entries SET total_cost = $2 WHERE id = $1', [job.entry, next.toFixed(4)]);
              delta = next.minus(old);
            }
            const alerts = await ledgerOf(ctx).recordCostChange(tx, project.id, delta);
            const [{ n }] = await tx.query<Array<{ n: string }>>(`SELECT nextval('ledger_order')::text AS n`);
            return { order: Number(n), delta, alerts: alerts.map((a) => a.alertType) };
          }),
        ),
      );

      const [{ sum }] = await ctx.sql<{ sum: string }>(`SELECT sum(total_cost)::text AS sum FROM time_entries WHERE project_id = $1 AND status = 'stopped'`, [project.id]);
      const { total_cost } = await budgetRow(ctx, project.id);
      expect(total_cost).toBe(new Money(sum).toFixed(4));
      expect(new Money(total_cost).eq(start.plus(sumMoney(results.map((r) => r.delta))))).toBe(true);

      // Replay in lock order: every upward crossing of 80, 90 and 100 fired once, nothing else did.
      const expected: string[] = [];
      let cost = start;
      for (const result of [...results].sort((a, b) => a.order - b.order)) {
        const next = cost.plus(result.delta);
        const crossed = (
          [
            ['warning', 80],
            ['critical', 90],
            ['exceeded', 100],
          ] as const
        )
          .filter(([, line]) => cost.lt(line) && next.gte(line))
          .map(([type]) => type);
        expect(result.alerts).toEqual(crossed);
        expected.push(...crossed);
        cost = next;
      }
      const stored = await alertsOf(ctx, project.id);
      expect(stored.map((a) => a.alert_type).sort()).toEqual(['warning', ...expected].sort());
      expect(expected.length).toBeGreaterThan(0);
    });

    it('a budget created while timers stop concurrently starts from a total that misses and doubles nothing', async () => {
      const project = await ctx.newProject(admin);
      for (let i = 0; i < 5; i += 1) await ctx.insertEntry({ userId: admin.id, projectId: project.id, cost: '10.0001' });
      // Stopping a running entry is an UPDATE that leaves project_id alone: no foreign-key lock on the project to lean on.
      const worker = await ctx.newUser();
      const running: string[] = [];
      for (let slot = 0; slot < 20; slot += 1) running.push(await ctx.insertEntry({ userId: worker.id, projectId: project.id, status: 'running', timerSlot: slot }));
      const changes = running.map((id, i) =>
        inTransaction(ctx, async (tx) => {
          const cost = new Money(i + 1).dividedBy(7).toDecimalPlaces(4).toFixed(4);
          await tx.query(
            `UPDATE time_entries SET status = 'stopped', end_time = start_time + interval '1 hour', duration_seconds = 3600, total_cost = $2, timer_slot = NULL
              WHERE id = $1`,
            [id, cost],
          );
          await tx.query('SELECT pg_sleep(0.01)');
          await ledgerOf(ctx).recordCostChange(tx, project.id, cost);
        }),
      );
      await Promise.all([...changes, ctx.newBudget(admin, project.id, { total_budget: '100000' })]);
      const [{ sum }] = await ctx.sql<{ sum: string }>(`SELECT sum(total_cost)::text AS sum FROM time_entries WHERE project_id = $1 AND status = 'stopped'`, [project.id]);
      expect((await budgetRow(ctx, project.id)).total_cost).toBe(new Money(sum).toFixed(4));
      const budget = await admin.api.call(routes.budgets.get, { params: { id: project.id } });
      expect(budget.view === 'full' && budget.total_cost_exact).toBe(new Money(sum).toFixed(4));
    });
  });
});
