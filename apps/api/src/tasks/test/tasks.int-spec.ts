import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { callAs, failure } from '../../../test/support/helpers';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('tasks', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newAdmin({ full_name: 'Admin' });
    alice = await ctx.newUser({ full_name: 'Alice' });
    bob = await ctx.newUser({ full_name: 'Bob' });
    carol = await ctx.newUser({ full_name: 'Carol' });
  });
  afterAll(() => ctx.close());
  afterEach(() => ctx.clock.reset());

  describe('POST /api/v1/tasks', () => {
    it('requires authentication', async () => {
      const error = await failure(ctx.anonymous.call(routes.tasks.create, { body: { title: 'x' } }));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });

    it('creates a personal task with the spec defaults', async () => {
      const response = await callAs(ctx, alice, { method: 'POST', url: '/api/v1/tasks', payload: { title: '  Write the report  ' } });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(
        [
          'completed_at',
          'created_at',
          'description',
          'due_date',
          'estimated_hours',
          'id',
          'key',
          'priority',
          'project_id',
          'status',
          'tags',
          'time_tracked_hours',
          'title',
          'updated_at',
          'user_id',
        ].sort(),
      );
      expect(response.body).toMatchObject({
        user_id: alice.id,
        project_id: null,
        key: null,
        title: 'Write the report',
        description: null,
        status: 'todo',
        priority: 'medium',
        due_date: null,
        tags: [],
        estimated_hours: null,
        completed_at: null,
        time_tracked_hours: 0,
      });
      expect(response.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('keeps every field, normalising due_date to UTC and tags (trimmed, de-duplicated, case kept)', async () => {
      const task = await ctx.newTask(alice, {
        title: 'Full',
        description: 'All the fields',
        status: 'in_progress',
        priority: 'urgent',
        due_date: '2026-05-01T17:00:00+02:00',
        tags: [' backend ', 'API', 'backend', 'api', 'API '],
        estimated_hours: 2.5,
      });
      expect(task).toMatchObject({
        description: 'All the fields',
        status: 'in_progress',
        priority: 'urgent',
        due_date: '2026-05-01T15:00:00.000Z',
        tags: ['backend', 'API', 'api'],
        estimated_hours: 2.5,
        completed_at: null,
      });
    });

    it('stores a blank description as null', async () => {
      expect((await ctx.newTask(alice, { description: '   ' })).description).toBeNull();
    });

    it('sets completed_at when created done', async () => {
      const now = new Date('2026-03-01T10:00:00.000Z');
      ctx.clock.set(now);
      expect((await ctx.newTask(alice, { status: 'done' })).completed_at).toBe(now.toISOString());
    });

    it('gives a task in a project the key KEY-N, counting up per project', async () => {
      const [one, two] = [await ctx.newProject(admin, { key: 'ONE' }), await ctx.newProject(admin, { key: 'TWO' })];
      await ctx.addMembers(admin, one.id, alice);
      await ctx.addMembers(admin, two.id, alice);
      const keys = [];
      for (const project of [one, one, two, one]) keys.push((await ctx.newTask(alice, { project_id: project.id })).key);
      expect(keys).toEqual(['ONE-1', 'ONE-2', 'TWO-1', 'ONE-3']);
    });

    it('gives 20 parallel creates in one project 20 distinct consecutive keys', async () => {
      const project = await ctx.newProject(admin, { key: 'PAR' });
      await ctx.addMembers(admin, project.id, alice, bob);
      const tasks = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.newTask(i % 2 ? alice : bob, { project_id: project.id, title: `Parallel ${i}` })));
      const numbers = tasks.map((t) => Number(t.key!.split('-')[1])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(tasks.every((t) => t.key!.startsWith('PAR-'))).toBe(true);
      const [{ next }] = await ctx.sql<{ next: number }>('SELECT next_task_number AS next FROM projects WHERE id = $1', [project.id]);
      expect(next).toBe(21);
    });

    it('never reuses a number, even after a delete', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, alice);
      const first = await ctx.newTask(alice, { project_id: project.id });
      await alice.api.call(routes.tasks.remove, { params: { id: first.id } });
      expect((await ctx.newTask(alice, { project_id: project.id })).key).toBe(`${project.key}-2`);
    });

    it('answers 404 for a project the caller does not belong to, or that does not exist', async () => {
      const project = await ctx.newProject(admin);
      for (const projectId of [project.id, UNKNOWN_ID]) {
        const error = await failure(ctx.newTask(alice, { project_id: projectId }));
        expect([error.status, error.code]).toEqual([404, 'NOT_FOUND']);
      }
      const [{ next }] = await ctx.sql<{ next: number }>('SELECT next_task_number AS next FROM projects WHERE id = $1', [project.id]);
      expect(next).toBe(1);
    });

    it('lets admins create tasks in any project', async () => {
      const project = await ctx.newProject(admin);
      expect((await ctx.newTask(admin, { project_id: project.id })).key).toBe(`${project.key}-1`);
    });

    const tooMany = Array.from({ length: 21 }, (_, i) => `t${i}`);
    it.each([
      ['a missing title', { title: undefined }, 'title'],
      ['a null title', { title: null }, 'title'],
      ['an empty title', { title: '' }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a 201-character title', { title: 'x'.repeat(201) }, 'title'],
      ['a non-string title', { title: 42 }, 'title'],
      ['a 5001-character description', { description: 'x'.repeat(5001) }, 'description'],
      ['an unknown status', { status: 'blocked' }, 'status'],
      ['a null status', { status: null }, 'status'],
      ['an unknown priority', { priority: 'critical' }, 'priority'],
      ['a due_date that is not a date', { due_date: 'tomorrow' }, 'due_date'],
      ['a due_date without a time', { due_date: '2026-05-01' }, 'due_date'],
      ['a due_date without an offset', { due_date: '2026-05-01T10:00:00' }, 'due_date'],
      ['a due_date that does not exist', { due_date: '2026-02-30T10:00:00Z' }, 'due_date'],
      ['tags that are not a list', { tags: 'a,b' }, 'tags'],
      ['null tags', { tags: null }, 'tags'],
      ['21 tags', { tags: tooMany }, 'tags'],
      ['a 51-character tag', { tags: ['x'.repeat(51)] }, 'tags'],
      ['a blank tag', { tags: ['ok', '  '] }, 'tags'],
      ['a tag with a comma', { tags: ['a,b'] }, 'tags'],
      ['a tag that is not a string', { tags: [1] }, 'tags'],
      ['zero estimated_hours', { estimated_hours: 0 }, 'estimated_hours'],
      ['negative estimated_hours', { estimated_hours: -1 }, 'estimated_hours'],
      ['estimated_hours with three decimals', { estimated_hours: 1.234 }, 'estimated_hours'],
      ['estimated_hours as a string', { estimated_hours: '5' }, 'estimated_hours'],
      ['estimated_hours beyond DECIMAL(10,2)', { estimated_hours: 100_000_000 }, 'estimated_hours'],
      ['a project_id that is not a UUID', { project_id: 'abc' }, 'project_id'],
      ['a user_id (no mass assignment)', { user_id: UNKNOWN_ID }, 'user_id'],
      ['a key (assigned by the server)', { key: 'X-1' }, 'key'],
      ['a completed_at (derived from status)', { completed_at: '2026-01-01T00:00:00Z' }, 'completed_at'],
    ])('refuses %s with 422 on that field', async (_, override, field) => {
      const error = await failure(alice.api.call(routes.tasks.create, { body: { title: 'Valid', ...override } as never }));
      expect([error.status, error.code]).toEqual([422, 'VALIDATION_ERROR']);
      expect(Object.keys(error.fieldErrors)).toEqual([field]);
    });

    it('accepts the limits themselves', async () => {
      const task = await ctx.newTask(alice, {
        title: 'x'.repeat(200),
        description: 'y'.repeat(5000),
        tags: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, 'z')),
        estimated_hours: 99999999.99,
      });
      expect(task.title).toHaveLength(200);
      expect(task.tags).toHaveLength(20);
      expect(task.estimated_hours).toBe(99999999.99);
      expect((await ctx.newTask(alice, { estimated_hours: 0.01 })).estimated_hours).toBe(0.01);
    });
  });

  describe('PATCH /api/v1/tasks/:id', () => {
    it('changes the given fields only; null clears the nullable ones', async () => {
      const task = await ctx.newTask(alice, { description: 'd', due_date: '2026-06-01T00:00:00Z', estimated_hours: 3, tags: ['a'], priority: 'low' });
      const updated = await alice.api.call(routes.tasks.update, {
        params: { id: task.id },
        body: { title: ' New title ', description: null, due_date: null, estimated_hours: null, tags: ['b', 'b'] },
      });
      expect(updated).toMatchObject({ title: 'New title', description: null, due_date: null, estimated_hours: null, tags: ['b'], priority: 'low', status: 'todo' });
      expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(task.updated_at));
      const unchanged = await alice.api.call(routes.tasks.update, { params: { id: task.id }, body: {} });
      expect(unchanged).toMatchObject({ title: 'New title', tags: ['b'] });
    });

    it('refuses null for title, status, priority and tags, and fields that are not editable', async () => {
      const task = await ctx.newTask(alice);
      const error = await failure(
        alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { title: null, status: null, priority: null, tags: null, user_id: bob.id } as never }),
      );
      expect(error.status).toBe(422);
      expect(Object.keys(error.fieldErrors).sort()).toEqual(['priority', 'status', 'tags', 'title', 'user_id']);
      expect((await alice.api.call(routes.tasks.get, { params: { id: task.id } })).user_id).toBe(alice.id);
    });

    it('sets completed_at when the status becomes done and clears it when reopened', async () => {
      const task = await ctx.newTask(alice);
      const doneAt = new Date('2026-04-01T09:00:00.000Z');
      ctx.clock.set(doneAt);
      expect((await alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { status: 'done' } })).completed_at).toBe(doneAt.toISOString());
      ctx.clock.set(new Date('2026-04-02T09:00:00.000Z'));
      // Saving a done task again (e.g. a title edit with the same status) keeps the original time.
      expect((await alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { status: 'done', title: 'x' } })).completed_at).toBe(doneAt.toISOString());
      expect((await alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { status: 'in_progress' } })).completed_at).toBeNull();
    });

    it('answers 404 for an unknown task and 422 for an id that is not a UUID', async () => {
      expect((await failure(alice.api.call(routes.tasks.update, { params: { id: UNKNOWN_ID }, body: { title: 'x' } }))).status).toBe(404);
      expect((await failure(alice.api.call(routes.tasks.update, { params: { id: 'not-a-uuid' }, body: { title: 'x' } }))).status).toBe(422);
    });

    describe('moving between projects (project_id)', () => {
      it('re-keys the task in the target project, or drops the key when it leaves projects', async () => {
        const [from, to] = [await ctx.newProject(admin), await ctx.newProject(admin)];
        await ctx.addMembers(admin, from.id, alice);
        await ctx.addMembers(admin, to.id, alice);
        await ctx.newTask(alice, { project_id: to.id });
        const personal = await ctx.newTask(alice);
        const filed = await alice.api.call(routes.tasks.update, { params: { id: personal.id }, body: { project_id: from.id } });
        expect(filed).toMatchObject({ project_id: from.id, key: `${from.key}-1` });
        const moved = await alice.api.call(routes.tasks.update, { params: { id: personal.id }, body: { project_id: to.id } });
        expect(moved).toMatchObject({ project_id: to.id, key: `${to.key}-2` });
        const same = await alice.api.call(routes.tasks.update, { params: { id: personal.id }, body: { project_id: to.id, title: 'same project' } });
        expect(same.key).toBe(`${to.key}-2`);
        const out = await alice.api.call(routes.tasks.update, { params: { id: personal.id }, body: { project_id: null } });
        expect(out).toMatchObject({ project_id: null, key: null });
      });

      it('is for the creator and admins (403 for other project members)', async () => {
        const [from, to] = [await ctx.newProject(admin), await ctx.newProject(admin)];
        await ctx.addMembers(admin, from.id, alice, bob);
        await ctx.addMembers(admin, to.id, bob);
        const task = await ctx.newTask(alice, { project_id: from.id });
        expect((await failure(bob.api.call(routes.tasks.update, { params: { id: task.id }, body: { project_id: to.id } }))).status).toBe(403);
        expect((await admin.api.call(routes.tasks.update, { params: { id: task.id }, body: { project_id: to.id } })).key).toBe(`${to.key}-1`);
      });

      it('refuses a target project the caller is not in (404) or that is archived (409)', async () => {
        const [mine, notMine, archived] = [await ctx.newProject(admin), await ctx.newProject(admin), await ctx.newProject(admin)];
        await ctx.addMembers(admin, mine.id, alice);
        await ctx.addMembers(admin, archived.id, alice);
        await admin.api.call(routes.projects.update, { params: { id: archived.id }, body: { archived: true } });
        const task = await ctx.newTask(alice, { project_id: mine.id });
        expect((await failure(alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { project_id: notMine.id } }))).status).toBe(404);
        expect((await failure(alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { project_id: archived.id } }))).status).toBe(409);
        expect((await alice.api.call(routes.tasks.get, { params: { id: task.id } })).key).toBe(`${mine.key}-1`);
      });

      it('refuses to move a task that has time entries (409)', async () => {
        const [from, to] = [await ctx.newProject(admin), await ctx.newProject(admin)];
        await ctx.addMembers(admin, from.id, alice);
        await ctx.addMembers(admin, to.id, alice);
        const task = await ctx.newTask(alice, { project_id: from.id });
        await ctx.insertEntry({ userId: alice.id, taskId: task.id, projectId: from.id });
        const error = await failure(alice.api.call(routes.tasks.update, { params: { id: task.id }, body: { project_id: to.id } }));
        expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      });
    });
  });

  describe('PATCH /api/v1/tasks/:id/status', () => {
    it('sets, keeps and clears completed_at with the status', async () => {
      const task = await ctx.newTask(alice);
      const at = (iso: string) => ctx.clock.set(new Date(iso));
      const status = async (value: 'todo' | 'in_progress' | 'done' | 'archived') =>
        (await alice.api.call(routes.tasks.updateStatus, { params: { id: task.id }, body: { status: value } })).completed_at;
      at('2026-05-01T08:00:00.000Z');
      expect(await status('in_progress')).toBeNull();
      at('2026-05-02T08:00:00.000Z');
      expect(await status('done')).toBe('2026-05-02T08:00:00.000Z');
      at('2026-05-03T08:00:00.000Z');
      expect(await status('done')).toBe('2026-05-02T08:00:00.000Z');
      expect(await status('archived')).toBe('2026-05-02T08:00:00.000Z');
      expect(await status('todo')).toBeNull();
      expect(await status('archived')).toBeNull();
      at('2026-05-04T08:00:00.000Z');
      expect(await status('done')).toBe('2026-05-04T08:00:00.000Z');
    });

    it('validates the status', async () => {
      const task = await ctx.newTask(alice);
      for (const body of [{ status: 'finished' }, {}, { status: 'done', title: 'x' }]) {
        const error = await failure(alice.api.call(routes.tasks.updateStatus, { params: { id: task.id }, body: body as never }));
        expect(error.status).toBe(422);
      }
    });
  });

  describe('DELETE /api/v1/tasks/:id', () => {
    it('deletes the task (204) and keeps its time entries without a task', async () => {
      const task = await ctx.newTask(alice);
      const entryId = await ctx.insertEntry({ userId: alice.id, taskId: task.id });
      expect((await callAs(ctx, alice, { method: 'DELETE', url: `/api/v1/tasks/${task.id}` })).status).toBe(204);
      expect((await failure(alice.api.call(routes.tasks.get, { params: { id: task.id } }))).status).toBe(404);
      expect(await ctx.sql('SELECT task_id FROM time_entries WHERE id = $1', [entryId])).toEqual([{ task_id: null }]);
      expect((await failure(alice.api.call(routes.tasks.remove, { params: { id: task.id } }))).status).toBe(404);
    });
  });

  describe('GET /api/v1/tasks/:id', () => {
    it('returns the detail with the caller’s time entries (members) or all of them (admins)', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, alice, bob);
      const task = await ctx.newTask(alice, { project_id: project.id, title: 'Shared' });
      const start = new Date('2026-01-10T09:00:00.000Z');
      const aliceEntry = await ctx.insertEntry({ userId: alice.id, taskId: task.id, projectId: project.id, seconds: 5400, start, description: 'alice worked' });
      const bobEntry = await ctx.insertEntry({ userId: bob.id, taskId: task.id, projectId: project.id, seconds: 1800, start: new Date('2026-01-11T09:00:00.000Z') });

      const mine = await alice.api.call(routes.tasks.get, { params: { id: task.id } });
      expect(mine.time_entries).toEqual([
        {
          id: aliceEntry,
          user_id: alice.id,
          task_id: task.id,
          project_id: project.id,
          start_time: start.toISOString(),
          end_time: '2026-01-10T10:30:00.000Z',
          duration_seconds: 5400,
          duration_hours: 1.5,
          description: 'alice worked',
          is_active: false,
          status: 'stopped',
          created_at: expect.any(String),
          updated_at: expect.any(String),
          task_title: 'Shared',
        },
      ]);
      // The total counts everyone's stopped time.
      expect(mine.time_tracked_hours).toBe(2);
      expect((await bob.api.call(routes.tasks.get, { params: { id: task.id } })).time_entries.map((e) => e.id)).toEqual([bobEntry]);
      expect((await admin.api.call(routes.tasks.get, { params: { id: task.id } })).time_entries.map((e) => e.id)).toEqual([bobEntry, aliceEntry]);
    });

    it('shows an empty entry list for a task without time', async () => {
      expect((await alice.api.call(routes.tasks.get, { params: { id: (await ctx.newTask(alice)).id } })).time_entries).toEqual([]);
    });
  });

  describe('time_tracked_hours', () => {
    it('sums stopped entries only, rounded to two decimals', async () => {
      const task = await ctx.newTask(carol);
      await ctx.insertEntry({ userId: carol.id, taskId: task.id, seconds: 1000, start: new Date('2025-12-31T00:00:00Z') });
      await ctx.insertEntry({ userId: carol.id, taskId: task.id, seconds: 2000, start: new Date('2026-01-01T00:00:00Z') });
      // A running timer has no duration yet and doesn't count.
      await ctx.insertEntry({ userId: carol.id, taskId: task.id, status: 'running', start: new Date('2026-01-02T00:00:00Z') });
      const detail = await carol.api.call(routes.tasks.get, { params: { id: task.id } });
      expect(detail.time_tracked_hours).toBe(0.83);
      expect(detail.time_entries.map((e) => [e.status, e.is_active, e.duration_hours])).toEqual([
        ['running', true, null],
        ['stopped', false, 2000 / 3600],
        ['stopped', false, 1000 / 3600],
      ]);
      const listed = await carol.api.call(routes.tasks.list);
      expect(listed.data.find((t) => t.id === task.id)?.time_tracked_hours).toBe(0.83);
    });
  });
});
