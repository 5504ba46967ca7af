import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN, signIn } from '../support/accounts';

const PASSWORD = 'Dashboard-Pass-2026!';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Letters only, so it can be a project key. */
function randomLetters(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** A UTC calendar date `daysAgo` days before today, and an instant on it. */
function utcDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
}

function at(date: string, time: string): string {
  return new Date(`${date}T${time}:00.000Z`).toISOString();
}

/** A small API client on Playwright's request context, authenticated with a bearer token. */
function apiAs(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const send = async <T>(method: 'post' | 'patch', path: string, data: unknown): Promise<T> => {
    const response = await request[method](`/api/v1${path}`, { headers, data });
    expect(response.ok(), `${method.toUpperCase()} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  return { post: <T>(path: string, data: unknown) => send<T>('post', path, data), patch: <T>(path: string, data: unknown) => send<T>('patch', path, data) };
}

async function login(request: APIRequestContext, email: string, password: string): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.ok(), `login ${email}: ${response.status()}`).toBe(true);
  return ((await response.json()) as { token: string }).token;
}

test('the dashboard shows the time seeded through the API, follows the range, and the report downloads as CSV', async ({ page, request }) => {
  // A fresh member of their own project, so whatever other specs track can't move these totals.
  const suffix = randomLetters(6);
  const member = { email: `dashboard.${suffix}@example.com`, password: PASSWORD, fullName: `Dana ${suffix}` };
  const registered = await request.post('/api/v1/auth/register', { data: { email: member.email, password: member.password, full_name: member.fullName } });
  expect(registered.status()).toBe(201);
  const { token: memberToken, user: memberUser } = (await registered.json()) as { token: string; user: { id: string } };
  const memberId = memberUser.id;
  const asMember = apiAs(request, memberToken);
  // Days are counted in the user's zone; UTC makes the seeded days easy to reason about.
  await asMember.patch('/users/me', { timezone: 'UTC' });

  const asAdmin = apiAs(request, await login(request, ADMIN.email, ADMIN.password));
  const key = `D${randomLetters(4)}`.toUpperCase();
  const projectName = `Dashboard ${suffix}`;
  // The instance's default currency, so the member's default rate applies without conversion.
  const project = await asAdmin.post<{ id: string }>('/projects', { name: projectName, key });
  await asAdmin.post(`/projects/${project.id}/members`, { user_id: memberId });

  const design = await asMember.post<{ id: string }>('/tasks', { title: `Design ${suffix}`, project_id: project.id });
  const build = await asMember.post<{ id: string }>('/tasks', { title: `Build ${suffix}`, project_id: project.id });
  await asMember.patch(`/tasks/${design.id}/status`, { status: 'done' });

  // 2.50 h yesterday and 1.00 h the day before (last 7 days: 3.50 h); 1.25 h ten days ago (last 30 days: 4.75 h).
  const yesterday = utcDay(1);
  const twoDaysAgo = utcDay(2);
  const tenDaysAgo = utcDay(10);
  await asMember.post('/time-entries', { task_id: design.id, start_time: at(yesterday, '09:00'), end_time: at(yesterday, '11:30'), description: 'Sketches' });
  await asMember.post('/time-entries', { task_id: build.id, start_time: at(twoDaysAgo, '10:00'), end_time: at(twoDaysAgo, '11:00'), description: 'Scaffold' });
  await asMember.post('/time-entries', { task_id: design.id, start_time: at(tenDaysAgo, '13:00'), end_time: at(tenDaysAgo, '14:15'), description: 'Review' });

  await signIn(page, member);
  await page.goto('/?range=last-7-days');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  // A metric card reads "<label><value>…" as text: the value right after the label, nothing else.
  const metric = (name: string) => page.getByRole('group', { name, exact: true });
  const expectMetric = (name: string, value: string) => expect(metric(name)).toHaveText(new RegExp(`^${name}${value.replace('.', '\\.')}(\\D|$)`));
  await expectMetric('Hours tracked', '3.50 h');
  await expectMetric('Tasks completed', '1');
  await expectMetric('In progress', '0');
  await expect(page.getByLabel('Range', { exact: true })).toHaveValue('last-7-days');

  // The daily chart as a table: yesterday's row holds its 2.50 h, and the total row the range's.
  const daily = page.getByRole('region', { name: 'Hours per day' });
  await daily.getByRole('button', { name: 'Show as table' }).click();
  await expect(daily.getByRole('row').filter({ has: page.locator(`time[datetime="${yesterday}"]`) })).toContainText('2.50 h');
  await expect(daily.getByRole('row', { name: /^Total/ })).toContainText('3.50 h');

  // Where the time went: all of it on the project.
  const where = page.getByRole('region', { name: 'Where your time went' });
  await expect(where.getByRole('list', { name: 'Time by project' })).toContainText(`${projectName}3.50 h · 100.00%`);

  // A wider range takes in the older entry.
  await page.getByLabel('Range', { exact: true }).selectOption({ label: 'Last 30 days' });
  await expect(page).toHaveURL(/[?&]range=last-30-days/);
  await expectMetric('Hours tracked', '4.75 h');

  // A custom range of one day: only that day's entry.
  await page.getByLabel('Range', { exact: true }).selectOption({ label: 'Custom range' });
  await page.getByLabel('From', { exact: true }).fill(tenDaysAgo);
  await page.getByLabel('To', { exact: true }).fill(tenDaysAgo);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`range=custom&start=${tenDaysAgo}&end=${tenDaysAgo}`));
  await expectMetric('Hours tracked', '1.25 h');
  await expectMetric('Tasks completed', '0');

  // The project's report over the last 30 days, then its CSV.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await page.getByLabel('Range', { exact: true }).selectOption({ label: 'Last 30 days' });
  await expect(page.getByLabel('Project', { exact: true })).toHaveValue(project.id);
  const byDay = page.getByRole('region', { name: 'By day' });
  await expect(byDay.getByRole('row', { name: /^Total/ })).toContainText('4.75 h');
  // Members see hours only: no money columns.
  await expect(byDay.getByRole('columnheader', { name: 'Cost' })).toHaveCount(0);

  const downloadStarted = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloadStarted;
  // The server names the file: the project's key and the range's days.
  expect(download.suggestedFilename()).toBe(`stint-project-${key}-${utcDay(29)}_${utcDay(0)}.csv`);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe('date,start,end,user,project,task_key,task,description,seconds,hours,billable');
  expect(lines.filter((line) => !/^(Total|Billable|Non-billable),/.test(line)).length - 1).toBe(3);
  expect(lines.find((line) => line.startsWith('Total,'))).toContain(',17100,4.75');
  await expect(page.getByText(`Downloaded ${download.suggestedFilename()}.`)).toBeVisible();
});
