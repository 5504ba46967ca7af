import { routes, type TaskCreateRequest, type TaskListQuery, type TaskResponse } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/helpers';
import { searchMatches } from '../task-sql';

describe('GET /api/v1/tasks', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let p1: string;
  let p2: string;
  /** Title → task, for readable expectations. */
  const t: Record<string, TaskResponse> = {};

  const list = async (user: TestUser, query: TaskListQuery = {}) => user.api.call(routes.tasks.list, { query: { per_page: 100, ...query } });
  const titles = async (query: TaskListQuery = {}, user = alice) => (await list(user, query)).data.map((task) => task.title);

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newAdmin();
    alice = await ctx.newUser();
    bob = await ctx.newUser();
    p1 = (await ctx.newProject(admin, { key: 'PONE' })).id;
    p2 = (await ctx.newProject(admin, { key: 'PTWO' })).id;
    await ctx.addMembers(admin, p1, alice, bob);
    await ctx.addMembers(admin, p2, bob);
    // Created one after the other, so created_at increases down this list.
    const seed: Array<[TestUser, TaskCreateRequest]> = [
      [alice, { title: 'Fix login bug', description: 'Users get logged out', priority: 'high', tags: ['bug', 'auth'], due_date: '2026-05-01T00:00:00Z', project_id: p1 }],
      [alice, { title: 'write docs', description: 'Explain the setup', status: 'in_progress', priority: 'low', tags: ['docs'], due_date: '2026-05-10T00:00:00Z' }],
      [bob, { title: 'Budget tracked per client', description: 'Numbers for finance', status: 'done', priority: 'urgent', tags: ['report', 'Bug'], project_id: p1 }],
      [alice, { title: 'Plan sprint', priority: 'medium', due_date: '2026-04-20T00:00:00Z', project_id: p1 }],
      [alice, { title: 'Archive old data', status: 'archived', priority: 'low', tags: ['ops'], due_date: '2026-06-01T00:00:00Z' }],
      // Matches "tracking" in its description only; newer than the title match, so only rank puts it second.
      [bob, { title: 'Budget review', description: 'What was tracked last quarter', priority: 'medium', tags: ['report'], project_id: p1 }],
      [bob, { title: 'Bob private', priority: 'high', tags: ['bug'] }],
      [bob, { title: 'Other project work', priority: 'urgent', project_id: p2 }],
    ];
    for (const [user, body] of seed) t[body.title] = await ctx.newTask(user, body);
  });
  afterAll(() => ctx.close());

  it('requires authentication', async () => {
    const error = await failure(ctx.anonymous.call(routes.tasks.list));
    expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
  });

  it('lists the caller’s own tasks and those of their projects, newest first', async () => {
    expect(await titles()).toEqual(['Budget review', 'Archive old data', 'Plan sprint', 'Budget tracked per client', 'write docs', 'Fix login bug']);
    expect(await titles({}, bob)).toEqual(['Other project work', 'Bob private', 'Budget review', 'Plan sprint', 'Budget tracked per client', 'Fix login bug']);
    expect((await list(admin)).meta.total).toBe(8);
  });

  describe('filters', () => {
    it('by status: one, comma-separated or repeated', async () => {
      expect(await titles({ status: 'in_progress' })).toEqual(['write docs']);
      expect(await titles({ status: 'done,archived' })).toEqual(['Archive old data', 'Budget tracked per client']);
      expect(await titles({ status: ['done', 'archived'] })).toEqual(['Archive old data', 'Budget tracked per client']);
      const raw = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/tasks?status=done&status=in_progress,done', headers: { authorization: `Bearer ${alice.token}` } });
      expect(raw.json().data.map((task: TaskResponse) => task.title)).toEqual(['Budget tracked per client', 'write docs']);
    });

    it('by priority', async () => {
      expect(await titles({ priority: 'urgent,high' })).toEqual(['Budget tracked per client', 'Fix login bug']);
    });

    it('by project, and "none" for tasks outside any project', async () => {
      expect(await titles({ project_id: p1 })).toEqual(['Budget review', 'Plan sprint', 'Budget tracked per client', 'Fix login bug']);
      expect(await titles({ project_id: 'none' })).toEqual(['Archive old data', 'write docs']);
      expect(await titles({ project_id: [p1, 'none'] })).toHaveLength(6);
      // A project the caller can't see filters to nothing rather than revealing anything.
      expect(await titles({ project_id: p2 })).toEqual([]);
    });

    it('by tag: any of several, exact and case-sensitive', async () => {
      expect(await titles({ tag: 'bug' })).toEqual(['Fix login bug']);
      expect(await titles({ tag: 'Bug' })).toEqual(['Budget tracked per client']);
      expect(await titles({ tag: ['docs', 'ops'] })).toEqual(['Archive old data', 'write docs']);
      expect(await titles({ tag: 'bug,report' })).toEqual(['Budget review', 'Budget tracked per client', 'Fix login bug']);
    });

    it('by due date: due_after inclusive, due_before exclusive', async () => {
      expect(await titles({ due_after: '2026-05-01T00:00:00Z', due_before: '2026-06-01T00:00:00Z', sort: 'due_date' })).toEqual(['Fix login bug', 'write docs']);
      expect(await titles({ due_before: '2026-05-01T00:00:00Z' })).toEqual(['Plan sprint']);
      expect(await titles({ due_after: '2026-05-10T02:00:00+02:00' })).toEqual(['Archive old data', 'write docs']);
    });

    it('combines filters with AND', async () => {
      expect(await titles({ project_id: p1, status: 'todo', priority: 'medium', tag: 'report' })).toEqual(['Budget review']);
      expect(await titles({ project_id: p1, status: 'todo', priority: 'medium', q: 'sprint' })).toEqual(['Plan sprint']);
    });

    it.each([
      ['an unknown status', { status: 'todo,blocked' }, 'status'],
      ['an unknown priority', { priority: 'critical' }, 'priority'],
      ['a project_id that is not a UUID', { project_id: 'abc' }, 'project_id'],
      ['a due_before that is not a date-time', { due_before: 'soon' }, 'due_before'],
      ['a due_after without an offset', { due_after: '2026-05-01T00:00:00' }, 'due_after'],
      ['due_after later than due_before', { due_after: '2026-06-01T00:00:00Z', due_before: '2026-05-01T00:00:00Z' }, 'due_after'],
      ['an unknown sort', { sort: 'user_id' }, 'sort'],
      ['an injection attempt as sort', { sort: 'created_at; DROP TABLE tasks' }, 'sort'],
      ['an unknown order', { order: 'sideways' }, 'order'],
      ['sort=relevance without q', { sort: 'relevance' }, 'sort'],
      ['a 201-character q', { q: 'x'.repeat(201) }, 'q'],
      ['per_page above 100', { per_page: 101 }, 'per_page'],
      ['page 0', { page: 0 }, 'page'],
      ['an unknown parameter', { owner: 'me' }, 'owner'],
    ])('refuses %s with 422 on that field', async (_, query, field) => {
      const error = await failure(alice.api.call(routes.tasks.list, { query: query as never }));
      expect([error.status, error.code]).toEqual([422, 'VALIDATION_ERROR']);
      expect(Object.keys(error.fieldErrors)).toEqual([field]);
    });
  });

  describe('sorting', () => {
    it('by priority, urgent first when descending (the default), ties newest first', async () => {
      expect(await titles({ sort: 'priority' })).toEqual(['Budget tracked per client', 'Fix login bug', 'Budget review', 'Plan sprint', 'Archive old data', 'write docs']);
      expect((await titles({ sort: 'priority', order: 'asc' }))[0]).toBe('Archive old data');
    });

    it('by due date, soonest first by default, tasks without one last either way', async () => {
      expect(await titles({ sort: 'due_date' })).toEqual(['Plan sprint', 'Fix login bug', 'write docs', 'Archive old data', 'Budget review', 'Budget tracked per client']);
      expect(await titles({ sort: 'due_date', order: 'desc' })).toEqual([
        'Archive old data',
        'write docs',
        'Fix login bug',
        'Plan sprint',
        'Budget review',
        'Budget tracked per client',
      ]);
    });

    it('by title, case-insensitively', async () => {
      expect(await titles({ sort: 'title' })).toEqual(['Archive old data', 'Budget review', 'Budget tracked per client', 'Fix login bug', 'Plan sprint', 'write docs']);
    });

    it('by creation or update time in either order', async () => {
      expect(await titles({ sort: 'created_at', order: 'asc' })).toEqual([
        'Fix login bug',
        'write docs',
        'Budget tracked per client',
        'Plan sprint',
        'Archive old data',
        'Budget review',
      ]);
      await alice.api.call(routes.tasks.update, { params: { id: t['write docs'].id }, body: { description: 'Explain the setup again' } });
      expect((await titles({ sort: 'updated_at' }))[0]).toBe('write docs');
    });

    it('pages stably: consecutive pages concatenate to the whole list', async () => {
      const whole = await titles({ sort: 'priority' });
      const paged: string[] = [];
      for (let page = 1; page <= 3; page += 1)
        paged.push(...(await alice.api.call(routes.tasks.list, { query: { sort: 'priority', page, per_page: 2 } })).data.map((x) => x.title));
      expect(paged).toEqual(whole);
    });
  });

  describe('search (q)', () => {
    it('finds stemmed words: "tracking" finds "tracked", title matches ranked above description matches', async () => {
      expect(await titles({ q: 'tracking' })).toEqual(['Budget tracked per client', 'Budget review']);
    });

    it('ranks by relevance by default but honours an explicit sort', async () => {
      expect(await titles({ q: 'budget', sort: 'created_at', order: 'asc' })).toEqual(['Budget tracked per client', 'Budget review']);
    });

    it('understands web-search syntax and combines with filters', async () => {
      expect(await titles({ q: 'budget -finance' })).toEqual(['Budget review']);
      expect(await titles({ q: '"logged out"' })).toEqual(['Fix login bug']);
      expect(await titles({ q: 'tracking', status: 'done' })).toEqual(['Budget tracked per client']);
      // Operators and quotes are search text, never syntax errors or SQL.
      expect(await titles({ q: "'); DROP TABLE tasks; -- :* & | !(" })).toEqual([]);
    });

    it('searches only what the caller may see', async () => {
      expect(await titles({ q: 'private' })).toEqual([]);
      expect(await titles({ q: 'private' }, bob)).toEqual(['Bob private']);
    });

    it('treats a blank q as no search and a stop-word-only q as matching nothing', async () => {
      expect(await titles({ q: '   ' })).toHaveLength(6);
      expect(await titles({ q: 'the' })).toEqual([]);
    });

    it('filters with the spec’s GIN expression index', async () => {
      await ctx.sql('SET enable_seqscan = off');
      try {
        const plan = await ctx.sql<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT t.id FROM tasks t WHERE ${searchMatches('$1')}`, ['tracking']);
        expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/idx_tasks_search/);
        const tags = await ctx.sql<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT t.id FROM tasks t WHERE t.tags ?| $1::text[]`, [['bug']]);
        expect(tags.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/idx_tasks_tags/);
      } finally {
        await ctx.sql('RESET enable_seqscan');
      }
    });
  });

  describe('pagination and totals', () => {
    it('answers {data, meta} with the list conventions', async () => {
      const page = await alice.api.call(routes.tasks.list, { query: { page: 2, per_page: 4 } });
      expect(page.meta).toEqual({ page: 2, per_page: 4, total: 6 });
      expect(page.data).toHaveLength(2);
      const defaults = await alice.api.call(routes.tasks.list);
      expect(defaults.meta).toEqual({ page: 1, per_page: 20, total: 6 });
      const beyond = await alice.api.call(routes.tasks.list, { query: { page: 9 } });
      expect(beyond).toEqual({ data: [], meta: { page: 9, per_page: 20, total: 6 } });
    });

    it('carries time_tracked_hours for every task of the page', async () => {
      await ctx.insertEntry({ userId: alice.id, taskId: t['Plan sprint'].id, projectId: p1, seconds: 7200 });
      await ctx.insertEntry({ userId: bob.id, taskId: t['Plan sprint'].id, projectId: p1, seconds: 900, start: new Date('2026-01-01T00:00:00Z') });
      const page = await list(alice);
      const hours = Object.fromEntries(page.data.map((task) => [task.title, task.time_tracked_hours]));
      expect(hours['Plan sprint']).toBe(2.25);
      expect(hours['Fix login bug']).toBe(0);
    });
  });
});
