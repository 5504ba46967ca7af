import { readFile } from 'node:fs/promises';
import { routes } from '@stint/contracts';
import { NO_SESSION } from '../support/accounts';
import { DashboardPage, ReportsPage } from '../support/pages/dashboard';
import { at, randomLetters, signInThroughApi, uniqueKey, utcDay } from '../support/seed';
import { expect, test } from '../support/test';

test.use({ storageState: NO_SESSION });

test('the dashboard shows the time seeded through the API, follows the range, and the report downloads as CSV', async ({ page, seed, shell }) => {
  // Two pages, four ranges and a download: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  // A fresh member of their own project, so whatever other specs track can't move these totals.
  // Days are counted in the user's zone; UTC makes the seeded days easy to reason about.
  const member = await seed.newMember('dashboard', { timezone: 'UTC' });
  const suffix = randomLetters(6);
  const key = uniqueKey('D');
  const projectName = `Dashboard ${suffix}`;
  // The instance's default currency, so the member's default rate applies without conversion.
  const project = await seed.newProject({ name: projectName, key, members: [member.user.id] });

  const design = await member.api.call(routes.tasks.create, { body: { title: `Design ${suffix}`, project_id: project.id } });
  const build = await member.api.call(routes.tasks.create, { body: { title: `Build ${suffix}`, project_id: project.id } });
  await member.api.call(routes.tasks.updateStatus, { params: { id: design.id }, body: { status: 'done' } });

  // 2.50 h yesterday and 1.00 h the day before (last 7 days: 3.50 h); 1.25 h ten days ago (last 30 days: 4.75 h).
  const yesterday = utcDay(1);
  const twoDaysAgo = utcDay(2);
  const tenDaysAgo = utcDay(10);
  const entry = (task_id: string, date: string, start: string, end: string, description: string) =>
    member.api.call(routes.timeEntries.create, { body: { task_id, start_time: at(date, start), end_time: at(date, end), description } });
  await entry(design.id, yesterday, '09:00', '11:30', 'Sketches');
  await entry(build.id, twoDaysAgo, '10:00', '11:00', 'Scaffold');
  await entry(design.id, tenDaysAgo, '13:00', '14:15', 'Review');

  await signInThroughApi(page, member.account);
  await shell.open('/?range=last-7-days');
  await expect(shell.heading('Dashboard')).toBeVisible();
  const dashboard = new DashboardPage(page);
  const expectMetric = (name: string, value: string) => dashboard.expectMetric(name, value);
  await expectMetric('Hours tracked', '3.50 h');
  await expectMetric('Tasks completed', '1');
  await expectMetric('In progress', '0');
  await expect(dashboard.range).toHaveValue('last-7-days');

  // The daily chart as a table: yesterday's row holds its 2.50 h, and the total row the range's.
  const daily = dashboard.region('Hours per day');
  await daily.getByRole('button', { name: 'Show as table' }).click();
  await expect(daily.getByRole('row').filter({ has: page.locator(`time[datetime="${yesterday}"]`) })).toContainText('2.50 h');
  await expect(daily.getByRole('row', { name: /^Total/ })).toContainText('3.50 h');

  // Where the time went: all of it on the project.
  const where = dashboard.region('Where your time went');
  await expect(where.getByRole('list', { name: 'Time by project' })).toContainText(`${projectName}3.50 h · 100.00%`);

  // A wider range takes in the older entry.
  await dashboard.range.selectOption({ label: 'Last 30 days' });
  await expect(page).toHaveURL(/[?&]range=last-30-days/);
  await expectMetric('Hours tracked', '4.75 h');

  // A custom range of one day: only that day's entry.
  await dashboard.customRange(tenDaysAgo, tenDaysAgo);
  await expect(page).toHaveURL(new RegExp(`range=custom&start=${tenDaysAgo}&end=${tenDaysAgo}`));
  await expectMetric('Hours tracked', '1.25 h');
  await expectMetric('Tasks completed', '0');

  // The project's report over the last 30 days, then its CSV.
  await shell.navigate('Reports');
  const reports = new ReportsPage(page);
  await reports.range.selectOption({ label: 'Last 30 days' });
  await expect(reports.project).toHaveValue(project.id);
  const byDay = reports.region('By day');
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
