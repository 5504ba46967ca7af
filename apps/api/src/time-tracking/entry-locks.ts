import type { EntityManager } from 'typeorm';

/**
 * Serialises every change to one user's timers and entries (timer actions, re-rating, the
 * cap job's per-user work) for the rest of the transaction. An advisory lock rather than
 * `SELECT … FOR UPDATE` on the users row, so sign-ins and profile edits never wait on it.
 * The two-key form keeps this lock space apart from other advisory locks.
 */
export async function lockUserTimers(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('stint:timers'), hashtext($1))`, [userId]);
}

/** SQLSTATEs worth retrying a timer transaction for: unique violation (slot race), serialization failure, deadlock. */
export const RETRYABLE_SQLSTATES = new Set(['23505', '40001', '40P01']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.code ?? (error as { driverError?: { code?: string } })?.driverError?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}
