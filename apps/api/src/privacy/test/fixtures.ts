/** Helpers of the privacy integration tests. */
import type { PrivacyExport } from '@stint/contracts';
import type { TestContext, TestUser } from '../../../test/support/test-app';

export { addMembers, failure, newProject, newTask, setBudget } from '../../budgets/test/fixtures';

/**
 * The budgets' invariant, as src/budgets/test/budget-wiring.int-spec.ts checks it: each
 * budget's total_cost equals the exact sum of its project's stopped entries (one statement,
 * one snapshot).
 */
export async function budgetInvariant(ctx: TestContext, projectIds: string[]): Promise<Array<{ project_id: string; budget: string; entries: string; holds: boolean }>> {
  return ctx.sql(
    `SELECT b.project_id, round(b.total_cost, 4)::text AS budget, round(e.sum, 4)::text AS entries, b.total_cost = e.sum AS holds
       FROM project_budgets b
       CROSS JOIN LATERAL (SELECT coalesce(sum(te.total_cost), 0) AS sum FROM time_entries te WHERE te.project_id = b.project_id AND te.status = 'stopped') e
      WHERE b.project_id = ANY($1::uuid[])
      ORDER BY b.project_id`,
    [projectIds],
  );
}

export async function expectBudgetInvariant(ctx: TestContext, ...projectIds: string[]): Promise<void> {
  const rows = await budgetInvariant(ctx, projectIds);
  expect(rows).toHaveLength(projectIds.length);
  for (const row of rows) expect(row).toEqual({ ...row, budget: row.entries, holds: true });
}

/** GET /users/me/export as `user`, raw (headers and text) and parsed. */
export async function downloadExport(ctx: TestContext, user: TestUser): Promise<{ status: number; headers: Record<string, unknown>; text: string; document: PrivacyExport }> {
  const response = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me/export', headers: { authorization: `Bearer ${user.token}` } });
  return { status: response.statusCode, headers: response.headers, text: response.body, document: response.statusCode === 200 ? JSON.parse(response.body) : null };
}

/** A raw call with a JSON body (the typed client's DELETE bodies, but with any status kept). */
export async function rawCall(
  ctx: TestContext,
  user: TestUser | null,
  request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object; cookie?: string },
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (user) headers.authorization = `Bearer ${user.token}`;
  if (request.cookie) headers.cookie = request.cookie;
  const response = await ctx.fastify.inject({ method: request.method, url: request.url, headers, payload: request.payload as never });
  return { status: response.statusCode, body: response.body ? response.json() : undefined, headers: response.headers };
}
