import type { QueryParams, Schemas } from './schemas.js';

export const Role = { ADMIN: 'admin', MEMBER: 'member' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 100;
/**
 * bcrypt reads only the first 72 bytes of a password: a longer one would sign in with its
 * first 72 bytes and any tail, so longer passwords are refused (UTF-8: é is 2 bytes, 😀 is 4).
 */
export const PASSWORD_MAX_BYTES = 72;
/** The UTF-8 length of a password, as bcrypt counts it. */
export const passwordBytes = (password: string): number => new TextEncoder().encode(password).length;
/** The special characters the spec's UserCreate validator accepts. */
export const PASSWORD_SPECIAL_CHARACTERS = '!@#$%^&*()_+-=[]{}|;:,.<>?';
export const FULL_NAME_MIN_LENGTH = 2;
export const FULL_NAME_MAX_LENGTH = 255;

export type UserResponse = Schemas['UserResponseDto'];

export type UpdateMeRequest = Schemas['UpdateMeDto'];

export type ChangePasswordRequest = Schemas['ChangePasswordDto'];

export type AdminUpdateUserRequest = Schemas['AdminUpdateUserDto'];

/** Why a sign-in failed, as the account's owner may see it. */
export const SIGN_IN_FAILURE_REASONS = ['wrong_password', 'locked', 'deactivated'] as const;
export type SignInFailureReason = (typeof SIGN_IN_FAILURE_REASONS)[number];

/** One failed sign-in to the caller's account (GET /users/me/sign-in-failures), newest first. */
export type SignInFailureResponse = Schemas['SignInFailureResponseDto'];

export type UserListQuery = QueryParams<'/api/v1/users'>;

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
  {
    id: 'max_bytes',
    message: `Password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (letters with accents take 2 bytes, emoji 4)`,
    test: (p) => passwordBytes(p) <= PASSWORD_MAX_BYTES,
  },
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
