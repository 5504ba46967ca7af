import { routes, type TimerStartRequest, type TimerStatusActive } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { activeCount, DEFAULT_SETTINGS, failure, HOUR, MINUTE, runMaintenance, setSettings, storedEntry } from '../../../test/support/helpers';

describe('timer', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let taskId: string;
  let otherTaskId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    member = await ctx.newUser();
    outsider = await ctx.newUser();
    const project = await ctx.newProject(admin, { name: 'Billing', currency: 'USD' });
    projectId = project.id;
    await ctx.addMembers(admin, projectId, member);
    taskId = (await ctx.newTask(member, { title: 'Fix login', project_id: projectId })).id;
    otherTaskId = (await ctx.newTask(member, { title: 'Write docs', project_id: projectId })).id;
  });
  // Time stands still unless a test moves it, so elapsed values are exact.
  beforeEach(() => ctx.clock.set(new Date('2026-03-10T09:00:00.000Z')));
  afterEach(async () => {
    ctx.clock.reset();
    await setSettings(admin, DEFAULT_SETTINGS);
    // Each test starts without active timers.
    await ctx.sql(
      `UPDATE time_entries SET status = 'stopped', end_time = start_time + interval '1 second', duration_seconds = 1, paused_at = NULL, timer_slot = NULL
        WHERE status <> 'stopped'`,
    );
  });
  afterAll(() => ctx.close());

  const start = (user: TestUser, body: TimerStartRequest = {}) => user.api.call(routes.timeTracking.start, { body });

  describe('POST /api/v1/time-tracking/start', () => {
    it('requires authentication', async () => {
      const error = await failure(ctx.anonymous.call(routes.timeTracking.start, { body: {} }));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });

    it('starts a running timer on a task, with its project, key, title and the default rate', async () => {
      const started = await start(member, { task_id: taskId });
      expect(started).toMatchObject({
        success: true,
        status: 'running',
        task_id: taskId,
        project_id: projectId,
        task_title: 'Fix login',
        project_name: 'Billing',
        elapsed_seconds: 0,
        paused_seconds: 0,
        cost: '0.00',
        rate_type: 'hourly',
        rate_amount: '50.0000',
        currency: 'USD',
        is_billable: true,
        stale: false,
        switched_from: null,
        end_time: null,
        paused_at: null,
        stop_reason: null,
        start_time: '2026-03-10T09:00:00.000Z',
        started_at: '2026-03-10T09:00:00.000Z',
        server_time: '2026-03-10T09:00:00.000Z',
      });
      expect(started.task_key).toMatch(/^[A-Z]+-1$/);
    });

    it('starts without task or project: billable, no project', async () => {
      const started = await start(member);
      expect(started).toMatchObject({ task_id: null, project_id: null, task_key: null, is_billable: true });
    });

    it('takes is_billable from the project unless given', async () => {
      const internal = await ctx.newProject(admin, { name: 'Internal', is_billable: false });
      await ctx.addMembers(admin, internal.id, member);
      expect((await start(member, { project_id: internal.id })).is_billable).toBe(false);
      expect((await start(member, { project_id: internal.id, is_billable: true })).is_billable).toBe(true);
    });

    it('uses the settings’ default hourly rate in the default currency when the user has no rate', async () => {
      await setSettings(admin, { default_hourly_rate: '80.5', default_currency: 'USD' });
      expect(await start(member)).toMatchObject({ rate_type: 'hourly', rate_amount: '80.5000', currency: 'USD' });
    });

    it('refuses a description over 500 characters (422 on the field)', async () => {
      const error = await failure(start(member, { description: 'x'.repeat(501) }));
      expect(error.status).toBe(422);
      expect(Object.keys(error.fieldErrors)).toEqual(['description']);
    });

    it('answers 404 for a project the caller is not a member of and for another user’s task', async () => {
      const closed = await ctx.newProject(admin, { name: 'Closed' });
      const privateTask = await ctx.newTask(outsider, { title: 'Mine only' });
      expect((await failure(start(member, { project_id: closed.id }))).status).toBe(404);
      expect((await failure(start(member, { task_id: privateTask.id }))).status).toBe(404);
      expect((await failure(start(outsider, { task_id: taskId }))).status).toBe(404);
      expect(await activeCount(ctx, member.id)).toBe(0);
    });

    it('refuses a project that is not the task’s (422) and an archived project (409)', async () => {
      const other = await ctx.newProject(admin, { name: 'Other' });
      await ctx.addMembers(admin, other.id, member);
      const mismatch = await failure(start(member, { task_id: taskId, project_id: other.id }));
      expect([mismatch.status, Object.keys(mismatch.fieldErrors)]).toEqual([422, ['project_id']]);
      await admin.api.call(routes.projects.update, { params: { id: other.id }, body: { archived: true } });
      const archived = await failure(start(member, { project_id: other.id }));
      expect(archived.status).toBe(409);
    });

    it('refuses a rate in another currency than the project’s (409, no conversion)', async () => {
      const euro = await ctx.newProject(admin, { name: 'Euro', currency: 'EUR' });
      await ctx.addMembers(admin, euro.id, member);
      const error = await failure(start(member, { project_id: euro.id }));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      expect(error.message).toMatch(/USD.*EUR/);
      expect(await activeCount(ctx, member.id)).toBe(0);
    });
  });

  describe('state machine', () => {
    it('running → paused → running → stopped, and paused → stopped', async () => {
      const first = await start(member, { task_id: taskId });
      expect((await member.api.call(routes.timeTracking.pause, { body: {} })).status).toBe('paused');
      expect((await member.api.call(routes.timeTracking.resume, { body: {} })).status).toBe('running');
      expect((await member.api.call(routes.timeTracking.stop, { body: {} })).status).toBe('stopped');
      expect((await storedEntry(ctx, first.time_log_id)).status).toBe('stopped');

      const second = await start(member);
      await member.api.call(routes.timeTracking.pause, { body: {} });
      ctx.clock.advance(MINUTE);
      const stopped = await member.api.call(routes.timeTracking.stop, { body: { time_log_id: second.time_log_id } });
      expect(stopped).toMatchObject({ status: 'stopped', elapsed_seconds: 0, paused_seconds: 60, paused_at: null });
    });

    it('pause, resume and stop with nothing active answer 409', async () => {
      for (const action of [routes.timeTracking.pause, routes.timeTracking.resume, routes.timeTracking.stop]) {
        const error = await failure(member.api.call(action, { body: {} }));
        expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
        expect(error.message).toMatch(/no active timer/i);
      }
    });

    it('resume while running and pause while paused answer 409', async () => {
      await start(member);
      expect((await failure(member.api.call(routes.timeTracking.resume, { body: {} }))).message).toMatch(/already running/);
      await member.api.call(routes.timeTracking.pause, { body: {} });
      expect((await failure(member.api.call(routes.timeTracking.pause, { body: {} }))).message).toMatch(/already paused/);
    });

    it('a stopped timer can’t be paused, resumed or stopped again (409), another user’s or an unknown one is a 404', async () => {
      const timer = await start(member);
      await member.api.call(routes.timeTracking.stop, { body: {} });
      for (const action of [routes.timeTracking.pause, routes.timeTracking.resume, routes.timeTracking.stop]) {
        const error = await failure(member.api.call(action, { body: { time_log_id: timer.time_log_id } }));
        expect([error.status, error.message]).toEqual([409, 'This timer is already stopped']);
      }
      const mine = await start(member);
      expect((await failure(outsider.api.call(routes.timeTracking.stop, { body: { time_log_id: mine.time_log_id } }))).status).toBe(404);
      expect((await failure(member.api.call(routes.timeTracking.stop, { body: { time_log_id: '00000000-0000-4000-8000-000000000000' } }))).status).toBe(404);
      expect((await failure(member.api.call(routes.timeTracking.stop, { body: { time_log_id: 'nope' } }))).status).toBe(422);
      expect((await member.api.call(routes.timeTracking.status)).status).toBe('running');
    });

    it('starting while a timer runs (max 1) stops and saves it as switched and starts the new one', async () => {
      const first = await start(member, { task_id: taskId });
      ctx.clock.advance(30 * MINUTE);
      const second = await start(member, { task_id: otherTaskId });
      expect(second.switched_from).toMatchObject({ time_log_id: first.time_log_id, status: 'stopped', elapsed_seconds: 1800, cost: '25.00', stop_reason: 'switched' });
      expect(await storedEntry(ctx, first.time_log_id)).toMatchObject({ status: 'stopped', stop_reason: 'switched', total_cost: '25.0000', duration_seconds: 1800 });
      expect(await activeCount(ctx, member.id)).toBe(1);
      const status = await member.api.call(routes.timeTracking.status);
      expect(status).toMatchObject({ status: 'running', time_log_id: second.time_log_id, task_title: 'Write docs' });
      expect(status.last_stopped).toMatchObject({ time_log_id: first.time_log_id, reason: 'switched', cost: '25.00' });
    });
  });

  describe('pause arithmetic', () => {
    it('start, 10 min, pause, 5 min, resume, 20 min, stop → 30 min running, exact cost', async () => {
      const started = await start(member, { task_id: taskId });
      ctx.clock.advance(10 * MINUTE);
      const paused = await member.api.call(routes.timeTracking.pause, { body: {} });
      expect(paused).toMatchObject({ status: 'paused', elapsed_seconds: 600, cost: '8.33', paused_at: '2026-03-10T09:10:00.000Z' });
      ctx.clock.advance(5 * MINUTE);
      expect(await member.api.call(routes.timeTracking.status)).toMatchObject({ status: 'paused', elapsed_seconds: 600, paused_seconds: 300, cost: '8.33' });
      const resumed = await member.api.call(routes.timeTracking.resume, { body: {} });
      expect(resumed).toMatchObject({ status: 'running', elapsed_seconds: 600, paused_seconds: 300, paused_at: null });
      ctx.clock.advance(20 * MINUTE);
      const stopped = await member.api.call(routes.timeTracking.stop, { body: { description: 'Fixed the auth bug' } });
      expect(stopped).toMatchObject({
        status: 'stopped',
        elapsed_seconds: 1800,
        paused_seconds: 300,
        cost: '25.00',
        description: 'Fixed the auth bug',
        stop_reason: 'user',
        end_time: '2026-03-10T09:35:00.000Z',
      });
      expect(await storedEntry(ctx, started.time_log_id)).toMatchObject({ duration_seconds: 1800, paused_seconds: 300, total_cost: '25.0000', timer_slot: null });
    });

    it('counts several pauses and charges running time only, at 4 stored decimals', async () => {
      await setSettings(admin, { default_hourly_rate: '33.3333' });
      const timer = await start(member);
      for (let i = 0; i < 3; i += 1) {
        ctx.clock.advance(30 * MINUTE);
        await member.api.call(routes.timeTracking.pause, { body: {} });
        ctx.clock.advance(HOUR);
        await member.api.call(routes.timeTracking.resume, { body: {} });
      }
      const stopped = await member.api.call(routes.timeTracking.stop, { body: {} });
      // 5400 s at 33.3333/h = 49.99995 → stored 50.0000 → shown 50.00
      expect(stopped).toMatchObject({ elapsed_seconds: 5400, paused_seconds: 10800, cost: '50.00' });
      expect((await storedEntry(ctx, timer.time_log_id)).total_cost).toBe('50.0000');
    });
  });

  describe('GET /api/v1/time-tracking/status', () => {
    it('requires authentication', async () => {
      expect((await failure(ctx.anonymous.call(routes.timeTracking.status))).status).toBe(401);
    });

    it('answers {status:"stopped", time_log_id:null} without an active timer, with limits and server time', async () => {
      const fresh = await ctx.newUser();
      const status = await fresh.api.call(routes.timeTracking.status);
      expect(status).toEqual({
        success: true,
        status: 'stopped',
        time_log_id: null,
        stale: false,
        timers: [],
        last_stopped: null,
        server_time: '2026-03-10T09:00:00.000Z',
        limits: { max_concurrent_timers: 1, max_timer_hours: 24, stale_heartbeat_minutes: 10, heartbeat_interval_seconds: 60 },
      });
    });

    it('ticks from the server clock: elapsed and cost at the snapshot rate', async () => {
      await start(member, { task_id: taskId });
      ctx.clock.advance(HOUR + 1000);
      expect(await member.api.call(routes.timeTracking.status)).toMatchObject({ elapsed_seconds: 3601, cost: '50.01', server_time: '2026-03-10T10:00:01.000Z' });
    });
  });

  describe('max_concurrent_timers_per_user', () => {
    it('with 2, two timers run; a third start is a 409; actions default to the most recent, or take time_log_id', async () => {
      await setSettings(admin, { max_concurrent_timers_per_user: 2 });
      const first = await start(member, { task_id: taskId });
      ctx.clock.advance(MINUTE);
      const second = await start(member, { task_id: otherTaskId });
      expect(second.switched_from).toBeNull();
      const third = await failure(start(member));
      expect([third.status, third.message]).toEqual([409, expect.stringMatching(/2 active timers, the most allowed \(2\)/)]);

      const status = (await member.api.call(routes.timeTracking.status)) as TimerStatusActive;
      expect(status.time_log_id).toBe(second.time_log_id);
      expect(status.timers.map((t) => t.time_log_id)).toEqual([second.time_log_id, first.time_log_id]);

      expect((await member.api.call(routes.timeTracking.pause, { body: {} })).time_log_id).toBe(second.time_log_id);
      const pausedFirst = await member.api.call(routes.timeTracking.pause, { body: { time_log_id: first.time_log_id } });
      expect(pausedFirst).toMatchObject({ time_log_id: first.time_log_id, status: 'paused' });
      await member.api.call(routes.timeTracking.stop, { body: { time_log_id: first.time_log_id } });
      expect(await start(member)).toMatchObject({ status: 'running', switched_from: null });
      expect(await activeCount(ctx, member.id)).toBe(2);
    });

    it('the database refuses a second active timer in the same slot, whatever the code does', async () => {
      await start(member);
      await expect(ctx.insertEntry({ userId: member.id, status: 'running', start: new Date(), timerSlot: 0, rateAmount: '1', currency: 'USD' })).rejects.toMatchObject({
        code: '23505',
      });
    });
  });

  describe('heartbeat and stale flag', () => {
    it('flags a timer without heartbeat for stale_heartbeat_minutes, never changes it; a heartbeat clears the flag', async () => {
      const timer = await start(member);
      ctx.clock.advance(10 * MINUTE);
      expect((await member.api.call(routes.timeTracking.status)).stale).toBe(false);
      ctx.clock.advance(MINUTE);
      const stale = (await member.api.call(routes.timeTracking.status)) as TimerStatusActive;
      expect(stale).toMatchObject({ stale: true, status: 'running', elapsed_seconds: 660 });
      expect(stale.timers[0].stale).toBe(true);
      const beat = await member.api.call(routes.timeTracking.heartbeat);
      expect(beat).toEqual({ success: true, timers: 1, server_time: '2026-03-10T09:11:00.000Z' });
      expect(await member.api.call(routes.timeTracking.status)).toMatchObject({ stale: false, last_heartbeat: '2026-03-10T09:11:00.000Z', time_log_id: timer.time_log_id });
    });

    it('follows the configured window', async () => {
      await setSettings(admin, { stale_heartbeat_minutes: 2 });
      await start(member);
      ctx.clock.advance(3 * MINUTE);
      expect(await member.api.call(routes.timeTracking.status)).toMatchObject({ stale: true, limits: { stale_heartbeat_minutes: 2, heartbeat_interval_seconds: 40 } });
    });

    it('counts no timers when none is active', async () => {
      expect((await outsider.api.call(routes.timeTracking.heartbeat)).timers).toBe(0);
    });
  });

  describe('the cap (background job)', () => {
    it('stops a timer whose running time passed max_timer_hours at the cap, and status says why', async () => {
      const timer = await start(member, { task_id: taskId });
      ctx.clock.advance(23 * HOUR);
      expect((await runMaintenance(ctx)).capped).toBe(0);
      ctx.clock.advance(2 * HOUR);
      expect((await runMaintenance(ctx)).capped).toBe(1);
      expect(await storedEntry(ctx, timer.time_log_id)).toMatchObject({ status: 'stopped', stop_reason: 'cap', duration_seconds: 86_400, total_cost: '1200.0000' });
      expect((await storedEntry(ctx, timer.time_log_id)).end_time).toEqual(new Date('2026-03-11T09:00:00.000Z'));
      const status = await member.api.call(routes.timeTracking.status);
      expect(status).toMatchObject({ status: 'stopped', time_log_id: null });
      expect(status.last_stopped).toEqual({
        time_log_id: timer.time_log_id,
        reason: 'cap',
        end_time: '2026-03-11T09:00:00.000Z',
        elapsed_seconds: 86_400,
        cost: '1200.00',
        currency: 'USD',
      });
    });

    it('puts the end after the paused time and follows the configured cap', async () => {
      await setSettings(admin, { max_timer_hours: 2 });
      const timer = await start(member);
      ctx.clock.advance(HOUR);
      await member.api.call(routes.timeTracking.pause, { body: {} });
      ctx.clock.advance(3 * HOUR);
      expect((await runMaintenance(ctx)).capped).toBe(0);
      await member.api.call(routes.timeTracking.resume, { body: {} });
      ctx.clock.advance(5 * HOUR);
      expect((await runMaintenance(ctx)).capped).toBe(1);
      const row = await storedEntry(ctx, timer.time_log_id);
      expect(row).toMatchObject({ duration_seconds: 7200, paused_seconds: 10_800, total_cost: '100.0000' });
      expect(row.end_time).toEqual(new Date('2026-03-10T14:00:00.000Z'));
    });
  });

  describe('auto_pause_on_logout', () => {
    it('pauses the user’s running timer on logout when on, not when off', async () => {
      const user = await ctx.newUser();
      await start(user);
      await ctx.client({ token: user.token }).call(routes.auth.logout);
      const second = await ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } });
      const api = ctx.client({ token: second.token });
      expect((await api.call(routes.timeTracking.status)).status).toBe('running');

      await setSettings(admin, { auto_pause_on_logout: true });
      ctx.clock.advance(MINUTE);
      await ctx.client({ token: second.token }).call(routes.auth.logout);
      const third = await ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } });
      expect(await ctx.client({ token: third.token }).call(routes.timeTracking.status)).toMatchObject({ status: 'paused', elapsed_seconds: 60 });
    });
  });
});
