import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { ADMIN, signIn } from '../support/accounts';

const password = 'Correct-Horse-9';

function uniqueEmail(): string {
  return `e2e.privacy.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

async function register(page: Page, fullName: string, email: string): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Full name').fill(fullName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

test('download my data gives a JSON file of my account; deleting the account signs me out for good', async ({ page }) => {
  const email = uniqueEmail();
  await register(page, 'Petra Private', email);

  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^stint-export-\d{4}-\d{2}-\d{2}\.json$/);
  const document = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(document).toMatchObject({ format: 'stint-export', profile: { email, full_name: 'Petra Private' } });
  expect(document.sessions.length).toBeGreaterThan(0);
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete my account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await expect(dialog).toContainText('can’t be undone');
  await dialog.getByLabel('Your password').fill('Not-My-Password-1');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(dialog.getByText('The password is wrong')).toBeVisible();

  await dialog.getByLabel('Your password').fill(password);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // A reload finds no session to restore, and the old credentials no longer sign in.
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/Invalid email or password/)).toBeVisible();
});

test('an admin deletes an account from the users list after confirming', async ({ page }) => {
  const email = uniqueEmail();
  await register(page, 'Quentin Quitter', email);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, ADMIN);
  await page.goto('/admin/users');
  await page.getByLabel('Search people').fill(email);
  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: 'Delete Quentin Quitter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Quentin Quitter?' });
  await dialog.getByLabel('Your admin password').fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByText('Quentin Quitter’s account was deleted.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);
});
