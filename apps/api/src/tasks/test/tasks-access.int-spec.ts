import { routes, type TaskResponse } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { type Actor, ACTORS, callAs } from '../../../test/support/helpers';

/**
 * Who may do what with a task T, for every task endpoint:
 * - owner: T's creator, a member of T's project P;
 * - member: another member of P;
 * - other: a member of another project Q only;
 * - admin: an admin who is not a member of P;
 * - anonymous: no token.
 * Each cell works on a fresh T so a delete or move in one cell can't change another.
 * The second table does the same for a personal task (no project): only its creator and admins.
 */
describe('tasks access matrix', () => {
  let ctx: TestContext;
  let users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  let p: string;
  let q: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    const admin = await ctx.newAdmin({ full_name: 'Admin' });
    const [owner, member, other] = [await ctx.newUser(), await ctx.newUser(), await ctx.newUser()];
    users = { owner, member, other, admin };
    p = (await ctx.newProject(admin, { name: 'P' })).id;
    q = (await ctx.newProject(admin, { name: 'Q' })).id;
    await ctx.addMembers(admin, p, owner, member);
    await ctx.addMembers(admin, q, other, owner);
  });
  afterAll(() => ctx.close());

  const as = (actor: Actor) => (actor === 'anonymous' ? null : users[actor]);

  type Request = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object };
  const endpoints: Array<[string, (task: TaskResponse) => Request]> = [
    ['GET /tasks/:id', (task) => ({ method: 'GET', url: `/api/v1/tasks/${task.id}` })],
    ['PATCH /tasks/:id', (task) => ({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { title: 'Changed' } })],
    ['PATCH /tasks/:id (move to another project)', (task) => ({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { project_id: q } })],
    ['PATCH /tasks/:id/status', (task) => ({ method: 'PATCH', url: `/api/v1/tasks/${task.id}/status`, payload: { status: 'done' } })],
    ['DELETE /tasks/:id', (task) => ({ method: 'DELETE', url: `/api/v1/tasks/${task.id}` })],
  ];

  const projectTask: Record<string, Record<Actor, number>> = {
    'GET /tasks/:id': { owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 },
    'PATCH /tasks/:id': { owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 },
    // Moving changes who sees the task: creator and admins only (the owner is in Q too).
    'PATCH /tasks/:id (move to another project)': { owner: 200, member: 403, other: 404, admin: 200, anonymous: 401 },
    'PATCH /tasks/:id/status': { owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 },
    'DELETE /tasks/:id': { owner: 204, member: 403, other: 404, admin: 204, anonymous: 401 },
  };

  const personalTask: Record<string, Record<Actor, number>> = {
    'GET /tasks/:id': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
    'PATCH /tasks/:id': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
    'PATCH /tasks/:id (move to another project)': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
    'PATCH /tasks/:id/status': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
    'DELETE /tasks/:id': { owner: 204, member: 404, other: 404, admin: 204, anonymous: 401 },
  };

  for (const [kind, table, projectId] of [
    ['a task in project P', projectTask, () => p],
    ['a personal task', personalTask, () => null],
  ] as const) {
    describe(kind, () => {
      describe.each(endpoints)('%s', (name, request) => {
        it.each(ACTORS.map((actor) => [actor, table[name][actor]] as const))('%s → %i', async (actor, status) => {
          const task = await ctx.newTask(users.owner, { title: 'Original', project_id: projectId() });
          const response = await callAs(ctx, as(actor), request(task));
          expect(response.status).toBe(status);
          const after = await users.admin.api.call(routes.tasks.get, { params: { id: task.id } }).catch(() => null);
          if (status >= 400) {
            // A refused call changed nothing, and a 404 looks like any unknown task's.
            expect(after).toMatchObject({ title: 'Original', status: 'todo', project_id: projectId(), updated_at: task.updated_at });
            if (status === 404) expect(response.body.error).toEqual({ code: 'NOT_FOUND', message: `Task with id ${task.id} not found`, details: null });
          }
        });
      });
    });
  }

  describe('POST /tasks with project_id P', () => {
    it.each(ACTORS.map((actor) => [actor, { owner: 201, member: 201, other: 404, admin: 201, anonymous: 401 }[actor]] as const))('%s → %i', async (actor, status) => {
      const response = await callAs(ctx, as(actor), { method: 'POST', url: '/api/v1/tasks', payload: { title: 'New', project_id: p } });
      expect(response.status).toBe(status);
    });
  });

  describe('GET /tasks', () => {
    it.each(ACTORS.map((actor) => [actor, { owner: true, member: true, other: false, admin: true, anonymous: null }[actor]] as const))(
      '%s sees a task of P: %s',
      async (actor, sees) => {
        const task = await ctx.newTask(users.owner, { title: 'Listed', project_id: p });
        const response = await callAs(ctx, as(actor), { method: 'GET', url: `/api/v1/tasks?project_id=${p}&per_page=100&sort=created_at` });
        if (sees === null) return expect(response.status).toBe(401);
        expect(response.status).toBe(200);
        expect(response.body.data.some((listed: TaskResponse) => listed.id === task.id)).toBe(sees);
      },
    );
  });
});
