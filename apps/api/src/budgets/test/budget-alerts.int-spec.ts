import { BUDGET_ALERT_STREAM_EVENT, routes, type BudgetAlertStreamEvent } from '@stint/contracts';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, inTransaction, ledgerOf } from '../../../test/support/helpers';
import { LiveStreamHub } from '../../streams/live-stream-hub';

interface OpenedStream {
  status: number;
  events: BudgetAlertStreamEvent[];
  contentType: string | undefined;
  /** Resolves with the first event (already received or still to come) that matches. */
  next(match: (event: BudgetAlertStreamEvent) => boolean, timeoutMs?: number): Promise<BudgetAlertStreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

describe('budget alerts', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let base: string;
  const streams: OpenedStream[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Ada Admin' });
    member = await ctx.newUser({ full_name: 'Max Member' });
    await ctx.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(ctx.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterEach(() =>
    streams.splice(0).forEach((stream) => {
      stream.close();
    }),
  );
  afterAll(() => ctx.close());

  async function alertingProject(memberToo = false) {
    const project = await ctx.newProject(admin, { name: 'Alerting' });
    if (memberToo) await ctx.addMembers(admin, project.id, member);
    await ctx.newBudget(admin, project.id, { total_budget: '100' });
    return project;
  }
  const bearer = (user: TestUser, token = user.token) => ({ authorization: `Bearer ${token}` });
  const ticketQuery = async (user: TestUser) => `?ticket=${encodeURIComponent((await user.api.call(routes.timeTracking.streamTicket)).ticket)}`;
  const spend = (projectId: string, delta: string) => inTransaction(ctx, (tx) => ledgerOf(ctx).recordCostChange(tx, projectId, delta));

  /** Opens the SSE stream over a real socket (inject would wait for an end that never comes). */
  function openStream(query: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
    return new Promise((resolve, reject) => {
      const events: BudgetAlertStreamEvent[] = [];
      const waiting: Array<{ match: (event: BudgetAlertStreamEvent) => boolean; resolve: (event: BudgetAlertStreamEvent) => void }> = [];
      let buffer = '';
      const req: ClientRequest = httpRequest(`${base}/api/v1/budget-alerts/stream${query}`, { headers: { accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
        res.setEncoding('utf8');
        const ended = new Promise<void>((done) => res.on('close', done));
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name !== BUDGET_ALERT_STREAM_EVENT || !data) continue;
            const event = JSON.parse(data) as BudgetAlertStreamEvent;
            events.push(event);
            for (const waiter of [...waiting]) {
              if (waiter.match(event)) {
                waiting.splice(waiting.indexOf(waiter), 1);
                waiter.resolve(event);
              }
            }
          }
        });
        const stream: OpenedStream = {
          status: res.statusCode ?? 0,
          events,
          contentType: res.headers['content-type'],
          ended,
          next: (match, timeoutMs = 3000) =>
            new Promise((resolveEvent, rejectEvent) => {
              const seen = events.find(match);
              if (seen) return resolveEvent(seen);
              const timer = setTimeout(() => rejectEvent(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
              waiting.push({
                match,
                resolve: (event) => {
                  clearTimeout(timer);
                  resolveEvent(event);
                },
              });
            }),
          close: () => req.destroy(),
        };
        streams.push(stream);
        resolve(stream);
      });
      req.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
      req.end();
    });
  }

  describe('GET /api/v1/budget-alerts', () => {
    it('lists alerts newest first with who acknowledged them, filtered by project, state and type', async () => {
      const project = await alertingProject();
      const other = await alertingProject();
      await spend(project.id, '85.1234');
      await spend(other.id, '120');
      const all = await admin.api.call(routes.budgets.alerts, { query: { project_id: project.id } });
      expect(all.meta).toEqual({ page: 1, per_page: 20, total: 1 });
      expect(all.data[0]).toMatchObject({
        project_id: project.id,
        project_name: 'Alerting',
        project_key: project.key,
        alert_type: 'warning',
        threshold_percentage: 80,
        actual_percentage: 85.12,
        cost_at_alert: '85.12',
        currency: 'USD',
        is_acknowledged: false,
        acknowledged_by_user_id: null,
        acknowledged_by_name: null,
        acknowledged_at: null,
      });
      const others = await admin.api.call(routes.budgets.alerts, { query: { project_id: other.id } });
      expect(others.data.map((a) => a.alert_type)).toEqual(['exceeded', 'critical', 'warning']);
      const critical = await admin.api.call(routes.budgets.alerts, { query: { project_id: other.id, alert_type: 'critical' } });
      expect(critical.data).toHaveLength(1);
      const page = await admin.api.call(routes.budgets.alerts, { query: { project_id: other.id, per_page: 2, page: 2 } });
      expect([page.data.map((a) => a.alert_type), page.meta.total]).toEqual([['warning'], 3]);
      expect((await failure(admin.api.call(routes.budgets.alerts, { query: { per_page: 101 } }))).status).toBe(422);
    });

    it('is for admins only', async () => {
      expect((await failure(member.api.call(routes.budgets.alerts))).status).toBe(403);
    });
  });

  describe('POST /api/v1/budget-alerts/:id/acknowledge', () => {
    it('records who and when, once: a second acknowledgement changes nothing', async () => {
      const project = await alertingProject();
      const [alert] = await spend(project.id, '80');
      ctx.clock.set(new Date('2026-04-01T09:00:00.000Z'));
      const first = await admin.api.call(routes.budgets.acknowledge, { params: { id: alert.id } });
      expect(first).toMatchObject({ is_acknowledged: true, acknowledged_by_user_id: admin.id, acknowledged_by_name: 'Ada Admin', acknowledged_at: '2026-04-01T09:00:00.000Z' });
      const second = await ctx.newUser();
      await ctx.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [second.id]);
      ctx.clock.set(new Date('2026-04-02T09:00:00.000Z'));
      expect(await second.api.call(routes.budgets.acknowledge, { params: { id: alert.id } })).toEqual(first);
      ctx.clock.reset();
      const open = await admin.api.call(routes.budgets.alerts, { query: { project_id: project.id, acknowledged: false } });
      const done = await admin.api.call(routes.budgets.alerts, { query: { project_id: project.id, acknowledged: true } });
      expect([open.meta.total, done.meta.total]).toEqual([0, 1]);
      expect(await admin.api.call(routes.budgets.get, { params: { id: project.id } })).toMatchObject({ open_alerts: 0 });
    });

    it('answers 404 for an unknown alert and 403 to members', async () => {
      const project = await alertingProject(true);
      const [alert] = await spend(project.id, '90');
      expect((await failure(admin.api.call(routes.budgets.acknowledge, { params: { id: '00000000-0000-4000-8000-000000000000' } }))).status).toBe(404);
      expect((await failure(member.api.call(routes.budgets.acknowledge, { params: { id: alert.id } }))).status).toBe(403);
    });
  });

  describe('GET /api/v1/budget-alerts/stream', () => {
    it('delivers a new alert, and its acknowledgement, to an admin’s open stream', async () => {
      const stream = await openStream(await ticketQuery(admin));
      expect([stream.status, stream.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);
      await stream.next((event) => event.type === 'ready');
      const project = await alertingProject();
      const [raisedAlert] = await spend(project.id, '95');
      const raised = await stream.next((event) => event.type === 'raised' && event.alert?.alert_type === 'critical');
      expect(raised.alert).toMatchObject({ project_id: project.id, threshold_percentage: 90, actual_percentage: 95, cost_at_alert: '95.00', is_acknowledged: false });
      expect((await stream.next((event) => event.type === 'raised' && event.alert?.alert_type === 'warning')).alert?.id).toBe(raisedAlert.id);
      await admin.api.call(routes.budgets.acknowledge, { params: { id: raisedAlert.id } });
      const acknowledged = await stream.next((event) => event.type === 'acknowledged');
      expect(acknowledged.alert).toMatchObject({ id: raisedAlert.id, is_acknowledged: true, acknowledged_by_user_id: admin.id });
    });

    it('delivers to every open stream, and nothing for a change that rolled back', async () => {
      const [one, two] = [await openStream(await ticketQuery(admin)), await openStream('', bearer(admin))];
      await Promise.all([one.next((e) => e.type === 'ready'), two.next((e) => e.type === 'ready')]);
      const project = await alertingProject();
      await inTransaction(ctx, async (tx) => {
        await ledgerOf(ctx).recordCostChange(tx, project.id, '100');
        await tx.query('SELECT 1 WHERE false');
        throw new Error('rolled back');
      }).catch(() => undefined);
      await spend(project.id, '80');
      for (const stream of [one, two]) {
        await stream.next((e) => e.type === 'raised' && e.alert?.project_id === project.id);
        // The rolled-back change would have raised critical and exceeded as well.
        expect(stream.events.filter((e) => e.alert?.project_id === project.id).map((e) => e.alert?.alert_type)).toEqual(['warning']);
      }
    });

    it('accepts a bearer header from clients that can send one', async () => {
      const stream = await openStream('', bearer(admin));
      expect(stream.status).toBe(200);
      await stream.next((event) => event.type === 'ready');
    });

    it.each<[string, () => Record<string, string>, number]>([
      ['no token', () => ({}), 401],
      ['a garbage token', () => bearer(admin, 'nope'), 401],
      ['a token with a forged signature', () => bearer(admin, `${admin.token.split('.').slice(0, 2).join('.')}.x`), 401],
      ['a member’s token', () => bearer(member), 403],
    ])('refuses %s in the envelope, before any event is sent', async (_, headers, status) => {
      const response = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/budget-alerts/stream', headers: headers() });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ success: false });
    });

    it('never takes an access token from the URL, not even a valid admin’s', async () => {
      // A member's token would be refused with 403 if it were read: 401 shows it isn't looked at.
      for (const user of [admin, member]) {
        const refused = await ctx.fastify.inject({ method: 'GET', url: `/api/v1/budget-alerts/stream?access_token=${encodeURIComponent(user.token)}` });
        expect([refused.statusCode, refused.json().error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
      }
    });

    it('ends an admin’s stream at the next ping once they are no longer an admin', async () => {
      const user = await ctx.newUser();
      await ctx.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
      const [demoted, kept] = [await openStream(await ticketQuery(user)), await openStream(await ticketQuery(admin))];
      await Promise.all([demoted.next((e) => e.type === 'ready'), kept.next((e) => e.type === 'ready')]);
      await ctx.sql(`UPDATE users SET role = 'member' WHERE id = $1`, [user.id]);
      await ctx.app.get(LiveStreamHub).pingAll();
      await demoted.ended;
      const keptEnded = await Promise.race([kept.ended.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);
      expect(keptEnded).toBe(false);
    });

    it('takes a ticket only as a ticket, not as an access token', async () => {
      const { ticket } = await admin.api.call(routes.timeTracking.streamTicket);
      const refused = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/budget-alerts/stream', headers: bearer(admin, ticket) });
      expect([refused.statusCode, refused.json().error.message]).toEqual([401, 'This is not an access token']);
    });

    it('refuses a ticket or an access token whose session has ended', async () => {
      const user = await ctx.newUser();
      await ctx.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
      const { ticket } = await user.api.call(routes.timeTracking.streamTicket);
      await user.api.call(routes.auth.logout);
      const byHeader = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/budget-alerts/stream', headers: bearer(user) });
      const byTicket = await ctx.fastify.inject({ method: 'GET', url: `/api/v1/budget-alerts/stream?ticket=${encodeURIComponent(ticket)}` });
      expect([byHeader.statusCode, byTicket.statusCode]).toEqual([401, 401]);
    });
  });
});
