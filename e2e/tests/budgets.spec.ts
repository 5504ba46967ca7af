import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN, signIn } from '../support/accounts';

const PASSWORD = 'Budget-Pass-2026!';
const DAY = 24 * 3_600_000;

/** Letters only, so it can be a project key. */
function randomLetters(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** A small API client on Playwright's request context, authenticated with a bearer token. */
function apiAs(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const send = async <T>(method: 'post' | 'patch' | 'put', path: string, data: unknown): Promise<T> => {
    const response = await request[method](`/api/v1${path}`, { headers, data });
    expect(response.ok(), `${method.toUpperCase()} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  return {
    post: <T>(path: string, data: unknown) => send<T>('post', path, data),
    patch: <T>(path: string, data: unknown) => send<T>('patch', path, data),
    put: <T>(path: string, data: unknown) => send<T>('put', path, data),
  };
}

async function login(request: APIRequestContext, email: string, password: string): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.ok(), `login ${email}: ${response.status()}`).toBe(true);
  return ((await response.json()) as { token: string }).token;
}

test('an admin sets a budget, a member tracks time past the warning threshold, the open dashboard shows the alert live, the admin acknowledges it', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const suffix = randomLetters(6);
  const key = `B${randomLetters(4)}`.toUpperCase();
  const projectName = `Budgeted ${suffix}`;
  const nav = page.getByRole('navigation', { name: 'Main' });

  // Setup through the API: a project, a member of it with a known hourly rate in the project's currency.
  const asAdmin = apiAs(request, await login(request, ADMIN.email, ADMIN.password));
  const project = await asAdmin.post<{ id: string; currency: string }>('/projects', { name: projectName, key });
  const member = { email: `budget.${suffix}@example.com`, password: PASSWORD, fullName: `Bea ${suffix}` };
  const registered = await request.post('/api/v1/auth/register', { data: { email: member.email, password: member.password, full_name: member.fullName } });
  expect(registered.status()).toBe(201);
  const { token: memberToken, user } = (await registered.json()) as { token: string; user: { id: string } };
  const asMember = apiAs(request, memberToken);
  await asMember.patch('/users/me', { timezone: 'UTC' });
  await asAdmin.post(`/projects/${project.id}/members`, { user_id: user.id });
  await asAdmin.put(`/users/${user.id}/rate`, { rate_type: 'hourly', rate_amount: '100', currency: project.currency, effective_from: new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10) });

  // The admin sets the budget through the project's budget page: 1000, warning at 80 %, critical at 90 %.
  await signIn(page, ADMIN);
  await nav.getByRole('link', { name: 'Budgets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Budgets' })).toBeVisible();
  await page.goto(`/budgets/${project.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Budget: ${projectName}` })).toBeVisible();
  const form = page.getByRole('form', { name: 'Budget settings' });
  await form.getByLabel('Total budget').fill('1000');
  await expect(form.getByLabel('Currency')).toHaveValue(project.currency);
  await form.getByLabel('Warning at (%)').fill('80');
  await form.getByLabel('Critical at (%)').fill('90');
  await form.getByRole('button', { name: 'Set budget' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Budget set' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Budget used' })).toHaveAttribute('aria-valuetext', '0.00% used, On track');

  // The dashboard, opened by client-side navigation; a marker on window proves it is never reloaded.
  await nav.getByRole('link', { name: 'Budgets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Budgets' })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { budgetMarker: string }).budgetMarker = 'same page'));
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: projectName, exact: true }) });
  await expect(row).toContainText('On track');
  await expect(row).toContainText('None');

  // The member logs 8.5 h yesterday at 100/h: 850 of 1000, past the 80 % warning threshold.
  const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
  await asMember.post('/time-entries', { project_id: project.id, start_time: `${yesterday}T08:00:00.000Z`, end_time: `${yesterday}T16:30:00.000Z`, description: 'Budget burn' });

  // Without a reload: the stream's `raised` event (or the 10 s polling fallback) brings the alert.
  await expect(row).toContainText('1 open alert', { timeout: 15_000 });
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '85.00% used, Warning');
  await expect(page.getByRole('status').filter({ hasText: `Warning: ${projectName} has used 85.00% of its budget` })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { budgetMarker?: string }).budgetMarker)).toBe('same page');

  // The admin acknowledges it on the project's budget page.
  await row.getByRole('link', { name: projectName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Budget: ${projectName}` })).toBeVisible();
  const alerts = page.getByRole('region', { name: 'Alerts table' });
  await alerts.getByRole('button', { name: 'Acknowledge Warning alert at 80%' }).click();
  await expect(alerts.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);
  await expect(alerts).toContainText(ADMIN.fullName);

  // Back on the dashboard: no open alerts left.
  await nav.getByRole('link', { name: 'Budgets' }).click();
  await expect(row).toContainText('None');
  await expect(row).toContainText('Warning');
});

test('a running timer on a locked budget stops the moment the budget is used up, and the open page shows it stopped within a second', async ({ page, request }) => {
  test.setTimeout(60_000);
  const suffix = randomLetters(6);
  const key = `C${randomLetters(4)}`.toUpperCase();
  const asAdmin = apiAs(request, await login(request, ADMIN.email, ADMIN.password));
  const project = await asAdmin.post<{ id: string; currency: string }>('/projects', { name: `Capped ${suffix}`, key });
  const member = { email: `cap.${suffix}@example.com`, password: PASSWORD };
  const registered = await request.post('/api/v1/auth/register', { data: { email: member.email, password: member.password, full_name: `Cy ${suffix}` } });
  expect(registered.status()).toBe(201);
  const { token, user } = (await registered.json()) as { token: string; user: { id: string } };
  const asMember = apiAs(request, token);
  await asAdmin.post(`/projects/${project.id}/members`, { user_id: user.id });
  // 1 per second against a locked budget of 5: the cap is 5 s after the start.
  await asAdmin.put(`/users/${user.id}/rate`, { rate_type: 'secondly', rate_amount: '1', currency: project.currency, effective_from: new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10) });
  await asAdmin.put(`/projects/${project.id}/budget`, { total_budget: '5', is_locked: true });

  await signIn(page, member);
  const timer = page.getByRole('complementary', { name: 'Timer' });
  const started = await asMember.post<{ time_log_id: string; start_time: string }>('/time-tracking/start', { project_id: project.id });
  await expect(timer).toHaveAttribute('data-state', 'running');
  const capAt = Date.parse(started.start_time) + 5_000;

  // Checked on every frame in the page (expect's polling slows to once a second and would add up to that much).
  await page.waitForFunction(() => document.querySelector('aside[aria-label="Timer"]')?.getAttribute('data-state') === 'idle', null, { polling: 'raf', timeout: 10_000 });
  const shownAfterCapMs = Date.now() - capAt;
  await expect(timer.getByRole('status').filter({ hasText: "Your timer was stopped because the project's budget is used up" })).toBeVisible();
  console.log(`budget cap: the open page showed the timer stopped ${shownAfterCapMs} ms after the cap`);
  expect(shownAfterCapMs, `shown ${shownAfterCapMs} ms after the cap`).toBeLessThan(1_000);

  const entry = await request.get(`/api/v1/time-entries/${started.time_log_id}`, { headers: { authorization: `Bearer ${token}` } });
  const stopped = (await entry.json()) as { end_time: string };
  expect(stopped).toMatchObject({ status: 'stopped', stop_reason: 'budget', duration_seconds: 5, total_cost: '5.00' });
  // Booked exactly at the cap, not when the job happened to run.
  expect(Date.parse(stopped.end_time)).toBe(capAt);
});
