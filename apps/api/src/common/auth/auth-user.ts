import type { UserRole } from '../enums';

/** Who is calling: resolved from the access token and the live session on every request. */
export interface AuthUser {
  id: string;
  email: string;
  role: UserRole;
  timezone: string;
  sessionId: string;
}
