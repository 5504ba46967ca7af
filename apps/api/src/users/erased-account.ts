import { DELETED_USER_EMAIL_DOMAIN, DELETED_USER_NAME } from '@stint/contracts';
import type { EntityManager } from 'typeorm';

/** The anonymised email of an erased account: unique per account, never deliverable. */
export const deletedEmailOf = (userId: string) => `deleted-${userId}@${DELETED_USER_EMAIL_DOMAIN}`;

/**
 * Whether an account was erased (right to be forgotten). Its row stays, anonymised, so past
 * costs keep an owner; to every action on the account itself it no longer exists.
 */
export const isErased = (user: { id: string; email: string }) => user.email === deletedEmailOf(user.id);

/**
 * Anonymises an erased account's row, kept only as the owner of its kept entries: email
 * deleted-<id>@deleted.invalid, name "Deleted user", an unusable password, inactive, member, UTC.
 */
export async function anonymiseAccount(tx: EntityManager, userId: string, unusablePasswordHash: string): Promise<void> {
  await tx.query(
    `UPDATE users
        SET email = $2, full_name = $3, password_hash = $4, role = 'member', is_active = false, timezone = 'UTC',
            last_login = NULL, failed_login_attempts = 0, locked_until = NULL
      WHERE id = $1`,
    [userId, deletedEmailOf(userId), DELETED_USER_NAME, unusablePasswordHash],
  );
}

/** The account an erasure is about, locked for the rest of the transaction (FOR UPDATE); null when there is none. */
export async function lockAccountForErasure(tx: EntityManager, userId: string): Promise<{ id: string; email: string; role: 'admin' | 'member' } | null> {
  const [target] = await tx.query<Array<{ id: string; email: string; role: 'admin' | 'member' }>>('SELECT id, email, role FROM users WHERE id = $1 FOR UPDATE', [userId]);
  return target ?? null;
}
