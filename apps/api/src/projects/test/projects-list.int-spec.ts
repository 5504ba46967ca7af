import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/helpers';

describe('GET /api/v1/projects', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let alice: TestUser;
  let ids: Record<string, string>;
  beforeAll(async () => {
    // A database of its own, so counts and orders are exact.
    ctx = await createTestContext();
    admin = await ctx.newAdmin();
    alice = await ctx.newUser();
    const make = (name: string, key: string) => admin.api.call(routes.projects.create, { body: { name, key } });
    const [apollo, beacon, comet, delta] = await Promise.all([make('Apollo', 'APO'), make('beacon', 'BEA'), make('Comet', 'COM'), make('Delta 100%', 'DEL')]);
    ids = { apollo: apollo.id, beacon: beacon.id, comet: comet.id, delta: delta.id };
    await ctx.addMembers(admin, apollo.id, alice);
    await ctx.addMembers(admin, comet.id, alice);
    await admin.api.call(routes.projects.update, { params: { id: comet.id }, body: { archived: true } });
  });
  afterAll(() => ctx.close());

  it('requires authentication', async () => {
    expect((await failure(ctx.anonymous.call(routes.projects.list))).status).toBe(401);
  });

  it('shows admins every active project, sorted by name case-insensitively', async () => {
    const page = await admin.api.call(routes.projects.list);
    expect(page.data.map((p) => p.name)).toEqual(['Apollo', 'beacon', 'Delta 100%']);
    expect(page.meta).toEqual({ page: 1, per_page: 20, total: 3 });
  });

  it('shows members only their projects, with is_member and counts', async () => {
    const page = await alice.api.call(routes.projects.list);
    expect(page.data.map((p) => p.id)).toEqual([ids.apollo]);
    expect(page.data[0]).toMatchObject({ is_member: true, member_count: 1, task_count: 0 });
  });

  it('lists archived projects only with include_archived=true', async () => {
    const all = await admin.api.call(routes.projects.list, { query: { include_archived: true } });
    expect(all.data.map((p) => p.name)).toEqual(['Apollo', 'beacon', 'Comet', 'Delta 100%']);
    const mine = await alice.api.call(routes.projects.list, { query: { include_archived: true } });
    expect(mine.data.map((p) => p.id)).toEqual([ids.apollo, ids.comet]);
    expect(mine.data[1].archived_at).not.toBeNull();
  });

  it('searches name and key, treating % and _ literally', async () => {
    expect((await admin.api.call(routes.projects.list, { query: { q: 'bea' } })).data.map((p) => p.id)).toEqual([ids.beacon]);
    expect((await admin.api.call(routes.projects.list, { query: { q: 'apo' } })).data.map((p) => p.id)).toEqual([ids.apollo]);
    expect((await admin.api.call(routes.projects.list, { query: { q: '100%' } })).data.map((p) => p.id)).toEqual([ids.delta]);
    expect((await admin.api.call(routes.projects.list, { query: { q: '%' } })).data.map((p) => p.id)).toEqual([ids.delta]);
  });

  it('sorts by a whitelisted field in either order and refuses others with 422', async () => {
    const desc = await admin.api.call(routes.projects.list, { query: { sort: 'key', order: 'desc' } });
    expect(desc.data.map((p) => p.key)).toEqual(['DEL', 'BEA', 'APO']);
    const error = await failure(admin.api.call(routes.projects.list, { query: { sort: 'id; DROP TABLE projects' as never } }));
    expect(error.status).toBe(422);
    expect(error.fieldErrors.sort).toBeDefined();
  });

  it('pages with the list conventions and refuses per_page above 100', async () => {
    const second = await admin.api.call(routes.projects.list, { query: { page: 2, per_page: 2 } });
    expect(second.data.map((p) => p.name)).toEqual(['Delta 100%']);
    expect(second.meta).toEqual({ page: 2, per_page: 2, total: 3 });
    const error = await failure(admin.api.call(routes.projects.list, { query: { per_page: 101 } }));
    expect([error.status, error.code]).toEqual([422, 'VALIDATION_ERROR']);
    expect(error.fieldErrors.per_page).toBeDefined();
  });
});
