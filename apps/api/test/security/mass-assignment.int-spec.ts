import { routes } from '@stint/contracts';
import { createTestContext, STRONG_PASSWORD, type TestContext, type TestUser } from '../support/test-app';
import { uniqueKey } from '../support/factories';
import { operations, raw, type Operation } from './support';

/**
 * Fields a client must never set (ownership, roles, money, state, bookkeeping), sent in
 * every create and update body. Each is refused with 422 naming the field, and the stored
 * rows prove nothing changed; where a body accepts a field on purpose but must ignore it
 * (RegisterDto.role), the stored row proves it was ignored.
 */
const PROTECTED_FIELDS: Record<string, unknown> = {
  id: '00000000-0000-4000-8000-000000000001',
  role: 'admin',
  user_id: '00000000-0000-4000-8000-000000000002',
  total_cost: '0.00',
  is_active: false,
  created_at: '2000-01-01T00:00:00Z',
  updated_at: '2000-01-01T00:00:00Z',
  created_by: '00000000-0000-4000-8000-000000000003',
  password_hash: '$2b$10$abcdefghijklmnopqrstuv',
  is_admin: true,
  email: 'someone.else@example.com',
  status: 'stopped',
  duration_seconds: 1,
  cost: '0.00',
  rate_amount: '0.01',
  rate_type: 'secondly',
  currency: 'XXX',
  total_budget: '1.00',
  project_id: '00000000-0000-4000-8000-000000000004',
  key: 'HACK',
  archived_at: null,
  completed_at: '2000-01-01T00:00:00Z',
  acknowledged_by_user_id: '00000000-0000-4000-8000-000000000005',
  effective_until: '2000-01-01',
  is_current: true,
  next_task_number: 1,
  timer_slot: 0,
  stop_reason: 'manual',
  session_id: '00000000-0000-4000-8000-000000000006',
  time_tracked_hours: 1000,
  member_count: 0,
};

const TABLES = ['users', 'projects', 'project_members', 'tasks', 'time_entries', 'user_rates', 'project_budgets', 'budget_alerts', 'time_tracking_settings'];

interface Fixtures {
  admin: TestUser;
  member: TestUser;
  projectId: string;
  taskId: string;
  entryId: string;
  rateId: string;
  timerId: string;
}

/** A body the DTO accepts for each operation, so the protected field is the only thing wrong. */
function validBody(key: string, f: Fixtures): { url: string; body: Record<string, unknown>; as: TestUser } {
  const bodies: Record<string, () => { url?: string; body: Record<string, unknown>; as?: TestUser }> = {
    'POST /api/v1/auth/register': () => ({ body: { email: `mass.${Date.now()}@example.com`, password: STRONG_PASSWORD, full_name: 'Mass Assigner' } }),
    'POST /api/v1/auth/login': () => ({ body: { email: f.member.email, password: STRONG_PASSWORD } }),
    'PATCH /api/v1/users/me': () => ({ body: { full_name: 'Still Me' } }),
    'DELETE /api/v1/users/me': () => ({ body: { password: 'Wrong-Password-1' } }),
    'POST /api/v1/users/me/password': () => ({ body: { current_password: STRONG_PASSWORD, new_password: STRONG_PASSWORD } }),
    'PATCH /api/v1/users/{id}': () => ({ url: `/api/v1/users/${f.member.id}`, body: {}, as: f.admin }),
    'DELETE /api/v1/users/{id}': () => ({ url: `/api/v1/users/${f.member.id}`, body: { password: 'Wrong-Password-1' }, as: f.admin }),
    'POST /api/v1/projects': () => ({ body: { name: 'Mass', key: uniqueKey('Z') }, as: f.admin }),
    'PATCH /api/v1/projects/{id}': () => ({ url: `/api/v1/projects/${f.projectId}`, body: { name: 'Renamed' }, as: f.admin }),
    'POST /api/v1/projects/{id}/members': () => ({ url: `/api/v1/projects/${f.projectId}/members`, body: { user_id: f.member.id }, as: f.admin }),
    'POST /api/v1/tasks': () => ({ body: { title: 'Mass task', project_id: f.projectId } }),
    'PATCH /api/v1/tasks/{id}': () => ({ url: `/api/v1/tasks/${f.taskId}`, body: { title: 'Renamed' } }),
    'PATCH /api/v1/tasks/{id}/status': () => ({ url: `/api/v1/tasks/${f.taskId}/status`, body: { status: 'in_progress' } }),
    'PATCH /api/v1/settings': () => ({ body: { stale_heartbeat_minutes: 10 }, as: f.admin }),
    'PUT /api/v1/users/{id}/rate': () => ({ url: `/api/v1/users/${f.member.id}/rate`, body: { rate_type: 'hourly', rate_amount: '10.00', currency: 'USD' }, as: f.admin }),
    'POST /api/v1/time-entries': () => ({ body: { task_id: f.taskId, start_time: '2024-05-01T09:00:00Z', end_time: '2024-05-01T10:00:00Z' } }),
    'PATCH /api/v1/time-entries/{id}': () => ({ url: `/api/v1/time-entries/${f.entryId}`, body: { description: 'Changed' } }),
    'POST /api/v1/time-tracking/start': () => ({ body: { task_id: f.taskId } }),
    'POST /api/v1/time-tracking/pause': () => ({ body: { time_log_id: f.timerId } }),
    'POST /api/v1/time-tracking/resume': () => ({ body: { time_log_id: f.timerId } }),
    'POST /api/v1/time-tracking/stop': () => ({ body: { time_log_id: f.timerId } }),
    'PUT /api/v1/projects/{id}/budget': () => ({ url: `/api/v1/projects/${f.projectId}/budget`, body: { total_budget: '500.00' }, as: f.admin }),
  };
  const make = bodies[key];
  if (!make) throw new Error(`No valid body for ${key}: add one so its protected fields are tested`);
  const made = make();
  return { url: made.url ?? key.split(' ')[1], body: made.body, as: made.as ?? f.member };
}

const BODY_OPERATIONS = operations().filter((operation) => operation.body);

describe('mass assignment: protected fields in every create and update body', () => {
  let ctx: TestContext;
  let f: Fixtures;

  async function snapshot(): Promise<Record<string, string>> {
    const digest: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = await ctx.sql<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table} t`);
      digest[table] = `${row.n}:${row.h}`;
    }
    return digest;
  }

  beforeAll(async () => {
    ctx = await createTestContext({ DATABASE_POOL_SIZE: '4' });
    const admin = await ctx.newAdmin({ full_name: 'Mass Admin' });
    const member = await ctx.newUser({ full_name: 'Mass Member' });
    const project = await ctx.newProject(admin, { name: 'Mass' });
    await ctx.addMembers(admin, project.id, member);
    const task = await ctx.newTask(member, { title: 'Mass target', project_id: project.id });
    const entry = await member.api.call(routes.timeEntries.create, { body: { task_id: task.id, start_time: '2024-04-01T09:00:00Z', end_time: '2024-04-01T10:00:00Z' } });
    const rate = await admin.api.call(routes.rates.set, { params: { id: member.id }, body: { rate_type: 'hourly', rate_amount: '40.00', currency: 'USD' } });
    await admin.api.call(routes.budgets.set, { params: { id: project.id }, body: { total_budget: '1000.00' } });
    const timer = await member.api.call(routes.timeTracking.start, { body: { task_id: task.id } });
    f = { admin, member, projectId: project.id, taskId: task.id, entryId: entry.id, rateId: rate.id, timerId: timer.time_log_id };
  });
  afterAll(() => ctx?.close());

  it.each(BODY_OPERATIONS.map((operation) => [operation.key, operation] as const))('%s refuses every protected field it does not define', async (key, operation: Operation) => {
    const accepted = new Set(Object.keys(operation.body?.properties ?? {}));
    const before = await snapshot();
    const wrong: string[] = [];
    for (const [field, value] of Object.entries(PROTECTED_FIELDS)) {
      if (accepted.has(field)) continue;
      const { url, body, as } = validBody(key, f);
      const response = await raw(ctx, { method: operation.method, url, token: as.token, payload: { ...body, [field]: value } });
      const named = response.body?.error?.details && field in response.body.error.details;
      if (response.status !== 422 || !named) wrong.push(`${field}: ${response.status} ${response.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('registration ignores a requested role: the stored user is a member', async () => {
    const email = `wants.admin.${Date.now()}@example.com`;
    const response = await raw(ctx, { method: 'POST', url: '/api/v1/auth/register', payload: { email, password: STRONG_PASSWORD, full_name: 'Wants Admin', role: 'admin' } });
    expect(response.status).toBe(201);
    expect(response.body.user.role).toBe('member');
    const [stored] = await ctx.sql<{ role: string; is_active: boolean }>('SELECT role, is_active FROM users WHERE email = $1', [email]);
    expect(stored).toEqual({ role: 'member', is_active: true });
  });

  it('a member cannot change their own role or activation through the admin route', async () => {
    const response = await raw(ctx, { method: 'PATCH', url: `/api/v1/users/${f.member.id}`, token: f.member.token, payload: { role: 'admin', is_active: true } });
    expect(response.status).toBe(403);
    const [stored] = await ctx.sql<{ role: string }>('SELECT role FROM users WHERE id = $1', [f.member.id]);
    expect(stored.role).toBe('member');
  });

  it('prototype keys in any body neither escalate the caller nor pollute the server', async () => {
    const before = await snapshot();
    for (const operation of BODY_OPERATIONS) {
      const { url, body, as } = validBody(operation.key, f);
      for (const key of ['__proto__', 'constructor']) {
        const text = JSON.stringify(body).replace(/^\{/, `{"${key}":{"role":"admin","is_admin":true,"prototype":{"role":"admin"}},`).replace(/,\}$/, '}');
        const response = await raw(ctx, { method: operation.method, url, token: as.token, payload: text });
        expect({ key: operation.key, proto: key, status: response.status }).toEqual({ key: operation.key, proto: key, status: 422 });
      }
    }
    const plain: Record<string, unknown> = {};
    expect([plain.role, plain.is_admin]).toEqual([undefined, undefined]);
    expect((await raw(ctx, { method: 'GET', url: '/api/v1/users/me', token: f.member.token })).body.role).toBe('member');
    expect(await snapshot()).toEqual(before);
  });
});
