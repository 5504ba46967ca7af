import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { callAs, failure } from '../../../test/support/helpers';

describe('project members', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newAdmin({ full_name: 'Admin' });
    alice = await ctx.newUser({ full_name: 'Alice' });
    bob = await ctx.newUser({ full_name: 'bob' });
  });
  afterAll(() => ctx.close());

  describe('POST /api/v1/projects/:id/members', () => {
    it('requires authentication', async () => {
      const project = await ctx.newProject(admin);
      expect((await callAs(ctx, null, { method: 'POST', url: `/api/v1/projects/${project.id}/members`, payload: { user_id: alice.id } })).status).toBe(401);
    });

    it('adds a user (201) and is idempotent (200, nothing changes)', async () => {
      const project = await ctx.newProject(admin);
      const first = await callAs(ctx, admin, { method: 'POST', url: `/api/v1/projects/${project.id}/members`, payload: { user_id: alice.id } });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ user_id: alice.id, email: alice.email, full_name: 'Alice', role: 'member', is_active: true, added_at: expect.any(String) });
      const again = await callAs(ctx, admin, { method: 'POST', url: `/api/v1/projects/${project.id}/members`, payload: { user_id: alice.id } });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).member_count).toBe(1);
    });

    it('lets the new member see and use the project', async () => {
      const project = await ctx.newProject(admin);
      expect((await failure(bob.api.call(routes.projects.get, { params: { id: project.id } }))).status).toBe(404);
      expect((await failure(ctx.newTask(bob, { project_id: project.id }))).status).toBe(404);
      await ctx.addMembers(admin, project.id, bob);
      expect((await bob.api.call(routes.projects.get, { params: { id: project.id } })).is_member).toBe(true);
      expect((await ctx.newTask(bob, { project_id: project.id })).key).toBe(`${project.key}-1`);
    });

    it('answers 404 for a user that does not exist', async () => {
      const project = await ctx.newProject(admin);
      const error = await failure(admin.api.call(routes.projects.addMember, { params: { id: project.id }, body: { user_id: '00000000-0000-4000-8000-000000000000' } }));
      expect([error.status, error.message]).toEqual([404, 'User with id 00000000-0000-4000-8000-000000000000 not found']);
    });

    it('answers 404 for a project that does not exist', async () => {
      const error = await failure(admin.api.call(routes.projects.addMember, { params: { id: '00000000-0000-4000-8000-000000000000' }, body: { user_id: alice.id } }));
      expect(error.status).toBe(404);
    });

    it('refuses a deactivated user with 409', async () => {
      const project = await ctx.newProject(admin);
      const gone = await ctx.newUser();
      await admin.api.call(routes.users.update, { params: { id: gone.id }, body: { is_active: false } });
      const error = await failure(admin.api.call(routes.projects.addMember, { params: { id: project.id }, body: { user_id: gone.id } }));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
    });

    it('validates user_id', async () => {
      const project = await ctx.newProject(admin);
      for (const body of [{ user_id: 'nope' }, {}, { user_id: alice.id, role: 'admin' }]) {
        const error = await failure(admin.api.call(routes.projects.addMember, { params: { id: project.id }, body: body as never }));
        expect(error.status).toBe(422);
      }
    });

    it('is refused to members (403) and hidden from outsiders (404)', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, alice);
      expect((await failure(alice.api.call(routes.projects.addMember, { params: { id: project.id }, body: { user_id: bob.id } }))).status).toBe(403);
      expect((await failure(bob.api.call(routes.projects.addMember, { params: { id: project.id }, body: { user_id: bob.id } }))).status).toBe(404);
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).member_count).toBe(1);
    });

    it('works on archived projects (admins tidy up membership)', async () => {
      const project = await ctx.newProject(admin);
      await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: true } });
      await expect(admin.api.call(routes.projects.addMember, { params: { id: project.id }, body: { user_id: alice.id } })).resolves.toMatchObject({ user_id: alice.id });
    });
  });

  describe('GET /api/v1/projects/:id/members', () => {
    it('lists members by name for members and admins, paged', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, bob, alice);
      const page = await alice.api.call(routes.projects.members, { params: { id: project.id } });
      expect(page.data.map((m) => m.full_name)).toEqual(['Alice', 'bob']);
      expect(page.meta).toEqual({ page: 1, per_page: 20, total: 2 });
      const second = await admin.api.call(routes.projects.members, { params: { id: project.id }, query: { page: 2, per_page: 1 } });
      expect(second.data.map((m) => m.user_id)).toEqual([bob.id]);
      expect(second.meta).toEqual({ page: 2, per_page: 1, total: 2 });
      expect((await failure(admin.api.call(routes.projects.members, { params: { id: project.id }, query: { per_page: 101 } }))).status).toBe(422);
    });

    it('is hidden from outsiders (404)', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, alice);
      expect((await failure(bob.api.call(routes.projects.members, { params: { id: project.id } }))).status).toBe(404);
    });
  });

  describe('DELETE /api/v1/projects/:id/members/:userId', () => {
    it('removes a member (204): they lose the project and its other tasks but keep their own', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, alice, bob);
      const own = await ctx.newTask(alice, { project_id: project.id });
      const others = await ctx.newTask(bob, { project_id: project.id });
      const response = await callAs(ctx, admin, { method: 'DELETE', url: `/api/v1/projects/${project.id}/members/${alice.id}` });
      expect(response.status).toBe(204);
      expect((await failure(alice.api.call(routes.projects.get, { params: { id: project.id } }))).status).toBe(404);
      expect((await failure(alice.api.call(routes.tasks.get, { params: { id: others.id } }))).status).toBe(404);
      expect((await alice.api.call(routes.tasks.get, { params: { id: own.id } })).key).toBe(`${project.key}-1`);
      expect((await failure(ctx.newTask(alice, { project_id: project.id }))).status).toBe(404);
    });

    it('answers 404 for a user who is not a member', async () => {
      const project = await ctx.newProject(admin);
      const error = await failure(admin.api.call(routes.projects.removeMember, { params: { id: project.id, userId: bob.id } }));
      expect([error.status, error.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('is refused to members, themselves included (403), and hidden from outsiders (404)', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, alice);
      expect((await failure(alice.api.call(routes.projects.removeMember, { params: { id: project.id, userId: alice.id } }))).status).toBe(403);
      expect((await failure(bob.api.call(routes.projects.removeMember, { params: { id: project.id, userId: alice.id } }))).status).toBe(404);
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).member_count).toBe(1);
    });
  });
});
