import type { EntityManager } from 'typeorm';

/**
 * Serialises every change to one user's timers and entries (timer actions, re-rating,
 * deactivation, erasure) for the rest of the transaction. An advisory lock rather than
 * `SELECT … FOR UPDATE` on the users row, so sign-ins and profile edits never wait on it.
 * The two-key form keeps this lock space apart from other advisory locks. In common because
 * users takes it before its own row lock when deactivating (the order a timer action takes them in).
 */
export async function lockUserTimers(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('stint:timers'), hashtext($1))`, [userId]);
}
