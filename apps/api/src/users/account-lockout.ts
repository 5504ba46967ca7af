import type { EntityManager } from 'typeorm';

/**
 * The account-wide sign-in counters on users (failed_login_attempts, locked_until). users/
 * owns the table; auth/'s SignInThrottles decides the policy and calls these inside its own
 * transaction (auth → users, never back).
 */

export interface AccountLockout {
  exists: boolean;
  lockedUntil: Date | null;
}

/** The account's back-off end, as stored (expired or not). */
export async function accountLockout(manager: EntityManager, userId: string): Promise<AccountLockout> {
  const [row] = await manager.query<Array<{ locked_until: Date | null }>>('SELECT locked_until FROM users WHERE id = $1', [userId]);
  return { exists: !!row, lockedUntil: row?.locked_until ?? null };
}

/**
 * Counts one failure atomically; after `backoffAfter` failures each further one holds the
 * account for 1, 2, 4 … seconds from `now`, at most `backoffMaxSeconds`.
 */
export async function countAccountFailure(
  tx: EntityManager,
  userId: string,
  now: Date,
  backoffAfter: number,
  backoffMaxSeconds: number,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const [rows] = await tx.query<[Array<{ failed_login_attempts: number; locked_until: Date | null }>, number]>(
    `UPDATE users
        SET failed_login_attempts = failed_login_attempts + 1,
            locked_until = CASE WHEN failed_login_attempts + 1 > $3
              THEN $2::timestamptz + make_interval(secs => LEAST(power(2, LEAST(failed_login_attempts + 1 - $3 - 1, 30)), $4))
              ELSE locked_until END
      WHERE id = $1
      RETURNING failed_login_attempts, locked_until`,
    [userId, now, backoffAfter, backoffMaxSeconds],
  );
  return { failures: rows[0]?.failed_login_attempts ?? 0, lockedUntil: rows[0]?.locked_until ?? null };
}

/** A success ends the account-wide back-off. */
export async function clearAccountFailures(tx: EntityManager, userId: string): Promise<void> {
  await tx.query('UPDATE users SET failed_login_attempts = 0, locked_until = NULL WHERE id = $1', [userId]);
}

/** An admin's unlock: clears the counters and returns how many failures there were. */
export async function resetAccountFailures(tx: EntityManager, userId: string): Promise<number> {
  const [rows] = await tx.query<[Array<{ failed: number }>, number]>(
    `UPDATE users u SET failed_login_attempts = 0, locked_until = NULL
       FROM (SELECT failed_login_attempts AS failed FROM users WHERE id = $1) before
      WHERE u.id = $1 RETURNING before.failed`,
    [userId],
  );
  return rows[0]?.failed ?? 0;
}
