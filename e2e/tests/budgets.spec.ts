import { routes } from '@stint/contracts';
import { ADMIN, NO_SESSION } from '../support/accounts';
import { BudgetsPage, ProjectBudgetPage } from '../support/pages/budgets';
import { randomLetters, signInThroughApi, uniqueKey, utcDay } from '../support/seed';
import { expect, test } from '../support/test';

test('an admin sets a budget, a member tracks time past the warning threshold, the open dashboard shows the alert live, the admin acknowledges it', async ({
  page,
  seed,
  shell,
}) => {
  test.setTimeout(60_000);
  const projectName = `Budgeted ${randomLetters(6)}`;

  // Setup through the API: a project, a member of it with a known hourly rate in the project's currency.
  const member = await seed.newMember('budget', { timezone: 'UTC' });
  const project = await seed.newProject({ name: projectName, key: uniqueKey('B'), members: [member.user.id] });
  await seed.setRate(member.user.id, { rate_type: 'hourly', rate_amount: '100', currency: project.currency });

  // The admin (signed in by the setup project) sets the budget on the project's budget page: 1000, warning at 80 %, critical at 90 %.
  await shell.open('/');
  await shell.navigate('Budgets');
  const budget = new ProjectBudgetPage(page);
  await budget.goto(project.id, projectName);
  await expect(budget.form.getByLabel('Currency')).toHaveValue(project.currency);
  await budget.setBudget({ total: '1000', warningAt: '80', criticalAt: '90' });
  await expect(shell.status('Budget set')).toBeVisible();
  await expect(budget.progress).toHaveAttribute('aria-valuetext', '0.00% used, On track');

  // The dashboard, opened by client-side navigation; a marker on window proves it is never reloaded.
  await shell.navigate('Budgets');
  await page.evaluate(() => ((window as unknown as { budgetMarker: string }).budgetMarker = 'same page'));
  const row = new BudgetsPage(page).row(projectName);
  await expect(row).toContainText('On track');
  await expect(row).toContainText('None');

  // The member logs 8.5 h yesterday at 100/h: 850 of 1000, past the 80 % warning threshold.
  const yesterday = utcDay(1);
  await member.api.call(routes.timeEntries.create, {
    body: { project_id: project.id, start_time: `${yesterday}T08:00:00.000Z`, end_time: `${yesterday}T16:30:00.000Z`, description: 'Budget burn' },
  });

  // Without a reload: the stream's `raised` event (or the 10 s polling fallback) brings the alert.
  await expect(row).toContainText('1 open alert', { timeout: 15_000 });
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '85.00% used, Warning');
  await expect(shell.status(`Warning: ${projectName} has used 85.00% of its budget`)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { budgetMarker?: string }).budgetMarker)).toBe('same page');

  // The admin acknowledges it on the project's budget page.
  await row.getByRole('link', { name: projectName, exact: true }).click();
  await expect(shell.heading(`Budget: ${projectName}`)).toBeVisible();
  await budget.alerts.getByRole('button', { name: 'Acknowledge Warning alert at 80%' }).click();
  await expect(budget.alerts.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);
  await expect(budget.alerts).toContainText(ADMIN.fullName);

  // Back on the dashboard: no open alerts left.
  await shell.navLink('Budgets').click();
  await expect(row).toContainText('None');
  await expect(row).toContainText('Warning');
});

test.describe('as a member', () => {
  test.use({ storageState: NO_SESSION });

  test('a running timer on a locked budget stops the moment the budget is used up, and the open page shows it stopped within a second', async ({ page, seed, shell, timer }) => {
    test.setTimeout(60_000);
    const member = await seed.newMember('cap');
    const project = await seed.newProject({ name: `Capped ${randomLetters(6)}`, key: uniqueKey('C'), members: [member.user.id] });
    // 1 per second against a locked budget of 5: the cap is 5 s after the start.
    await seed.setRate(member.user.id, { rate_type: 'secondly', rate_amount: '1', currency: project.currency });
    await (await seed.asAdmin()).call(routes.budgets.set, { params: { id: project.id }, body: { total_budget: '5', is_locked: true } });

    await signInThroughApi(page, member.account);
    await shell.open('/');
    const started = await member.api.call(routes.timeTracking.start, { body: { project_id: project.id } });
    await expect(timer.root).toHaveAttribute('data-state', 'running');
    const capAt = Date.parse(started.start_time) + 5_000;

    // Checked on every frame in the page (expect's polling slows to once a second and would add up to that much).
    await page.waitForFunction(() => document.querySelector('aside[aria-label="Timer"]')?.getAttribute('data-state') === 'idle', null, { polling: 'raf', timeout: 10_000 });
    const shownAfterCapMs = Date.now() - capAt;
    await expect(timer.notice("Your timer was stopped because the project's budget is used up")).toBeVisible();
    console.log(`budget cap: the open page showed the timer stopped ${shownAfterCapMs} ms after the cap`);
    expect(shownAfterCapMs, `shown ${shownAfterCapMs} ms after the cap`).toBeLessThan(1_000);

    const stopped = await member.api.call(routes.timeEntries.get, { params: { id: started.time_log_id } });
    expect(stopped).toMatchObject({ status: 'stopped', stop_reason: 'budget', duration_seconds: 5, total_cost: '5.00' });
    // Booked exactly at the cap, not when the job happened to run.
    expect(Date.parse(stopped.end_time!)).toBe(capAt);
  });
});
