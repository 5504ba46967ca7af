import { routes } from '@stint/contracts';
import { createTestContext, STRONG_PASSWORD, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/helpers';
import { SIGN_IN_FAILED } from '../../auth/auth.service';

describe('users', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Admin Person' });
    member = await ctx.newUser({ full_name: 'Member Person' });
  });
  afterAll(() => ctx.close());

  describe('GET /api/v1/users/me', () => {
    it('requires authentication', async () => {
      const error = await failure(ctx.anonymous.call(routes.users.me));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });

    it('returns the caller without secrets', async () => {
      const response = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${member.token}` } });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual(['created_at', 'email', 'full_name', 'id', 'is_active', 'last_login', 'role', 'timezone']);
      expect(body).toMatchObject({ id: member.id, role: 'member', full_name: 'Member Person' });
      expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  });

  describe('PATCH /api/v1/users/me', () => {
    it('changes name and IANA timezone', async () => {
      const me = await member.api.call(routes.users.updateMe, { body: { full_name: 'Renamed Member', timezone: 'Europe/Berlin' } });
      expect(me).toMatchObject({ full_name: 'Renamed Member', timezone: 'Europe/Berlin' });
    });

    it('refuses a timezone that is not an IANA name with 422 on that field', async () => {
      const error = await failure(member.api.call(routes.users.updateMe, { body: { timezone: 'Mars/Olympus' } }));
      expect(error.status).toBe(422);
      expect(error.fieldErrors.timezone[0]).toMatch(/IANA/);
    });

    it('refuses fields that are not part of the request (no mass assignment)', async () => {
      const error = await failure(member.api.call(routes.users.updateMe, { body: { role: 'admin', is_active: true } as never }));
      expect(error.status).toBe(422);
      expect(error.fieldErrors).toEqual({ role: ['role is not an accepted field'], is_active: ['is_active is not an accepted field'] });
      expect((await member.api.call(routes.users.me)).role).toBe('member');
    });
  });

  describe('POST /api/v1/users/me/password', () => {
    it('needs the right current password', async () => {
      const user = await ctx.newUser();
      const error = await failure(user.api.call(routes.users.changePassword, { body: { current_password: 'Wrong-Password-1', new_password: 'Another-Pass-2' } }));
      expect(error.status).toBe(401);
    });

    it('applies the password rules to the new password', async () => {
      const user = await ctx.newUser();
      const error = await failure(user.api.call(routes.users.changePassword, { body: { current_password: user.password, new_password: 'weak' } }));
      expect(error.status).toBe(422);
      expect(error.fieldErrors.new_password).toBeDefined();
    });

    it('ends every other session and keeps this one', async () => {
      const user = await ctx.newUser();
      const otherDevice = await ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } });
      await user.api.call(routes.users.changePassword, { body: { current_password: user.password, new_password: 'Brand-New-Pass-3' } });
      expect((await failure(ctx.client({ token: otherDevice.token }).call(routes.users.me))).status).toBe(401);
      expect((await user.api.call(routes.users.me)).id).toBe(user.id);
      await expect(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: 'Brand-New-Pass-3' } })).resolves.toBeTruthy();
      expect((await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: STRONG_PASSWORD } }))).status).toBe(401);
    });
  });

  describe('GET /api/v1/users', () => {
    it('is for admins only', async () => {
      const error = await failure(member.api.call(routes.users.list));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
    });

    it('pages with the list conventions', async () => {
      const page = await admin.api.call(routes.users.list, { query: { page: 1, per_page: 1 } });
      expect(page.data).toHaveLength(1);
      expect(page.meta).toEqual({ page: 1, per_page: 1, total: expect.any(Number) });
      expect(page.meta.total).toBeGreaterThanOrEqual(2);
      const defaults = await admin.api.call(routes.users.list);
      expect(defaults.meta.per_page).toBe(20);
    });

    it('refuses per_page above 100 with 422', async () => {
      const error = await failure(admin.api.call(routes.users.list, { query: { per_page: 101 } }));
      expect(error.status).toBe(422);
      expect(error.fieldErrors.per_page).toBeDefined();
    });

    it('filters by text and role', async () => {
      const page = await admin.api.call(routes.users.list, { query: { q: 'admin person', role: 'admin' } });
      expect(page.data.map((u) => u.id)).toEqual([admin.id]);
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    it('is for admins only', async () => {
      const error = await failure(member.api.call(routes.users.update, { params: { id: admin.id }, body: { role: 'member' } }));
      expect(error.status).toBe(403);
    });

    it('answers 404 for a user that does not exist', async () => {
      const error = await failure(admin.api.call(routes.users.update, { params: { id: '00000000-0000-4000-8000-000000000000' }, body: { role: 'admin' } }));
      expect([error.status, error.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('changes a role', async () => {
      const user = await ctx.newUser();
      const updated = await admin.api.call(routes.users.update, { params: { id: user.id }, body: { role: 'admin' } });
      expect(updated.role).toBe('admin');
    });

    it('deactivating ends the user’s sessions at once and blocks sign-in', async () => {
      const user = await ctx.newUser();
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: false } });
      expect((await failure(user.api.call(routes.users.me))).status).toBe(401);
      expect((await failure(ctx.client({ jar: user.jar }).call(routes.auth.refresh))).status).toBe(401);
      const login = await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } }));
      // The right password of a deactivated account gets the wrong-password answer: it confirms no guess.
      expect([login.status, login.code, login.message]).toEqual([401, 'AUTHENTICATION_ERROR', SIGN_IN_FAILED]);
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: true } });
      await expect(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } })).resolves.toBeTruthy();
    });

    it('does not let an admin demote or deactivate themself', async () => {
      const error = await failure(admin.api.call(routes.users.update, { params: { id: admin.id }, body: { is_active: false } }));
      expect(error.status).toBe(409);
    });
  });
});
