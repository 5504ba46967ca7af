import { expect, test, type Locator, type Page } from '@playwright/test';
import { createApiClient, routes, type ApiClient } from '@stint/contracts';
import { ADMIN, signIn } from '../support/accounts';

function randomLetters(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** An API client signed in as `account`, for seeding data the test isn't about. */
async function apiAs(baseURL: string, account: { email: string; password: string }): Promise<ApiClient> {
  const anonymous = createApiClient({ baseUrl: baseURL });
  const { token } = await anonymous.call(routes.auth.login, { body: { email: account.email, password: account.password } });
  return createApiClient({ baseUrl: baseURL, getToken: () => token });
}

/** The floating timer of one tab. */
class TimerWidget {
  readonly root: Locator;
  readonly elapsed: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('complementary', { name: 'Timer' });
    this.elapsed = this.root.getByRole('timer');
  }

  button(name: string): Locator {
    return this.root.getByRole('button', { name, exact: true });
  }

  /** The elapsed time as shown now, e.g. "0:00:07". */
  async elapsedText(): Promise<string> {
    return (await this.elapsed.textContent())?.trim() ?? '';
  }

  /** Waits until the display moves on from what it shows now: it is ticking. */
  async expectTicking(): Promise<void> {
    const before = await this.elapsedText();
    await expect(this.elapsed).not.toHaveText(before);
  }
}

test('start a timer on a task, see it tick in a second tab, pause, resume, stop with a description, find the entry and its cost on the Time page', async ({ page, baseURL }) => {
  const key = `T${randomLetters(4)}`.toUpperCase();
  const title = `Reconcile ${randomLetters(6)} invoices`;
  const description = `Matched ${randomLetters(5)} against the ledger`;

  // Seed through the API: a USD project, a task in it, and a rate of $1 a second so the cost visibly ticks.
  const api = await apiAs(baseURL!, ADMIN);
  const me = await api.call(routes.users.me);
  await api.call(routes.rates.set, { params: { id: me.id }, body: { rate_type: 'secondly', rate_amount: '1.00', currency: 'USD' } });
  const project = await api.call(routes.projects.create, { body: { name: `Accounts ${key}`, key, currency: 'USD' } });
  const task = await api.call(routes.tasks.create, { body: { title, project_id: project.id } });
  const taskKey = task.key!;

  await signIn(page, ADMIN);
  const first = new TimerWidget(page);
  await expect(first.root).toContainText('No timer running');

  // Start from the task's page.
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: `Start timer for ${title}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Timer started for ${taskKey}` })).toBeVisible();
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
  await first.button('Stop').click();
  const dialog = page.getByRole('dialog', { name: 'Work done?' });
  await expect(dialog.getByLabel('Description')).toBeFocused();
  await dialog.getByLabel('Description').fill(description);
  await dialog.getByRole('button', { name: 'Stop and log' }).click();
  await expect(dialog).toBeHidden();
  const logged = page.getByRole('status').filter({ hasText: /Logged \d+:\d\d:\d\d for \$[\d,]+\.\d\d/ });
  await expect(logged).toBeVisible();
  const [, duration, cost] = /Logged (\d+:\d\d:\d\d) for (\$[\d,]+\.\d\d)/.exec((await logged.textContent()) ?? '')!;
  await expect(first.root).toContainText('No timer running');
  await expect(second.root).toContainText('No timer running');

  // The Time page lists the entry under today with its duration and the same cost.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Time' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Time' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: description });
  await expect(row).toBeVisible();
  await expect(row).toContainText(taskKey);
  await expect(row).toContainText(duration);
  await expect(row).toContainText(cost);

  // Reloading the other tab changes nothing: the state is the server's.
  await secondPage.reload();
  await expect(second.root).toContainText('No timer running');
});
