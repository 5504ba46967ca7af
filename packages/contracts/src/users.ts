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

export interface PasswordRule {
  id: string;
  message: string;
  test(password: string): boolean;
}

/**
 * Password rules of the spec's UserCreate, defined once: the API validates with them and
 * the web form shows the same messages while the user types.
 */
export const PASSWORD_RULES: readonly PasswordRule[] = [
  { id: 'min_length', message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`, test: (p) => p.length >= PASSWORD_MIN_LENGTH },
  { id: 'max_length', message: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`, test: (p) => p.length <= PASSWORD_MAX_LENGTH },
  { id: 'uppercase', message: 'Password must contain an uppercase letter', test: (p) => /[A-Z]/.test(p) },
  { id: 'lowercase', message: 'Password must contain a lowercase letter', test: (p) => /[a-z]/.test(p) },
  { id: 'digit', message: 'Password must contain a digit', test: (p) => /[0-9]/.test(p) },
  {
    id: 'special',
    message: `Password must contain a special character (${PASSWORD_SPECIAL_CHARACTERS})`,
    test: (p) => [...p].some((c) => PASSWORD_SPECIAL_CHARACTERS.includes(c)),
  },
];

/** Messages of the rules `password` breaks. */
export function passwordProblems(password: string): string[] {
  return PASSWORD_RULES.filter((rule) => !rule.test(password)).map((rule) => rule.message);
}
