import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isIPv6 } from 'node:net';
import type { DataSource, EntityManager } from 'typeorm';
import { accountLockout, clearAccountFailures, countAccountFailure, resetAccountFailures } from '../users/account-lockout';

/** Spec: PasswordService.MAX_FAILED_ATTEMPTS and LOCKOUT_DURATION_MINUTES, applied per account and client address. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

/** Failures across all addresses (since the last success) before the account-wide back-off starts. */
export const ACCOUNT_BACKOFF_AFTER = 10;
/** The account-wide back-off doubles from 1 s per further failure up to this ceiling. */
export const ACCOUNT_BACKOFF_MAX_SECONDS = 300;
/** An address the owner signed in from within this many days is familiar: the account-wide back-off doesn't apply to it. */
export const FAMILIAR_ADDRESS_DAYS = 30;

/**
 * The throttle key of a client address: IPv4 as is, IPv6 by its /64 network (a single host
 * usually holds a whole /64, so per-address counting would be trivial to step around).
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip.slice(0, 64);
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface ThrottleState {
  /** This address is locked out of the account (the spec's lockout) until then. */
  addressLockedUntil: Date | null;
  /** The account-wide back-off holds until then (it doesn't apply to a familiar address). */
  accountBackoffUntil: Date | null;
  familiar: boolean;
}

export interface CountedFailure {
  addressFailures: number;
  /** Set when this failure started the address's lock. */
  lockStarted: Date | null;
  accountFailures: number;
  accountBackoffUntil: Date | null;
}

/**
 * Sign-in throttling that can't be turned against the account's owner (issue 12, item 7).
 *
 * - Per account and client address (table sign_in_throttles): the spec's 5 failures →
 *   15 minutes lock, for that address only. An attacker's address locks itself out, not
 *   the owner. Failures older than the 15-minute window don't count; a success from an
 *   address clears its count and marks the address familiar.
 * - Per account, across every address (users.failed_login_attempts / locked_until): after
 *   ACCOUNT_BACKOFF_AFTER failures since the last success, each further failure holds
 *   sign-ins from unfamiliar addresses for 1, 2, 4 … seconds, at most 5 minutes — so a
 *   guesser with many addresses gets about one guess per 5 minutes, while the owner from a
 *   familiar address is never held and from a new one waits at most 5 minutes.
 * - Attempts refused by a lock or the back-off are not counted, so they can't extend either.
 *
 * Every counter changes in one atomic UPDATE/UPSERT in PostgreSQL, shared by all API processes.
 */
@Injectable()
export class SignInThrottles {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async state(userId: string, client: string, now: Date): Promise<ThrottleState> {
    const account = await accountLockout(this.dataSource.manager, userId);
    const [row] = account.exists
      ? await this.dataSource.query<Array<{ locked_until: Date | null; last_success_at: Date | null }>>(
          'SELECT locked_until, last_success_at FROM sign_in_throttles WHERE user_id = $1 AND client = $2',
          [userId, client],
        )
      : [];
    const active = (until: Date | null | undefined) => (until && until > now ? until : null);
    return {
      addressLockedUntil: active(row?.locked_until),
      accountBackoffUntil: active(account.lockedUntil),
      familiar: !!row?.last_success_at && row.last_success_at.getTime() > now.getTime() - FAMILIAR_ADDRESS_DAYS * 86_400_000,
    };
  }

  /** Counts one failure for the address and for the account, atomically (parallel guesses can't slip past a limit). */
  async recordFailure(tx: EntityManager, userId: string, client: string, now: Date): Promise<CountedFailure> {
    // A count restarts when the address's lock has expired or its window has passed without a lock.
    const restart = `((t.locked_until IS NOT NULL AND t.locked_until <= $3) OR (t.locked_until IS NULL AND t.window_started_at <= $3::timestamptz - make_interval(mins => $5)))`;
    const [address] = await tx.query<Array<{ failures: number; locked_until: Date | null; started: boolean }>>(
      `INSERT INTO sign_in_throttles AS t (user_id, client, failures, window_started_at, locked_until)
       VALUES ($1, $2, 1, $3, NULL)
       ON CONFLICT (user_id, client) DO UPDATE SET
         failures = CASE WHEN ${restart} THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN ${restart} THEN $3 ELSE t.window_started_at END,
         locked_until = CASE
           WHEN ${restart} THEN NULL
           WHEN t.locked_until IS NOT NULL THEN t.locked_until
           WHEN t.failures + 1 >= $4 THEN $3::timestamptz + make_interval(mins => $5)
           ELSE NULL END
       RETURNING failures, locked_until, (failures = $4) AS started`,
      [userId, client, now, MAX_FAILED_ATTEMPTS, LOCKOUT_MINUTES],
    );
    const account = await countAccountFailure(tx, userId, now, ACCOUNT_BACKOFF_AFTER, ACCOUNT_BACKOFF_MAX_SECONDS);
    return {
      addressFailures: address.failures,
      lockStarted: address.started ? address.locked_until : null,
      accountFailures: account.failures,
      accountBackoffUntil: account.lockedUntil,
    };
  }

  /** A success clears the address's count (and makes it familiar) and ends the account-wide back-off. */
  async recordSuccess(tx: EntityManager, userId: string, client: string, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO sign_in_throttles (user_id, client, failures, window_started_at, locked_until, last_success_at)
       VALUES ($1, $2, 0, $3, NULL, $3)
       ON CONFLICT (user_id, client) DO UPDATE SET failures = 0, window_started_at = $3, locked_until = NULL, last_success_at = $3`,
      [userId, client, now],
    );
    await clearAccountFailures(tx, userId);
    // Keeps the table bounded: addresses with nothing to remember for this account go.
    await tx.query(
      `DELETE FROM sign_in_throttles
        WHERE user_id = $1 AND client <> $2 AND (locked_until IS NULL OR locked_until <= $3)
          AND window_started_at <= $3::timestamptz - make_interval(mins => $4)
          AND (last_success_at IS NULL OR last_success_at <= $3::timestamptz - make_interval(days => $5))`,
      [userId, client, now, LOCKOUT_MINUTES, FAMILIAR_ADDRESS_DAYS],
    );
  }

  /** An admin's unlock: every count and lock of the account, on every address (familiar addresses stay familiar). */
  async clearAll(tx: EntityManager, userId: string): Promise<{ addresses_locked: number; account_failures: number }> {
    const [{ locked }] = await tx.query<Array<{ locked: number }>>('SELECT count(*)::int AS locked FROM sign_in_throttles WHERE user_id = $1 AND locked_until IS NOT NULL', [
      userId,
    ]);
    const accountFailures = await resetAccountFailures(tx, userId);
    await tx.query('DELETE FROM sign_in_throttles WHERE user_id = $1 AND last_success_at IS NULL', [userId]);
    await tx.query('UPDATE sign_in_throttles SET failures = 0, locked_until = NULL WHERE user_id = $1', [userId]);
    return { addresses_locked: locked, account_failures: accountFailures };
  }
}
