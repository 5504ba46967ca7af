import type { FullConfig } from '@playwright/test';
import { ADMIN } from './accounts';

/** Creates the admin account before any test registers someone else (the first account is the admin). */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0].use.baseURL!;
  const response = await fetch(`${baseURL}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password, full_name: ADMIN.fullName }),
  });
  if (response.status === 201) {
    const body = await response.json();
    if (body.user.role !== 'admin') throw new Error('The e2e admin account is not the first account of this instance');
  } else if (response.status !== 409) {
    throw new Error(`Could not create the e2e admin account: ${response.status} ${await response.text()}`);
  }
}
