import { join } from 'node:path';

export interface Account {
  email: string;
  password: string;
  fullName: string;
}

/** Registered first by the global setup on the fresh e2e database, so it is the instance's admin. */
export const ADMIN: Account = { email: 'admin@e2e.stint.test', password: 'Admin-Pass-2026!', fullName: 'Ada Admin' };

/** Where the setup project keeps the admin's signed-in browser state (cookies) for the other specs. */
export const ADMIN_STATE = join(__dirname, '..', '.auth', 'admin.json');

/** A browser state without any session, for a spec or describe block that signs someone else in. */
export const NO_SESSION = { cookies: [], origins: [] };
