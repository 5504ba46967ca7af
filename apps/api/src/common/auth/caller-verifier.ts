import type { AuthUser } from './auth-user';

/**
 * Turns a request's bearer token into its caller, provided by the auth feature (which owns
 * the key and the sessions) and used by the global guard here, so `common/` imports no feature.
 */
export interface CallerVerifier {
  /** The caller, or an authentication error (AppError) saying why not: expired, invalid, session ended. */
  callerOf(token: string): Promise<AuthUser>;
}

export const CALLER_VERIFIER = Symbol('CALLER_VERIFIER');

/**
 * The token of `Authorization: Bearer <token>`, parsed as passport-jwt's
 * `fromAuthHeaderAsBearerToken` did: scheme case-insensitive, the first two words.
 */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /(\S+)\s+(\S+)/.exec(header);
  return match && match[1]!.toLowerCase() === 'bearer' ? match[2]! : null;
}
