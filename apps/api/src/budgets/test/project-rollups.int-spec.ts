import { ApiError, routes, type CostFigures, type ProjectStatisticsResponse } from '@stint/contracts';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { budgetFiguresSql, figureParams, type BudgetFigureRow } from '../budget-figures';
import { REBUILD_PROJECT_ROLLUPS } from '../project-rollups';
import { ROLLUP_DRIFT_SQL } from '../../time-tracking/entry-rollup-drift';
import { projectStoppedEntriesSql } from '../../time-tracking/entry-read-sql';

/**
 * The rollups (project_cost_days, project_hour_totals, project_user_days, project_task_days)
 * against live aggregation: after random writes they equal a GROUP BY of time_entries, and
 * the budget figures and project statistics computed from them equal the same figures
 * computed from the entries alone.
 */

/** The budget figures the dashboard showed before the rollup, straight from the entries. */
const LIVE_BUDGET_FIGURES = `
  SELECT b.project_id,
         (SELECT coalesce(sum(te.total_cost), 0) FROM time_entries te
           WHERE te.project_id = b.project_id AND te.status = 'stopped' AND te.end_time > $2 AND te.end_time <= $1) AS window_cost,
         CASE WHEN b.total_cost >= b.total_budget THEN (
           SELECT min(c.end_time) FROM (
             SELECT te.end_time, sum(te.total_cost) OVER (ORDER BY te.end_time, te.id) AS reached
               FROM time_entries te WHERE te.project_id = b.project_id AND te.status = 'stopped') c
            WHERE c.reached >= b.total_budget) END AS exceeded_at
    FROM project_budgets b ORDER BY b.project_id`;

/** The statistics before the rollups: one GROUPING SETS scan of the entries. */
const LIVE_STATISTICS = `
  SELECT GROUPING(te.user_id, te.task_id, d.day, te.is_billable)::int AS grouping, te.user_id, te.task_id, to_char(d.day, 'YYYY-MM-DD') AS day,
         te.is_billable, count(*)::int AS entries, coalesce(sum(te.duration_seconds), 0)::int AS seconds, coalesce(sum(te.total_cost), 0)::numeric(16,4)::text AS cost
    FROM time_entries te CROSS JOIN LATERAL (SELECT (te.start_time AT TIME ZONE $2)::date AS day) d
   WHERE te.project_id = $1 AND te.status = 'stopped'
     AND ($3::date IS NULL OR te.start_time >= ($3::date)::timestamp AT TIME ZONE $2)
     AND ($4::date IS NULL OR te.start_time < ($4::date + 1)::timestamp AT TIME ZONE $2)
   GROUP BY GROUPING SETS ((te.user_id), (te.task_id), (d.day), (te.is_billable), ())`;

interface LiveGroup {
  grouping: number;
  user_id: string | null;
  task_id: string | null;
  day: string | null;
  is_billable: boolean | null;
  entries: number;
  seconds: number;
  cost: string;
}

const DAY_MS = 86_400_000;
/** Entries fall within 12 days from here: across Berlin's and New York's autumn DST ends. */
const BASE = Date.parse('2025-10-24T00:00:00Z');
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe'];

type Op =
  | { kind: 'insert'; user: number; project: number | null; task: number | null; startMin: number; seconds: number; cost: number; billable: boolean; status: 'stopped' | 'running' }
  | { kind: 'edit'; pick: number; field: 'cost' | 'project' | 'task' | 'end' | 'start' | 'billable' | 'description'; value: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'rerate'; user: number; factor: number }
  | { kind: 'stop'; pick: number; minutes: number }
  | { kind: 'deleteTask'; task: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      user: fc.nat(2),
      project: fc.option(fc.nat(2), { freq: 6 }),
      task: fc.option(fc.nat(3), { freq: 2 }),
      // Minutes, so entries land on and around UTC and local midnights and hour edges.
      startMin: fc.oneof(fc.nat(12 * 1440 - 1), fc.constantFrom(0, 1439, 1440, 1470, 2 * 1440 + 60, 3 * 1440 - 30)),
      seconds: fc.integer({ min: 1, max: 20 * 3600 }),
      cost: fc.integer({ min: 0, max: 5_000_000 }),
      billable: fc.boolean(),
      status: fc.constantFrom('stopped' as const, 'stopped' as const, 'running' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      pick: fc.nat(),
      field: fc.constantFrom('cost' as const, 'project' as const, 'task' as const, 'end' as const, 'start' as const, 'billable' as const, 'description' as const),
      value: fc.integer({ min: 1, max: 3_000_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rerate' as const), user: fc.nat(2), factor: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), pick: fc.nat(), minutes: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteTask' as const), task: fc.nat(3) }) },
);

describe('project rollups against live aggregation', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let users: TestUser[];
  let projects: string[];
  let tasks: string[];

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    users = [admin, await ctx.newUser({ full_name: 'Bo' }), await ctx.newUser({ full_name: 'Cy' })];
    projects = [];
    for (const key of ['RA', 'RB', 'RC']) {
      const project = await ctx.newProject(admin, { key });
      await ctx.addMembers(admin, project.id, users[1], users[2]);
      await ctx.newBudget(admin, project.id, { total_budget: '100' });
      projects.push(project.id);
    }
    tasks = [];
  });
  afterAll(() => ctx.close());

  async function drift(): Promise<Array<{ rollup: string; differing_keys: number }>> {
    return (await ctx.sql<{ rollup: string; differing_keys: number }>(ROLLUP_DRIFT_SQL)).map(({ rollup, differing_keys }) => ({ rollup, differing_keys }));
  }
  const noDrift = [
    { rollup: 'project_cost_days', differing_keys: 0 },
    { rollup: 'project_hour_totals', differing_keys: 0 },
    { rollup: 'project_user_days', differing_keys: 0 },
    { rollup: 'project_task_days', differing_keys: 0 },
  ];

  /** Fresh tasks for a run (two per project; deleteTask removes them), so task_id goes to null on the way. */
  async function freshTasks(): Promise<void> {
    tasks = [];
    for (const projectId of projects.slice(0, 2)) {
      for (const title of ['one', 'two']) tasks.push((await ctx.newTask(admin, { title, project_id: projectId })).id);
    }
  }

  async function apply(op: Op): Promise<void> {
    const ids = (await ctx.sql<{ id: string; status: string }>(`SELECT id, status::text FROM time_entries ORDER BY id`)).map((r) => r);
    const pick = (n: number, stopped = true) => {
      const pool = ids.filter((r) => (r.status === 'stopped') === stopped);
      return pool.length ? pool[n % pool.length].id : null;
    };
    switch (op.kind) {
      case 'insert': {
        const start = new Date(BASE + op.startMin * 60_000);
        if (op.status === 'running') {
          const [active] = await ctx.sql(`SELECT 1 FROM time_entries WHERE user_id = $1 AND status <> 'stopped'`, [users[op.user].id]);
          if (active) return;
        }
        const taskId = op.task === null || !tasks[op.task] ? null : tasks[op.task];
        const [task] = taskId ? await ctx.sql<{ project_id: string }>('SELECT project_id FROM tasks WHERE id = $1', [taskId]) : [];
        await ctx.insertEntry({
          userId: users[op.user].id,
          projectId: task ? task.project_id : op.project === null ? null : projects[op.project],
          taskId: task ? taskId : null,
          start,
          seconds: op.seconds,
          cost: (op.cost / 10_000).toFixed(4),
          billable: op.billable,
          status: op.status,
        });
        return;
      }
      case 'edit': {
        const id = pick(op.pick);
        if (!id) return;
        const set = {
          cost: ['total_cost = $2::numeric / 10000', op.value],
          project: ['project_id = $2, task_id = NULL', op.value % 4 === 3 ? null : projects[op.value % 3]],
          task: ['task_id = $2, project_id = coalesce((SELECT project_id FROM tasks WHERE id = $2), project_id)', tasks.length ? tasks[op.value % tasks.length] : null],
          end: [`end_time = start_time + make_interval(secs => $2::int % 86400 + 1), duration_seconds = $2::int % 86400 + 1`, op.value],
          start: [`start_time = start_time + make_interval(mins => $2::int % 2000), end_time = end_time + make_interval(mins => $2::int % 2000)`, op.value],
          billable: ['is_billable = NOT is_billable', null],
          description: [`description = 'edited ' || $2::text`, op.value],
        }[op.field] as [string, unknown];
        if (set[0].includes('$2')) await ctx.sql(`UPDATE time_entries SET ${set[0]} WHERE id = $1`, [id, set[1]]);
        else await ctx.sql(`UPDATE time_entries SET ${set[0]} WHERE id = $1`, [id]);
        return;
      }
      case 'delete': {
        const id = pick(op.pick);
        if (id) await ctx.sql('DELETE FROM time_entries WHERE id = $1', [id]);
        return;
      }
      case 'rerate':
        // A bulk re-rate: one statement over many entries, projects and days.
        await ctx.sql(`UPDATE time_entries SET total_cost = round(total_cost * $2::numeric / 100, 4) WHERE user_id = $1 AND status = 'stopped'`, [users[op.user].id, op.factor]);
        return;
      case 'stop': {
        const id = pick(op.pick, false);
        if (!id) return;
        await ctx.sql(
          `UPDATE time_entries SET status = 'stopped', timer_slot = NULL, paused_at = NULL, end_time = start_time + make_interval(mins => $2),
                  duration_seconds = $2 * 60, total_cost = $2::numeric / 7 WHERE id = $1`,
          [id, op.minutes],
        );
        return;
      }
      case 'deleteTask': {
        const taskId = tasks[op.task];
        if (!taskId) return;
        await ctx.sql('DELETE FROM tasks WHERE id = $1', [taskId]);
        tasks.splice(op.task, 1);
        return;
      }
    }
  }

  /** The dashboard's figures from the rollup equal the ones from the entries, at several moments. */
  async function expectBudgetFiguresLive(budgets: number[]): Promise<void> {
    // The ledger's total is the exact sum of the entries (SQL writes here bypass it).
    for (const [i, projectId] of projects.entries()) {
      await ctx.sql(
        `UPDATE project_budgets SET total_budget = $2, total_cost = (SELECT coalesce(sum(total_cost), 0) FROM time_entries WHERE project_id = $1 AND status = 'stopped')
          WHERE project_id = $1`,
        [projectId, budgets[i]],
      );
    }
    for (const offsetMs of [0, 5 * DAY_MS + 1, 8 * DAY_MS + 13 * 3_600_000 + 7, 12 * DAY_MS, 20 * DAY_MS + 1]) {
      const now = new Date(BASE + offsetMs);
      const params = figureParams(now, { enableBudgetTracking: true, enableBudgetAlerts: true });
      const fromRollup = await ctx.sql<BudgetFigureRow>(`${budgetFiguresSql(projectStoppedEntriesSql)} ORDER BY b.project_id`, params);
      const live = await ctx.sql<{ project_id: string; window_cost: string; exceeded_at: Date | null }>(LIVE_BUDGET_FIGURES, params.slice(0, 2));
      expect(fromRollup.map((r) => [r.project_id, r.window_cost, r.exceeded_at?.toISOString() ?? null])).toEqual(
        live.map((r) => [r.project_id, r.window_cost, r.exceeded_at?.toISOString() ?? null]),
      );
    }
  }

  /** GET /projects/:id/statistics (rollups) equals the GROUPING SETS scan of the entries. */
  async function expectStatisticsLive(zone: string, range: { start?: string; end?: string }): Promise<void> {
    await admin.api.call(routes.users.updateMe, { body: { timezone: zone } });
    for (const projectId of projects) {
      const stats: ProjectStatisticsResponse = await admin.api.call(routes.budgets.statistics, { params: { id: projectId }, query: range });
      const live = await ctx.sql<LiveGroup>(LIVE_STATISTICS, [projectId, zone, range.start ?? null, range.end ?? null]);
      const figures = (row: CostFigures) => [row.entries, row.seconds, row.cost_exact];
      const liveFigures = (row: LiveGroup | undefined) => (row ? [row.entries, row.seconds, row.cost] : [0, 0, '0.0000']);
      const of = (mask: number) => live.filter((row) => row.grouping === mask);
      const sorted = (rows: Array<[string, unknown[]]>) => [...rows].sort((a, b) => a[0].localeCompare(b[0]));
      const context = `${zone} ${JSON.stringify(range)} ${projectId}`;
      expect([context, figures(stats.totals)]).toEqual([context, liveFigures(of(0b1111).find((r) => r.entries > 0))]);
      expect([context, figures(stats.billable)]).toEqual([context, liveFigures(of(0b1110).find((r) => r.is_billable === true))]);
      expect([context, figures(stats.non_billable)]).toEqual([context, liveFigures(of(0b1110).find((r) => r.is_billable === false))]);
      expect([context, sorted(stats.by_user.map((r) => [r.user_id, figures(r)]))]).toEqual([context, sorted(of(0b0111).map((r) => [r.user_id!, liveFigures(r)]))]);
      expect([context, sorted(stats.by_task.map((r) => [String(r.task_id), figures(r)]))]).toEqual([context, sorted(of(0b1011).map((r) => [String(r.task_id), liveFigures(r)]))]);
      expect([context, stats.by_day.map((r) => [r.date, figures(r)])]).toEqual([context, sorted(of(0b1101).map((r) => [r.day!, liveFigures(r)]))]);
    }
  }

  it('equal live aggregation after random inserts, edits, stops, deletes, re-rates and task deletions', async () => {
    const day = (n: number) => new Date(BASE + n * DAY_MS).toISOString().slice(0, 10);
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...ZONES),
        fc.option(fc.tuple(fc.integer({ min: -1, max: 12 }), fc.integer({ min: 0, max: 5 })), { nil: undefined }),
        async (ops, budgets, zone, range) => {
          await ctx.sql('DELETE FROM time_entries');
          await freshTasks();
          for (const op of ops) await apply(op);
          expect(await drift()).toEqual(noDrift);
          await expectBudgetFiguresLive(budgets);
          await expectStatisticsLive(zone, range ? { start: day(range[0]), end: day(range[0] + range[1]) } : {});
          if (range) await expectStatisticsLive(zone, { start: day(range[0]) });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('never makes one writer wait for another: an in-flight writer’s row stays beside the next and is folded in later', async () => {
    await ctx.sql('DELETE FROM time_entries');
    const start = new Date('2025-11-03T10:00:00Z');
    const dataSource = ctx.app.get(DataSource);
    const held = dataSource.createQueryRunner();
    await held.connect();
    try {
      await held.startTransaction();
      await ctx.insertEntry({ userId: users[1].id, projectId: projects[0], start, seconds: 3600, cost: '50.0000' }, held);
      // Same project and day while the first transaction holds its rollup rows: must not block.
      const second = ctx.insertEntry({ userId: users[2].id, projectId: projects[0], start, seconds: 3600, cost: '7.5000' });
      const outcome = await Promise.race([second.then(() => 'done'), new Promise((resolve) => setTimeout(() => resolve('blocked'), 5000))]);
      expect(outcome).toBe('done');
      await held.commitTransaction();
    } finally {
      await held.release();
    }
    const rowsOfKey = () =>
      ctx.sql<{ rows: number; cost: string }>(`SELECT count(*)::int AS rows, sum(cost)::text AS cost FROM project_cost_days WHERE project_id = $1`, [projects[0]]);
    expect(await rowsOfKey()).toEqual([{ rows: 2, cost: '57.5000' }]);
    await ctx.insertEntry({ userId: users[2].id, projectId: projects[0], start: new Date(start.getTime() + 7200_000), seconds: 60, cost: '0.5000' });
    expect(await rowsOfKey()).toEqual([{ rows: 1, cost: '58.0000' }]);
    expect(await drift()).toEqual(noDrift);
  });

  it('stays exact under concurrent entry writes through the API and a bulk re-rate, without deadlocks', async () => {
    await ctx.sql('DELETE FROM time_entries');
    ctx.clock.set(new Date('2025-11-10T12:00:00Z'));
    const days = ['2025-11-03', '2025-11-04'];
    // The entry service answers 409 "try again" when two of its transactions deadlock on the
    // budgets' locks (a pre-existing race between entry edits moving projects); a client retries.
    const retried = async <T>(call: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await call();
        } catch (error) {
          if (!(error instanceof ApiError) || error.status !== 409 || attempt === 5) throw error;
        }
      }
    };
    const worker = async (user: TestUser, seed: number) => {
      const mine: string[] = [];
      for (let i = 0; i < 24; i += 1) {
        const n = (seed * 31 + i * 7) % 10;
        if (n < 5 || mine.length === 0) {
          const start = `${days[i % 2]}T${String(20 + (n % 4)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:00Z`;
          const end = new Date(Date.parse(start) + (30 + n * 17) * 60_000).toISOString();
          const entry = await retried(() => ctx.newEntry(user, { project_id: projects[i % 3], start_time: start, end_time: end }));
          mine.push(entry.id);
        } else if (n < 8) {
          const id = mine[i % mine.length];
          const body = { project_id: projects[(i + 1) % 3], end_time: `${days[(i + 1) % 2]}T23:59:00Z`, start_time: `${days[(i + 1) % 2]}T23:00:00Z` };
          await retried(() => user.api.call(routes.timeEntries.update, { params: { id }, body }));
        } else {
          const id = mine.splice(i % mine.length, 1)[0];
          await retried(() => user.api.call(routes.timeEntries.remove, { params: { id } }));
        }
      }
    };
    // Bulk statements over the admin's entries on the same projects and days (other rows than
    // the API writers', so only the rollups are shared), like a re-rate.
    for (const [i, day] of [...days, ...days].entries()) {
      await ctx.insertEntry({ userId: admin.id, projectId: projects[i % 3], start: new Date(`${day}T21:00:00Z`), seconds: 1800, cost: '1.0000' });
    }
    const rerate = async () => {
      for (let i = 0; i < 8; i += 1) {
        await ctx.sql(`UPDATE time_entries SET total_cost = total_cost + 0.0001 * $2 WHERE user_id = $1 AND status = 'stopped'`, [admin.id, i]);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    };
    const outcomes = await Promise.allSettled([worker(users[1], 1), worker(users[2], 2), worker(users[1], 3), rerate()]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await drift()).toEqual(noDrift);
    ctx.clock.reset();
  });

  it('rebuilds to the same sums from scratch (what the bulk seed runs after loading)', async () => {
    await ctx.insertEntry({ userId: users[1].id, projectId: projects[1], start: new Date('2025-11-05T23:30:00Z'), seconds: 7200, cost: '3.2100' });
    const before = await ctx.sql(`SELECT project_id, day, sum(cost)::text AS cost, sum(entries)::int AS entries FROM project_cost_days GROUP BY 1, 2 ORDER BY 1, 2`);
    await ctx.sql(REBUILD_PROJECT_ROLLUPS);
    expect(await ctx.sql(`SELECT project_id, day, sum(cost)::text AS cost, sum(entries)::int AS entries FROM project_cost_days GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual(before);
    expect(await drift()).toEqual(noDrift);
  });
});
