import { routes } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import type { RecordedEvent } from '../domain-event';
import { DomainEvents } from '../domain-events';

const RANGE = { start: '2025-06-02', end: '2025-06-08' };

/**
 * Issue 13 §3 (the forgotten side effect): a project renamed through the API records
 * `project.renamed` in its transaction, and the very next reads — the cached analytics answers
 * and the user and project reports — show the new name, with no invalidation by hand.
 */
describe('a renamed project', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let member: TestUser;
  let projectId: string;
  const recorded: RecordedEvent[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.app.get(DomainEvents).afterCommit('project.renamed', (event) => void recorded.push(event));
    admin = await ctx.newUser({ full_name: 'Admin' });
    member = await ctx.newUser({ full_name: 'Member' });
    ctx.clock.set(new Date('2025-06-08T18:00:00Z'));
    projectId = (await ctx.newProject(admin, { name: 'Apollo' })).id;
    await ctx.addMembers(admin, projectId, member);
    await member.api.call(routes.timeEntries.create, { body: { project_id: projectId, start_time: '2025-06-03T09:00:00Z', end_time: '2025-06-03T10:00:00Z' } });
  });
  afterAll(() => ctx.close());

  it('shows the new name at once in analytics (cached before) and in reports', async () => {
    const names = async () => {
      const dashboard = await member.api.call(routes.analytics.dashboard, { query: RANGE });
      const distribution = await member.api.call(routes.analytics.timeDistribution, { query: { ...RANGE, group_by: 'project' } });
      const userReport = await admin.api.call(routes.reports.user, { params: { id: member.id }, query: RANGE });
      const projectReport = await admin.api.call(routes.reports.project, { params: { id: projectId }, query: RANGE });
      return {
        dashboard: dashboard.daily_by_project.find((row) => row.project_id === projectId)?.project_name,
        distribution: distribution.distribution.find((item) => item.key === projectId)?.label,
        userReport: userReport.by_project.find((row) => row.project_id === projectId)?.project_name,
        projectReport: projectReport.subject.name,
      };
    };
    expect(await names()).toEqual({ dashboard: 'Apollo', distribution: 'Apollo', userReport: 'Apollo', projectReport: 'Apollo' });
    // Read twice: the analytics answers are cached now.
    expect(await names()).toEqual({ dashboard: 'Apollo', distribution: 'Apollo', userReport: 'Apollo', projectReport: 'Apollo' });

    await admin.api.call(routes.projects.update, { params: { id: projectId }, body: { name: 'Artemis' } });

    expect(await names()).toEqual({ dashboard: 'Artemis', distribution: 'Artemis', userReport: 'Artemis', projectReport: 'Artemis' });
    expect(recorded).toEqual([expect.objectContaining({ type: 'project.renamed', project_id: projectId, name: 'Artemis', previous_name: 'Apollo' })]);
  });

  it('an update that keeps the name (or does not name it) records no project.renamed', async () => {
    recorded.length = 0;
    await admin.api.call(routes.projects.update, { params: { id: projectId }, body: { description: 'Moon again' } });
    await admin.api.call(routes.projects.update, { params: { id: projectId }, body: { name: 'Artemis' } });
    expect(recorded).toEqual([]);
  });
});
