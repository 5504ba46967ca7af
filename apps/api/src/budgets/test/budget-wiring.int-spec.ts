import { routes, type TimerStreamEvent } from '@stint/contracts';
import { Money } from '../../common/money';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { alertsOf, budgetInvariant, budgetRow, expectBudgetInvariant, failure, HOUR, MINUTE } from '../../../test/support/helpers';
import { TimerMaintenance } from '../../time-tracking/timer-maintenance';

/**
 * The budget wired into time tracking, end to end through the HTTP API (issue 5): every
 * timer stop, manual entry create/edit/delete and re-rate changes the project budget's
 * total_cost in its own transaction; the hard cap, the currency rule and the budget job.
 */

/** The test clock is frozen here (tests move it forward); manual entries lie before it. */
const NOW = new Date('2026-03-10T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

describe('budgets wired into time tracking', () => {
  let ctx: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    // 60 an hour = 1 a minute, in USD (the projects' default currency).
    await admin.api.call(routes.settings.update, {
      body: { default_hourly_rate: '60', default_currency: 'USD', max_concurrent_timers_per_user: 1, max_timer_hours: 24 },
    });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const setMaxTimers = (max: number) => admin.api.call(routes.settings.update, { body: { max_concurrent_timers_per_user: max } });

  async function teamProject(members: TestUser[], budget: { total_budget: string; is_locked?: boolean }, overrides: { currency?: string } = {}) {
    const project = await ctx.newProject(admin, { name: 'Budgeted', ...overrides });
    await ctx.addMembers(admin, project.id, ...members);
    await ctx.newBudget(admin, project.id, { start_date: '2026-01-01', ...budget });
    return project;
  }

  /** A manual entry of `minutes` (at 60/h: costs `minutes`), ending `endsAgoMs` before the clock. */
  const manual = (user: TestUser, projectId: string, minutes: number, endsAgoMs = HOUR) => {
    const end = ctx.clock.now().getTime() - endsAgoMs;
    return ctx.newEntry(user, { project_id: projectId, start_time: new Date(end - minutes * MINUTE).toISOString(), end_time: new Date(end).toISOString() });
  };
  const start = (user: TestUser, projectId: string) => user.api.call(routes.timeTracking.start, { body: { project_id: projectId } });
  const stop = (user: TestUser, timeLogId?: string) => user.api.call(routes.timeTracking.stop, { body: timeLogId ? { time_log_id: timeLogId } : {} });
  const alertTypes = async (projectId: string) => (await alertsOf(ctx, projectId)).map((alert) => alert.alert_type);

  describe('the invariant: total_cost = exact sum of the stopped entries', () => {
    afterEach(() => setMaxTimers(1));

    it('holds after 50 concurrent stops, creates, edits (one moving projects) and deletes from five users — and at every moment in between', async () => {
      const users = await Promise.all(Array.from({ length: 5 }, () => ctx.newUser()));
      const project = await teamProject(users, { total_budget: '100000' });
      const other = await teamProject(users, { total_budget: '100000' });
      await setMaxTimers(3);

      // Before: per user 4 manual entries (2 to edit, 2 to delete) and 3 running timers started a minute apart.
      const existing = new Map<string, string[]>();
      for (const [u, user] of users.entries()) {
        const ids: string[] = [];
        for (let i = 0; i < 4; i += 1) ids.push((await manual(user, project.id, 10 + 7 * i + u, (5 + i) * HOUR)).id);
        existing.set(user.id, ids);
      }
      const timers = new Map<string, string[]>();
      for (let i = 0; i < 3; i += 1) {
        for (const user of users) timers.set(user.id, [...(timers.get(user.id) ?? []), (await start(user, project.id)).time_log_id as string]);
        ctx.clock.advance(MINUTE + 13_000);
      }
      ctx.clock.advance(HOUR);
      await expectBudgetInvariant(ctx, project.id, other.id);

      // 10 operations per user: 3 timer stops, 3 creates, 2 edits (one longer, one moved to the other project or shorter), 2 deletes.
      const operations: Array<() => Promise<unknown>> = [];
      for (const [u, user] of users.entries()) {
        const [edit1, edit2, delete1, delete2] = existing.get(user.id)!;
        for (const id of timers.get(user.id)!) operations.push(() => stop(user, id));
        for (let i = 0; i < 3; i += 1) operations.push(() => manual(user, project.id, 17 + 11 * i + u, (2 + i) * HOUR));
        operations.push(() => user.api.call(routes.timeEntries.update, { params: { id: edit1 }, body: { end_time: at(-4.5 * HOUR) } }));
        operations.push(() =>
          user.api.call(routes.timeEntries.update, { params: { id: edit2 }, body: u % 2 === 0 ? { project_id: other.id } : { end_time: at(-6 * HOUR - 5 * MINUTE) } }),
        );
        operations.push(() => user.api.call(routes.timeEntries.remove, { params: { id: delete1 } }));
        operations.push(() => user.api.call(routes.timeEntries.remove, { params: { id: delete2 } }));
      }
      expect(operations).toHaveLength(50);
      // Interleave users and kinds, so the same budget row is contended by every kind of change.
      const shuffled = operations.map((operation, i) => ({ operation, key: (i * 37) % 50 })).sort((a, b) => a.key - b.key);

      // Poll the invariant (one statement, one snapshot) for as long as the changes run.
      let running = true;
      const violations: Awaited<ReturnType<typeof budgetInvariant>> = [];
      let checks = 0;
      const poller = (async () => {
        while (running) {
          for (const row of await budgetInvariant(ctx, [project.id, other.id])) if (!row.holds) violations.push(row);
          checks += 1;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      // In two waves of 25 with a check between them.
      const first = await Promise.allSettled(shuffled.slice(0, 25).map(({ operation }) => operation()));
      await expectBudgetInvariant(ctx, project.id, other.id);
      const second = await Promise.allSettled(shuffled.slice(25).map(({ operation }) => operation()));
      running = false;
      await poller;

      const rejected = [...first, ...second].filter((result) => result.status === 'rejected');
      expect(rejected).toEqual([]);
      expect(violations).toEqual([]);
      expect(checks).toBeGreaterThan(1);
      await expectBudgetInvariant(ctx, project.id, other.id);

      // Nothing is left running, the moved entries count on the other project, and the API shows the same exact total.
      const [{ active }] = await ctx.sql<{ active: number }>(`SELECT count(*)::int AS active FROM time_entries WHERE project_id = $1 AND status <> 'stopped'`, [project.id]);
      expect(active).toBe(0);
      const [{ sum }] = await ctx.sql<{ sum: string }>(`SELECT sum(total_cost)::text AS sum FROM time_entries WHERE project_id = $1 AND status = 'stopped'`, [project.id]);
      const budget = await admin.api.call(routes.budgets.get, { params: { id: project.id } });
      expect(budget.view === 'full' && budget.total_cost_exact).toBe(new Money(sum).toFixed(4));
      expect((await budgetRow(ctx, other.id)).total_cost).not.toBe('0.0000');
    }, 60_000);
  });

  describe('alerts from timer stops', () => {
    it('a stop crossing the warning threshold raises one alert; later stops don’t; falling back under re-arms it; crossing again raises again', async () => {
      const user = await ctx.newUser();
      const project = await teamProject([user], { total_budget: '100' });
      const earlier = await manual(user, project.id, 70);
      expect(await alertTypes(project.id)).toEqual([]);

      // 70 + 15 = 85: past 80 % (warning), short of 90 % (critical).
      await start(user, project.id);
      ctx.clock.advance(15 * MINUTE);
      expect((await stop(user)).cost).toBe('15.00');
      expect(await alertTypes(project.id)).toEqual(['warning']);
      const [warning] = await alertsOf(ctx, project.id);
      expect(warning).toMatchObject({ actual_percentage: '85.00', cost_at_alert: '85.0000', threshold_percentage: '80.00' });

      // 85 + 2 = 87: still over the threshold, no second alert.
      await start(user, project.id);
      ctx.clock.advance(2 * MINUTE);
      await stop(user);
      expect(await alertTypes(project.id)).toEqual(['warning']);

      // Deleting the 70 brings it to 17 (re-armed); 17 + 65 = 82 crosses again.
      await user.api.call(routes.timeEntries.remove, { params: { id: earlier.id } });
      expect((await budgetRow(ctx, project.id)).total_cost).toBe('17.0000');
      await start(user, project.id);
      ctx.clock.advance(65 * MINUTE);
      await stop(user);
      expect(await alertTypes(project.id)).toEqual(['warning', 'warning']);
      const listed = await admin.api.call(routes.budgets.alerts, { query: { project_id: project.id } });
      expect(listed.data.map((alert) => [alert.alert_type, alert.cost_at_alert]).sort()).toEqual([
        ['warning', '82.00'],
        ['warning', '85.00'],
      ]);
      await expectBudgetInvariant(ctx, project.id);
    });
  });

  describe('the hard cap of a locked budget', () => {
    it('refuses a timer start or resume, manual time and a longer edit on a used-up locked project (409 saying so), not on another project', async () => {
      const user = await ctx.newUser();
      const locked = await teamProject([user], { total_budget: '100', is_locked: true });
      const free = await teamProject([user], { total_budget: '100', is_locked: true });
      // A paused timer on the locked project, then one entry takes it from 0 to exactly 100 (an entry past 100 % is refused, issue 12).
      await start(user, locked.id);
      ctx.clock.advance(MINUTE);
      await user.api.call(routes.timeTracking.pause, { body: {} });
      const tooBig = await failure(manual(user, locked.id, 120, 2 * HOUR));
      expect([tooBig.status, tooBig.details?.remaining]).toEqual([409, '100.00']);
      const big = await manual(user, locked.id, 100, 2 * HOUR);
      expect((await budgetRow(ctx, locked.id)).status).toBe('exceeded');
      const budget = await admin.api.call(routes.budgets.get, { params: { id: locked.id } });
      expect(budget.view === 'full' && budget.cap_reached).toBe(true);

      const exhausted = new RegExp(`Project ${locked.key} has used up its locked budget of 100.00 USD`);
      const resumed = await failure(user.api.call(routes.timeTracking.resume, { body: {} }));
      expect([resumed.status, resumed.code]).toEqual([409, 'CONFLICT']);
      expect(resumed.message).toMatch(exhausted);
      // Starting another timer on it would also have stopped (switched) the paused one: refused as a whole, it stays paused.
      const started = await failure(start(user, locked.id));
      expect([started.status, started.message]).toEqual([409, expect.stringMatching(exhausted)]);
      expect((await user.api.call(routes.timeTracking.status)).status).toBe('paused');
      const added = await failure(manual(user, locked.id, 5, 5 * HOUR));
      expect([added.status, added.message]).toEqual([409, expect.stringMatching(exhausted)]);
      const bigEnd = new Date(big.end_time as string).getTime();
      const longer = await failure(user.api.call(routes.timeEntries.update, { params: { id: big.id }, body: { end_time: new Date(bigEnd + MINUTE).toISOString() } }));
      expect([longer.status, longer.message]).toEqual([409, expect.stringMatching(exhausted)]);

      // Taking time off is always allowed; the other project takes time and timers.
      const shorter = await user.api.call(routes.timeEntries.update, { params: { id: big.id }, body: { start_time: new Date(bigEnd - 90 * MINUTE).toISOString() } });
      expect(shorter.total_cost).toBe('90.00');
      expect((await manual(user, free.id, 5, 5 * HOUR)).total_cost).toBe('5.00');
      expect((await start(user, free.id)).status).toBe('running');
      expect((await user.api.call(routes.timeTracking.status)).last_stopped).toMatchObject({ reason: 'switched' });
      await expectBudgetInvariant(ctx, locked.id, free.id);
      // Nothing refused left a trace on the budget.
      expect((await budgetRow(ctx, locked.id)).total_cost).toBe('91.0000');
      await stop(user);
    });

    it('lets only one of several concurrent additions through once the first exhausts a locked budget', async () => {
      const users = [await ctx.newUser(), await ctx.newUser(), await ctx.newUser(), await ctx.newUser()];
      const locked = await teamProject(users, { total_budget: '100', is_locked: true });
      await manual(users[0], locked.id, 90, 6 * HOUR);
      // Each addition costs 10: the first to hold the budget row takes it to exactly 100 (used up); the rest must see that.
      const outcomes = await Promise.allSettled(users.map((user, i) => manual(user, locked.id, 10, (i + 1) * HOUR)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const refused of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect(refused.reason).toMatchObject({ status: 409 });
      }
      expect((await budgetRow(ctx, locked.id)).total_cost).toBe('100.0000');
      await expectBudgetInvariant(ctx, locked.id);
    });

    it('stops a running timer when its cost reaches what is left (the background job), says why on the stream and in status', async () => {
      const user = await ctx.newUser();
      const project = await teamProject([user], { total_budget: '100', is_locked: true });
      await manual(user, project.id, 64);
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `${await ctx.app.getUrl()}/api/v1/time-tracking/stream`.replace('[::1]', '127.0.0.1');
      const stream = await openStream(url, { authorization: `Bearer ${user.token}` });
      try {
        await stream.next((event) => event.type === 'snapshot');
        const timer = await start(user, project.id);
        const job = ctx.app.get(TimerMaintenance);

        const statusOf = async () => (await ctx.sql<{ status: string }>('SELECT status FROM time_entries WHERE id = $1', [timer.time_log_id]))[0].status;

        // 36 left at 1 a minute: reached 36 minutes after the start. Not before.
        ctx.clock.advance(35 * MINUTE);
        expect(await job.runOnce()).toMatchObject({ budgetStopped: 0, capped: 0 });
        expect(await statusOf()).toBe('running');
        ctx.clock.advance(MINUTE + 30_000);
        expect(await job.runOnce()).toMatchObject({ budgetStopped: 1, capped: 0 });
        expect(await statusOf()).toBe('stopped');
        expect(await job.runOnce()).toMatchObject({ budgetStopped: 0 });

        const [entry] = await ctx.sql<{ status: string; stop_reason: string; duration_seconds: number; total_cost: string; end_time: Date }>(
          'SELECT status, stop_reason, duration_seconds, total_cost::text, end_time FROM time_entries WHERE id = $1',
          [timer.time_log_id],
        );
        expect(entry).toEqual({ status: 'stopped', stop_reason: 'budget', duration_seconds: 2160, total_cost: '36.0000', end_time: new Date(at(36 * MINUTE)) });
        // Counted once: 64 + 36, not a cent over the budget.
        expect(await budgetRow(ctx, project.id)).toEqual({ total_cost: '100.0000', status: 'exceeded' });
        await expectBudgetInvariant(ctx, project.id);

        const event = await stream.next((e) => e.time_log_id === timer.time_log_id && e.stop_reason === 'budget');
        expect(event).toMatchObject({ type: 'stopped', status: { status: 'stopped', last_stopped: { reason: 'budget', time_log_id: timer.time_log_id, cost: '36.00' } } });
        const status = await user.api.call(routes.timeTracking.status);
        expect(status).toMatchObject({ status: 'stopped', time_log_id: null, last_stopped: { reason: 'budget', elapsed_seconds: 2160, cost: '36.00', currency: 'USD' } });
        expect(await alertTypes(project.id)).toEqual(['warning', 'critical', 'exceeded']);
        // And now nothing more goes in.
        expect((await failure(start(user, project.id))).status).toBe(409);
      } finally {
        stream.close();
      }
    });
  });

  describe('currency', () => {
    it('refuses a EUR rate on a USD project with a budget: timer start and manual entry, 409 with one clear message', async () => {
      const user = await ctx.newUser();
      const project = await teamProject([user], { total_budget: '1000' });
      await ctx.newRate(admin, user, { rate_type: 'hourly', rate_amount: '50', currency: 'EUR', effective_from: '2020-01-01' });
      const message = `This time would cost EUR but project ${project.key} and its budget are in USD; amounts are never converted. An admin can set a USD rate.`;

      const started = await failure(start(user, project.id));
      expect([started.status, started.code, started.message]).toEqual([409, 'CONFLICT', message]);
      expect(started.details).toEqual({ currency: ['rate currency EUR differs from project currency USD'] });
      const added = await failure(manual(user, project.id, 30));
      expect([added.status, added.message]).toEqual([409, message]);

      // Without a budget the message doesn't invent one; time without a project is fine in any currency.
      const plain = await ctx.newProject(admin, { name: 'Plain' });
      await ctx.addMembers(admin, plain.id, user);
      expect((await failure(start(user, plain.id))).message).toBe(
        `This time would cost EUR but project ${plain.key} is billed in USD; amounts are never converted. An admin can set a USD rate.`,
      );
      expect((await user.api.call(routes.timeTracking.start, { body: {} })).currency).toBe('EUR');
      await stop(user);
      expect((await budgetRow(ctx, project.id)).total_cost).toBe('0.0000');
    });

    it('refuses to change the currency of a project with a budget (409), keeping entries, rates and budget in one currency', async () => {
      const project = await ctx.newProject(admin, { name: 'Budgeted, unused' });
      await ctx.newBudget(admin, project.id, { total_budget: '500' });
      const error = await failure(admin.api.call(routes.projects.update, { params: { id: project.id }, body: { currency: 'EUR' } }));
      expect([error.status, error.message]).toEqual([409, `The currency of project ${project.key} cannot change while it has a budget (in USD); amounts are never converted`]);
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).currency).toBe('USD');
    });
  });

  describe('re-rating', () => {
    it('changes each project’s total_cost by exactly its entries’ difference, in the same transaction', async () => {
      const user = await ctx.newUser();
      const p = await teamProject([user], { total_budget: '10000' });
      const q = await teamProject([user], { total_budget: '10000' });
      await ctx.newRate(admin, user, { rate_type: 'hourly', rate_amount: '37.1234', currency: 'USD', effective_from: '2026-01-01' });
      // Odd durations so every cost has 4 decimals to carry; one entry before the new rate's period, one without a project.
      const entry = (projectId: string | null, startIso: string, seconds: number) =>
        ctx.newEntry(user, { project_id: projectId, start_time: startIso, end_time: new Date(new Date(startIso).getTime() + seconds * 1000).toISOString() });
      await entry(p.id, '2026-03-02T09:00:00Z', 1237);
      await entry(p.id, '2026-03-03T09:00:00Z', 4421);
      await entry(q.id, '2026-03-04T09:00:00Z', 777);
      await entry(p.id, '2026-02-10T09:00:00Z', 3333);
      await entry(null, '2026-03-05T09:00:00Z', 999);
      await expectBudgetInvariant(ctx, p.id, q.id);
      const sumOf = async (projectId: string, from: string) =>
        (
          await ctx.sql<{ sum: string }>(`SELECT coalesce(sum(total_cost), 0)::text AS sum FROM time_entries WHERE project_id = $1 AND status = 'stopped' AND start_time >= $2`, [
            projectId,
            from,
          ])
        )[0].sum;
      const before = { p: (await budgetRow(ctx, p.id)).total_cost, q: (await budgetRow(ctx, q.id)).total_cost };
      const periodBefore = { p: await sumOf(p.id, '2026-03-01'), q: await sumOf(q.id, '2026-03-01') };

      const rate = await ctx.newRate(admin, user, { rate_type: 'minutely', rate_amount: '0.9871', currency: 'USD', effective_from: '2026-03-01' });
      const applied = await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: rate.id } });
      expect(applied.entries_updated).toBe(4);

      const periodAfter = { p: await sumOf(p.id, '2026-03-01'), q: await sumOf(q.id, '2026-03-01') };
      expect(periodAfter.p).not.toBe(periodBefore.p);
      expect((await budgetRow(ctx, p.id)).total_cost).toBe(new Money(before.p).plus(periodAfter.p).minus(periodBefore.p).toFixed(4));
      expect((await budgetRow(ctx, q.id)).total_cost).toBe(new Money(before.q).plus(periodAfter.q).minus(periodBefore.q).toFixed(4));
      await expectBudgetInvariant(ctx, p.id, q.id);
    });
  });
});

interface EventStream {
  /** The next `timer` event matching `predicate` (already received ones count), or a timeout error. */
  next(predicate?: (event: TimerStreamEvent) => boolean, timeoutMs?: number): Promise<TimerStreamEvent>;
  close(): void;
}

/** Opens the timer SSE endpoint over real HTTP (as the timer stream tests do) and parses `event: timer` blocks. */
async function openStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const received: TimerStreamEvent[] = [];
  let wake: () => void = () => undefined;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (name === 'timer' && data) {
            received.push(JSON.parse(data) as TimerStreamEvent);
            wake();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  let consumed = 0;
  return {
    async next(predicate = () => true, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (consumed < received.length) {
          const event = received[consumed++];
          if (predicate(event)) return event;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching stream event in time; got ${JSON.stringify(received.map((e) => [e.type, e.stop_reason]))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => controller.abort(),
  };
}
