import { routes, type PrivacyExport } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { downloadExport, failure, MINUTE } from '../../../test/support/helpers';
import { DataExport, EXPORT_FETCH_ROWS } from '../data-export';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('GET /api/v1/users/me/export', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let projectId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(NOW);
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    alice = await ctx.newUser({ full_name: 'Alice Exporter', email: 'alice.exporter@example.com' });
    bob = await ctx.newUser({ full_name: 'Bob Bystander', email: 'bob.bystander@example.com' });
    await admin.api.call(routes.settings.update, { body: { default_hourly_rate: '60', default_currency: 'USD' } });
    const project = await ctx.newProject(admin, { name: 'Shared Work' });
    projectId = project.id;
    await ctx.addMembers(admin, project.id, alice, bob);
    await ctx.newBudget(admin, project.id, { total_budget: '100', start_date: '2026-01-01' });
    await ctx.newRate(admin, alice, { rate_type: 'hourly', rate_amount: '60', currency: 'USD', effective_from: '2026-01-01' });

    await ctx.newTask(alice, { title: 'Alice personal task', description: 'alice private notes' });
    const shared = await ctx.newTask(alice, { title: 'Alice project task', project_id: project.id });
    const manual = (user: TestUser, minutes: number, description: string, endsAgo: number) =>
      ctx.newEntry(user, {
        project_id: project.id,
        description,
        start_time: new Date(NOW.getTime() - endsAgo - minutes * MINUTE).toISOString(),
        end_time: new Date(NOW.getTime() - endsAgo).toISOString(),
      });
    await manual(alice, 30, 'alice wrote the intro', 5 * 60 * MINUTE);
    await ctx.newEntry(alice, { task_id: shared.id, description: 'alice on the task', start_time: '2026-03-09T08:00:00.000Z', end_time: '2026-03-09T08:15:00.000Z' });
    // Bob's 60 minutes take the budget past its thresholds: alerts, one of which the admin acknowledges.
    await manual(bob, 60, 'bob secret description', 3 * 60 * MINUTE);
    const alerts = await admin.api.call(routes.budgets.alerts, { query: { project_id: project.id, alert_type: 'warning' } });
    await admin.api.call(routes.budgets.acknowledge, { params: { id: alerts.data[0].id } });
    // A second sign-in of Alice: two sessions in her export.
    await ctx.anonymous.call(routes.auth.login, { body: { email: alice.email, password: alice.password } });
  });
  afterAll(() => ctx.close());

  it('requires authentication', async () => {
    const error = await failure(ctx.anonymous.raw(routes.privacy.export));
    expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
  });

  it("is a JSON download of the caller's data: profile, sessions, memberships, tasks, entries with cost, rates", async () => {
    const { status, headers, document } = await downloadExport(ctx, alice);
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['content-disposition']).toBe('attachment; filename="stint-export-2026-03-10.json"');
    expect(headers['cache-control']).toBe('no-store');
    expect(Object.keys(document)).toEqual([
      'format',
      'version',
      'exported_at',
      'profile',
      'sessions',
      'project_memberships',
      'tasks',
      'time_entries',
      'rates',
      'acknowledged_budget_alerts',
      'audit_events',
    ]);
    expect(document).toMatchObject({ format: 'stint-export', version: 1, exported_at: NOW.toISOString() });
    expect(document.profile).toEqual(await alice.api.call(routes.users.me));
    expect(document.sessions).toHaveLength(2);
    expect(Object.keys(document.sessions[0]).sort()).toEqual(['created_at', 'expires_at', 'id', 'ip', 'last_used_at', 'revoke_reason', 'revoked_at', 'user_agent']);
    expect(document.project_memberships).toEqual([expect.objectContaining({ project_id: projectId, project_name: 'Shared Work' })]);
    expect(document.tasks.map((task) => task.title).sort()).toEqual(['Alice personal task', 'Alice project task']);
    expect(document.tasks.find((task) => task.title === 'Alice personal task')).toMatchObject({ description: 'alice private notes', project_id: null, key: null });
    expect(document.time_entries.map((entry) => [entry.description, entry.duration_seconds, entry.total_cost, entry.currency])).toEqual([
      ['alice on the task', 900, '15.0000', 'USD'],
      ['alice wrote the intro', 1800, '30.0000', 'USD'],
    ]);
    expect(document.time_entries[1]).toMatchObject({ project_id: projectId, status: 'stopped', rate_type: 'hourly', rate_amount: '60.0000', is_billable: true });
    expect(document.rates).toEqual([
      expect.objectContaining({ rate_type: 'hourly', rate_amount: '60.0000', currency: 'USD', effective_from: '2026-01-01', effective_until: null }),
    ]);
    expect(document.acknowledged_budget_alerts).toEqual([]);
  });

  it("contains nothing of another person's and no secret: no hashes, no other user's name, email or descriptions", async () => {
    const { text, document } = await downloadExport(ctx, alice);
    const [{ password_hash }] = await ctx.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [alice.id]);
    const tokenHashes = await ctx.sql<{ token_hash: string }>('SELECT rt.token_hash FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id WHERE s.user_id = $1', [
      alice.id,
    ]);
    expect(tokenHashes.length).toBeGreaterThan(0);
    for (const secret of [password_hash, alice.password, alice.token, ...tokenHashes.map((row) => row.token_hash)]) expect(text).not.toContain(secret);
    for (const other of ['bob secret description', bob.email, 'Bob Bystander', bob.id, 'Ada Admin', admin.email]) expect(text).not.toContain(other);
    expect(document.time_entries.every((entry) => !('user_id' in entry))).toBe(true);
  });

  it('has the budget alerts the caller acknowledged, and their audit events', async () => {
    const { document } = await downloadExport(ctx, admin);
    expect(document.acknowledged_budget_alerts).toEqual([expect.objectContaining({ project_id: projectId, alert_type: 'warning', threshold_percentage: '80.00' })]);
    expect(document.acknowledged_budget_alerts[0].acknowledged_at).toBe(NOW.toISOString());
    // This export itself is recorded before it is read.
    expect(document.audit_events).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'privacy.export', by_me: true, subject_id: admin.id })]));
  });

  it('records privacy.export in the audit trail', async () => {
    const before = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.export' AND actor_user_id = $1`, [bob.id]);
    expect((await downloadExport(ctx, bob)).status).toBe(200);
    const after = await ctx.sql<{ n: number; subject_id: string }>(
      `SELECT count(*)::int AS n, max(subject_id) AS subject_id FROM audit_log WHERE action = 'privacy.export' AND actor_user_id = $1`,
      [bob.id],
    );
    expect(after[0]).toEqual({ n: before[0].n + 1, subject_id: bob.id });
  });

  it('leaves out the IP, user agent and details of audit events that someone else did to the caller', async () => {
    // As the audit trail stores an admin's action on Bob's account: the admin's address, details about Bob.
    await ctx.sql(
      `INSERT INTO audit_log (action, actor_user_id, subject_type, subject_id, ip, user_agent, details)
       VALUES ('user.role_changed', $1, 'user', $2, '203.0.113.9', 'AdminBrowser/1.0', '{"from": "member", "to": "admin"}')`,
      [admin.id, bob.id],
    );
    const bobs = (await downloadExport(ctx, bob)).document.audit_events!;
    expect(bobs).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'user.role_changed', by_me: false, ip: null, user_agent: null, details: { from: 'member', to: 'admin' } })]),
    );
    const adminText = (await downloadExport(ctx, admin)).text;
    const admins = (JSON.parse(adminText) as PrivacyExport).audit_events!;
    // The admin's own action on Bob's account: the event and their own address, not what it said about Bob.
    expect(admins).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'user.role_changed', by_me: true, subject_id: bob.id, ip: '203.0.113.9', details: {} })]));
  });

  describe('a large export', () => {
    const ENTRIES = 30_000;
    let big: TestUser;
    beforeAll(async () => {
      big = await ctx.newUser({ full_name: 'Busy Bee' });
      const first = Date.parse('2020-01-01T00:00:00Z');
      await ctx.insertEntries(
        Array.from({ length: ENTRIES }, (_, k) => ({
          userId: big.id,
          start: new Date(first + (k + 1) * 10 * MINUTE),
          seconds: 300,
          description: `entry ${k + 1}`,
          rateAmount: '60',
          currency: 'USD',
          cost: '5',
        })),
      );
    });

    it('is streamed batch by batch: many chunks, none holding more than one fetch of rows', async () => {
      const service = ctx.app.get(DataExport);
      let chunks = 0;
      let largest = 0;
      let text = '';
      for await (const chunk of service.chunks(big.id, NOW)) {
        chunks += 1;
        largest = Math.max(largest, chunk.length);
        text += chunk;
      }
      const document = JSON.parse(text) as PrivacyExport;
      expect(document.time_entries).toHaveLength(ENTRIES);
      expect(document.time_entries[ENTRIES - 1].description).toBe(`entry ${ENTRIES}`);
      expect(chunks).toBeGreaterThanOrEqual(ENTRIES / EXPORT_FETCH_ROWS);
      // One batch of entries is ~EXPORT_FETCH_ROWS × 0.6 kB; the whole document is 60 times that.
      expect(largest).toBeLessThan(EXPORT_FETCH_ROWS * 1000);
      expect(text.length).toBeGreaterThan(largest * 40);
    });

    it('parses as JSON over HTTP too', async () => {
      const { status, document } = await downloadExport(ctx, big);
      expect(status).toBe(200);
      expect(document.time_entries).toHaveLength(ENTRIES);
    });

    it('releases its database connection when the client leaves half-way', async () => {
      const service = ctx.app.get(DataExport);
      const connections = async () =>
        (await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`))[0].n;
      const iterator = service.chunks(big.id, NOW);
      await iterator.next();
      await iterator.next();
      await iterator.return(undefined);
      expect(await connections()).toBe(0);
    });
  });
});
