import { routes, type ProjectResponse } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { type Actor, ACTORS, callAs } from '../../../test/support/helpers';

/**
 * Who may do what with a project P, for every project endpoint:
 * - owner: the admin who created P (projects are created by admins only);
 * - member: a member of P;
 * - other: a member of another project Q, not of P;
 * - admin: another admin, not a member of P;
 * - anonymous: no token.
 * Each cell runs on a fresh P, so a delete in one cell can't change another.
 */
describe('projects access matrix', () => {
  let ctx: TestContext;
  let users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  let newcomer: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    const owner = await ctx.newAdmin({ full_name: 'Owner Admin' });
    const [member, other, admin] = [await ctx.newUser(), await ctx.newUser(), await ctx.newUser()];
    await ctx.promote(owner, admin);
    newcomer = await ctx.newUser();
    users = { owner, member, other, admin };
    const q = await ctx.newProject(owner, { name: 'Q' });
    await ctx.addMembers(owner, q.id, other);
  });
  afterAll(() => ctx.close());

  const as = (actor: Actor) => (actor === 'anonymous' ? null : users[actor]);

  async function freshProject(): Promise<ProjectResponse> {
    const project = await ctx.newProject(users.owner, { name: 'P' });
    await ctx.addMembers(users.owner, project.id, users.member);
    return project;
  }

  type Request = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object };
  const cases: Array<[string, (p: ProjectResponse) => Request, Record<Actor, number>]> = [
    ['GET /projects/:id', (p) => ({ method: 'GET', url: `/api/v1/projects/${p.id}` }), { owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 }],
    [
      'PATCH /projects/:id',
      (p) => ({ method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { name: 'Renamed' } }),
      { owner: 200, member: 403, other: 404, admin: 200, anonymous: 401 },
    ],
    [
      'PATCH /projects/:id (archive)',
      (p) => ({ method: 'PATCH', url: `/api/v1/projects/${p.id}`, payload: { archived: true } }),
      { owner: 200, member: 403, other: 404, admin: 200, anonymous: 401 },
    ],
    ['DELETE /projects/:id', (p) => ({ method: 'DELETE', url: `/api/v1/projects/${p.id}` }), { owner: 200, member: 403, other: 404, admin: 200, anonymous: 401 }],
    ['GET /projects/:id/members', (p) => ({ method: 'GET', url: `/api/v1/projects/${p.id}/members` }), { owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 }],
    [
      'POST /projects/:id/members',
      (p) => ({ method: 'POST', url: `/api/v1/projects/${p.id}/members`, payload: { user_id: newcomer.id } }),
      { owner: 201, member: 403, other: 404, admin: 201, anonymous: 401 },
    ],
    [
      'DELETE /projects/:id/members/:userId',
      (p) => ({ method: 'DELETE', url: `/api/v1/projects/${p.id}/members/${users.member.id}` }),
      { owner: 204, member: 403, other: 404, admin: 204, anonymous: 401 },
    ],
  ];

  describe.each(cases)('%s', (_, request, expected) => {
    it.each(ACTORS.map((actor) => [actor, expected[actor]] as const))('%s → %i', async (actor, status) => {
      const project = await freshProject();
      const response = await callAs(ctx, as(actor), request(project));
      expect(response.status).toBe(status);
      if (status >= 400) {
        // A refused call changed nothing.
        const after = await users.owner.api.call(routes.projects.get, { params: { id: project.id } });
        expect(after).toMatchObject({ name: 'P', archived_at: null, member_count: 1 });
      }
    });
  });

  describe('POST /projects', () => {
    it.each(ACTORS.map((actor) => [actor, { owner: 201, member: 403, other: 403, admin: 201, anonymous: 401 }[actor]] as const))('%s → %i', async (actor, status) => {
      const key = `NEW${actor.toUpperCase().replace(/[^A-Z]/g, '')}`.slice(0, 10);
      const response = await callAs(ctx, as(actor), { method: 'POST', url: '/api/v1/projects', payload: { name: 'New', key } });
      expect(response.status).toBe(status);
    });
  });

  describe('GET /projects', () => {
    it.each(ACTORS.map((actor) => [actor, { owner: true, member: true, other: false, admin: true, anonymous: null }[actor]] as const))('%s sees P: %s', async (actor, sees) => {
      const project = await freshProject();
      const response = await callAs(ctx, as(actor), { method: 'GET', url: `/api/v1/projects?q=${project.key}` });
      if (sees === null) return expect(response.status).toBe(401);
      expect(response.status).toBe(200);
      expect(response.body.data.some((p: ProjectResponse) => p.id === project.id)).toBe(sees);
    });
  });
});
