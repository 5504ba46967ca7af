import { REFRESH_COOKIE, routes } from '@stint/contracts';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { downloadExport, failure } from '../../../test/support/helpers';

/**
 * Spec, Data Protection: "Sensitive data (passwords) never logged" and "PII data
 * anonymization in analytics aggregates". Personal data here: emails, full names,
 * passwords, tokens, entry descriptions.
 */
describe('personal data in logs and aggregates', () => {
  let ctx: TestContext;
  const lines: string[] = [];
  let admin: TestUser;
  let mia: TestUser;
  let projectId: string;
  let taskId: string;

  const PERSONAL = {
    email: 'mia.private@example.com',
    name: 'Mia Privatperson',
    password: 'Mias-Secret-Pass-8',
    descriptions: ['mia timer words', 'mia stop words', 'mia manual words', 'mia personal words'],
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    // Everything the app logs at any level, through the production logger's options but with no redaction safety net.
    const logger = pino({ level: 'trace' }, sink);
    ctx = await createTestContext({}, { logger });
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    await admin.api.call(routes.settings.update, { body: { default_hourly_rate: '60', default_currency: 'USD' } });
    mia = await ctx.newUser({ email: PERSONAL.email, full_name: PERSONAL.name, password: PERSONAL.password });
    const project = await ctx.newProject(admin, { name: 'Open Project' });
    projectId = project.id;
    await ctx.addMembers(admin, project.id, mia);
    taskId = (await ctx.newTask(mia, { title: 'Shared task', project_id: project.id, estimated_hours: 2 })).id;
  });
  afterAll(() => ctx.close());

  it('never logs an email, name, password, token or description in register/login/timer/export/delete flows', async () => {
    // Sign-in, a failed one, a refresh.
    const session = await ctx.anonymous.call(routes.auth.login, { body: { email: PERSONAL.email, password: PERSONAL.password } });
    await failure(ctx.anonymous.call(routes.auth.login, { body: { email: PERSONAL.email, password: 'Wrong-Guess-123' } }));
    await failure(ctx.anonymous.call(routes.auth.login, { body: { email: 'nobody.here@example.com', password: PERSONAL.password } }));
    await mia.api.call(routes.users.updateMe, { body: { full_name: PERSONAL.name } });
    // Timer with descriptions, a manual entry, one without a project.
    await mia.api.call(routes.timeTracking.start, { body: { task_id: taskId, description: PERSONAL.descriptions[0] } });
    await mia.api.call(routes.timeTracking.stop, { body: { description: PERSONAL.descriptions[1] } });
    await ctx.newEntry(mia, { project_id: projectId, description: PERSONAL.descriptions[2], start_time: '2026-01-05T09:00:00.000Z', end_time: '2026-01-05T10:00:00.000Z' });
    await ctx.newEntry(mia, { description: PERSONAL.descriptions[3], start_time: '2026-01-06T09:00:00.000Z', end_time: '2026-01-06T10:00:00.000Z' });
    // A validation error that echoes nothing back into the logs either.
    await failure(ctx.newEntry(mia, { description: PERSONAL.descriptions[0], start_time: 'yesterday', end_time: 'today' }));
    expect((await downloadExport(ctx, mia)).status).toBe(200);
    const [{ password_hash }] = await ctx.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [mia.id]);
    const refreshCookie = mia.jar.get(REFRESH_COOKIE)!;
    await failure(mia.api.call(routes.privacy.deleteMe, { body: { password: 'Wrong-Guess-456' } }));
    await mia.api.call(routes.privacy.deleteMe, { body: { password: PERSONAL.password } });
    // An admin erasure too.
    const other = await ctx.newUser({ email: 'otto.other@example.com', full_name: 'Otto Otherperson', password: 'Ottos-Secret-Pass-9' });
    await admin.api.call(routes.privacy.deleteUser, { params: { id: other.id }, body: { password: admin.password } });

    const all = lines.join('\n');
    expect(lines.some((line) => line.includes('"request completed"'))).toBe(true);
    const secrets = [
      PERSONAL.email,
      PERSONAL.name,
      PERSONAL.password,
      'Wrong-Guess-123',
      'Wrong-Guess-456',
      'nobody.here@example.com',
      'otto.other@example.com',
      'Otto Otherperson',
      'Ottos-Secret-Pass-9',
      password_hash,
      mia.token,
      session.token,
      refreshCookie,
      ...PERSONAL.descriptions,
    ];
    for (const secret of secrets) expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
  });

  describe("admins' aggregates carry no one's entry descriptions", () => {
    let lena: TestUser;
    const LENA_WORDS = 'lena private description';

    beforeAll(async () => {
      lena = await ctx.newUser({ full_name: 'Lena Member' });
      await ctx.addMembers(admin, projectId, lena);
      await ctx.newEntry(lena, { task_id: taskId, description: LENA_WORDS, start_time: '2026-02-02T09:00:00.000Z', end_time: '2026-02-02T11:00:00.000Z' });
    });

    const range = { start: '2026-01-01', end: '2026-03-31' };

    // Each answer is about Lena's time (it names her or the task she worked on), but never with her words.
    const cases: Array<[string, () => Promise<unknown>, () => string | null]> = [
      ['analytics/users', () => admin.api.call(routes.analytics.users, { query: {} }), () => lena.id],
      ['analytics/task-time-summary', () => admin.api.call(routes.analytics.taskTimeSummary, { query: {} }), () => taskId],
      ['analytics/task-time-summary of a creator', () => admin.api.call(routes.analytics.taskTimeSummary, { query: { user_id: mia.id } }), () => taskId],
      ['analytics/dashboard', () => admin.api.call(routes.analytics.dashboard, { query: range }), () => null],
      ['analytics/time-distribution by task', () => admin.api.call(routes.analytics.timeDistribution, { query: { ...range, group_by: 'task' } }), () => null],
      ['reports/users/:id of another user', () => admin.api.call(routes.reports.user, { params: { id: lena.id }, query: range }), () => taskId],
      ['reports/projects/:id', () => admin.api.call(routes.reports.project, { params: { id: projectId }, query: range }), () => lena.id],
      ['projects/:id/statistics', () => admin.api.call(routes.budgets.statistics, { params: { id: projectId } }), () => null],
    ];

    it.each(cases)('%s', async (_, call, about) => {
      const body = JSON.stringify(await call());
      const subject = about();
      if (subject) expect(body).toContain(subject);
      expect(body).not.toContain(LENA_WORDS);
    });

    it("leaves other members' descriptions out of a member's project CSV (their own stay)", async () => {
      await ctx.newEntry(lena, { project_id: projectId, description: 'lena own csv words', start_time: '2026-02-03T09:00:00.000Z', end_time: '2026-02-03T10:00:00.000Z' });
      const other = await ctx.newUser({ full_name: 'Another Member' });
      await ctx.addMembers(admin, projectId, other);
      await ctx.newEntry(other, { project_id: projectId, description: 'another member words', start_time: '2026-02-04T09:00:00.000Z', end_time: '2026-02-04T10:00:00.000Z' });
      const csv = await (await lena.api.raw(routes.reports.project, { params: { id: projectId }, query: { ...range, format: 'csv' } })).text();
      expect(csv).toContain('lena own csv words');
      expect(csv).toContain('Another Member');
      expect(csv).not.toContain('another member words');
      // Admins read everyone's entries (as in GET /time-entries?user_id=): the record, not an aggregate.
      const adminCsv = await (await admin.api.raw(routes.reports.project, { params: { id: projectId }, query: { ...range, format: 'csv' } })).text();
      expect(adminCsv).toContain('another member words');
    });
  });
});
