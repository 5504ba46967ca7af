import { routes, type TimeEntryCreateRequest } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, setSettings, storedEntry } from '../../../test/support/helpers';

describe('time entries', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let projectId: string;
  let taskId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    member = await ctx.newUser();
    projectId = (await ctx.newProject(admin, { name: 'Client work', currency: 'USD' })).id;
    await ctx.addMembers(admin, projectId, member);
    taskId = (await ctx.newTask(member, { title: 'Design review', project_id: projectId })).id;
  });
  beforeEach(() => ctx.clock.set(new Date('2026-05-20T12:00:00.000Z')));
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  const create = (user: TestUser, body: TimeEntryCreateRequest) => user.api.call(routes.timeEntries.create, { body });

  describe('POST /api/v1/time-entries', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.timeEntries.create, { body: { start_time: '2026-05-01T09:00:00Z', end_time: '2026-05-01T10:00:00Z' } }))).status).toBe(401);
    });

    it('creates a stopped entry; duration and cost come from the server, across midnight', async () => {
      const created = await create(member, { task_id: taskId, start_time: '2026-05-18T23:15:00+02:00', end_time: '2026-05-19T01:45:30+02:00', description: 'Late review' });
      expect(created).toMatchObject({
        user_id: member.id,
        task_id: taskId,
        project_id: projectId,
        task_title: 'Design review',
        project_name: 'Client work',
        status: 'stopped',
        is_active: false,
        start_time: '2026-05-18T21:15:00.000Z',
        end_time: '2026-05-18T23:45:30.000Z',
        duration_seconds: 9030,
        duration_hours: 2.51,
        elapsed_seconds: 9030,
        paused_seconds: 0,
        rate_type: 'hourly',
        rate_amount: '50.0000',
        currency: 'USD',
        total_cost: '125.42',
        is_billable: true,
        stop_reason: null,
        description: 'Late review',
      });
      expect((await storedEntry(ctx, created.id)).total_cost).toBe('125.4167');
    });

    it('refuses an end before or at the start (422 naming end_time), in the future, or longer than the cap', async () => {
      for (const [start, end, pattern] of [
        ['2026-05-01T10:00:00Z', '2026-05-01T10:00:00Z', /after start_time/],
        ['2026-05-01T10:00:00Z', '2026-05-01T09:00:00Z', /after start_time/],
        ['2026-05-20T11:00:00Z', '2026-05-20T12:00:01Z', /future/],
        ['2026-05-01T00:00:00Z', '2026-05-02T00:00:01Z', /at most 24 hours/],
      ] as const) {
        const error = await failure(create(member, { start_time: start, end_time: end }));
        expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, ['end_time']]);
        expect(error.fieldErrors.end_time[0]).toMatch(pattern);
      }
      await setSettings(admin, { max_timer_hours: 48 });
      expect((await create(member, { start_time: '2026-05-01T00:00:00Z', end_time: '2026-05-02T00:00:01Z' })).duration_seconds).toBe(86_401);
      await setSettings(admin, { max_timer_hours: 24 });
    });

    it('validates fields: times with an offset, description ≤ 500, uuids, booleans', async () => {
      const base = { start_time: '2026-05-01T09:00:00Z', end_time: '2026-05-01T10:00:00Z' };
      for (const [body, field] of [
        [{ ...base, start_time: '2026-05-01 09:00' }, 'start_time'],
        [{ ...base, end_time: undefined }, 'end_time'],
        [{ ...base, description: 'x'.repeat(501) }, 'description'],
        [{ ...base, task_id: 'nope' }, 'task_id'],
        [{ ...base, is_billable: 'yes' }, 'is_billable'],
      ] as const) {
        const error = await failure(create(member, body as never));
        expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, [field]]);
      }
      expect((await create(member, { ...base, description: 'x'.repeat(500) })).description).toHaveLength(500);
    });

    it('checks task and project access (404) and the project’s currency (409); takes is_billable from the project', async () => {
      const base = { start_time: '2026-05-01T09:00:00Z', end_time: '2026-05-01T10:00:00Z' };
      const closed = await ctx.newProject(admin, { name: 'Closed' });
      const stranger = await ctx.newUser();
      expect((await failure(create(stranger, { ...base, task_id: taskId }))).status).toBe(404);
      expect((await failure(create(member, { ...base, project_id: closed.id }))).status).toBe(404);
      const euro = await ctx.newProject(admin, { name: 'Euro', currency: 'EUR' });
      await ctx.addMembers(admin, euro.id, member);
      expect((await failure(create(member, { ...base, project_id: euro.id }))).status).toBe(409);
      const internal = await ctx.newProject(admin, { name: 'Internal', is_billable: false });
      await ctx.addMembers(admin, internal.id, member);
      expect((await create(member, { ...base, project_id: internal.id })).is_billable).toBe(false);
      expect((await create(member, { ...base, project_id: internal.id, is_billable: true })).is_billable).toBe(true);
    });
  });

  describe('PATCH /api/v1/time-entries/:id', () => {
    it('edits description and billable flag; changed times recompute duration and cost', async () => {
      const created = await create(member, { task_id: taskId, start_time: '2026-05-02T09:00:00Z', end_time: '2026-05-02T10:00:00Z' });
      const described = await member.api.call(routes.timeEntries.update, { params: { id: created.id }, body: { description: 'Reviewed', is_billable: false } });
      expect(described).toMatchObject({ description: 'Reviewed', is_billable: false, duration_seconds: 3600, total_cost: '50.00' });
      const longer = await member.api.call(routes.timeEntries.update, { params: { id: created.id }, body: { end_time: '2026-05-02T11:30:00Z' } });
      expect(longer).toMatchObject({ duration_seconds: 9000, total_cost: '125.00', description: 'Reviewed' });
      const cleared = await member.api.call(routes.timeEntries.update, { params: { id: created.id }, body: { description: null, task_id: null } });
      expect(cleared).toMatchObject({ description: null, task_id: null, project_id: projectId });
      const error = await failure(member.api.call(routes.timeEntries.update, { params: { id: created.id }, body: { start_time: '2026-05-02T12:00:00Z' } }));
      expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, ['end_time']]);
    });

    it('a new start takes the rate effective then; a timer entry’s paused time is dropped when its times change', async () => {
      const user = await ctx.newUser();
      await ctx.newRate(admin, user, { rate_type: 'hourly', rate_amount: '80', currency: 'USD', effective_from: '2026-05-10' });
      const created = await create(user, { start_time: '2026-05-05T09:00:00Z', end_time: '2026-05-05T10:00:00Z' });
      expect(created.rate_amount).toBe('50.0000');
      const moved = await user.api.call(routes.timeEntries.update, { params: { id: created.id }, body: { start_time: '2026-05-12T09:00:00Z', end_time: '2026-05-12T10:00:00Z' } });
      expect(moved).toMatchObject({ rate_amount: '80.0000', total_cost: '80.00' });

      await user.api.call(routes.timeTracking.start, { body: {} });
      ctx.clock.advance(600_000);
      await user.api.call(routes.timeTracking.pause, { body: {} });
      ctx.clock.advance(600_000);
      const stopped = await user.api.call(routes.timeTracking.stop, { body: {} });
      expect(stopped).toMatchObject({ elapsed_seconds: 600, paused_seconds: 600 });
      const edited = await user.api.call(routes.timeEntries.update, { params: { id: stopped.time_log_id }, body: { end_time: '2026-05-20T12:15:00Z' } });
      expect(edited).toMatchObject({ paused_seconds: 0, duration_seconds: 900, total_cost: '20.00', stop_reason: 'user' });
    });

    it('refuses to edit or delete an active timer (409)', async () => {
      const user = await ctx.newUser();
      const timer = await user.api.call(routes.timeTracking.start, { body: {} });
      const edit = await failure(user.api.call(routes.timeEntries.update, { params: { id: timer.time_log_id }, body: { description: 'x' } }));
      expect([edit.status, edit.code]).toEqual([409, 'CONFLICT']);
      expect((await failure(user.api.call(routes.timeEntries.remove, { params: { id: timer.time_log_id } }))).status).toBe(409);
    });
  });

  describe('DELETE /api/v1/time-entries/:id', () => {
    it('deletes a stopped entry of the caller (204), then it is gone', async () => {
      const created = await create(member, { start_time: '2026-05-03T09:00:00Z', end_time: '2026-05-03T10:00:00Z' });
      const response = await member.api.raw(routes.timeEntries.remove, { params: { id: created.id } });
      expect(response.status).toBe(204);
      expect((await failure(member.api.call(routes.timeEntries.get, { params: { id: created.id } }))).status).toBe(404);
    });
  });

  describe('GET /api/v1/time-entries and /time-tracking/logs', () => {
    let user: TestUser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ctx.clock.set(new Date('2026-05-20T12:00:00.000Z'));
      user = await ctx.newUser();
      await ctx.addMembers(admin, projectId, user);
      ids.monday = (await create(user, { task_id: taskId, start_time: '2026-05-11T09:00:00Z', end_time: '2026-05-11T10:00:00Z' })).id;
      ids.overnight = (await create(user, { start_time: '2026-05-12T22:00:00Z', end_time: '2026-05-13T02:00:00Z', is_billable: false })).id;
      ids.wednesday = (await create(user, { project_id: projectId, start_time: '2026-05-13T09:00:00Z', end_time: '2026-05-13T09:30:00Z' })).id;
      ctx.clock.set(new Date('2026-05-20T11:00:00.000Z'));
      ids.running = (await user.api.call(routes.timeTracking.start, { body: { task_id: taskId } })).time_log_id;
      ctx.clock.reset();
    });

    it('lists the caller’s entries newest first with list conventions and a summary over all pages', async () => {
      const page = await user.api.call(routes.timeEntries.list, { query: { per_page: 2 } });
      expect(page.data.map((e) => e.id)).toEqual([ids.running, ids.wednesday]);
      expect(page.meta).toEqual({ page: 1, per_page: 2, total: 4 });
      // Running for an hour at the frozen clock (12:00): 1 h + 4 h + 0.5 h + 1 h.
      expect(page.summary).toEqual({ total_seconds: 23_400, billable_seconds: 9000, totals: [{ currency: 'USD', amount: '325.00' }] });
      expect((await user.api.call(routes.timeEntries.list, { query: { page: 2, per_page: 2 } })).data.map((e) => e.id)).toEqual([ids.overnight, ids.monday]);
      expect((await failure(user.api.call(routes.timeEntries.list, { query: { per_page: 101 } }))).status).toBe(422);
      const logs = await user.api.call(routes.timeTracking.logs, { query: { per_page: 2 } });
      expect(logs).toEqual(page);
    });

    it('filters by overlap with [from, to), project, task and status', async () => {
      const list = async (query: object) => (await user.api.call(routes.timeEntries.list, { query })).data.map((e) => e.id);
      expect(await list({ from: '2026-05-13T00:00:00Z', to: '2026-05-14T00:00:00Z' })).toEqual([ids.wednesday, ids.overnight]);
      expect(await list({ from: '2026-05-13T01:59:59Z', to: '2026-05-13T02:00:00Z' })).toEqual([ids.overnight]);
      expect(await list({ from: '2026-05-13T02:00:00Z', to: '2026-05-13T09:00:00Z' })).toEqual([]);
      expect(await list({ from: '2026-05-20T00:00:00Z' })).toEqual([ids.running]);
      expect(await list({ task_id: taskId })).toEqual([ids.running, ids.monday]);
      expect(await list({ project_id: projectId })).toEqual([ids.running, ids.wednesday, ids.monday]);
      expect(await list({ status: 'running' })).toEqual([ids.running]);
      const error = await failure(user.api.call(routes.timeEntries.list, { query: { from: '2026-05-14T00:00:00Z', to: '2026-05-13T00:00:00Z' } }));
      expect([error.status, Object.keys(error.fieldErrors)]).toEqual([422, ['to']]);
      expect((await failure(user.api.call(routes.timeEntries.list, { query: { from: 'yesterday' } }))).status).toBe(422);
    });

    it('admins list anyone’s entries with user_id; members only their own', async () => {
      expect((await admin.api.call(routes.timeEntries.list, { query: { user_id: user.id } })).meta.total).toBe(4);
      expect((await admin.api.call(routes.timeEntries.list)).data.every((e) => e.user_id === admin.id)).toBe(true);
      const error = await failure(member.api.call(routes.timeEntries.list, { query: { user_id: user.id } }));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
      expect((await member.api.call(routes.timeEntries.list, { query: { user_id: member.id } })).data.every((e) => e.user_id === member.id)).toBe(true);
    });
  });
});
