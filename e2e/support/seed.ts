import { createApiClient, routes, type ApiClient, type ProjectCreateRequest, type RateSetRequest, type UserResponse } from '@stint/contracts';
import type { Page } from '@playwright/test';
import { ADMIN, type Account } from './accounts';

const DAY = 24 * 3_600_000;

/** Lower-case letters only, so the result can be part of a project key or a search word the stemmer leaves alone. */
export function randomLetters(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** A project key nobody has used yet: `prefix` and letters, upper case. */
export function uniqueKey(prefix: string, letters = 4): string {
  return `${prefix}${randomLetters(letters)}`.toUpperCase();
}

export function uniqueEmail(label = 'e2e'): string {
  return `${label}.${Date.now()}.${randomLetters(6)}@example.com`;
}

/** A UTC calendar date `daysAgo` days before today. */
export function utcDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
}

/** An instant on a UTC calendar date, e.g. at('2026-01-02', '09:30'). */
export function at(date: string, time: string): string {
  return new Date(`${date}T${time}:00.000Z`).toISOString();
}

export interface SeededUser {
  account: Account;
  user: UserResponse;
  /** The typed API client signed in as this user. */
  api: ApiClient;
}

/**
 * Seeds what a test isn't about through the API, with the typed client the web app uses:
 * one place for accounts, projects and rates, so specs only say what they need.
 */
export class Seed {
  private admin: Promise<ApiClient> | null = null;

  constructor(readonly baseURL: string) {}

  /** An API client signed in as `account` (a fresh session of its own). */
  async as(account: Pick<Account, 'email' | 'password'>): Promise<ApiClient> {
    const { token } = await createApiClient({ baseUrl: this.baseURL }).call(routes.auth.login, { body: { email: account.email, password: account.password } });
    return createApiClient({ baseUrl: this.baseURL, getToken: () => token });
  }

  /** The admin's API client, signed in once per test. */
  asAdmin(): Promise<ApiClient> {
    this.admin ??= this.as(ADMIN);
    return this.admin;
  }

  /** Registers a new member (not the first account, so never an admin). */
  async newMember(label: string, options: { fullName?: string; password?: string; timezone?: string } = {}): Promise<SeededUser> {
    const suffix = randomLetters(6);
    const account: Account = {
      email: `${label}.${suffix}@example.com`,
      password: options.password ?? 'Member-Pass-2026!',
      fullName: options.fullName ?? `${label[0].toUpperCase()}${label.slice(1)} ${suffix}`,
    };
    const registered = await createApiClient({ baseUrl: this.baseURL }).call(routes.auth.register, {
      body: { email: account.email, password: account.password, full_name: account.fullName },
    });
    const api = createApiClient({ baseUrl: this.baseURL, getToken: () => registered.token });
    const user = options.timezone ? await api.call(routes.users.updateMe, { body: { timezone: options.timezone } }) : registered.user;
    return { account, user, api };
  }

  /** A project created by the admin; the key is unique unless given. */
  async newProject(body: Partial<ProjectCreateRequest> & { members?: string[] } = {}) {
    const { members = [], ...project } = body;
    const admin = await this.asAdmin();
    const created = await admin.call(routes.projects.create, { body: { name: `Project ${randomLetters(6)}`, key: uniqueKey('P'), ...project } });
    for (const userId of members) await admin.call(routes.projects.addMember, { params: { id: created.id }, body: { user_id: userId } });
    return created;
  }

  /** Sets a user's rate (as the admin), effective from 30 days ago unless said otherwise. */
  async setRate(userId: string, rate: Omit<RateSetRequest, 'effective_from'> & { effective_from?: string }) {
    const admin = await this.asAdmin();
    return admin.call(routes.rates.set, { params: { id: userId }, body: { effective_from: utcDay(30), ...rate } });
  }
}

/**
 * Signs the page's browser context in as `account` through the API: the session cookies land in
 * the context's cookie jar, so the next page load restores the session (sign-in itself is
 * tested through the form in auth.spec.ts).
 */
export async function signInThroughApi(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  const response = await page.request.post('/api/v1/auth/login', { data: { email: account.email, password: account.password } });
  if (!response.ok()) throw new Error(`Signing in ${account.email} failed: ${response.status()} ${await response.text()}`);
}
