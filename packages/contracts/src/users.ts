import type { IsoDateTime, ListQuery, Uuid } from './common.js';

export const Role = { ADMIN: 'admin', MEMBER: 'member' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 100;
/** The special characters the spec's UserCreate validator accepts. */
export const PASSWORD_SPECIAL_CHARACTERS = '!@#$%^&*()_+-=[]{}|;:,.<>?';
export const FULL_NAME_MIN_LENGTH = 2;
export const FULL_NAME_MAX_LENGTH = 255;

export interface UserResponse {
  id: Uuid;
  email: string;
  full_name: string;
  role: Role;
  timezone: string;
  is_active: boolean;
  created_at: IsoDateTime;
  last_login: IsoDateTime | null;
}

export interface UpdateMeRequest {
  full_name?: string;
  timezone?: string;
}

export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

export interface AdminUpdateUserRequest {
  role?: Role;
  is_active?: boolean;
}

export interface UserListQuery extends ListQuery {
  q?: string;
  role?: Role;
  is_active?: boolean;
}

/**
 * Password rules of the spec's UserCreate, shared so the web form shows the same
 * messages the API would answer. Returns the failed rules' messages.
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`Password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`Password must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/[A-Z]/.test(password)) problems.push('Password must contain an uppercase letter');
  if (!/[a-z]/.test(password)) problems.push('Password must contain a lowercase letter');
  if (!/[0-9]/.test(password)) problems.push('Password must contain a digit');
  if (![...password].some((c) => PASSWORD_SPECIAL_CHARACTERS.includes(c))) {
    problems.push(`Password must contain a special character (${PASSWORD_SPECIAL_CHARACTERS})`);
  }
  return problems;
}
