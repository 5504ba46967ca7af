import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, setSettings } from '../../../test/support/helpers';

describe('projects', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newAdmin({ full_name: 'Admin' });
    member = await ctx.newUser({ full_name: 'Member' });
  });
  afterAll(() => ctx.close());

  describe('POST /api/v1/projects', () => {
    it('requires authentication', async () => {
      const error = await failure(ctx.anonymous.call(routes.projects.create, { body: { name: 'X', key: 'XX' } }));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });

    it('is for admins only', async () => {
      const error = await failure(member.api.call(routes.projects.create, { body: { name: 'X', key: 'XX' } }));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
    });

    it('creates a project with the defaults: settings currency, billable, no description', async () => {
      const response = await ctx.fastify.inject({
        method: 'POST',
        url: '/api/v1/projects',
        headers: { authorization: `Bearer ${admin.token}` },
        payload: { name: '  Big Project  ', key: 'BP' },
      });
      expect(response.statusCode).toBe(201);
      const project = response.json();
      expect(Object.keys(project).sort()).toEqual(
        ['archived_at', 'created_at', 'created_by', 'currency', 'description', 'id', 'is_billable', 'is_member', 'key', 'member_count', 'name', 'task_count', 'updated_at'].sort(),
      );
      expect(project).toMatchObject({
        name: 'Big Project',
        key: 'BP',
        description: null,
        currency: 'USD',
        is_billable: true,
        archived_at: null,
        created_by: admin.id,
        member_count: 0,
        task_count: 0,
        is_member: false,
      });
    });

    it('takes the default currency from the time-tracking settings', async () => {
      await setSettings(admin, { default_currency: 'EUR' });
      try {
        expect((await ctx.newProject(admin)).currency).toBe('EUR');
        expect((await ctx.newProject(admin, { currency: 'gbp' })).currency).toBe('GBP');
      } finally {
        await setSettings(admin, { default_currency: 'USD' });
      }
    });

    it('upper-cases the key and keeps description and billable flag', async () => {
      const project = await ctx.newProject(admin, { key: 'web', description: 'The website', is_billable: false });
      expect(project).toMatchObject({ key: 'WEB', description: 'The website', is_billable: false });
      expect((await ctx.newProject(admin, { description: '   ' })).description).toBeNull();
    });

    it('refuses a duplicate key with 409, archived projects included', async () => {
      const first = await ctx.newProject(admin, { key: 'DUP' });
      const error = await failure(ctx.newProject(admin, { key: 'dup' }));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      expect(error.details).toEqual({ key: ['already in use'] });
      await admin.api.call(routes.projects.update, { params: { id: first.id }, body: { archived: true } });
      expect((await failure(ctx.newProject(admin, { key: 'DUP' }))).status).toBe(409);
    });

    it.each([
      ['a one-letter key', { key: 'A' }, 'key'],
      ['an 11-letter key', { key: 'ABCDEFGHIJK' }, 'key'],
      ['a key with digits', { key: 'AB1' }, 'key'],
      ['a key with a dash', { key: 'A-B' }, 'key'],
      ['a missing name', { name: undefined }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a 201-character name', { name: 'x'.repeat(201) }, 'name'],
      ['a 5001-character description', { description: 'x'.repeat(5001) }, 'description'],
      ['an unknown currency', { currency: 'XYZ' }, 'currency'],
      ['a 4-letter currency', { currency: 'EURO' }, 'currency'],
      ['a null currency', { currency: null }, 'currency'],
      ['a string is_billable', { is_billable: 'yes' }, 'is_billable'],
      ['an unknown field', { next_task_number: 100 }, 'next_task_number'],
    ])('refuses %s with 422 on that field', async (_, override, field) => {
      const body = { name: 'Valid', key: ctx.uniqueKey(), ...override } as never;
      const error = await failure(admin.api.call(routes.projects.create, { body }));
      expect([error.status, error.code]).toEqual([422, 'VALIDATION_ERROR']);
      expect(Object.keys(error.fieldErrors)).toEqual([field]);
    });
  });

  describe('GET /api/v1/projects/:id', () => {
    it('answers 404 for members of other projects and for unknown ids alike', async () => {
      const project = await ctx.newProject(admin);
      const outsider = await failure(member.api.call(routes.projects.get, { params: { id: project.id } }));
      const unknown = await failure(member.api.call(routes.projects.get, { params: { id: '00000000-0000-4000-8000-000000000000' } }));
      expect([outsider.status, outsider.code]).toEqual([404, 'NOT_FOUND']);
      expect(unknown.status).toBe(404);
      expect(outsider.message.replace(project.id, 'ID')).toBe(unknown.message.replace('00000000-0000-4000-8000-000000000000', 'ID'));
    });

    it('answers 422 for an id that is not a UUID', async () => {
      expect((await failure(admin.api.call(routes.projects.get, { params: { id: 'nope' } }))).status).toBe(422);
    });

    it('counts members and tasks', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, member);
      await ctx.newTask(member, { project_id: project.id });
      await ctx.newTask(member, { project_id: project.id });
      expect(await member.api.call(routes.projects.get, { params: { id: project.id } })).toMatchObject({ member_count: 1, task_count: 2, is_member: true });
      expect(await admin.api.call(routes.projects.get, { params: { id: project.id } })).toMatchObject({ is_member: false });
    });
  });

  describe('PATCH /api/v1/projects/:id', () => {
    it('changes name, description and billable flag', async () => {
      const project = await ctx.newProject(admin, { description: 'old' });
      const updated = await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { name: ' Renamed ', description: null, is_billable: false } });
      expect(updated).toMatchObject({ name: 'Renamed', description: null, is_billable: false, key: project.key });
      expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(project.updated_at));
    });

    it('keeps the key: the same key is accepted, another one is a 422 on key', async () => {
      const project = await ctx.newProject(admin);
      await expect(admin.api.call(routes.projects.update, { params: { id: project.id }, body: { key: project.key } as never })).resolves.toMatchObject({ key: project.key });
      const error = await failure(admin.api.call(routes.projects.update, { params: { id: project.id }, body: { key: 'NEWKEY' } as never }));
      expect(error.status).toBe(422);
      expect(error.fieldErrors.key[0]).toMatch(/fixed/);
    });

    it('changes the currency only while the project has no time entries', async () => {
      const project = await ctx.newProject(admin);
      expect((await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { currency: 'eur' } })).currency).toBe('EUR');
      await ctx.insertEntry({ userId: admin.id, taskId: null, projectId: project.id });
      const error = await failure(admin.api.call(routes.projects.update, { params: { id: project.id }, body: { currency: 'USD' } }));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      // Re-sending the current currency is not a change.
      await expect(admin.api.call(routes.projects.update, { params: { id: project.id }, body: { currency: 'EUR', name: 'Still EUR' } })).resolves.toMatchObject({
        name: 'Still EUR',
      });
    });

    it('archives and restores', async () => {
      const project = await ctx.newProject(admin);
      const archived = await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: true } });
      expect(archived.archived_at).not.toBeNull();
      const again = await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: true } });
      expect(again.archived_at).toBe(archived.archived_at);
      const restored = await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: false } });
      expect(restored.archived_at).toBeNull();
    });

    it('is refused to members who can see the project (403) and hidden from others (404)', async () => {
      const project = await ctx.newProject(admin);
      const outsider = await ctx.newUser();
      await ctx.addMembers(admin, project.id, member);
      expect((await failure(member.api.call(routes.projects.update, { params: { id: project.id }, body: { name: 'Mine' } }))).status).toBe(403);
      expect((await failure(outsider.api.call(routes.projects.update, { params: { id: project.id }, body: { name: 'Mine' } }))).status).toBe(404);
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).name).toBe('Project');
    });

    it('refuses null for fields that cannot be null', async () => {
      const project = await ctx.newProject(admin);
      const error = await failure(admin.api.call(routes.projects.update, { params: { id: project.id }, body: { name: null, archived: null } as never }));
      expect(error.status).toBe(422);
      expect(Object.keys(error.fieldErrors).sort()).toEqual(['archived', 'name']);
    });
  });

  describe('DELETE /api/v1/projects/:id', () => {
    it('deletes an unused project', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, member);
      expect(await admin.api.call(routes.projects.remove, { params: { id: project.id } })).toEqual({ id: project.id, outcome: 'deleted' });
      expect((await failure(admin.api.call(routes.projects.get, { params: { id: project.id } }))).status).toBe(404);
      expect(await ctx.sql('SELECT 1 FROM project_members WHERE project_id = $1', [project.id])).toHaveLength(0);
    });

    it('archives a project that has tasks, keeping them', async () => {
      const project = await ctx.newProject(admin);
      const task = await ctx.newTask(admin, { project_id: project.id });
      expect(await admin.api.call(routes.projects.remove, { params: { id: project.id } })).toEqual({ id: project.id, outcome: 'archived' });
      const after = await admin.api.call(routes.projects.get, { params: { id: project.id } });
      expect(after.archived_at).not.toBeNull();
      expect((await admin.api.call(routes.tasks.get, { params: { id: task.id } })).key).toBe(`${project.key}-1`);
      // Deleting again keeps it archived (still used), with the first archive time.
      expect((await admin.api.call(routes.projects.remove, { params: { id: project.id } })).outcome).toBe('archived');
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).archived_at).toBe(after.archived_at);
    });

    it('archives a project that has only time entries', async () => {
      const project = await ctx.newProject(admin);
      await ctx.insertEntry({ userId: admin.id, taskId: null, projectId: project.id });
      expect((await admin.api.call(routes.projects.remove, { params: { id: project.id } })).outcome).toBe('archived');
    });

    it('is refused to members (403) and hidden from outsiders (404)', async () => {
      const project = await ctx.newProject(admin);
      const outsider = await ctx.newUser();
      await ctx.addMembers(admin, project.id, member);
      expect((await failure(member.api.call(routes.projects.remove, { params: { id: project.id } }))).status).toBe(403);
      expect((await failure(outsider.api.call(routes.projects.remove, { params: { id: project.id } }))).status).toBe(404);
      expect((await admin.api.call(routes.projects.get, { params: { id: project.id } })).archived_at).toBeNull();
    });

    it('answers 404 for an unknown project', async () => {
      expect((await failure(admin.api.call(routes.projects.remove, { params: { id: '00000000-0000-4000-8000-000000000000' } }))).status).toBe(404);
    });
  });

  describe('archived projects', () => {
    it('take no new tasks (409) until restored', async () => {
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, member);
      await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: true } });
      for (const user of [member, admin]) {
        const error = await failure(ctx.newTask(user, { project_id: project.id }));
        expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      }
      await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: false } });
      expect((await ctx.newTask(member, { project_id: project.id })).key).toBe(`${project.key}-1`);
    });
  });
});
