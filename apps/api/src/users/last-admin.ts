import { QueryFailedError, type EntityManager } from 'typeorm';
import { conflictError } from '../common/errors/app-error';

/**
 * The database's own guarantee (migration 1796000005000): a deferred constraint trigger on
 * users raises this constraint at commit when an active admin stopped being one and no
 * active admin remains. It takes the same advisory lock first, so two such commits check
 * one after the other and the second sees the first.
 */
export const LAST_ACTIVE_ADMIN_CONSTRAINT = 'users_keep_an_active_admin';

/**
 * Serialises every change that can remove an active admin (demotion, deactivation,
 * erasure) for the rest of the transaction, so the check after it sees every earlier one.
 */
export async function lockActiveAdmins(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stint:active-admins'))`);
}

/** Other active admins than `userId` (erased accounts are inactive members, so they never count). */
export async function otherActiveAdmins(tx: EntityManager, userId: string): Promise<number> {
  const [{ others }] = await tx.query<Array<{ others: number }>>(`SELECT count(*)::int AS others FROM users WHERE role = 'admin' AND is_active AND id <> $1`, [userId]);
  return others;
}

export const lastActiveAdminError = () => conflictError('This is the only active admin: make someone else an admin first, so the instance keeps one', { role: ['last_admin'] });

/** The trigger's refusal, for callers that turn it into lastActiveAdminError. */
export function isLastActiveAdminViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return error instanceof QueryFailedError && (e.constraint ?? e.driverError?.constraint) === LAST_ACTIVE_ADMIN_CONSTRAINT;
}
