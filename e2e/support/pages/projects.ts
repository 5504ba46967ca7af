import { expect, type Locator, type Page } from '@playwright/test';
import { TaskDialog } from './tasks';

/** The projects list and its "New project" dialog. */
export class ProjectsPage {
  constructor(readonly page: Page) {}

  /** Creates a project through the dialog; the key is typed in lower case and shown upper case. Ends on the project's page. */
  async create(project: { name: string; key: string; currency: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New project' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill(project.name);
    await dialog.getByLabel('Key').pressSequentially(project.key.toLowerCase());
    await expect(dialog.getByLabel('Key')).toHaveValue(project.key.toUpperCase());
    await dialog.getByLabel('Currency').fill(project.currency);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: project.name })).toBeVisible();
  }
}

/** One project's page: its tasks and members. */
export class ProjectPage {
  constructor(readonly page: Page) {}

  async newTask(): Promise<TaskDialog> {
    await this.page.getByRole('button', { name: 'New task' }).first().click();
    return new TaskDialog(this.page);
  }

  taskStatus(key: string, title: string): Locator {
    return this.page.getByRole('combobox', { name: `Status of ${key} ${title}` });
  }
}
