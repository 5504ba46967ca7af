import { routes, type AuditAction, type AuditLogEntryResponse } from '@stint/contracts';
import { createTestContext, STRONG_PASSWORD, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, inTransaction, ledgerOf } from '../../../test/support/helpers';
import { MAX_FAILED_ATTEMPTS } from '../../auth/auth.service';
import { AuditLogService } from '../audit-log.service';

/** What a browser behind the trusted proxy sends: the audit trail must record these. */
const CLIENT_IP = '203.0.113.7';
const USER_AGENT = 'AuditTest/1.0 (X11; Linux x86_64)';
let requestCounter = 0;
function origin(): { headers: Record<string, string>; requestId: string } {
  requestCounter += 1;
  const requestId = `audit-test-${requestCounter}-${Date.now()}`;
  return { requestId, headers: { 'x-request-id': requestId, 'x-forwarded-for': CLIENT_IP, 'user-agent': USER_AGENT } };
}

describe('audit log', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext({ TRUST_PROXY: 'true' });
    admin = await ctx.newUser({ full_name: 'Audrey Admin' });
    member = await ctx.newUser({ full_name: 'Milo Member' });
  });
  afterAll(() => ctx.close());

  /** Events newest first, straight from the API (so the endpoint is exercised too). */
  async function events(query: { action?: AuditAction | AuditAction[]; actor_user_id?: string; subject_id?: string } = {}): Promise<AuditLogEntryResponse[]> {
    return (await admin.api.call(routes.audit.list, { query: { per_page: 100, ...query } })).data;
  }

  function expectOrigin(event: AuditLogEntryResponse | undefined, requestId: string) {
    expect(event).toBeDefined();
    expect({ ip: event!.ip, user_agent: event!.user_agent, request_id: event!.request_id }).toEqual({ ip: CLIENT_IP, user_agent: USER_AGENT, request_id: requestId });
  }

  describe('the audit_log table', () => {
    it('is append-only: PostgreSQL refuses UPDATE, DELETE and TRUNCATE', async () => {
      await ctx.app.get(AuditLogService).record({ action: 'rate.set', actorUserId: admin.id, subjectType: 'rate', subjectId: 'append-only-probe' });
      await expect(ctx.sql(`UPDATE audit_log SET action = 'auth.login' WHERE subject_id = 'append-only-probe'`)).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(ctx.sql(`DELETE FROM audit_log WHERE subject_id = 'append-only-probe'`)).rejects.toThrow(/append-only: DELETE refused/);
      await expect(ctx.sql('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
      const rows = await ctx.sql<{ action: string }>(`SELECT action FROM audit_log WHERE subject_id = 'append-only-probe'`);
      expect(rows).toEqual([{ action: 'rate.set' }]);
    });

    it('records events outside a request (background jobs) without ip or request id', async () => {
      await ctx.app.get(AuditLogService).record({ action: 'budget.set', actorUserId: null, subjectType: 'budget', subjectId: 'background-probe', details: { reason: 'job' } });
      const [event] = await events({ subject_id: 'background-probe' });
      expect(event).toMatchObject({ action: 'budget.set', actor_user_id: null, actor: null, ip: null, user_agent: null, request_id: null, details: { reason: 'job' } });
    });
  });

  describe('GET /api/v1/audit-log', () => {
    it('requires authentication', async () => {
      const error = await failure(ctx.anonymous.call(routes.audit.list));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });

    it('is for admins only', async () => {
      const error = await failure(member.api.call(routes.audit.list));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
    });

    it('filters by action (one or several), actor, subject and time range, newest first, paginated', async () => {
      const subject = await ctx.newUser();
      const days = ['2024-03-01T10:00:00Z', '2024-03-02T10:00:00Z', '2024-03-03T10:00:00Z'];
      ctx.clock.set(new Date(days[0]));
      await admin.api.call(routes.users.update, { params: { id: subject.id }, body: { role: 'admin' } });
      ctx.clock.set(new Date(days[1]));
      await admin.api.call(routes.users.update, { params: { id: subject.id }, body: { is_active: false } });
      ctx.clock.set(new Date(days[2]));
      await admin.api.call(routes.users.update, { params: { id: subject.id }, body: { role: 'member', is_active: true } });
      ctx.clock.reset();

      const bySubject = await admin.api.call(routes.audit.list, { query: { subject_type: 'user', subject_id: subject.id } });
      expect(bySubject.meta).toEqual({ page: 1, per_page: 20, total: 4 });
      // Newest first; the two events of one request keep their insertion order reversed.
      expect(bySubject.data.map((e) => [e.occurred_at, e.action])).toEqual([
        ['2024-03-03T10:00:00.000Z', 'user.activation_changed'],
        ['2024-03-03T10:00:00.000Z', 'user.role_changed'],
        ['2024-03-02T10:00:00.000Z', 'user.activation_changed'],
        ['2024-03-01T10:00:00.000Z', 'user.role_changed'],
      ]);
      expect(bySubject.data[0].actor).toEqual({ id: admin.id, email: admin.email, full_name: 'Audrey Admin' });

      const roleOnly = await admin.api.call(routes.audit.list, { query: { subject_id: subject.id, action: 'user.role_changed' } });
      expect(roleOnly.data.map((e) => e.details)).toEqual([
        { from: 'admin', to: 'member' },
        { from: 'member', to: 'admin' },
      ]);
      const several = await admin.api.call(routes.audit.list, { query: { subject_id: subject.id, action: ['user.role_changed', 'user.activation_changed'] } });
      expect(several.meta.total).toBe(4);

      const window = await admin.api.call(routes.audit.list, { query: { subject_id: subject.id, from: '2024-03-02T00:00:00Z', to: '2024-03-03T10:00:00Z' } });
      expect(window.data.map((e) => e.occurred_at)).toEqual(['2024-03-02T10:00:00.000Z']);

      const page2 = await admin.api.call(routes.audit.list, { query: { subject_id: subject.id, per_page: 3, page: 2 } });
      expect([page2.data.map((e) => e.occurred_at), page2.meta]).toEqual([['2024-03-01T10:00:00.000Z'], { page: 2, per_page: 3, total: 4 }]);

      const byActor = await admin.api.call(routes.audit.list, { query: { actor_user_id: subject.id, action: 'user.role_changed' } });
      expect(byActor.meta.total).toBe(0);
      const byAdmin = await admin.api.call(routes.audit.list, { query: { actor_user_id: admin.id, subject_id: subject.id } });
      expect(byAdmin.meta.total).toBe(4);
    });

    it('refuses unknown actions, an empty range and pages above the maximum with 422', async () => {
      const badAction = await failure(admin.api.call(routes.audit.list, { query: { action: 'user.deleted' as AuditAction } }));
      expect([badAction.status, Object.keys(badAction.fieldErrors)]).toEqual([422, ['action']]);
      const emptyRange = await failure(admin.api.call(routes.audit.list, { query: { from: '2031-01-02T00:00:00Z', to: '2031-01-01T00:00:00Z' } }));
      expect([emptyRange.status, Object.keys(emptyRange.fieldErrors)]).toEqual([422, ['to']]);
      const notIso = await failure(admin.api.call(routes.audit.list, { query: { from: 'yesterday' } }));
      expect([notIso.status, Object.keys(notIso.fieldErrors)]).toEqual([422, ['from']]);
      expect((await failure(admin.api.call(routes.audit.list, { query: { per_page: 101 } }))).status).toBe(422);
    });
  });

  describe('sign-in events', () => {
    it('records a sign-in with the session, from where and the request id', async () => {
      const user = await ctx.newUser();
      const { headers, requestId } = origin();
      const signedIn = await ctx.client().call(routes.auth.login, { body: { email: user.email, password: user.password }, headers });
      const sessionId = JSON.parse(Buffer.from(signedIn.token.split('.')[1], 'base64url').toString()).sid as string;
      const [event] = await events({ action: 'auth.login', actor_user_id: user.id });
      expect(event).toMatchObject({ actor_user_id: user.id, subject_type: 'session', subject_id: sessionId });
      expectOrigin(event, requestId);
    });

    it('records failed sign-ins; for an unknown email no actor and no address, only a keyed digest', async () => {
      const user = await ctx.newUser();
      const wrong = origin();
      await failure(ctx.client().call(routes.auth.login, { body: { email: user.email, password: 'Wrong-Password-1' }, headers: wrong.headers }));
      const [known] = await events({ action: 'auth.login_failed', actor_user_id: user.id });
      expect(known).toMatchObject({ subject_type: 'user', subject_id: user.id, details: { reason: 'wrong_password', failed_attempts: 1 } });
      expectOrigin(known, wrong.requestId);

      const ghost = `ghost.${Date.now()}@example.com`;
      const first = origin();
      await failure(ctx.client().call(routes.auth.login, { body: { email: ghost, password: 'Guess-Password-1' }, headers: first.headers }));
      await failure(ctx.client().call(routes.auth.login, { body: { email: ghost.toUpperCase(), password: 'Guess-Password-2' }, headers: origin().headers }));
      const anonymous = (await events({ action: 'auth.login_failed' })).filter((e) => e.details.reason === 'unknown_email');
      const [latest, earlier] = anonymous;
      expect(latest).toMatchObject({ actor_user_id: null, actor: null, subject_type: null, subject_id: null });
      expectOrigin(earlier, first.requestId);
      expect(latest.details.email_digest).toMatch(/^[0-9a-f]{32}$/);
      // The same address gives the same digest, so repeated attempts can be seen.
      expect(earlier.details.email_digest).toBe(latest.details.email_digest);
      const stored = JSON.stringify(await ctx.sql('SELECT * FROM audit_log WHERE actor_user_id IS NULL'));
      expect(stored.toLowerCase()).not.toContain(ghost.split('@')[0]);
      expect(stored).not.toContain('Guess-Password');
    });

    it('records the lockout once, when it starts, and refused sign-ins while locked', async () => {
      const user = await ctx.newUser();
      for (let attempt = 0; attempt < MAX_FAILED_ATTEMPTS; attempt += 1) {
        await failure(ctx.client().call(routes.auth.login, { body: { email: user.email, password: 'Wrong-Password-1' }, headers: origin().headers }));
      }
      const whileLocked = origin();
      await failure(ctx.client().call(routes.auth.login, { body: { email: user.email, password: user.password }, headers: whileLocked.headers }));
      const lockouts = await events({ action: 'auth.lockout', subject_id: user.id });
      expect(lockouts).toHaveLength(1);
      expect(lockouts[0]).toMatchObject({ actor_user_id: user.id, subject_type: 'user', details: { failed_attempts: MAX_FAILED_ATTEMPTS, lockout_minutes: 15 } });
      const failures = await events({ action: 'auth.login_failed', actor_user_id: user.id });
      expect(failures.map((e) => e.details.reason)).toEqual(['locked', ...Array(MAX_FAILED_ATTEMPTS).fill('wrong_password')]);
      expectOrigin(failures[0], whileLocked.requestId);
    });

    it('records logout once with the ended session', async () => {
      const user = await ctx.newUser();
      const { headers, requestId } = origin();
      await user.api.call(routes.auth.logout, { headers });
      await ctx.client().call(routes.auth.logout, { headers: { authorization: `Bearer ${user.token}` } });
      const logouts = await events({ action: 'auth.logout', actor_user_id: user.id });
      expect(logouts).toHaveLength(1);
      expect(logouts[0]).toMatchObject({ subject_type: 'session', subject_id: user.sessionId });
      expectOrigin(logouts[0], requestId);
    });

    it('records a password change without the password', async () => {
      const user = await ctx.newUser();
      const { headers, requestId } = origin();
      await user.api.call(routes.users.changePassword, { body: { current_password: STRONG_PASSWORD, new_password: 'Brand-New-Pass-7' }, headers });
      const [event] = await events({ action: 'auth.password_changed', actor_user_id: user.id });
      expect(event).toMatchObject({ subject_type: 'user', subject_id: user.id, details: { other_sessions_ended: 0 } });
      expectOrigin(event, requestId);
      const wrong = await failure(user.api.call(routes.users.changePassword, { body: { current_password: 'Not-The-Pass-1', new_password: 'Other-New-Pass-8' } }));
      expect(wrong.status).toBe(401);
      expect(await events({ action: 'auth.password_changed', actor_user_id: user.id })).toHaveLength(1);
    });
  });

  describe('user administration events', () => {
    it('records role and activation changes by the admin with from → to, and nothing when nothing changes', async () => {
      const user = await ctx.newUser();
      const { headers, requestId } = origin();
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { role: 'admin', is_active: false }, headers });
      const changes = await events({ subject_id: user.id });
      expect(changes.map((e) => [e.action, e.actor_user_id, e.details])).toEqual([
        // Deactivation ends the sessions and stops the timers in the same transaction (issue 12), and says how many.
        ['user.activation_changed', admin.id, { from: true, to: false, sessions_ended: 1, timers_stopped: 0 }],
        ['user.role_changed', admin.id, { from: 'member', to: 'admin' }],
      ]);
      changes.forEach((event) => {
        expectOrigin(event, requestId);
      });
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { role: 'admin', is_active: false } });
      expect(await events({ subject_id: user.id })).toHaveLength(2);
    });

    it('a change that fails leaves neither the change nor its event', async () => {
      const user = await ctx.newUser();
      // The second event of the change fails to insert, after the first was written: the transaction must undo both and the role.
      await ctx.sql(`CREATE FUNCTION refuse_activation_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql`);
      await ctx.sql(
        `CREATE TRIGGER refuse_activation_event BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'user.activation_changed') EXECUTE FUNCTION refuse_activation_event()`,
      );
      try {
        const error = await failure(admin.api.call(routes.users.update, { params: { id: user.id }, body: { role: 'admin', is_active: false } }));
        expect(error.status).toBe(500);
      } finally {
        await ctx.sql('DROP TRIGGER refuse_activation_event ON audit_log');
        await ctx.sql('DROP FUNCTION refuse_activation_event()');
      }
      expect(await events({ subject_id: user.id })).toEqual([]);
      const [row] = await ctx.sql<{ role: string; is_active: boolean }>('SELECT role, is_active FROM users WHERE id = $1', [user.id]);
      expect(row).toEqual({ role: 'member', is_active: true });
    });
  });

  describe('rate events', () => {
    it('records a rate set (and what a same-day rate replaced) and a re-rate applied', async () => {
      const user = await ctx.newUser();
      const set = origin();
      const first = await admin.api.call(routes.rates.set, {
        params: { id: user.id },
        body: { rate_type: 'hourly', rate_amount: '40', currency: 'USD', effective_from: '2030-01-01' },
        headers: set.headers,
      });
      await admin.api.call(routes.rates.set, { params: { id: user.id }, body: { rate_type: 'hourly', rate_amount: '45.5', currency: 'USD', effective_from: '2030-01-01' } });
      const rateEvents = await events({ action: 'rate.set', subject_id: first.id });
      expect(rateEvents.map((e) => e.details)).toEqual([
        {
          user_id: user.id,
          rate_type: 'hourly',
          rate_amount: '45.5000',
          currency: 'USD',
          effective_from: '2030-01-01',
          replaced: { rate_type: 'hourly', rate_amount: '40.0000', currency: 'USD' },
        },
        { user_id: user.id, rate_type: 'hourly', rate_amount: '40.0000', currency: 'USD', effective_from: '2030-01-01', replaced: null },
      ]);
      expect(rateEvents[1].actor_user_id).toBe(admin.id);
      expectOrigin(rateEvents[1], set.requestId);

      await ctx.insertEntry({ userId: user.id, projectId: null, start: new Date('2030-02-01T12:00:00Z'), seconds: 3600, cost: '10', rateAmount: '10' });
      const apply = origin();
      await admin.api.call(routes.rates.apply, { params: { id: user.id, rateId: first.id }, headers: apply.headers });
      const [applied] = await events({ action: 'rate.applied', subject_id: first.id });
      expect(applied).toMatchObject({
        actor_user_id: admin.id,
        subject_type: 'rate',
        details: {
          user_id: user.id,
          entries_updated: 1,
          rate_amount: '45.5000',
          totals_before: [{ currency: 'USD', amount: '10.00' }],
          totals_after: [{ currency: 'USD', amount: '45.50' }],
        },
      });
      expectOrigin(applied, apply.requestId);
    });
  });

  describe('budget events', () => {
    it('records a budget set with before/after values and lock changes', async () => {
      const project = await ctx.newProject(admin, { name: 'Audited budget' });
      const created = origin();
      const budget = await admin.api.call(routes.budgets.set, { params: { id: project.id }, body: { total_budget: '1000' }, headers: created.headers });
      await ctx.newBudget(admin, project.id, { total_budget: '1500.5', is_locked: true, alert_threshold: 70 });
      const budgetEvents = await events({ subject_id: budget.id });
      expect(budgetEvents.map((e) => [e.action, e.details])).toEqual([
        ['budget.lock_changed', { project_id: project.id, from: false, to: true }],
        [
          'budget.set',
          {
            project_id: project.id,
            currency: 'USD',
            from: { total_budget: '1000.00', alert_threshold: '80.00', critical_threshold: '90.00', is_locked: false },
            to: { total_budget: '1500.50', alert_threshold: '70.00', critical_threshold: '90.00', is_locked: true },
          },
        ],
        [
          'budget.set',
          { project_id: project.id, currency: 'USD', from: null, to: { total_budget: '1000.00', alert_threshold: '80.00', critical_threshold: '90.00', is_locked: false } },
        ],
      ]);
      expect(budgetEvents.every((e) => e.actor_user_id === admin.id && e.subject_type === 'budget')).toBe(true);
      expectOrigin(budgetEvents[2], created.requestId);
    });

    it('a budget change whose event fails is rolled back with it', async () => {
      const project = await ctx.newProject(admin, { name: 'Rolled back budget' });
      await ctx.newBudget(admin, project.id, { total_budget: '200' });
      await ctx.sql(`CREATE FUNCTION refuse_lock_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql`);
      await ctx.sql(`CREATE TRIGGER refuse_lock_event BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'budget.lock_changed') EXECUTE FUNCTION refuse_lock_event()`);
      try {
        expect((await failure(ctx.newBudget(admin, project.id, { total_budget: '300', is_locked: true }))).status).toBe(500);
      } finally {
        await ctx.sql('DROP TRIGGER refuse_lock_event ON audit_log');
        await ctx.sql('DROP FUNCTION refuse_lock_event()');
      }
      const [row] = await ctx.sql<{ total_budget: string; is_locked: boolean; id: string }>('SELECT id, total_budget::text, is_locked FROM project_budgets WHERE project_id = $1', [
        project.id,
      ]);
      expect(row).toMatchObject({ total_budget: '200.00', is_locked: false });
      expect((await events({ subject_id: row.id })).map((e) => e.action)).toEqual(['budget.set']);
    });

    it('records the first acknowledgement of an alert only', async () => {
      const project = await ctx.newProject(admin, { name: 'Alerting budget' });
      await ctx.newBudget(admin, project.id, { total_budget: '100' });
      await inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, project.id, '85'));
      const { data: alerts } = await admin.api.call(routes.budgets.alerts, { query: { project_id: project.id } });
      const { headers, requestId } = origin();
      await admin.api.call(routes.budgets.acknowledge, { params: { id: alerts[0].id }, headers });
      await admin.api.call(routes.budgets.acknowledge, { params: { id: alerts[0].id } });
      const acknowledged = await events({ action: 'budget_alert.acknowledged', subject_id: alerts[0].id });
      expect(acknowledged).toHaveLength(1);
      expect(acknowledged[0]).toMatchObject({
        actor_user_id: admin.id,
        subject_type: 'budget_alert',
        details: { project_id: project.id, alert_type: 'warning', threshold_percentage: 80, actual_percentage: 85 },
      });
      expectOrigin(acknowledged[0], requestId);
    });
  });

  it('never stores passwords, tokens or hashes in any event', async () => {
    const user = await ctx.newUser();
    await ctx.client().call(routes.auth.login, { body: { email: user.email, password: user.password } });
    await user.api.call(routes.users.changePassword, { body: { current_password: user.password, new_password: 'Never-Logged-9' } });
    await user.api.call(routes.auth.logout);
    const [hashes] = await ctx.sql<{ hashes: string[] }>('SELECT array_agg(password_hash) AS hashes FROM users');
    const [tokenHashes] = await ctx.sql<{ hashes: string[] }>('SELECT array_agg(token_hash) AS hashes FROM refresh_tokens');
    const everything = JSON.stringify(await ctx.sql('SELECT * FROM audit_log'));
    for (const secret of [STRONG_PASSWORD, 'Never-Logged-9', user.token, admin.token, ...hashes.hashes, ...tokenHashes.hashes]) {
      expect(everything).not.toContain(secret);
    }
    const keys = (value: unknown): string[] => (value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => [key, ...keys(inner)]) : []);
    const rows = await ctx.sql<{ details: Record<string, unknown> }>('SELECT details FROM audit_log');
    expect(rows.flatMap((row) => keys(row.details)).filter((key) => /password|token|secret|hash/i.test(key))).toEqual([]);
    expect(JSON.stringify(rows)).not.toMatch(/\$2[aby]\$/);
  });
});
