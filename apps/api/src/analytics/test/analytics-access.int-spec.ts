import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure } from '../../../test/support/helpers';

const ENDPOINTS = [
  '/api/v1/analytics/dashboard',
  '/api/v1/analytics/trend',
  '/api/v1/analytics/tasks',
  '/api/v1/analytics/time-distribution',
  '/api/v1/analytics/users',
  '/api/v1/analytics/task-time-summary',
];

describe('analytics and reports: access and validation', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let other: TestUser;
  let project: { id: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Admin' });
    member = await ctx.newUser({ full_name: 'Member' });
    other = await ctx.newUser({ full_name: 'Other' });
    project = await ctx.newProject(admin, { name: 'Shared' });
    await ctx.addMembers(admin, project.id, member);
  });
  afterAll(() => ctx.close());

  const get = (user: TestUser | null, url: string) => ctx.fastify.inject({ method: 'GET', url, headers: user ? { authorization: `Bearer ${user.token}` } : {} });

  it('requires authentication everywhere', async () => {
    for (const url of [...ENDPOINTS, `/api/v1/reports/projects/${project.id}`, `/api/v1/reports/users/${member.id}`]) {
      const response = await get(null, url);
      expect([url, response.statusCode, response.json().error.code]).toEqual([url, 401, 'AUTHENTICATION_ERROR']);
    }
  });

  it('keeps the team-wide summaries for admins (403 for members)', async () => {
    for (const url of ENDPOINTS) {
      const status = (await get(member, url)).statusCode;
      expect([url, status]).toEqual([url, url.endsWith('users') || url.endsWith('task-time-summary') ? 403 : 200]);
      expect([url, (await get(admin, url)).statusCode]).toEqual([url, 200]);
    }
  });

  it("hides other people's reports and projects one doesn't belong to (404)", async () => {
    expect((await failure(member.api.call(routes.reports.user, { params: { id: other.id } }))).status).toBe(404);
    expect((await failure(member.api.call(routes.reports.user, { params: { id: admin.id } }))).status).toBe(404);
    expect((await failure(other.api.call(routes.reports.project, { params: { id: project.id } }))).status).toBe(404);
    expect((await failure(member.api.call(routes.reports.project, { params: { id: '00000000-0000-4000-8000-000000000000' } }))).status).toBe(404);
    expect((await member.api.call(routes.reports.project, { params: { id: project.id } })).money_visible).toBe(false);
    expect((await member.api.call(routes.reports.user, { params: { id: member.id } })).totals.cost).toBeNull();
    expect((await admin.api.call(routes.reports.user, { params: { id: other.id } })).money_visible).toBe(true);
  });

  it('validates dates, ranges and options (422 with the field)', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/analytics/dashboard?start=2025-02-30&end=2025-03-01', 'start'],
      ['/api/v1/analytics/dashboard?start=2025-03-01&end=01.03.2025', 'end'],
      ['/api/v1/analytics/dashboard?start=2025-03-02&end=2025-03-01', 'end'],
      ['/api/v1/analytics/trend?start=2024-01-01&end=2025-01-01', 'end'],
      ['/api/v1/analytics/time-distribution?group_by=client', 'group_by'],
      ['/api/v1/analytics/users?per_page=101', 'per_page'],
      ['/api/v1/analytics/users?sort=password', 'sort'],
      ['/api/v1/analytics/task-time-summary?user_id=nope', 'user_id'],
      ['/api/v1/analytics/dashboard?colour=red', 'colour'],
      [`/api/v1/reports/users/${member.id}?format=xlsx`, 'format'],
      [`/api/v1/reports/users/${member.id}?format=csv&start=2024-01-01&end=2025-06-30`, 'end'],
    ];
    for (const [url, field] of cases) {
      const caller = url.includes('/analytics/users') || url.includes('/task-time-summary') ? admin : member;
      const response = await get(caller, url);
      expect([url, response.statusCode, Object.keys(response.json().error.details ?? {})]).toEqual([url, 422, [field]]);
    }
    // 366 days is the widest range.
    expect((await get(member, '/api/v1/analytics/dashboard?start=2024-01-01&end=2024-12-31')).statusCode).toBe(200);
  });
});
