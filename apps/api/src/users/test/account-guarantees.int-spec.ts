import { routes, type AdminUpdateUserRequest } from '@stint/contracts';
import { Client } from 'pg';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { expectBudgetInvariant, failure, MINUTE } from '../../../test/support/helpers';
import { LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS } from '../../auth/sign-in-throttle';
import { LAST_ACTIVE_ADMIN_CONSTRAINT } from '../last-admin';

const NOW = new Date('2031-04-08T10:00:00.000Z');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const WRONG = 'Wrong-Password-1';

describe('account guarantees (issue 12: items 5 and 7)', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(NOW);
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    member = await ctx.newUser({ full_name: 'Mo Member' });
    // 60 an hour = 1 a minute, in USD (the projects' default currency).
    await admin.api.call(routes.settings.update, { body: { default_hourly_rate: '60', default_currency: 'USD', max_concurrent_timers_per_user: 2 } });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const login = (email: string, password: string, ip: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0') =>
    ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip, headers: { 'user-agent': userAgent } });
  const raw = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    ctx.fastify.inject({ method, url, payload: payload as never, headers: user ? { authorization: `Bearer ${user.token}` } : {} });
  const activeAdmins = async () => (await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND is_active`))[0].n;
  const erased = async () => {
    const user = await ctx.newUser({ full_name: 'Gone Soon' });
    await admin.api.call(routes.privacy.deleteUser, { params: { id: user.id }, body: { password: admin.password } });
    return user;
  };

  describe('POST /api/v1/users/:id/unlock', () => {
    it('requires authentication and is for admins only', async () => {
      expect((await raw(null, 'POST', `/api/v1/users/${member.id}/unlock`)).statusCode).toBe(401);
      const error = await failure(member.api.call(routes.users.unlock, { params: { id: admin.id } }));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
    });

    it('answers 404 for an unknown or an erased account', async () => {
      const gone = await erased();
      for (const id of [UNKNOWN_ID, gone.id]) {
        const error = await failure(admin.api.call(routes.users.unlock, { params: { id } }));
        expect([error.status, error.code]).toEqual([404, 'NOT_FOUND']);
      }
    });

    it('clears every address lock and the account-wide back-off at once, and is audited', async () => {
      const user = await ctx.newUser();
      // One address locked, and enough failures from others for the account-wide back-off.
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await login(user.email, WRONG, '203.0.113.9');
      for (let i = 0; i < 6; i++) await login(user.email, WRONG, `192.0.2.${i + 1}`);
      expect((await login(user.email, user.password, '203.0.113.9')).statusCode).toBe(401);
      expect((await login(user.email, user.password, '192.0.2.99')).statusCode).toBe(401);

      const unlocked = await admin.api.call(routes.users.unlock, { params: { id: user.id } });
      expect(unlocked).toMatchObject({ id: user.id, email: user.email });
      expect(await ctx.sql('SELECT failed_login_attempts, locked_until FROM users WHERE id = $1', [user.id])).toEqual([{ failed_login_attempts: 0, locked_until: null }]);
      expect(await ctx.sql('SELECT client FROM sign_in_throttles WHERE user_id = $1 AND (failures > 0 OR locked_until IS NOT NULL)', [user.id])).toEqual([]);
      const [audit] = await ctx.sql<{ actor_user_id: string; details: Record<string, unknown> }>(
        `SELECT actor_user_id, details FROM audit_log WHERE action = 'user.unlocked' AND subject_id = $1`,
        [user.id],
      );
      expect(audit).toEqual({ actor_user_id: admin.id, details: { addresses_locked: 1, account_failures: MAX_FAILED_ATTEMPTS + 6 } });
      // Both addresses get in now, without waiting for the lock to expire.
      expect((await login(user.email, user.password, '203.0.113.9')).statusCode).toBe(200);
      expect((await login(user.email, user.password, '192.0.2.99')).statusCode).toBe(200);
    });

    it('was needed: deactivating and reactivating does not lift a lock', async () => {
      const user = await ctx.newUser();
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await login(user.email, WRONG, '203.0.113.10');
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: false } });
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: true } });
      expect((await login(user.email, user.password, '203.0.113.10')).statusCode).toBe(401);
      await admin.api.call(routes.users.unlock, { params: { id: user.id } });
      expect((await login(user.email, user.password, '203.0.113.10')).statusCode).toBe(200);
    });
  });

  describe('GET /api/v1/users/me/sign-in-failures', () => {
    it('requires authentication', async () => {
      expect((await raw(null, 'GET', '/api/v1/users/me/sign-in-failures')).statusCode).toBe(401);
    });

    it("shows the owner when, from where and with which browser sign-ins failed, newest first, for 90 days, never anyone else's", async () => {
      const owner = await ctx.newUser();
      const other = await ctx.newUser();
      ctx.clock.set(new Date(NOW.getTime() - 91 * 86_400_000));
      await login(owner.email, WRONG, '198.51.100.1', 'Too old');
      ctx.clock.set(new Date(NOW.getTime() - 2 * MINUTE));
      await login(owner.email, WRONG, '198.51.100.2', 'Curl/8.0');
      ctx.clock.set(new Date(NOW.getTime() - MINUTE));
      await login(owner.email, WRONG, '198.51.100.3', 'Firefox/140.0');
      await login(other.email, WRONG, '198.51.100.4', 'Not yours');
      ctx.clock.set(NOW);

      const page = await owner.api.call(routes.users.signInFailures, { query: { per_page: 1 } });
      expect(page.meta).toEqual({ page: 1, per_page: 1, total: 2 });
      expect(page.data).toEqual([{ occurred_at: new Date(NOW.getTime() - MINUTE).toISOString(), ip: '198.51.100.3', user_agent: 'Firefox/140.0', reason: 'wrong_password' }]);
      const second = await owner.api.call(routes.users.signInFailures, { query: { page: 2, per_page: 1 } });
      expect(second.data.map((f) => f.ip)).toEqual(['198.51.100.2']);
      expect((await other.api.call(routes.users.signInFailures)).data.map((f) => f.ip)).toEqual(['198.51.100.4']);
    });

    it('shows attempts refused while an address was locked as "locked"', async () => {
      const owner = await ctx.newUser();
      for (let i = 0; i < MAX_FAILED_ATTEMPTS + 1; i++) await login(owner.email, WRONG, '198.51.100.20');
      ctx.clock.set(new Date(NOW.getTime() + LOCKOUT_MINUTES * MINUTE + 1_000));
      const fresh = await ctx.client().call(routes.auth.login, { body: { email: owner.email, password: owner.password } });
      const page = await ctx.client({ token: fresh.token }).call(routes.users.signInFailures);
      expect(page.data.map((f) => f.reason)).toEqual(['locked', ...Array(MAX_FAILED_ATTEMPTS).fill('wrong_password')]);
    });
  });

  describe('deactivating an account (PATCH /api/v1/users/:id is_active=false)', () => {
    it('stops and books its running and paused timers at once, ends its sessions, and the budget stays exact', async () => {
      const worker = await ctx.newUser({ full_name: 'Wendy Worker' });
      const project = await ctx.newProject(admin, { name: 'Deactivation budget' });
      const other = await ctx.newProject(admin, { name: 'Deactivation other' });
      await ctx.addMembers(admin, project.id, worker);
      await ctx.addMembers(admin, other.id, worker);
      await ctx.newBudget(admin, project.id, { total_budget: '1000', start_date: '2031-01-01' });
      await ctx.newBudget(admin, other.id, { total_budget: '1000', start_date: '2031-01-01' });
      ctx.clock.set(new Date(NOW.getTime() - 90 * MINUTE));
      const paused = await worker.api.call(routes.timeTracking.start, { body: { project_id: other.id } });
      ctx.clock.set(new Date(NOW.getTime() - 60 * MINUTE));
      await worker.api.call(routes.timeTracking.pause, { body: { time_log_id: paused.time_log_id } });
      ctx.clock.set(new Date(NOW.getTime() - 45 * MINUTE));
      const running = await worker.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
      ctx.clock.set(NOW);

      await admin.api.call(routes.users.update, { params: { id: worker.id }, body: { is_active: false } });

      const entries = await ctx.sql<{ id: string; status: string; stop_reason: string; end_time: Date; duration_seconds: number; total_cost: string }>(
        'SELECT id, status, stop_reason, end_time, duration_seconds, total_cost::text FROM time_entries WHERE user_id = $1 ORDER BY start_time',
        [worker.id],
      );
      expect(entries).toEqual([
        { id: paused.time_log_id, status: 'stopped', stop_reason: 'deactivated', end_time: NOW, duration_seconds: 30 * 60, total_cost: '30.0000' },
        { id: running.time_log_id, status: 'stopped', stop_reason: 'deactivated', end_time: NOW, duration_seconds: 45 * 60, total_cost: '45.0000' },
      ]);
      await expectBudgetInvariant(ctx, project.id, other.id);
      expect((await ctx.sql('SELECT total_cost::text FROM project_budgets WHERE project_id = $1', [project.id]))[0]).toEqual({ total_cost: '45.0000' });
      // Nothing runs on afterwards.
      ctx.clock.set(new Date(NOW.getTime() + 24 * 60 * MINUTE));
      expect((await ctx.sql('SELECT total_cost::text FROM project_budgets WHERE project_id = $1', [project.id]))[0]).toEqual({ total_cost: '45.0000' });
      expect((await failure(worker.api.call(routes.users.me))).status).toBe(401);
      const [audit] = await ctx.sql<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE action = 'user.activation_changed' AND subject_id = $1`, [
        worker.id,
      ]);
      expect(audit.details).toMatchObject({ from: true, to: false, timers_stopped: 2, sessions_ended: 1 });
    });
  });

  describe('the last active admin', () => {
    /** Two admins, Ada stepped aside (member) for the race; put her back afterwards. */
    async function twoAdmins(): Promise<[TestUser, TestUser]> {
      const a = await ctx.newUser();
      const b = await ctx.newUser();
      await admin.api.call(routes.users.update, { params: { id: a.id }, body: { role: 'admin' } });
      await admin.api.call(routes.users.update, { params: { id: b.id }, body: { role: 'admin' } });
      await ctx.sql(`UPDATE users SET role = 'member' WHERE role = 'admin' AND id <> ALL($1::uuid[])`, [[a.id, b.id]]);
      expect(await activeAdmins()).toBe(2);
      return [a, b];
    }
    /** Back to Ada as the only admin. */
    const restoreAda = () =>
      ctx.sql(`UPDATE users SET role = CASE WHEN id = $1 THEN 'admin'::user_role ELSE 'member'::user_role END, is_active = is_active OR id = $1 WHERE role = 'admin' OR id = $1`, [
        admin.id,
      ]);

    const races: Array<[string, AdminUpdateUserRequest]> = [
      ['demote', { role: 'member' }],
      ['deactivate', { is_active: false }],
    ];
    for (const [verb, body] of races) {
      it(`lets only one of two admins ${verb} the other when both try at once (10 rounds)`, async () => {
        let conflicts = 0;
        for (let round = 0; round < 10; round++) {
          const [a, b] = await twoAdmins();
          try {
            const results = await Promise.all([raw(a, 'PATCH', `/api/v1/users/${b.id}`, body), raw(b, 'PATCH', `/api/v1/users/${a.id}`, body)]);
            const statuses = results.map((r) => r.statusCode).sort();
            // The loser is refused by the last-admin rule (409) when both got in; when the winner
            // committed before the loser's request was authorised, it is no admin (403) or signed out (401).
            expect(statuses[0]).toBe(200);
            expect([401, 403, 409]).toContain(statuses[1]);
            const refused = results.find((r) => r.statusCode !== 200)!.json();
            expect(refused).toMatchObject({ success: false, error: { code: expect.any(String) }, meta: { request_id: expect.any(String) } });
            if (statuses[1] === 409) {
              conflicts += 1;
              expect(refused.error).toMatchObject({ code: 'CONFLICT', details: { role: ['last_admin'] } });
            }
            expect(await activeAdmins()).toBe(1);
          } finally {
            await restoreAda();
          }
        }
        // Most rounds really race inside the transactions (both past authorisation).
        expect(conflicts).toBeGreaterThan(0);
      }, 120_000);
    }

    it('lets only one win when one admin erases the other while being demoted by them', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = await twoAdmins();
        try {
          const results = await Promise.all([raw(a, 'DELETE', `/api/v1/users/${b.id}`, { password: a.password }), raw(b, 'PATCH', `/api/v1/users/${a.id}`, { role: 'member' })]);
          const statuses = results.map((r) => r.statusCode).sort();
          expect(statuses[0]).toBe(200);
          expect([401, 403, 409]).toContain(statuses[1]);
          expect(await activeAdmins()).toBe(1);
        } finally {
          await restoreAda();
        }
      }
    }, 120_000);

    it('is guaranteed by the database itself: two transactions demoting the two admins both commit only once', async () => {
      const [a, b] = await twoAdmins();
      const clients = [new Client({ connectionString: ctx.databaseUrl }), new Client({ connectionString: ctx.databaseUrl })];
      try {
        await Promise.all(clients.map((c) => c.connect()));
        await Promise.all(clients.map((c) => c.query('BEGIN')));
        // Both changes are made (and checked by nobody in the app) before either commits.
        await clients[0].query(`UPDATE users SET role = 'member' WHERE id = $1`, [a.id]);
        await clients[1].query(`UPDATE users SET is_active = false WHERE id = $1`, [b.id]);
        const commits = await Promise.allSettled(clients.map((c) => c.query('COMMIT')));
        expect(commits.map((c) => c.status).sort()).toEqual(['fulfilled', 'rejected']);
        const error = (commits.find((c) => c.status === 'rejected') as PromiseRejectedResult).reason as { code: string; constraint: string };
        expect([error.code, error.constraint]).toEqual(['23514', LAST_ACTIVE_ADMIN_CONSTRAINT]);
        expect(await activeAdmins()).toBe(1);
      } finally {
        await Promise.all(clients.map((c) => c.end()));
        await restoreAda();
      }
    });
  });

  describe('erased accounts take nothing new (404)', () => {
    it('refuses rates, role and activation changes, unlocks and project membership', async () => {
      const gone = await erased();
      const project = await ctx.newProject(admin, { name: 'Erased check' });
      const attempts = [
        raw(admin, 'PUT', `/api/v1/users/${gone.id}/rate`, { rate_type: 'hourly', rate_amount: '50', currency: 'USD', effective_from: '2031-01-01' }),
        raw(admin, 'PATCH', `/api/v1/users/${gone.id}`, { role: 'admin' }),
        raw(admin, 'PATCH', `/api/v1/users/${gone.id}`, { is_active: true }),
        raw(admin, 'POST', `/api/v1/users/${gone.id}/unlock`),
        raw(admin, 'POST', `/api/v1/projects/${project.id}/members`, { user_id: gone.id }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect([response.statusCode, response.json().error?.code]).toEqual([404, 'NOT_FOUND']);
      }
      expect(await ctx.sql('SELECT 1 FROM user_rates WHERE user_id = $1', [gone.id])).toEqual([]);
      expect(await ctx.sql('SELECT 1 FROM project_members WHERE user_id = $1', [gone.id])).toEqual([]);
    });
  });
});
