import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { poolQuery } from '../database/pool-query';
import { accountStatus } from '../users/accounts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import type { AuthUser } from '../common/auth/auth-user';
import { Session } from './entities/session.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { usableTimeZone } from '../common/validators/is-time-zone';

export type RevokeReason = 'logout' | 'refresh_reuse' | 'password_change' | 'deactivated';

export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  /** The raw token for the cookie; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

export type RotationResult = { outcome: 'rotated'; issued: IssuedRefreshToken } | { outcome: 'invalid' } | { outcome: 'reused' };

/**
 * The caller behind an access token ($1 session, $2 user, $3 now): a live session of an
 * active user. Exported so the benchmark's bare server authenticates with the same SQL.
 */
export const CALLER_SQL = `SELECT u.id, u.email, u.role, u.timezone
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.is_active`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sign-in sessions and their rotating refresh tokens (OWASP ASVS 5.0 §10.4.5 reuse detection). */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private refreshExpiry(): Date {
    return new Date(this.clock.now().getTime() + this.config.jwt.refreshTokenDays * 86_400_000);
  }

  private async issueToken(manager: EntityManager, session: Session): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.refreshExpiry();
    await manager.insert(RefreshToken, { sessionId: session.id, tokenHash: hashToken(token), expiresAt });
    return { sessionId: session.id, userId: session.userId, token, expiresAt };
  }

  async start(userId: string, meta: { userAgent?: string; ip?: string }, manager: EntityManager = this.dataSource.manager): Promise<IssuedRefreshToken> {
    return manager.transaction(async (tx) => {
      const session = tx.create(Session, {
        userId,
        expiresAt: this.refreshExpiry(),
        lastUsedAt: this.clock.now(),
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        ip: meta.ip?.slice(0, 64) ?? null,
      });
      await tx.save(session);
      return this.issueToken(tx, session);
    });
  }

  /**
   * Exchanges a refresh token for a new one. A token presented a second time means it
   * leaked: the whole session (every token rotated from the same sign-in) is revoked.
   */
  async rotate(token: string): Promise<RotationResult> {
    return this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const stored = await tx.findOne(RefreshToken, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored) return { outcome: 'invalid' as const };
      const session = await tx.findOne(Session, { where: { id: stored.sessionId }, lock: { mode: 'pessimistic_write' } });
      if (!session || session.revokedAt || session.expiresAt <= now) return { outcome: 'invalid' as const };
      if (stored.usedAt) {
        await tx.update(Session, { id: session.id }, { revokedAt: now, revokeReason: 'refresh_reuse' });
        return { outcome: 'reused' as const };
      }
      if (stored.expiresAt <= now) return { outcome: 'invalid' as const };
      if (!(await accountStatus(tx, session.userId))?.is_active) return { outcome: 'invalid' as const };
      await tx.update(RefreshToken, { id: stored.id }, { usedAt: now });
      const expiresAt = this.refreshExpiry();
      await tx.update(Session, { id: session.id }, { lastUsedAt: now, expiresAt });
      const issued = await this.issueToken(tx, { ...session, expiresAt });
      return { outcome: 'rotated' as const, issued };
    });
  }

  /** The session a refresh token belongs to, if the token is known. */
  async sessionOfToken(token: string): Promise<string | null> {
    const stored = await this.dataSource.manager.findOne(RefreshToken, { where: { tokenHash: hashToken(token) } });
    return stored?.sessionId ?? null;
  }

  /** Ends a live session; the user it belonged to, or null when it had already ended. */
  async revoke(sessionId: string, reason: RevokeReason, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [rows] = await manager.query<[Array<{ user_id: string }>, number]>(
      'UPDATE sessions SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING user_id',
      [sessionId, this.clock.now(), reason],
    );
    return rows[0]?.user_id ?? null;
  }

  /** Ends every live session of a user, except `keepSessionId` when given. */
  async revokeAllOfUser(userId: string, reason: RevokeReason, keepSessionId?: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: this.clock.now(), revokeReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .andWhere(keepSessionId ? 'id <> :keepSessionId' : 'TRUE', { keepSessionId })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Resolves an access token's subject on every request: the session must be live and
   * the user active, so logout and deactivation take effect at once, not at expiry.
   */
  async resolveCaller(userId: string, sessionId: string): Promise<AuthUser | null> {
    // A signed token naming a non-UUID would make PostgreSQL refuse the cast (a 422): it names no session.
    if (!UUID.test(userId) || !UUID.test(sessionId)) return null;
    const rows = await poolQuery<{ id: string; email: string; role: AuthUser['role']; timezone: string }>(this.dataSource, CALLER_SQL, [sessionId, userId, this.clock.now()]);
    const row = rows[0];
    // A stored zone PostgreSQL no longer knows is read as UTC (logged once), never a 500.
    return row ? { id: row.id, email: row.email, role: row.role, timezone: usableTimeZone(row.timezone), sessionId } : null;
  }
}

/**
 * An account's erasure: its sessions go (refresh tokens with them, ON DELETE CASCADE; access
 * tokens name a session, so they stop at once), and its sign-in counters, which name the
 * addresses the account was used or attacked from. In the erasure's transaction.
 */
export async function deleteCredentialsOfUser(tx: EntityManager, userId: string): Promise<void> {
  await tx.query('DELETE FROM sign_in_throttles WHERE user_id = $1', [userId]);
  await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}
