import { randomUUID } from 'node:crypto';
import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';
import { uniqueKey } from '../support/factories';
import { EXCLUDED, EXPECTATIONS, operationOf, PERSONAS, type Expected, type Persona } from './access-matrix.expectations';
import { envelopeProblem, operations, raw, type Method } from './support';
import { deletedEmailOf } from '../../src/users/erased-account';

/**
 * ONE matrix over every object operation of openapi.json × {owner, member of the same project,
 * member of another project, admin, anonymous}, against the table in
 * access-matrix.expectations.ts. Each cell gets its own fixtures when the call changes or
 * consumes them (a delete, a timer transition), so no cell depends on another's outcome.
 */

interface World {
  ctx: TestContext;
  users: Record<Exclude<Persona, 'anonymous'>, TestUser>;
  /** P: owner and member belong to it; Q: only `other` does. */
  projectP: string;
  projectQ: string;
  /** A task of the owner in P, and the owner's rate. */
  taskT: string;
  ownerRateId: string;
}

interface Cell {
  method: Method;
  url: string;
  payload?: object;
  /** Who calls instead of the persona's standing user (a fresh user for self-destructive calls). */
  caller?: TestUser;
  after?: () => Promise<void>;
}

type Builder = (world: World, persona: Persona) => Promise<Cell>;

let entryHour = 0;
/** Non-overlapping past hours for the owner's manual entries. */
function nextEntryTimes() {
  entryHour += 2;
  const start = new Date(Date.UTC(2024, 0, 1) + entryHour * 3_600_000);
  return { start_time: start.toISOString(), end_time: new Date(start.getTime() + 3_600_000).toISOString() };
}

async function freshUser(world: World, persona: Persona): Promise<TestUser> {
  const user = await world.ctx.newUser();
  return persona === 'admin' ? world.ctx.promote(world.users.admin, user) : user;
}

async function ownerEntry(world: World): Promise<string> {
  return (await world.users.owner.api.call(routes.timeEntries.create, { body: { task_id: world.taskT, ...nextEntryTimes() } })).id;
}

/** Stops whatever timer the user has running, so a new start isn't refused for the concurrency limit. */
async function stopTimers(world: World, user: TestUser): Promise<void> {
  const status = await raw(world.ctx, { method: 'GET', url: '/api/v1/time-tracking/status', token: user.token });
  const id = status.body?.time_log_id;
  if (id) await raw(world.ctx, { method: 'POST', url: '/api/v1/time-tracking/stop', token: user.token, payload: { time_log_id: id } });
}

/** A fresh timer of the owner on T, running or paused. */
async function ownerTimer(world: World, state: 'running' | 'paused'): Promise<string> {
  const { owner } = world.users;
  await stopTimers(world, owner);
  const id = (await owner.api.call(routes.timeTracking.start, { body: { task_id: world.taskT } })).time_log_id;
  if (state === 'paused') await owner.api.call(routes.timeTracking.pause, { body: { time_log_id: id } });
  return id;
}

async function freshAlert(world: World): Promise<string> {
  const [row] = await world.ctx.sql<{ id: string }>(
    `INSERT INTO budget_alerts (project_budget_id, project_id, alert_type, threshold_percentage, actual_percentage, cost_at_alert)
     SELECT id, project_id, 'warning', 80, 85, 850 FROM project_budgets WHERE project_id = $1 RETURNING id`,
    [world.projectP],
  );
  return row.id;
}

/**
 * A project where the owner's task, entry and (optionally) timer live, then made unusable to
 * the owner (issue 12, item 5): `removed` — a fresh owner is removed from it (the persona
 * `owner` calls as that user; `member` stays a member); `archived` — the project is archived.
 * The timer was stopped by the removal or the archive.
 */
async function sceneOf(world: World, kind: 'removed' | 'archived', timer?: 'running' | 'paused') {
  const { admin, member } = world.users;
  const owner = kind === 'removed' ? await world.ctx.newUser() : world.users.owner;
  const project = await world.ctx.newProject(admin, { name: kind === 'removed' ? 'Left' : 'Shelved' });
  await world.ctx.addMembers(admin, project.id, owner, member);
  const task = await world.ctx.newTask(owner, { title: 'Owned', project_id: project.id });
  const entry = await owner.api.call(routes.timeEntries.create, { body: { task_id: task.id, ...nextEntryTimes() } });
  let timerId: string | null = null;
  if (timer) {
    await stopTimers(world, owner);
    timerId = (await owner.api.call(routes.timeTracking.start, { body: { task_id: task.id } })).time_log_id;
    if (timer === 'paused') await owner.api.call(routes.timeTracking.pause, { body: { time_log_id: timerId } });
  }
  if (kind === 'removed') await admin.api.call(routes.projects.removeMember, { params: { id: project.id, userId: owner.id } });
  else await admin.api.call(routes.projects.update, { params: { id: project.id }, body: { archived: true } });
  return { owner, projectId: project.id, taskId: task.id, entry, timerId };
}

/** A cell on a scene: `owner` calls as the scene's owner (a fresh user in the `removed` scene). */
const onScene =
  (kind: 'removed' | 'archived', build: (scene: Awaited<ReturnType<typeof sceneOf>>) => Omit<Cell, 'caller'>, timer?: 'running' | 'paused'): Builder =>
  async (world, persona) => {
    const scene = await sceneOf(world, kind, timer);
    return { ...build(scene), caller: persona === 'owner' ? scene.owner : undefined };
  };

/** Timer starts leave nothing running behind (the concurrency limit would refuse the next cell). */
const startOnScene =
  (kind: 'removed' | 'archived'): Builder =>
  async (world, persona) => {
    const scene = await sceneOf(world, kind);
    const caller = persona === 'owner' ? scene.owner : persona === 'anonymous' ? null : world.users[persona];
    if (caller) await stopTimers(world, caller);
    return {
      method: 'POST',
      url: '/api/v1/time-tracking/start',
      payload: { task_id: scene.taskId },
      caller: persona === 'owner' ? scene.owner : undefined,
      after: async () => (caller ? stopTimers(world, caller) : undefined),
    };
  };

function sceneRequests(kind: 'removed' | 'archived', suffix: string): Record<string, Builder> {
  const later = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();
  const rows: Record<string, Builder> = {
    [`GET /api/v1/tasks/{id} — ${suffix}`]: onScene(kind, (s) => ({ method: 'GET', url: `/api/v1/tasks/${s.taskId}` })),
    [`PATCH /api/v1/tasks/{id} — ${suffix}`]: onScene(kind, (s) => ({ method: 'PATCH', url: `/api/v1/tasks/${s.taskId}`, payload: { title: 'Changed' } })),
    [`PATCH /api/v1/tasks/{id}/status — ${suffix}`]: onScene(kind, (s) => ({ method: 'PATCH', url: `/api/v1/tasks/${s.taskId}/status`, payload: { status: 'done' } })),
    [`DELETE /api/v1/tasks/{id} — ${suffix}`]: onScene(kind, (s) => ({ method: 'DELETE', url: `/api/v1/tasks/${s.taskId}` })),
    [`GET /api/v1/tasks/{id}/time-logs — ${suffix}`]: onScene(kind, (s) => ({ method: 'GET', url: `/api/v1/tasks/${s.taskId}/time-logs` })),
    [`POST /api/v1/time-entries — ${suffix}`]: onScene(kind, (s) => ({ method: 'POST', url: '/api/v1/time-entries', payload: { task_id: s.taskId, ...nextEntryTimes() } })),
    [`GET /api/v1/time-entries/{id} — ${suffix}`]: onScene(kind, (s) => ({ method: 'GET', url: `/api/v1/time-entries/${s.entry.id}` })),
    [`PATCH /api/v1/time-entries/{id} — ${suffix}`]: onScene(kind, (s) => ({ method: 'PATCH', url: `/api/v1/time-entries/${s.entry.id}`, payload: { description: 'Changed' } })),
    [`DELETE /api/v1/time-entries/{id} — ${suffix}`]: onScene(kind, (s) => ({ method: 'DELETE', url: `/api/v1/time-entries/${s.entry.id}` })),
    [`POST /api/v1/time-tracking/start — ${suffix}`]: startOnScene(kind),
    [`POST /api/v1/time-tracking/pause — ${suffix}`]: onScene(
      kind,
      (s) => ({ method: 'POST', url: '/api/v1/time-tracking/pause', payload: { time_log_id: s.timerId } }),
      'running',
    ),
    [`POST /api/v1/time-tracking/resume — ${suffix}`]: onScene(
      kind,
      (s) => ({ method: 'POST', url: '/api/v1/time-tracking/resume', payload: { time_log_id: s.timerId } }),
      'paused',
    ),
    [`POST /api/v1/time-tracking/stop — ${suffix}`]: onScene(kind, (s) => ({ method: 'POST', url: '/api/v1/time-tracking/stop', payload: { time_log_id: s.timerId } }), 'running'),
  };
  if (kind === 'archived') {
    rows[`PATCH /api/v1/time-entries/{id} — ${suffix}, longer`] = onScene(kind, (s) => ({
      method: 'PATCH',
      url: `/api/v1/time-entries/${s.entry.id}`,
      payload: { end_time: later(s.entry.end_time as string, 0.5) },
    }));
  }
  return rows;
}

const get =
  (url: string): Builder =>
  async () => ({ method: 'GET', url });
/** `/users/me…` routes: each persona acts on itself. */
const self =
  (method: Method, url: string, payload?: object): Builder =>
  async () => ({ method, url, payload });

const REQUESTS: Record<string, Builder> = {
  'GET /api/v1/users/me': self('GET', '/api/v1/users/me'),
  'PATCH /api/v1/users/me': self('PATCH', '/api/v1/users/me', { full_name: 'Renamed Self' }),
  'POST /api/v1/users/me/password': async (world, persona) => {
    const caller = await freshUser(world, persona);
    return { method: 'POST', url: '/api/v1/users/me/password', caller, payload: { current_password: caller.password, new_password: 'Another-Horse-42' } };
  },
  'GET /api/v1/users/me/export': self('GET', '/api/v1/users/me/export'),
  'DELETE /api/v1/users/me': async (world, persona) => {
    const caller = await freshUser(world, persona);
    return { method: 'DELETE', url: '/api/v1/users/me', caller, payload: { password: caller.password } };
  },
  'GET /api/v1/users': get('/api/v1/users'),
  'PATCH /api/v1/users/{id}': async (world) => ({ method: 'PATCH', url: `/api/v1/users/${(await world.ctx.newUser()).id}`, payload: { is_active: true } }),
  'PATCH /api/v1/users/{id} — unknown user': async () => ({ method: 'PATCH', url: `/api/v1/users/${randomUUID()}`, payload: { is_active: true } }),
  // The caller confirms with their own password (an admin's, for the admin).
  'DELETE /api/v1/users/{id}': async (world, persona) => ({
    method: 'DELETE',
    url: `/api/v1/users/${(await world.ctx.newUser()).id}`,
    payload: { password: persona === 'anonymous' ? 'x' : world.users[persona].password },
  }),
  'DELETE /api/v1/users/{id} — unknown user': async (world, persona) => ({
    method: 'DELETE',
    url: `/api/v1/users/${randomUUID()}`,
    payload: { password: persona === 'anonymous' ? 'x' : world.users[persona].password },
  }),
  'GET /api/v1/users/me/sign-in-failures': self('GET', '/api/v1/users/me/sign-in-failures'),
  'POST /api/v1/users/{id}/unlock': async (world) => ({ method: 'POST', url: `/api/v1/users/${world.users.owner.id}/unlock` }),
  'POST /api/v1/users/{id}/unlock — unknown user': async () => ({ method: 'POST', url: `/api/v1/users/${randomUUID()}/unlock` }),
  // An erased account no longer exists for any action on it (issue 12): admins get 404 like for an unknown id.
  'POST /api/v1/users/{id}/unlock — erased user': async (world) => {
    const gone = await world.ctx.newUser();
    await world.ctx.sql(`UPDATE users SET email = $2, is_active = false WHERE id = $1`, [gone.id, deletedEmailOf(gone.id)]);
    return { method: 'POST', url: `/api/v1/users/${gone.id}/unlock` };
  },
  'GET /api/v1/audit-log': get('/api/v1/audit-log'),

  'GET /api/v1/users/me/rate': self('GET', '/api/v1/users/me/rate'),
  'PUT /api/v1/users/{id}/rate': async (world) => ({
    method: 'PUT',
    url: `/api/v1/users/${world.users.owner.id}/rate`,
    payload: { rate_type: 'hourly', rate_amount: '45.00', currency: 'USD' },
  }),
  'GET /api/v1/users/{id}/rates': async (world) => ({ method: 'GET', url: `/api/v1/users/${world.users.owner.id}/rates` }),
  'POST /api/v1/users/{id}/rates/{rateId}/apply': async (world) => ({ method: 'POST', url: `/api/v1/users/${world.users.owner.id}/rates/${world.ownerRateId}/apply` }),
  'GET /api/v1/settings': get('/api/v1/settings'),
  'PATCH /api/v1/settings': async () => ({ method: 'PATCH', url: '/api/v1/settings', payload: { stale_heartbeat_minutes: 10 } }),

  'GET /api/v1/projects': get('/api/v1/projects'),
  'POST /api/v1/projects': async () => ({ method: 'POST', url: '/api/v1/projects', payload: { name: 'New', key: uniqueKey('M') } }),
  'GET /api/v1/projects/{id}': async (world) => ({ method: 'GET', url: `/api/v1/projects/${world.projectP}` }),
  'PATCH /api/v1/projects/{id}': async (world) => ({ method: 'PATCH', url: `/api/v1/projects/${world.projectP}`, payload: { description: 'Changed' } }),
  'DELETE /api/v1/projects/{id}': async (world) => {
    const project = await world.ctx.newProject(world.users.admin, { name: 'Disposable' });
    await world.ctx.addMembers(world.users.admin, project.id, world.users.owner, world.users.member);
    return { method: 'DELETE', url: `/api/v1/projects/${project.id}` };
  },
  'GET /api/v1/projects/{id}/members': async (world) => ({ method: 'GET', url: `/api/v1/projects/${world.projectP}/members` }),
  'POST /api/v1/projects/{id}/members': async (world) => ({
    method: 'POST',
    url: `/api/v1/projects/${world.projectP}/members`,
    payload: { user_id: (await world.ctx.newUser()).id },
  }),
  'DELETE /api/v1/projects/{id}/members/{userId}': async (world) => {
    const joiner = await world.ctx.newUser();
    await world.ctx.addMembers(world.users.admin, world.projectP, joiner);
    return { method: 'DELETE', url: `/api/v1/projects/${world.projectP}/members/${joiner.id}` };
  },

  'GET /api/v1/tasks': async (world) => ({ method: 'GET', url: `/api/v1/tasks?project_id=${world.projectP}` }),
  'POST /api/v1/tasks': async (world) => ({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'New', project_id: world.projectP } }),
  'GET /api/v1/tasks/{id}': async (world) => ({ method: 'GET', url: `/api/v1/tasks/${world.taskT}` }),
  'GET /api/v1/tasks/{id} — personal task': async (world) => ({ method: 'GET', url: `/api/v1/tasks/${(await world.ctx.newTask(world.users.owner, { title: 'Mine' })).id}` }),
  'PATCH /api/v1/tasks/{id}': async (world) => ({
    method: 'PATCH',
    url: `/api/v1/tasks/${(await world.ctx.newTask(world.users.owner, { project_id: world.projectP })).id}`,
    payload: { title: 'Changed' },
  }),
  'PATCH /api/v1/tasks/{id} — personal task': async (world) => ({
    method: 'PATCH',
    url: `/api/v1/tasks/${(await world.ctx.newTask(world.users.owner, { title: 'Mine' })).id}`,
    payload: { title: 'Changed' },
  }),
  'PATCH /api/v1/tasks/{id}/status': async (world) => ({
    method: 'PATCH',
    url: `/api/v1/tasks/${(await world.ctx.newTask(world.users.owner, { project_id: world.projectP })).id}/status`,
    payload: { status: 'done' },
  }),
  'DELETE /api/v1/tasks/{id}': async (world) => ({ method: 'DELETE', url: `/api/v1/tasks/${(await world.ctx.newTask(world.users.owner, { project_id: world.projectP })).id}` }),
  'GET /api/v1/tasks/{id}/time-logs': async (world) => ({ method: 'GET', url: `/api/v1/tasks/${world.taskT}/time-logs` }),

  'GET /api/v1/time-entries': get('/api/v1/time-entries'),
  'GET /api/v1/time-entries — user_id of the owner': async (world) => ({ method: 'GET', url: `/api/v1/time-entries?user_id=${world.users.owner.id}` }),
  'POST /api/v1/time-entries': async (world) => ({ method: 'POST', url: '/api/v1/time-entries', payload: { task_id: world.taskT, ...nextEntryTimes() } }),
  'GET /api/v1/time-entries/{id}': async (world) => ({ method: 'GET', url: `/api/v1/time-entries/${await ownerEntry(world)}` }),
  'PATCH /api/v1/time-entries/{id}': async (world) => ({ method: 'PATCH', url: `/api/v1/time-entries/${await ownerEntry(world)}`, payload: { description: 'Changed' } }),
  'DELETE /api/v1/time-entries/{id}': async (world) => ({ method: 'DELETE', url: `/api/v1/time-entries/${await ownerEntry(world)}` }),

  'POST /api/v1/time-tracking/start': async (world, persona) => {
    const user = persona === 'anonymous' ? null : world.users[persona];
    if (user) await stopTimers(world, user);
    return { method: 'POST', url: '/api/v1/time-tracking/start', payload: { task_id: world.taskT }, after: async () => (user ? stopTimers(world, user) : undefined) };
  },
  'POST /api/v1/time-tracking/pause': async (world) => ({ method: 'POST', url: '/api/v1/time-tracking/pause', payload: { time_log_id: await ownerTimer(world, 'running') } }),
  'POST /api/v1/time-tracking/resume': async (world) => ({ method: 'POST', url: '/api/v1/time-tracking/resume', payload: { time_log_id: await ownerTimer(world, 'paused') } }),
  'POST /api/v1/time-tracking/stop': async (world) => ({ method: 'POST', url: '/api/v1/time-tracking/stop', payload: { time_log_id: await ownerTimer(world, 'running') } }),
  'GET /api/v1/time-tracking/status': get('/api/v1/time-tracking/status'),
  'GET /api/v1/time-tracking/logs': get('/api/v1/time-tracking/logs'),
  'POST /api/v1/time-tracking/heartbeat': self('POST', '/api/v1/time-tracking/heartbeat'),
  'POST /api/v1/time-tracking/stream-ticket': self('POST', '/api/v1/time-tracking/stream-ticket'),

  'GET /api/v1/projects/{id}/budget': async (world) => ({ method: 'GET', url: `/api/v1/projects/${world.projectP}/budget` }),
  'PUT /api/v1/projects/{id}/budget': async (world) => ({ method: 'PUT', url: `/api/v1/projects/${world.projectP}/budget`, payload: { total_budget: '1000.00' } }),
  'GET /api/v1/projects/{id}/statistics': async (world) => ({ method: 'GET', url: `/api/v1/projects/${world.projectP}/statistics` }),
  'GET /api/v1/budgets': get('/api/v1/budgets'),
  'GET /api/v1/budget-alerts': get('/api/v1/budget-alerts'),
  'POST /api/v1/budget-alerts/{id}/acknowledge': async (world) => ({ method: 'POST', url: `/api/v1/budget-alerts/${await freshAlert(world)}/acknowledge` }),

  'GET /api/v1/analytics/dashboard': get('/api/v1/analytics/dashboard'),
  'GET /api/v1/analytics/trend': get('/api/v1/analytics/trend'),
  'GET /api/v1/analytics/tasks': get('/api/v1/analytics/tasks'),
  'GET /api/v1/analytics/time-distribution': get('/api/v1/analytics/time-distribution'),
  'GET /api/v1/analytics/users': get('/api/v1/analytics/users'),
  'GET /api/v1/analytics/task-time-summary': get('/api/v1/analytics/task-time-summary'),

  'GET /api/v1/reports/projects/{id}': async (world) => ({ method: 'GET', url: `/api/v1/reports/projects/${world.projectP}` }),
  'GET /api/v1/reports/users/{id}': async (world) => ({ method: 'GET', url: `/api/v1/reports/users/${world.users.owner.id}` }),

  ...sceneRequests('removed', 'owner removed from the project'),
  ...sceneRequests('archived', 'archived project'),
};

const accepts = (expected: Expected, status: number) => (typeof expected === 'number' ? expected === status : expected.includes(status));
const CODE_OF: Record<number, string> = { 401: 'AUTHENTICATION_ERROR', 403: 'AUTHORIZATION_ERROR', 404: 'NOT_FOUND' };

const DOCUMENTED = new Set(operations().map((operation) => operation.key));
const ROWS = Object.keys(EXPECTATIONS).filter((row) => DOCUMENTED.has(operationOf(row)));
const PENDING = Object.keys(EXPECTATIONS).filter((row) => !DOCUMENTED.has(operationOf(row)));

describe('access matrix over every object operation', () => {
  let ctx: TestContext;
  let world: World;
  const started = Date.now();
  let cells = 0;

  beforeAll(async () => {
    ctx = await createTestContext({ DATABASE_POOL_SIZE: '6' });
    const admin = await ctx.newUser({ full_name: 'Matrix Admin' });
    const [owner, member, other] = [await ctx.newUser({ full_name: 'Owner' }), await ctx.newUser({ full_name: 'Member' }), await ctx.newUser({ full_name: 'Other' })];
    const p = await ctx.newProject(admin, { name: 'P' });
    const q = await ctx.newProject(admin, { name: 'Q' });
    await ctx.addMembers(admin, p.id, owner, member);
    await ctx.addMembers(admin, q.id, other);
    const task = await ctx.newTask(owner, { title: 'T', project_id: p.id });
    const rate = await admin.api.call(routes.rates.set, {
      params: { id: owner.id },
      body: { rate_type: 'hourly', rate_amount: '40.00', currency: 'USD', effective_from: '2023-01-01' },
    });
    await admin.api.call(routes.budgets.set, { params: { id: p.id }, body: { total_budget: '1000.00' } });
    world = { ctx, users: { admin, owner, member, other }, projectP: p.id, projectQ: q.id, taskT: task.id, ownerRateId: rate.id };
  });

  afterAll(async () => {
    console.log(
      `access matrix: ${cells} cells over ${ROWS.length} rows (${new Set(ROWS.map(operationOf)).size} operations) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (PENDING.length ? `; waiting for these to appear in openapi.json: ${PENDING.join(', ')}` : ''),
    );
    await ctx?.close();
  });

  it('covers every operation of openapi.json: each has a row or a reasoned exclusion, and every row a request', () => {
    const uncovered = [...DOCUMENTED].filter((key) => !(key in EXCLUDED) && !ROWS.some((row) => operationOf(row) === key));
    expect(uncovered).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((row) => !(row in REQUESTS))).toEqual([]);
    expect(Object.keys(REQUESTS).filter((row) => !(row in EXPECTATIONS))).toEqual([]);
    expect(Object.keys(EXCLUDED).filter((key) => key in EXPECTATIONS)).toEqual([]);
  });

  describe.each(ROWS)('%s', (row) => {
    it.each([...PERSONAS])('as %s', async (persona) => {
      const cell = await REQUESTS[row](world, persona);
      const caller = persona === 'anonymous' ? null : (cell.caller ?? world.users[persona]);
      const response = await raw(ctx, { method: cell.method, url: cell.url, payload: cell.payload, token: caller?.token ?? null });
      cells += 1;
      await cell.after?.();
      const expected = EXPECTATIONS[row][persona];
      if (!accepts(expected, response.status)) {
        throw new Error(`${row} as ${persona}: expected ${JSON.stringify(expected)}, got ${response.status} ${response.text.slice(0, 300)}`);
      }
      expect(envelopeProblem(response)).toBeNull();
      if (CODE_OF[response.status]) expect(response.body.error.code).toBe(CODE_OF[response.status]);
    });
  });
});
