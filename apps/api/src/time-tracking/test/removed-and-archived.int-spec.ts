import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, HOUR, MINUTE, storedEntry } from '../../../test/support/helpers';

/**
 * Issue 12, item 5: removal from a project ends the member's write access to its tasks and
 * entries and stops (books) their timer there; an archived project takes no new or longer time
 * and its timers are stopped (booked) at archive time. Past entries stay readable to their owner.
 */
describe('tracking on a project after removal or archive', () => {
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
  const at = (ms: number) => new Date(NOW.getTime() + ms);

  async function world() {
    const worker = await ctx.newUser({ full_name: 'Wendy Worker' });
    const project = await ctx.newProject(admin, { currency: 'USD' });
    await ctx.addMembers(admin, project.id, worker);
    await ctx.newBudget(admin, project.id, { total_budget: '100.00' });
    const task = await ctx.newTask(worker, { title: 'Own task', project_id: project.id });
    // One past hour at the default 50 USD/h: 50.00 on the budget.
    const entry = await ctx.newEntry(worker, { task_id: task.id, start_time: '2026-05-19T09:00:00Z', end_time: '2026-05-19T10:00:00Z' });
    return { worker, project, task, entry };
  }

  describe('a member removed from the project', () => {
    it('keeps reading their own task and entry, but every write is refused (403) and nothing reaches the budget', async () => {
      const { worker, project, task, entry } = await world();
      await admin.api.call(routes.projects.removeMember, { params: { id: project.id, userId: worker.id } });

      expect((await failure(worker.api.call(routes.projects.get, { params: { id: project.id } }))).status).toBe(404);
      expect((await worker.api.call(routes.tasks.get, { params: { id: task.id } })).id).toBe(task.id);
      expect((await worker.api.call(routes.timeEntries.get, { params: { id: entry.id } })).total_cost).toBe('50.00');

      const refusals = [
        worker.api.call(routes.tasks.update, { params: { id: task.id }, body: { title: 'Renamed' } }),
        worker.api.call(routes.tasks.updateStatus, { params: { id: task.id }, body: { status: 'done' } }),
        worker.api.call(routes.tasks.remove, { params: { id: task.id } }),
        worker.api.call(routes.timeTracking.start, { body: { task_id: task.id } }),
        ctx.newEntry(worker, { task_id: task.id, start_time: '2026-05-18T00:00:00Z', end_time: '2026-05-18T20:00:00Z' }),
        worker.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { end_time: '2026-05-19T23:00:00Z' } }),
        worker.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { description: 'edited' } }),
        worker.api.call(routes.timeEntries.remove, { params: { id: entry.id } }),
      ];
      for (const call of refusals) {
        const error = await failure(call);
        expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
        expect(error.message).toMatch(/no longer a member of project/);
      }
      // Starting on the project itself is the 404 of a project they can't see.
      expect((await failure(worker.api.call(routes.timeTracking.start, { body: { project_id: project.id } }))).status).toBe(404);
      expect(await budgetCost(project.id)).toBe('50.0000');
      expect((await storedEntry(ctx, entry.id)).duration_seconds).toBe(3600);
      expect(await ctx.sql('SELECT 1 FROM time_entries WHERE user_id = $1 AND status <> $2', [worker.id, 'stopped'])).toHaveLength(0);
    });

    it('stops and books their running timer at the moment of removal (stop_reason removed), in the removal itself', async () => {
      const { worker, project, task } = await world();
      const timer = await worker.api.call(routes.timeTracking.start, { body: { task_id: task.id } });
      ctx.clock.set(at(30 * MINUTE));
      await admin.api.call(routes.projects.removeMember, { params: { id: project.id, userId: worker.id } });
      const stored = await storedEntry(ctx, timer.time_log_id);
      expect([stored.status, stored.stop_reason, stored.duration_seconds, stored.total_cost]).toEqual(['stopped', 'removed', 1800, '25.0000']);
      expect(stored.end_time?.toISOString()).toBe(at(30 * MINUTE).toISOString());
      expect(await budgetCost(project.id)).toBe('75.0000');
      ctx.clock.set(at(2 * HOUR));
      const status = await worker.api.call(routes.timeTracking.status);
      expect([status.status, status.last_stopped?.reason, status.last_stopped?.elapsed_seconds]).toEqual(['stopped', 'removed', 1800]);
    });

    it('stops a paused timer too, counting only the time it ran', async () => {
      const { worker, project, task } = await world();
      const timer = await worker.api.call(routes.timeTracking.start, { body: { task_id: task.id } });
      ctx.clock.set(at(10 * MINUTE));
      await worker.api.call(routes.timeTracking.pause, { body: { time_log_id: timer.time_log_id } });
      ctx.clock.set(at(40 * MINUTE));
      await admin.api.call(routes.projects.removeMember, { params: { id: project.id, userId: worker.id } });
      const stored = await storedEntry(ctx, timer.time_log_id);
      expect([stored.status, stored.stop_reason, stored.duration_seconds]).toEqual(['stopped', 'removed', 600]);
      expect((await failure(worker.api.call(routes.timeTracking.resume, { body: { time_log_id: timer.time_log_id } }))).status).toBe(409);
    });

    it('leaves other members’ timers running, and gives everything back once re-added', async () => {
      const { worker, project, task, entry } = await world();
      const colleague = await ctx.newUser();
      await ctx.addMembers(admin, project.id, colleague);
      const theirs = await colleague.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
      await admin.api.call(routes.projects.removeMember, { params: { id: project.id, userId: worker.id } });
      expect((await storedEntry(ctx, theirs.time_log_id)).status).toBe('running');
      await ctx.addMembers(admin, project.id, worker);
      expect((await worker.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { description: 'back' } })).description).toBe('back');
      expect((await worker.api.call(routes.timeTracking.start, { body: { task_id: task.id } })).status).toBe('running');
    });
  });

  describe('an archived project', () => {
    it('stops and books its running and paused timers at archive time (stop_reason archived)', async () => {
      const { worker, project, task } = await world();
      const colleague = await ctx.newUser();
      await ctx.addMembers(admin, project.id, colleague);
      const running = await worker.api.call(routes.timeTracking.start, { body: { task_id: task.id } });
      const paused = await colleague.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
      ctx.clock.set(at(6 * MINUTE));
      await colleague.api.call(routes.timeTracking.pause, { body: { time_log_id: paused.time_log_id } });
      ctx.clock.set(at(12 * MINUTE));
      await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: true } });
      const [a, b] = [await storedEntry(ctx, running.time_log_id), await storedEntry(ctx, paused.time_log_id)];
      expect([a.status, a.stop_reason, a.duration_seconds, a.end_time?.toISOString()]).toEqual(['stopped', 'archived', 720, at(12 * MINUTE).toISOString()]);
      expect([b.status, b.stop_reason, b.duration_seconds]).toEqual(['stopped', 'archived', 360]);
      // 50 + 10 + 5
      expect(await budgetCost(project.id)).toBe('65.0000');
      const resumed = await failure(colleague.api.call(routes.timeTracking.resume, { body: { time_log_id: paused.time_log_id } }));
      expect(resumed.status).toBe(409);
    });

    it('takes no new or longer time (409), but entries may be shortened, re-described or deleted', async () => {
      const { worker, project, task, entry } = await world();
      const other = await ctx.newEntry(worker, { task_id: task.id, start_time: '2026-05-18T09:00:00Z', end_time: '2026-05-18T10:00:00Z' });
      await admin.api.call(routes.projects.remove, { params: { id: project.id } });
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).archived_at).not.toBeNull();

      const personal = await ctx.newEntry(worker, { start_time: '2026-05-17T09:00:00Z', end_time: '2026-05-17T10:00:00Z' });
      for (const call of [
        worker.api.call(routes.timeTracking.start, { body: { task_id: task.id } }),
        worker.api.call(routes.timeTracking.start, { body: { project_id: project.id } }),
        ctx.newEntry(worker, { task_id: task.id, start_time: '2026-05-18T12:00:00Z', end_time: '2026-05-18T13:00:00Z' }),
        worker.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { end_time: '2026-05-19T12:00:00Z' } }),
        worker.api.call(routes.timeEntries.update, { params: { id: personal.id }, body: { project_id: project.id } }),
      ]) {
        const error = await failure(call);
        expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
        expect(error.message).toMatch(/archived/);
      }
      expect(await budgetCost(project.id)).toBe('100.0000');

      expect((await worker.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { end_time: '2026-05-19T09:30:00Z' } })).duration_seconds).toBe(1800);
      expect((await worker.api.call(routes.timeEntries.update, { params: { id: entry.id }, body: { description: 'notes' } })).description).toBe('notes');
      await worker.api.call(routes.timeEntries.remove, { params: { id: other.id } });
      expect(await budgetCost(project.id)).toBe('25.0000');
    });
  });
});
