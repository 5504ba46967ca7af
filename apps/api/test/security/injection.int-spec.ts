import type { ProjectResponse, TaskResponse } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';
import { encode } from './hostile';
import { operations, raw, type Operation } from './support';

/**
 * SQL metacharacters and injection payloads in every free-text field and every filter,
 * sort and search parameter: stored values round-trip verbatim, searches match literally,
 * typed parameters (enums, ids, dates, sorts) refuse them, and nothing else changes.
 */
const PAYLOADS = [
  "' OR 1=1--",
  "'; DROP TABLE tasks;--",
  "%' ||",
  '$1',
  '\\',
  '‘smart’ “quotes”',
  "Robert'); DROP TABLE users;--",
  "' UNION SELECT password_hash FROM users--",
  '1; SELECT pg_sleep(2)',
  '%',
  '_',
  '{"$ne": null}',
  '$where: 1 == 1',
  '<script>alert(1)</script>',
];

/** Column names that exist but are not sortable, and sort strings that smuggle SQL. */
const SORT_PAYLOADS = ['password_hash', 'id', 'user_id', '1', 'title desc', 'name; DROP TABLE projects', '(SELECT 1)', 'created_at,password_hash', 'NAME'];

/** Query parameters that are free text: their payloads must be matched literally, not refused. */
const FREE_TEXT = new Set(['q', 'tag', 'subject_id']);
/** Stream credentials: a payload there is an authentication question (401), tested elsewhere. */
const STREAM_CREDENTIALS = new Set(['ticket']);

const TABLES = ['users', 'projects', 'project_members', 'tasks', 'time_entries', 'user_rates', 'project_budgets', 'budget_alerts', 'time_tracking_settings'];

describe('injection payloads change nothing they should not', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let projectId: string;
  const tasksByPayload = new Map<string, TaskResponse>();
  const projectsByPayload = new Map<string, ProjectResponse>();
  const entryByPayload = new Map<string, string>();
  let controlTaskId: string;

  /** One digest per table: any insert, update or delete anywhere changes it. */
  async function snapshot(): Promise<Record<string, string>> {
    const digest: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = await ctx.sql<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table} t`);
      digest[table] = `${row.n}:${row.h}`;
    }
    return digest;
  }

  beforeAll(async () => {
    ctx = await createTestContext({ DATABASE_POOL_SIZE: '6' });
    admin = await ctx.newAdmin({ full_name: 'Injection Admin' });
    member = await ctx.newUser({ full_name: 'Injection Member' });
    const project = await ctx.newProject(admin, { name: 'Injected' });
    projectId = project.id;
    await ctx.addMembers(admin, projectId, member);
    controlTaskId = (await ctx.newTask(member, { title: 'Control kiwi', description: 'Matches no payload', project_id: projectId, tags: ['control'] })).id;
  });
  afterAll(() => ctx?.close());

  it('stores every payload verbatim in every free-text field of the create and update bodies', async () => {
    for (const [index, payload] of PAYLOADS.entries()) {
      const task = await raw(ctx, {
        method: 'POST',
        url: '/api/v1/tasks',
        token: member.token,
        payload: { title: payload, description: payload, project_id: projectId, tags: [payload] },
      });
      expect({ payload, status: task.status }).toEqual({ payload, status: 201 });
      tasksByPayload.set(payload, task.body);
      const read = await raw(ctx, { method: 'GET', url: `/api/v1/tasks/${task.body.id}`, token: member.token });
      expect(read.body).toMatchObject({ title: payload, description: payload, tags: [payload] });

      const renamed = `${payload} (renamed)`;
      expect((await raw(ctx, { method: 'PATCH', url: `/api/v1/tasks/${task.body.id}`, token: member.token, payload: { description: renamed } })).body.description).toBe(renamed);
      const [stored] = await ctx.sql<{ title: string; description: string; tags: string[] }>('SELECT title, description, tags FROM tasks WHERE id = $1', [task.body.id]);
      expect(stored).toEqual({ title: payload, description: renamed, tags: [payload] });
      await raw(ctx, { method: 'PATCH', url: `/api/v1/tasks/${task.body.id}`, token: member.token, payload: { description: payload } });

      const project = await raw(ctx, { method: 'POST', url: '/api/v1/projects', token: admin.token, payload: { name: payload, key: ctx.uniqueKey('J'), description: payload } });
      expect({ payload, status: project.status }).toEqual({ payload, status: 201 });
      projectsByPayload.set(payload, project.body);
      expect((await raw(ctx, { method: 'GET', url: `/api/v1/projects/${project.body.id}`, token: admin.token })).body).toMatchObject({ name: payload, description: payload });
      const patchedProject = await raw(ctx, { method: 'PATCH', url: `/api/v1/projects/${project.body.id}`, token: admin.token, payload: { description: renamed } });
      expect(patchedProject.body.description).toBe(renamed);

      // Names are at least two characters: the payload goes after an initial.
      const fullName = `N ${payload}`;
      const me = await raw(ctx, { method: 'PATCH', url: '/api/v1/users/me', token: member.token, payload: { full_name: fullName } });
      expect({ payload, status: me.status, full_name: me.body.full_name }).toEqual({ payload, status: 200, full_name: fullName });

      const start = new Date(Date.UTC(2024, 1, 1, index * 2));
      const entry = await raw(ctx, {
        method: 'POST',
        url: '/api/v1/time-entries',
        token: member.token,
        payload: { task_id: task.body.id, description: payload, start_time: start.toISOString(), end_time: new Date(start.getTime() + 3_600_000).toISOString() },
      });
      expect({ payload, status: entry.status }).toEqual({ payload, status: 201 });
      entryByPayload.set(payload, entry.body.id);
      expect((await raw(ctx, { method: 'GET', url: `/api/v1/time-entries/${entry.body.id}`, token: member.token })).body.description).toBe(payload);

      const started = await raw(ctx, { method: 'POST', url: '/api/v1/time-tracking/start', token: member.token, payload: { task_id: task.body.id, description: payload } });
      expect({ payload, status: started.status }).toEqual({ payload, status: 200 });
      const stopped = await raw(ctx, {
        method: 'POST',
        url: '/api/v1/time-tracking/stop',
        token: member.token,
        payload: { time_log_id: started.body.time_log_id, description: renamed },
      });
      expect({ payload, status: stopped.status }).toEqual({ payload, status: 200 });
      const [timerRow] = await ctx.sql<{ description: string }>('SELECT description FROM time_entries WHERE id = $1', [started.body.time_log_id]);
      expect(timerRow.description).toBe(renamed);
    }
    // Nothing was dropped or widened: exactly the rows written above exist.
    const [{ tasks }] = await ctx.sql<{ tasks: number }>('SELECT count(*)::int AS tasks FROM tasks');
    expect(tasks).toBe(PAYLOADS.length + 1);
    const [{ users }] = await ctx.sql<{ users: number }>('SELECT count(*)::int AS users FROM users');
    expect(users).toBe(2);
  });

  it('matches search parameters literally: ILIKE searches, tags and full-text search', async () => {
    const before = await snapshot();
    const allProjects = (await raw(ctx, { method: 'GET', url: '/api/v1/projects?include_archived=true&per_page=100', token: admin.token })).body.data as ProjectResponse[];
    const allUsers = (await raw(ctx, { method: 'GET', url: '/api/v1/users?per_page=100', token: admin.token })).body.data as Array<{
      id: string;
      email: string;
      full_name: string;
    }>;
    const allTasks = (await raw(ctx, { method: 'GET', url: '/api/v1/tasks?per_page=100', token: admin.token })).body.data as TaskResponse[];
    const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort();
    const contains = (text: string | null, needle: string) => (text ?? '').toLowerCase().includes(needle.toLowerCase());

    for (const payload of [...PAYLOADS, "' OR ''='", "x' OR 'x'='x"]) {
      const projects = await raw(ctx, { method: 'GET', url: `/api/v1/projects?include_archived=true&per_page=100&q=${encode(payload)}`, token: admin.token });
      expect({ payload, status: projects.status }).toEqual({ payload, status: 200 });
      expect(ids(projects.body.data)).toEqual(ids(allProjects.filter((p) => contains(p.name, payload) || contains(p.key, payload))));

      const users = await raw(ctx, { method: 'GET', url: `/api/v1/users?per_page=100&q=${encode(payload)}`, token: admin.token });
      expect({ payload, status: users.status }).toEqual({ payload, status: 200 });
      expect(ids(users.body.data)).toEqual(ids(allUsers.filter((u) => contains(u.email, payload) || contains(u.full_name, payload))));

      const tagged = await raw(ctx, { method: 'GET', url: `/api/v1/tasks?per_page=100&tag=${encode(payload)}`, token: admin.token });
      expect({ payload, status: tagged.status }).toEqual({ payload, status: 200 });
      expect(ids(tagged.body.data)).toEqual(ids(allTasks.filter((t) => t.tags.includes(payload))));

      // Full-text search stems and ranks, so no exact set: but an injected OR must not widen it.
      const searched = await raw(ctx, { method: 'GET', url: `/api/v1/tasks?per_page=100&q=${encode(payload)}`, token: admin.token });
      expect({ payload, status: searched.status }).toEqual({ payload, status: 200 });
      expect((searched.body.data as TaskResponse[]).map((t) => t.id)).not.toContain(controlTaskId);
      expect(searched.body.meta.total).toBeLessThan(allTasks.length);
    }
    expect(await snapshot()).toEqual(before);
  });

  /** Every query parameter of every GET operation that is typed (enum, id, date, number, boolean). */
  function typedParameters(): Array<[string, Operation, string]> {
    const cases: Array<[string, Operation, string]> = [];
    for (const operation of operations()) {
      if (operation.method !== 'GET') continue;
      for (const { name } of operation.queryParams) {
        if (FREE_TEXT.has(name) || STREAM_CREDENTIALS.has(name)) continue;
        cases.push([`${operation.key} ?${name}`, operation, name]);
      }
    }
    return cases;
  }

  it.each(typedParameters())('refuses payloads in %s with 422 and changes nothing', async (_label, operation, name) => {
    const before = await snapshot();
    const payloads = name === 'sort' ? [...PAYLOADS, ...SORT_PAYLOADS] : PAYLOADS;
    const path = operation.path.replace('{id}', operation.path.includes('/users/') ? member.id : operation.path.includes('/tasks/') ? controlTaskId : projectId);
    for (const payload of payloads) {
      const response = await raw(ctx, { method: 'GET', url: `${path}?${name}=${encode(payload)}`, token: admin.token });
      expect({ payload, status: response.status, code: response.body?.error?.code }).toEqual({ payload, status: 422, code: 'VALIDATION_ERROR' });
      expect(Object.keys(response.body.error.details ?? {})).toContain(name);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses payloads as path parameters of every operation (404 or 422) and changes nothing', async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    for (const operation of operations().filter((op) => op.pathParams.length)) {
      for (const payload of PAYLOADS) {
        const url = operation.path.replace(/\{\w+\}/g, encode(payload));
        const response = await raw(ctx, { method: operation.method, url, token: admin.token, payload: operation.body ? {} : undefined });
        if (![404, 422].includes(response.status)) wrong.push(`${operation.method} ${url} → ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the data set whole: every table is still there with the rows written above', async () => {
    for (const table of TABLES) await expect(ctx.sql(`SELECT 1 FROM ${table} LIMIT 1`)).resolves.toBeDefined();
    const [{ n }] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM time_entries');
    expect(n).toBe(entryByPayload.size * 2);
    expect(tasksByPayload.size).toBe(PAYLOADS.length);
    expect(projectsByPayload.size).toBe(PAYLOADS.length);
  });
});
