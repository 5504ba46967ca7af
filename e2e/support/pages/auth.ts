import { expect, type Page } from '@playwright/test';
import type { Account } from '../accounts';

/** The sign-in form. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/sign-in');
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }

  async submit(account: Pick<Account, 'email' | 'password'>): Promise<void> {
    await this.page.getByLabel('Email').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Signs in through the form and waits for the app shell. */
  async signIn(account: Pick<Account, 'email' | 'password'>): Promise<void> {
    await this.goto();
    await this.submit(account);
    await this.page.getByRole('button', { name: 'Sign out' }).waitFor();
  }
}

/** The registration form. */
export class RegisterPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/register');
    await expect(this.page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  }

  async submit(account: Account): Promise<void> {
    await this.page.getByLabel('Full name').fill(account.fullName);
    await this.page.getByLabel('Email').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  /** Registers through the form and waits for the dashboard. */
  async register(account: Account): Promise<void> {
    await this.goto();
    await this.submit(account);
    await expect(this.page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  }
}
