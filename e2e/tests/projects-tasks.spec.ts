import { ProjectPage, ProjectsPage } from '../support/pages/projects';
import { TasksPage } from '../support/pages/tasks';
import { randomLetters, uniqueKey } from '../support/seed';
import { expect, test } from '../support/test';

test('create a project and a task in it, find the task by search, change its status, see it on the project page', async ({ page, shell }) => {
  // Three dialogs, a search and four page loads: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  const suffix = randomLetters(6);
  const key = uniqueKey('E', 5);
  const projectName = `Ledger ${suffix}`;
  const word = `zq${suffix}`;
  const title = `Reconcile ${word} accounts`;

  // Creating projects needs an admin: the account the global setup registered first (signed in by the setup project).
  await shell.open('/');
  await expect(shell.navLink('Admin')).toBeVisible();

  // Project, through the admin's "New project" dialog; the key is typed in lower case.
  await shell.navigate('Projects');
  await new ProjectsPage(page).create({ name: projectName, key, currency: 'eur' });
  const projectUrl = page.url();
  const projectPage = new ProjectPage(page);

  // A decoy in the same project, so the search has something to leave out.
  const decoyDialog = await projectPage.newTask();
  await expect(decoyDialog.field('Project')).toHaveValue(/.+/);
  await decoyDialog.field('Title').fill(`Plan the ${suffix} offsite`);
  await decoyDialog.create();
  const tasks = new TasksPage(page);
  await expect(tasks.taskLink(`Plan the ${suffix} offsite`)).toBeVisible();

  // The task, from the Tasks page, opened with the `n` shortcut and put in the project.
  await shell.navigate('Tasks');
  const taskDialog = await tasks.newTaskByShortcut();
  await taskDialog.field('Title').fill(title);
  await taskDialog.field('Description').fill('Match the bank statement against the ledger.');
  await taskDialog.field('Project').selectOption({ label: `${projectName} (${key})` });
  await taskDialog.field('Priority').selectOption({ label: 'High' });
  await taskDialog.addTag('finance');
  await taskDialog.create();
  await expect(shell.status(`Created ${key}-2 ${title}`)).toBeVisible();

  // Search finds it, and only it; the search is in the URL.
  await tasks.search.fill(word);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
  const row = tasks.row(title);
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: `${key}-2` })).toBeVisible();
  await expect(tasks.taskLink(`Plan the ${suffix} offsite`)).toBeHidden();
  await expect(page.getByText('Showing 1–1 of 1 tasks')).toBeVisible();

  // Quick status change on the row.
  const status = tasks.status(`${key}-2`, title);
  await expect(status).toHaveValue('todo');
  await status.selectOption({ label: 'In progress' });
  await expect(status).toHaveValue('in_progress');

  // The project page lists the task with its new status, also after a reload (it was saved).
  await row.getByRole('link', { name: projectName }).click();
  await expect(shell.heading(projectName)).toBeVisible();
  expect(page.url()).toBe(projectUrl);
  const projectStatus = projectPage.taskStatus(`${key}-2`, title);
  await expect(projectStatus).toHaveValue('in_progress');
  await page.reload();
  await expect(shell.heading(projectName)).toBeVisible();
  await expect(projectStatus).toHaveValue('in_progress');
  await expect(projectPage.taskStatus(`${key}-1`, `Plan the ${suffix} offsite`)).toHaveValue('todo');

  // And the task's own page shows it too.
  await tasks.taskLink(title).click();
  await expect(shell.heading(title)).toBeVisible();
  await expect(page.getByLabel('Status')).toHaveValue('in_progress');
  await expect(page.getByText('No time tracked on this task yet')).toBeVisible();
});
