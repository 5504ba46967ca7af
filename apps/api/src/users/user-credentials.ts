import type { EntityManager } from 'typeorm';

/**
 * What the users module needs of a user's credentials: check and hash a password, end the
 * sessions, clear the sign-in throttles. auth/ owns those tables and provides this (its
 * CredentialsModule is global), so users/ never imports auth/ and auth → users stays one way.
 */
export abstract class UserCredentials {
  abstract verifyPassword(password: string, hash: string): Promise<boolean>;
  abstract hashPassword(password: string): Promise<string>;
  /** Ends every session of the user except `keepSessionId`; returns how many ended. */
  abstract revokeAllSessions(userId: string, reason: 'password_change' | 'deactivated', keepSessionId: string | undefined, manager: EntityManager): Promise<number>;
  abstract clearSignInThrottles(tx: EntityManager, userId: string): Promise<{ addresses_locked: number; account_failures: number }>;
}
