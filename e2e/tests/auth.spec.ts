import { expect, test } from '@playwright/test';
import { ADMIN, signIn } from '../support/accounts';

const password = 'Correct-Horse-9';

function uniqueEmail(): string {
  return `e2e.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.com`;
}

test('@smoke register, reload and stay signed in, sign out, protected page sends you to sign-in, sign in again', async ({ page }) => {
  const email = uniqueEmail();
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Grace Hopper')).toBeVisible();
  const nav = page.getByRole('navigation').first();
  for (const name of ['Dashboard', 'Tasks', 'Time', 'Projects', 'Reports']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  // Not the first account of the instance: a member, without the Admin area.
  await expect(nav.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Grace Hopper')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
});

test('shows the server’s field errors next to the fields', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Full name').fill('Taken Name');
  const email = uniqueEmail();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/register');
  await page.getByLabel('Full name').fill('Second Person');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('An account with this email already exists')).toBeVisible();
});

test('a wrong password shows the sign-in error', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('Wrong-Password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Invalid email or password');
});

test('the first account of the instance is its admin and sees the Admin area', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole('navigation').first().getByRole('link', { name: 'Admin', exact: true }).click();
  await expect(page).toHaveURL(/\/admin/);
});
