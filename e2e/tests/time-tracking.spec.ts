import { routes } from '@stint/contracts';
import { TaskPage } from '../support/pages/tasks';
import { TimePage } from '../support/pages/time';
import { TimerWidget } from '../support/pages/timer';
import { randomLetters, uniqueKey } from '../support/seed';
import { expect, test } from '../support/test';

test('start a timer on a task, see it tick in a second tab, pause, resume, stop with a description, find the entry and its cost on the Time page', async ({
  page,
  seed,
  shell,
  timer: first,
}) => {
  // Two tabs, each with its own live stream, on a machine that may be busy.
  test.setTimeout(60_000);
  const key = uniqueKey('T');
  const title = `Reconcile ${randomLetters(6)} invoices`;
  const description = `Matched ${randomLetters(5)} against the ledger`;

  // Seed through the API: a USD project, a task in it, and a rate of $1 a second so the cost visibly ticks.
  const api = await seed.asAdmin();
  const me = await api.call(routes.users.me);
  await api.call(routes.rates.set, { params: { id: me.id }, body: { rate_type: 'secondly', rate_amount: '1.00', currency: 'USD' } });
  const project = await seed.newProject({ name: `Accounts ${key}`, key, currency: 'USD' });
  const task = await api.call(routes.tasks.create, { body: { title, project_id: project.id } });
  const taskKey = task.key!;

  await shell.open('/');
  await expect(first.root).toContainText('No timer running');

  // Start from the task's page.
  const taskPage = new TaskPage(page);
  await taskPage.goto(task.id, title);
  await taskPage.startTimerButton(title).click();
  await expect(shell.status(`Timer started for ${taskKey}`)).toBeVisible();
  await expect(first.root).toContainText(taskKey);
  await expect(first.root).toContainText(title);
  await expect(first.root).toContainText('Running');
  await expect(page.getByText('Timer running', { exact: true })).toBeVisible();
  await first.expectTicking();
  await expect(first.root).toContainText(/\$\d+\.\d\d/);

  // A second tab of the same browser: same timer, ticking, without any action there.
  const secondPage = await page.context().newPage();
  const second = new TimerWidget(secondPage);
  await secondPage.goto('/tasks');
  await expect(secondPage.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await expect(second.root).toContainText(taskKey);
  await expect(second.root).toContainText(title);
  await second.expectTicking();

  // Pause in the first tab: the second one follows and both show the server's frozen time.
  await first.button('Pause').click();
  await expect(first.root).toContainText('Paused');
  await expect(second.root).toContainText('Paused');
  await expect(second.button('Resume')).toBeVisible();
  const pausedAt = await first.elapsedText();
  await expect(second.elapsed).toHaveText(pausedAt);

  // Resume from the second tab with the keyboard shortcut; the first one ticks again.
  await secondPage.bringToFront();
  await secondPage.keyboard.press('Alt+Shift+KeyP');
  await expect(second.root).toContainText('Running');
  await expect(first.root).toContainText('Running');
  await first.expectTicking();

  // Stop in the first tab: "Work done?" takes the description, then the notice says what was logged.
  await page.bringToFront();
  await first.stop(description);
  const logged = shell.status(/Logged \d+:\d\d:\d\d for \$[\d,]+\.\d\d/);
  await expect(logged).toBeVisible();
  const [, duration, cost] = /Logged (\d+:\d\d:\d\d) for (\$[\d,]+\.\d\d)/.exec((await logged.textContent()) ?? '')!;
  await expect(first.root).toContainText('No timer running');
  await expect(second.root).toContainText('No timer running');

  // The Time page lists the entry under today with its duration and the same cost.
  await shell.navigate('Time');
  const row = new TimePage(page).entry(description);
  await expect(row).toBeVisible();
  await expect(row).toContainText(taskKey);
  await expect(row).toContainText(duration);
  await expect(row).toContainText(cost);

  // Reloading the other tab changes nothing: the state is the server's.
  await secondPage.reload();
  await expect(second.root).toContainText('No timer running');
});
