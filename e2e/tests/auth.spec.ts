import { ADMIN, type Account } from '../support/accounts';
import { RegisterPage, SignInPage } from '../support/pages/auth';
import { uniqueEmail } from '../support/seed';
import { expect, test } from '../support/test';

const password = 'Correct-Horse-9';

function newAccount(fullName: string): Account {
  return { email: uniqueEmail('e2e'), password, fullName };
}

test('@smoke register, reload and stay signed in, sign out, protected page sends you to sign-in, sign in again', async ({ page, shell }) => {
  const account = newAccount('Grace Hopper');
  const registration = new RegisterPage(page);
  await registration.goto();
  await registration.submit(account);

  await expect(shell.heading('Dashboard')).toBeVisible();
  await expect(page.getByText('Grace Hopper')).toBeVisible();
  for (const name of ['Dashboard', 'Tasks', 'Time', 'Projects', 'Reports']) {
    await expect(shell.navLink(name)).toBeVisible();
  }
  // Not the first account of the instance: a member, without the Admin area.
  await expect(shell.navLink('Admin')).toHaveCount(0);

  await page.reload();
  await expect(shell.heading('Dashboard')).toBeVisible();
  await expect(page.getByText('Grace Hopper')).toBeVisible();

  await shell.signOut();

  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await new SignInPage(page).submit(account);
  await expect(page).toHaveURL(/\/tasks$/);
});

test('shows the server’s field errors next to the fields', async ({ page, shell }) => {
  const registration = new RegisterPage(page);
  const account = newAccount('Taken Name');
  await registration.register(account);
  await shell.signOut();

  await registration.goto();
  await registration.submit({ ...account, fullName: 'Second Person' });
  await expect(page.getByText('An account with this email already exists')).toBeVisible();
});

test('a wrong password shows the sign-in error', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submit({ email: 'nobody@example.com', password: 'Wrong-Password-1' });
  await expect(page.getByRole('alert')).toContainText('Invalid email or password');
});

test('the first account of the instance is its admin and sees the Admin area', async ({ page, shell }) => {
  await new SignInPage(page).signIn(ADMIN);
  await shell.navLink('Admin').click();
  await expect(page).toHaveURL(/\/admin/);
});
