import { DELETED_USER_NAME, REFRESH_COOKIE, routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { callAs, expectBudgetInvariant, failure, HOUR, MINUTE } from '../../../test/support/helpers';
import { deletedEmailOf } from '../../users/erased-account';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('account deletion (right to be forgotten)', () => {
  let ctx: TestContext;
  let admin: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    // 60 an hour = 1 a minute, in USD (the projects' default currency).
    await admin.api.call(routes.settings.update, { body: { default_hourly_rate: '60', default_currency: 'USD', max_concurrent_timers_per_user: 2 } });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const manual = (user: TestUser, body: { project_id?: string; task_id?: string; description: string }, minutes: number, endsAgoMs = HOUR) =>
    ctx.newEntry(user, { ...body, start_time: new Date(NOW.getTime() - endsAgoMs - minutes * MINUTE).toISOString(), end_time: new Date(NOW.getTime() - endsAgoMs).toISOString() });
  const deleteMe = (user: TestUser, password: string) => user.api.call(routes.privacy.deleteMe, { body: { password } });
  const userRow = async (id: string) =>
    (
      await ctx.sql<{ email: string; full_name: string; role: string; is_active: boolean; timezone: string; password_hash: string }>(
        'SELECT email, full_name, role, is_active, timezone, password_hash FROM users WHERE id = $1',
        [id],
      )
    )[0];
  const count = async (sql: string, params: unknown[]) => (await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  describe('DELETE /api/v1/users/me', () => {
    it('requires authentication', async () => {
      const error = await failure(ctx.anonymous.call(routes.privacy.deleteMe, { body: { password: 'whatever' } }));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });

    it('needs the password: missing → 422, wrong → 403 with a field message, and nothing changes', async () => {
      const user = await ctx.newUser({ full_name: 'Wrong Guess' });
      await manual(user, { description: 'kept notes' }, 10);
      const missing = await callAs(ctx, user, { method: 'DELETE', url: '/api/v1/users/me', payload: {} });
      expect([missing.status, missing.body.error.code]).toEqual([422, 'VALIDATION_ERROR']);
      const error = await failure(deleteMe(user, 'Not-The-Password-1'));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
      expect(error.details).toEqual({ password: ['The password is wrong'] });
      expect(await user.api.call(routes.users.me)).toMatchObject({ full_name: 'Wrong Guess', is_active: true });
      expect(await count('time_entries WHERE user_id = $1 AND description = $2', [user.id, 'kept notes'])).toBe(1);
    });

    it('erases the person, keeps project costs for the budgets and reports, and ends every session at once', async () => {
      const dora = await ctx.newUser({ full_name: 'Dora Departing', email: 'dora.departing@example.com' });
      const carl = await ctx.newUser({ full_name: 'Carl Colleague' });
      const project = await ctx.newProject(admin, { name: 'Budgeted' });
      const other = await ctx.newProject(admin, { name: 'Other' });
      await ctx.addMembers(admin, project.id, dora, carl);
      await ctx.addMembers(admin, other.id, dora);
      await ctx.newBudget(admin, project.id, { total_budget: '1000', start_date: '2026-01-01' });
      await ctx.newBudget(admin, other.id, { total_budget: '1000', start_date: '2026-01-01' });
      await ctx.newRate(admin, dora, { rate_type: 'hourly', rate_amount: '60', currency: 'USD', effective_from: '2026-01-01' });

      const projectTask = await ctx.newTask(dora, { title: 'Dora project task', project_id: project.id });
      const personalTask = await ctx.newTask(dora, { title: 'Dora personal task', description: 'dora diary' });
      await manual(dora, { project_id: project.id, description: 'dora on the project' }, 30, 5 * HOUR);
      await manual(dora, { task_id: projectTask.id, description: 'dora on her project task' }, 20, 4 * HOUR);
      await manual(dora, { task_id: personalTask.id, description: 'dora personal time' }, 15, 3 * HOUR);
      await manual(dora, { description: 'dora unfiled time' }, 5, 2 * HOUR);
      await manual(carl, { project_id: project.id, description: 'carl on the project' }, 40, 5 * HOUR);
      // Two timers left running: one on each project, 10 and 25 minutes by the time she deletes.
      ctx.clock.set(new Date(NOW.getTime() - 25 * MINUTE));
      await dora.api.call(routes.timeTracking.start, { body: { project_id: other.id } });
      ctx.clock.set(new Date(NOW.getTime() - 10 * MINUTE));
      await dora.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
      ctx.clock.set(NOW);
      const secondDevice = await ctx.client().call(routes.auth.login, { body: { email: dora.email, password: dora.password } });

      const reportBefore = await admin.api.call(routes.reports.project, { params: { id: project.id }, query: { start: '2026-03-01', end: '2026-03-31' } });

      const result = await deleteMe(dora, dora.password);
      expect(result).toEqual({ success: true, user_id: dora.id, timers_stopped: 2, entries_anonymised: 4, entries_removed: 2, tasks_removed: 1 });

      // Budgets: the running timers' costs booked once, and the invariant holds on both.
      await expectBudgetInvariant(ctx, project.id, other.id);
      const budgets = await ctx.sql<{ project_id: string; total_cost: string }>('SELECT project_id, total_cost::text FROM project_budgets WHERE project_id = ANY($1::uuid[])', [
        [project.id, other.id],
      ]);
      expect(Object.fromEntries(budgets.map((b) => [b.project_id, b.total_cost]))).toEqual({ [project.id]: '100.0000', [other.id]: '25.0000' });

      // The user row: anonymous, inactive, unusable.
      const row = await userRow(dora.id);
      expect(row).toMatchObject({ email: deletedEmailOf(dora.id), full_name: DELETED_USER_NAME, role: 'member', is_active: false, timezone: 'UTC' });
      expect(row.password_hash).toMatch(/^\$2[aby]\$12\$/);

      // Kept: project entries with their cost, without description. Removed: everything without a project, personal tasks.
      const entries = await ctx.sql<{ project_id: string | null; description: string | null; total_cost: string; status: string }>(
        'SELECT project_id, description, total_cost::text, status::text FROM time_entries WHERE user_id = $1 ORDER BY start_time',
        [dora.id],
      );
      expect(entries).toEqual([
        { project_id: project.id, description: null, total_cost: '30.0000', status: 'stopped' },
        { project_id: project.id, description: null, total_cost: '20.0000', status: 'stopped' },
        { project_id: other.id, description: null, total_cost: '25.0000', status: 'stopped' },
        { project_id: project.id, description: null, total_cost: '10.0000', status: 'stopped' },
      ]);
      expect(await count('tasks WHERE id = $1', [personalTask.id])).toBe(0);
      expect(await count('tasks WHERE id = $1', [projectTask.id])).toBe(1);
      for (const table of ['user_rates', 'project_members', 'sessions', 'idempotency_keys', 'sign_in_throttles'])
        expect(await count(`${table} WHERE user_id = $1`, [dora.id])).toBe(0);
      expect(await count("time_entries WHERE description LIKE 'dora%'", [])).toBe(0);

      // Other people's figures: the project report is unchanged but for the stopped timer, and shows "Deleted user".
      const reportAfter = await admin.api.call(routes.reports.project, { params: { id: project.id }, query: { start: '2026-03-01', end: '2026-03-31' } });
      const doraBefore = reportBefore.by_user.find((u) => u.user_id === dora.id)!;
      const doraAfter = reportAfter.by_user.find((u) => u.user_id === dora.id)!;
      expect(doraAfter).toMatchObject({ full_name: DELETED_USER_NAME, seconds: doraBefore.seconds + 600 });
      expect(reportAfter.by_user.find((u) => u.user_id === carl.id)).toEqual(reportBefore.by_user.find((u) => u.user_id === carl.id));
      expect(JSON.stringify(reportAfter)).not.toContain('Dora Departing');

      // Signed out everywhere at once: both access tokens, the refresh cookie, and the password.
      expect((await failure(dora.api.call(routes.users.me))).status).toBe(401);
      expect((await failure(ctx.client({ token: secondDevice.token }).call(routes.users.me))).status).toBe(401);
      const refreshToken = dora.jar.get(REFRESH_COOKIE);
      expect(refreshToken).toBeUndefined(); // the answer cleared the cookie
      const login = await failure(ctx.anonymous.call(routes.auth.login, { body: { email: 'dora.departing@example.com', password: dora.password } }));
      expect(login.status).toBe(401);

      // The audit trail has the event, with counts and nothing personal.
      const [event] = await ctx.sql<{ actor_user_id: string; subject_id: string; details: Record<string, unknown> }>(
        `SELECT actor_user_id, subject_id, details FROM audit_log WHERE action = 'privacy.account_deleted' AND subject_id = $1`,
        [dora.id],
      );
      expect(event).toEqual({
        actor_user_id: dora.id,
        subject_id: dora.id,
        details: { initiated_by: 'self', timers_stopped: 2, entries_anonymised: 4, entries_removed: 2, tasks_removed: 1 },
      });
    });

    it('ends the refresh token kept from before the deletion (401), not just the cookie', async () => {
      const user = await ctx.newUser();
      const refreshToken = user.jar.get(REFRESH_COOKIE)!;
      await deleteMe(user, user.password);
      const refresh = await ctx.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}; stint_csrf=abc`, 'x-csrf-token': 'abc' },
      });
      expect(refresh.statusCode).toBe(401);
    });

    it('keeps other people’s entries on a deleted personal task (without the task)', async () => {
      const owner = await ctx.newUser();
      const task = await ctx.newTask(owner, { title: 'Owner personal' });
      // Admins may track on anyone's task.
      const entry = await manual(admin, { task_id: task.id, description: 'admin helped' }, 12);
      await deleteMe(owner, owner.password);
      expect(await ctx.sql('SELECT task_id, description, total_cost::text FROM time_entries WHERE id = $1', [entry.id])).toEqual([
        { task_id: null, description: 'admin helped', total_cost: '12.0000' },
      ]);
    });

    it('books a timer racing the deletion exactly once: stop and erase in parallel keep the invariant', async () => {
      const racer = await ctx.newUser();
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, racer);
      await ctx.newBudget(admin, project.id, { total_budget: '1000', start_date: '2026-01-01' });
      ctx.clock.set(new Date(NOW.getTime() - 7 * MINUTE));
      await racer.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
      ctx.clock.set(NOW);
      const [stopped, erased] = await Promise.allSettled([racer.api.call(routes.timeTracking.stop, { body: {} }), deleteMe(racer, racer.password)]);
      expect(erased.status).toBe('fulfilled');
      // Whichever came first stopped it; the other found it stopped (or the session gone).
      expect(['fulfilled', 'rejected']).toContain(stopped.status);
      await expectBudgetInvariant(ctx, project.id);
      expect((await ctx.sql('SELECT total_cost::text FROM project_budgets WHERE project_id = $1', [project.id]))[0]).toEqual({ total_cost: '7.0000' });
    });

    it('lets only one of two last admins delete themselves when both try at once', async () => {
      const first = await ctx.newUser();
      const second = await ctx.newUser();
      await admin.api.call(routes.users.update, { params: { id: first.id }, body: { role: 'admin' } });
      await admin.api.call(routes.users.update, { params: { id: second.id }, body: { role: 'admin' } });
      // Ada steps down for the race, so first and second are the only admins.
      await ctx.sql(`UPDATE users SET role = 'member' WHERE id = $1`, [admin.id]);
      try {
        const results = await Promise.allSettled([deleteMe(first, first.password), deleteMe(second, second.password)]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason.status).toBe(409);
        expect(await count(`users WHERE role = 'admin' AND is_active`, [])).toBe(1);
      } finally {
        // Back to Ada alone, as the tests after this one expect.
        await ctx.sql(`UPDATE users SET role = CASE WHEN id = $1 THEN 'admin'::user_role ELSE 'member'::user_role END WHERE id = ANY($2::uuid[])`, [
          admin.id,
          [admin.id, first.id, second.id],
        ]);
      }
    });

    it('refuses the only admin (409) until there is another', async () => {
      const error = await failure(deleteMe(admin, admin.password));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      expect((await admin.api.call(routes.users.me)).role).toBe('admin');
      const second = await ctx.newUser({ full_name: 'Second Admin' });
      await admin.api.call(routes.users.update, { params: { id: second.id }, body: { role: 'admin' } });
      await expect(deleteMe(second, second.password)).resolves.toMatchObject({ success: true });
      // Second is gone again: Ada is the only admin once more.
      expect((await failure(deleteMe(admin, admin.password))).status).toBe(409);
    });
  });

  describe('DELETE /api/v1/users/:id (admins)', () => {
    const deleteUser = (actor: TestUser, id: string, password: string) => actor.api.call(routes.privacy.deleteUser, { params: { id }, body: { password } });

    it('requires authentication', async () => {
      const target = await ctx.newUser();
      const error = await failure(ctx.anonymous.call(routes.privacy.deleteUser, { params: { id: target.id }, body: { password: 'x' } }));
      expect(error.status).toBe(401);
    });

    it('is for admins only: a member gets 403 and the target is untouched', async () => {
      const member = await ctx.newUser();
      const target = await ctx.newUser({ full_name: 'Target Person' });
      const error = await failure(deleteUser(member, target.id, member.password));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
      expect(await userRow(target.id)).toMatchObject({ full_name: 'Target Person', is_active: true });
      expect((await target.api.call(routes.users.me)).id).toBe(target.id);
    });

    it('answers 404 for an unknown id and 422 for a malformed one', async () => {
      const unknown = await failure(deleteUser(admin, '00000000-0000-4000-8000-000000000000', admin.password));
      expect([unknown.status, unknown.code]).toEqual([404, 'NOT_FOUND']);
      const malformed = await callAs(ctx, admin, { method: 'DELETE', url: '/api/v1/users/not-a-uuid', payload: { password: admin.password } });
      expect(malformed.status).toBe(422);
    });

    it("needs the admin's own password (403 otherwise) and never the admin's own account (409)", async () => {
      const target = await ctx.newUser({ password: 'Targets-Own-Pass-4' });
      // The target's password is not the confirmation: the admin's own is.
      const wrong = await failure(deleteUser(admin, target.id, target.password));
      expect([wrong.status, wrong.details]).toEqual([403, { password: ['The password is wrong'] }]);
      expect((await target.api.call(routes.users.me)).is_active).toBe(true);
      const self = await failure(deleteUser(admin, admin.id, admin.password));
      expect([self.status, self.code]).toEqual([409, 'CONFLICT']);
    });

    it('erases another account: stops its timer, keeps the invariant, ends its sessions; a second delete is 404', async () => {
      const target = await ctx.newUser({ full_name: 'Erased By Admin' });
      const project = await ctx.newProject(admin);
      await ctx.addMembers(admin, project.id, target);
      await ctx.newBudget(admin, project.id, { total_budget: '500', start_date: '2026-01-01' });
      await manual(target, { project_id: project.id, description: 'target work' }, 45);
      ctx.clock.set(new Date(NOW.getTime() - 5 * MINUTE));
      await target.api.call(routes.timeTracking.start, { body: { project_id: project.id, description: 'target timer' } });
      ctx.clock.set(NOW);

      const result = await deleteUser(admin, target.id, admin.password);
      expect(result).toEqual({ success: true, user_id: target.id, timers_stopped: 1, entries_anonymised: 2, entries_removed: 0, tasks_removed: 0 });
      await expectBudgetInvariant(ctx, project.id);
      expect((await ctx.sql('SELECT total_cost::text FROM project_budgets WHERE project_id = $1', [project.id]))[0]).toEqual({ total_cost: '50.0000' });
      expect((await failure(target.api.call(routes.users.me))).status).toBe(401);
      const listed = await admin.api.call(routes.users.list, { query: { q: 'deleted.invalid' } });
      expect(listed.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: target.id, full_name: DELETED_USER_NAME, is_active: false })]));
      const [event] = await ctx.sql<{ actor_user_id: string; details: { initiated_by: string } }>(
        `SELECT actor_user_id, details FROM audit_log WHERE action = 'privacy.account_deleted' AND subject_id = $1`,
        [target.id],
      );
      expect([event.actor_user_id, event.details.initiated_by]).toEqual([admin.id, 'admin']);
      expect((await failure(deleteUser(admin, target.id, admin.password))).status).toBe(404);
    });

    it('an erased account cannot be re-activated or promoted (so it can never count as the remaining admin)', async () => {
      const target = await ctx.newUser({ full_name: 'Erased Then Promoted' });
      await deleteUser(admin, target.id, admin.password);

      for (const body of [{ is_active: true }, { role: 'admin' as const }]) {
        expect((await failure(admin.api.call(routes.users.update, { params: { id: target.id }, body }))).status).toBe(404);
      }
      expect((await ctx.sql('SELECT role, is_active FROM users WHERE id = $1', [target.id]))[0]).toEqual({ role: 'member', is_active: false });
    });

    it('lets an admin erase another admin while one admin remains', async () => {
      const other = await ctx.newUser();
      await admin.api.call(routes.users.update, { params: { id: other.id }, body: { role: 'admin' } });
      await expect(deleteUser(admin, other.id, admin.password)).resolves.toMatchObject({ success: true });
      expect((await userRow(other.id)).role).toBe('member');
    });
  });
});
