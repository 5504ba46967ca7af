import { expect, type Locator, type Page } from '@playwright/test';

/** The task dialog (new or edit), wherever it is opened from. */
export class TaskDialog {
  readonly root: Locator;

  constructor(page: Page, name = 'New task') {
    this.root = page.getByRole('dialog', { name });
  }

  field(label: string): Locator {
    return this.root.getByLabel(label);
  }

  async addTag(tag: string): Promise<void> {
    await this.field('Tags').fill(tag);
    await this.field('Tags').press('Enter');
    await expect(this.root.getByRole('button', { name: `Remove ${tag}` })).toBeVisible();
  }

  async create(): Promise<void> {
    await this.root.getByRole('button', { name: 'Create task' }).click();
    await expect(this.root).toBeHidden();
  }
}

/** The task list: search, rows and each row's quick status select. */
export class TasksPage {
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByRole('searchbox', { name: 'Search tasks' });
  }

  /** The row whose title links to `title`. */
  row(title: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  taskLink(title: string): Locator {
    return this.page.getByRole('link', { name: title, exact: true });
  }

  /** The quick status select of a task, named by its key and title. */
  status(key: string, title: string): Locator {
    return this.page.getByRole('combobox', { name: `Status of ${key} ${title}` });
  }

  /** Opens the new-task dialog with the `n` shortcut. */
  async newTaskByShortcut(): Promise<TaskDialog> {
    await this.page.keyboard.press('n');
    const dialog = new TaskDialog(this.page);
    await expect(dialog.field('Title')).toBeFocused();
    return dialog;
  }
}

/** One task's page. */
export class TaskPage {
  constructor(readonly page: Page) {}

  async goto(id: string, title: string): Promise<void> {
    await this.page.goto(`/tasks/${id}`);
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }

  startTimerButton(title: string): Locator {
    return this.page.getByRole('button', { name: `Start timer for ${title}` });
  }
}
