import { expect, type Locator, type Page } from '@playwright/test';

/** The account page: download my data, delete my account. */
export class AccountPage {
  constructor(readonly page: Page) {}

  deleteDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Delete your account?' });
  }

  /** Opens "Delete my account" and confirms with `password`. */
  async deleteAccount(password: string): Promise<Locator> {
    const dialog = this.deleteDialog();
    if (!(await dialog.isVisible())) await this.page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(dialog).toContainText('can’t be undone');
    await dialog.getByLabel('Your password').fill(password);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    return dialog;
  }
}

/** Admin › Users: search and delete accounts. */
export class AdminUsersPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/admin/users');
  }

  row(text: string): Locator {
    return this.page.getByRole('row').filter({ hasText: text });
  }

  async deleteUser(email: string, fullName: string, adminPassword: string): Promise<void> {
    await this.page.getByLabel('Search people').fill(email);
    await this.row(email)
      .getByRole('button', { name: `Delete ${fullName}` })
      .click();
    const dialog = this.page.getByRole('dialog', { name: `Delete ${fullName}?` });
    await dialog.getByLabel('Your admin password').fill(adminPassword);
    await dialog.getByRole('button', { name: 'Delete account' }).click();
  }
}
