import type { EntityManager } from 'typeorm';
import { User } from './entities/user.entity';

/** What registration gives a new account; the role follows from whether it is the first. */
export interface NewAccount {
  email: string;
  passwordHash: string;
  fullName: string;
  lastLogin: Date;
}

/**
 * Creates an account in the caller's transaction. The first account of an empty instance
 * becomes its admin, later ones members; concurrent first registrations are serialised so
 * exactly one becomes admin. A taken email fails with the unique violation (23505).
 */
export async function createAccount(tx: EntityManager, account: NewAccount): Promise<User> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stint:first-user'))`);
  const [{ exists }] = await tx.query<Array<{ exists: boolean }>>('SELECT EXISTS (SELECT 1 FROM users) AS exists');
  return tx.save(tx.create(User, { ...account, role: exists ? 'member' : 'admin' }));
}

/** Stamps a successful sign-in. */
export async function recordLastLogin(tx: EntityManager, userId: string, at: Date): Promise<void> {
  await tx.update(User, { id: userId }, { lastLogin: at });
}

/** The account with this email, if any. */
export function findAccountByEmail(manager: EntityManager, email: string): Promise<User | null> {
  return manager.findOne(User, { where: { email } });
}

/** The account with this id; fails when there is none. */
export function getAccount(manager: EntityManager, userId: string): Promise<User> {
  return manager.findOneOrFail(User, { where: { id: userId } });
}

/** Whether an account with this id exists (erased accounts do: they stay as anonymised rows). */
export async function accountExists(manager: EntityManager, userId: string): Promise<boolean> {
  const [row] = await manager.query<Array<{ id: string }>>('SELECT id FROM users WHERE id = $1', [userId]);
  return !!row;
}

/** The account's password hash (to confirm a password), or null when there is no such account. */
export async function passwordHashOf(manager: EntityManager, userId: string): Promise<string | null> {
  const [row] = await manager.query<Array<{ password_hash: string }>>('SELECT password_hash FROM users WHERE id = $1', [userId]);
  return row?.password_hash ?? null;
}

/** What other features check of an account before acting on it (erased? active?); null when there is none. */
export interface AccountStatus {
  id: string;
  email: string;
  is_active: boolean;
}

export async function accountStatus(manager: EntityManager, userId: string): Promise<AccountStatus | null> {
  const [row] = await manager.query<AccountStatus[]>('SELECT id, email, is_active FROM users WHERE id = $1', [userId]);
  return row ?? null;
}
