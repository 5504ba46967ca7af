import { expect, test } from '@playwright/test';
import { ADMIN, signIn } from '../support/accounts';

/** Letters only, so it can be a project key and a search word the stemmer leaves alone. */
function randomLetters(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

test('create a project and a task in it, find the task by search, change its status, see it on the project page', async ({ page }) => {
  const suffix = randomLetters(6);
  const key = `E${randomLetters(5)}`.toUpperCase();
  const projectName = `Ledger ${suffix}`;
  const word = `zq${suffix}`;
  const title = `Reconcile ${word} accounts`;
  const nav = page.getByRole('navigation', { name: 'Main' });

  // Creating projects needs an admin: the account the global setup registered first.
  await signIn(page, ADMIN);
  await expect(nav.getByRole('link', { name: 'Admin' })).toBeVisible();

  // Project, through the admin's "New project" dialog; the key is typed in lower case.
  await nav.getByRole('link', { name: 'Projects' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  await page.getByRole('button', { name: 'New project' }).first().click();
  const projectDialog = page.getByRole('dialog', { name: 'New project' });
  await projectDialog.getByLabel('Name').fill(projectName);
  await projectDialog.getByLabel('Key').pressSequentially(key.toLowerCase());
  await expect(projectDialog.getByLabel('Key')).toHaveValue(key);
  await projectDialog.getByLabel('Currency').fill('eur');
  await projectDialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { level: 1, name: projectName })).toBeVisible();
  const projectUrl = page.url();

  // A decoy in the same project, so the search has something to leave out.
  await page.getByRole('button', { name: 'New task' }).first().click();
  const decoyDialog = page.getByRole('dialog', { name: 'New task' });
  await expect(decoyDialog.getByLabel('Project')).toHaveValue(/.+/);
  await decoyDialog.getByLabel('Title').fill(`Plan the ${suffix} offsite`);
  await decoyDialog.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByRole('link', { name: `Plan the ${suffix} offsite`, exact: true })).toBeVisible();

  // The task, from the Tasks page, opened with the `n` shortcut and put in the project.
  await nav.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await page.keyboard.press('n');
  const taskDialog = page.getByRole('dialog', { name: 'New task' });
  await expect(taskDialog.getByLabel('Title')).toBeFocused();
  await taskDialog.getByLabel('Title').fill(title);
  await taskDialog.getByLabel('Description').fill('Match the bank statement against the ledger.');
  await taskDialog.getByLabel('Project').selectOption({ label: `${projectName} (${key})` });
  await taskDialog.getByLabel('Priority').selectOption({ label: 'High' });
  await taskDialog.getByLabel('Tags').fill('finance');
  await taskDialog.getByLabel('Tags').press('Enter');
  await expect(taskDialog.getByRole('button', { name: 'Remove finance' })).toBeVisible();
  await taskDialog.getByRole('button', { name: 'Create task' }).click();
  await expect(taskDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Created ${key}-2 ${title}` })).toBeVisible();

  // Search finds it, and only it; the search is in the URL.
  await page.getByRole('searchbox', { name: 'Search tasks' }).fill(word);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: `${key}-2` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Plan the ${suffix} offsite`, exact: true })).toBeHidden();
  await expect(page.getByText('Showing 1–1 of 1 tasks')).toBeVisible();

  // Quick status change on the row.
  const status = page.getByRole('combobox', { name: `Status of ${key}-2 ${title}` });
  await expect(status).toHaveValue('todo');
  await status.selectOption({ label: 'In progress' });
  await expect(status).toHaveValue('in_progress');

  // The project page lists the task with its new status, also after a reload (it was saved).
  await row.getByRole('link', { name: projectName }).click();
  await expect(page.getByRole('heading', { level: 1, name: projectName })).toBeVisible();
  expect(page.url()).toBe(projectUrl);
  const projectStatus = page.getByRole('combobox', { name: `Status of ${key}-2 ${title}` });
  await expect(projectStatus).toHaveValue('in_progress');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: projectName })).toBeVisible();
  await expect(projectStatus).toHaveValue('in_progress');
  await expect(page.getByRole('combobox', { name: `Status of ${key}-1 Plan the ${suffix} offsite` })).toHaveValue('todo');

  // And the task's own page shows it too.
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByLabel('Status')).toHaveValue('in_progress');
  await expect(page.getByText('No time tracked on this task yet')).toBeVisible();
});
