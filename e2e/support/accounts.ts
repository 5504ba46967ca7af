import type { Page } from '@playwright/test';

/** Registered first by the global setup on the fresh e2e database, so it is the instance's admin. */
export const ADMIN = { email: 'admin@e2e.stint.test', password: 'Admin-Pass-2026!', fullName: 'Ada Admin' };

/** Signs in through the real form and waits for the app shell. */
export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
