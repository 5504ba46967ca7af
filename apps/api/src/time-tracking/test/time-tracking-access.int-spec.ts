import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { type Actor, ACTORS, callAs } from '../../../test/support/helpers';

/**
 * Who may do what with an entry or a timer. The owner and a member of the same project are
 * both on the owner's task's project; `other` belongs to another project only.
 */
describe('time tracking access matrix', () => {
  let ctx: TestContext;
  const users = {} as Record<Exclude<Actor, 'anonymous'>, TestUser>;
  let taskId: string;
  let entryId: string;
  let timerId: string;

  const as = (actor: Actor) => (actor === 'anonymous' ? null : users[actor]);
  const entryBody = (taskIdOrNull: string | null = null) => ({ task_id: taskIdOrNull, start_time: '2026-02-02T09:00:00Z', end_time: '2026-02-02T10:00:00Z' });
  const ownerEntry = async () => (await users.owner.api.call(routes.timeEntries.create, { body: entryBody(taskId) })).id;

  beforeAll(async () => {
    ctx = await createTestContext();
    users.admin = await ctx.newUser();
    users.owner = await ctx.newUser();
    users.member = await ctx.newUser();
    users.other = await ctx.newUser();
    const shared = await ctx.newProject(users.admin, { name: 'Shared' });
    const elsewhere = await ctx.newProject(users.admin, { name: 'Elsewhere' });
    await ctx.addMembers(users.admin, shared.id, users.owner, users.member);
    await ctx.addMembers(users.admin, elsewhere.id, users.other);
    taskId = (await ctx.newTask(users.owner, { title: 'Owner task', project_id: shared.id })).id;
    entryId = await ownerEntry();
    timerId = (await users.owner.api.call(routes.timeTracking.start, { body: { task_id: taskId } })).time_log_id;
  });
  afterAll(() => ctx.close());

  const expectMatrix = async (
    expected: Record<Actor, number>,
    request: (
      actor: Actor,
    ) => Promise<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }> | { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object },
  ) => {
    const got = {} as Record<Actor, number>;
    // The owner last: their call may change the state the others were refused on.
    for (const actor of [...ACTORS.filter((a) => a !== 'owner'), 'owner' as const]) got[actor] = (await callAs(ctx, as(actor), await request(actor))).status;
    expect(got).toEqual(expected);
  };

  describe('entries', () => {
    it('GET /time-entries/:id: the owner and admins', async () => {
      await expectMatrix({ owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 }, () => ({ method: 'GET', url: `/api/v1/time-entries/${entryId}` }));
    });

    it('PATCH /time-entries/:id: the owner only (admins read, never change)', async () => {
      await expectMatrix({ owner: 200, member: 404, other: 404, admin: 403, anonymous: 401 }, () => ({
        method: 'PATCH',
        url: `/api/v1/time-entries/${entryId}`,
        payload: { description: 'changed' },
      }));
    });

    it('DELETE /time-entries/:id: the owner only', async () => {
      await expectMatrix({ owner: 204, member: 404, other: 404, admin: 403, anonymous: 401 }, async () => ({
        method: 'DELETE',
        url: `/api/v1/time-entries/${await ownerEntry()}`,
      }));
    });

    it('GET /time-entries: everyone sees their own; naming the owner is for the owner and admins', async () => {
      for (const actor of ['owner', 'member', 'other', 'admin'] as const) {
        const { body } = await callAs(ctx, users[actor], { method: 'GET', url: '/api/v1/time-entries' });
        expect(body.data.some((e: { id: string }) => e.id === entryId)).toBe(actor === 'owner');
      }
      await expectMatrix({ owner: 200, member: 403, other: 403, admin: 200, anonymous: 401 }, () => ({ method: 'GET', url: `/api/v1/time-entries?user_id=${users.owner.id}` }));
    });

    it('POST /time-entries on the owner’s task: anyone who may use the task', async () => {
      await expectMatrix({ owner: 201, member: 201, other: 404, admin: 201, anonymous: 401 }, () => ({ method: 'POST', url: '/api/v1/time-entries', payload: entryBody(taskId) }));
    });

    it('GET /tasks/:id/time-logs: members of the task’s project see their own entries, admins all, others 404', async () => {
      await expectMatrix({ owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 }, () => ({ method: 'GET', url: `/api/v1/tasks/${taskId}/time-logs` }));
      const ids = async (user: TestUser) =>
        (await callAs(ctx, user, { method: 'GET', url: `/api/v1/tasks/${taskId}/time-logs` })).body.data.map((e: { user_id: string }) => e.user_id);
      expect(new Set(await ids(users.member))).toEqual(new Set([users.member.id]));
      expect(new Set(await ids(users.owner))).toEqual(new Set([users.owner.id]));
      expect(new Set(await ids(users.admin))).toEqual(new Set([users.owner.id, users.member.id, users.admin.id]));
    });
  });

  describe('timers', () => {
    it('pause/resume/stop of the owner’s timer by id: the owner only (admins too get 404: a timer is personal)', async () => {
      for (const action of ['pause', 'resume', 'stop']) {
        await expectMatrix({ owner: 200, member: 404, other: 404, admin: 404, anonymous: 401 }, () => ({
          method: 'POST',
          url: `/api/v1/time-tracking/${action}`,
          payload: { time_log_id: timerId },
        }));
      }
      timerId = (await users.owner.api.call(routes.timeTracking.start, { body: { task_id: taskId } })).time_log_id;
    });

    it('status, logs and heartbeat only ever concern the caller’s own timers', async () => {
      for (const actor of ['member', 'other', 'admin'] as const) {
        const status = await users[actor].api.call(routes.timeTracking.status);
        expect(status.timers.some((t) => t.time_log_id === timerId)).toBe(false);
        const logs = await users[actor].api.call(routes.timeTracking.logs);
        expect(logs.data.some((e) => e.id === timerId)).toBe(false);
      }
      expect((await users.owner.api.call(routes.timeTracking.status)).time_log_id).toBe(timerId);
      expect((await users.owner.api.call(routes.timeTracking.logs)).data[0].id).toBe(timerId);
      await expectMatrix({ owner: 200, member: 200, other: 200, admin: 200, anonymous: 401 }, () => ({ method: 'GET', url: '/api/v1/time-tracking/status' }));
      await expectMatrix({ owner: 200, member: 200, other: 200, admin: 200, anonymous: 401 }, () => ({ method: 'GET', url: '/api/v1/time-tracking/logs' }));
      await expectMatrix({ owner: 200, member: 200, other: 200, admin: 200, anonymous: 401 }, () => ({ method: 'POST', url: '/api/v1/time-tracking/heartbeat' }));
      await expectMatrix({ owner: 200, member: 200, other: 200, admin: 200, anonymous: 401 }, () => ({ method: 'POST', url: '/api/v1/time-tracking/stream-ticket' }));
    });

    it('POST /time-tracking/start on the owner’s task: anyone who may use the task', async () => {
      await expectMatrix({ owner: 200, member: 200, other: 404, admin: 200, anonymous: 401 }, () => ({
        method: 'POST',
        url: '/api/v1/time-tracking/start',
        payload: { task_id: taskId },
      }));
    });
  });
});
