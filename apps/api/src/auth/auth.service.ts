import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TokenResponse } from '@stint/contracts';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { authenticationError, conflictError } from '../common/errors/app-error';
import { User } from '../users/entities/user.entity';
import { toUserResponse } from '../users/users.service';
import { PasswordHasher } from './password-hasher';
import { SessionsService, type IssuedRefreshToken } from './sessions.service';
import { TimersService } from '../timers/timers.service';
import type { LoginDto, RegisterDto } from './dto/auth.dto';
import { AuditLogService } from '../audit/audit-log.service';
import { emailDigest } from '../audit/email-digest';

/** Spec: PasswordService.MAX_FAILED_ATTEMPTS and LOCKOUT_DURATION_MINUTES. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

/** One message for every failed sign-in, so it reveals neither which emails exist nor which are locked. */
export const SIGN_IN_FAILED = `Invalid email or password. After ${MAX_FAILED_ATTEMPTS} failed attempts an account is locked for ${LOCKOUT_MINUTES} minutes.`;

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  type: 'access';
}

export interface SignedIn {
  body: TokenResponse;
  refresh: IssuedRefreshToken;
}

export interface ClientMeta {
  ip?: string;
  userAgent?: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    private readonly timers: TimersService,
    private readonly audit: AuditLogService,
  ) {}

  /** The first account of an empty instance becomes its admin; later ones are members. */
  async register(dto: RegisterDto, meta: ClientMeta): Promise<SignedIn> {
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const user = await this.dataSource.transaction(async (tx) => {
        // Serialises concurrent first registrations so exactly one becomes admin.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stint:first-user'))`);
        const [{ exists }] = await tx.query('SELECT EXISTS (SELECT 1 FROM users) AS exists');
        const created = tx.create(User, {
          email: dto.email,
          passwordHash,
          fullName: dto.full_name,
          role: exists ? 'member' : 'admin',
          lastLogin: this.clock.now(),
        });
        return tx.save(created);
      });
      return this.signIn(user, meta);
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw conflictError('An account with this email already exists', { email: ['An account with this email already exists'] });
      }
      throw error;
    }
  }

  async login(dto: LoginDto, meta: ClientMeta): Promise<SignedIn> {
    const user = await this.dataSource.manager.findOne(User, { where: { email: dto.email } });
    if (!user) {
      await this.hasher.verifyAgainstNothing(dto.password);
      // No actor and no address in clear: see emailDigest.
      await this.audit.record({ action: 'auth.login_failed', actorUserId: null, details: { reason: 'unknown_email', email_digest: emailDigest(this.config.jwt.secret, dto.email) } });
      throw authenticationError(SIGN_IN_FAILED);
    }
    const now = this.clock.now();
    const passwordMatches = await this.hasher.verify(dto.password, user.passwordHash);
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.recordFailedSignIn(user.id, 'locked');
      throw authenticationError(SIGN_IN_FAILED);
    }
    if (!passwordMatches) {
      await this.recordFailure(user.id, now);
      throw authenticationError(SIGN_IN_FAILED);
    }
    if (!user.isActive) {
      await this.recordFailedSignIn(user.id, 'deactivated');
      throw authenticationError('This account is deactivated; ask an admin to reactivate it');
    }
    return this.dataSource.transaction(async (tx) => {
      await tx.update(User, { id: user.id }, { failedLoginAttempts: 0, lockedUntil: null, lastLogin: now });
      const signedIn = await this.signIn({ ...user, failedLoginAttempts: 0, lockedUntil: null, lastLogin: now }, meta, tx);
      await this.audit.record({ action: 'auth.login', actorUserId: user.id, subjectType: 'session', subjectId: signedIn.refresh.sessionId }, tx);
      return signedIn;
    });
  }

  private recordFailedSignIn(userId: string, reason: 'locked' | 'deactivated' | 'wrong_password', manager?: EntityManager, details: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({ action: 'auth.login_failed', actorUserId: userId, subjectType: 'user', subjectId: userId, details: { reason, ...details } }, manager);
  }

  /**
   * Counts a failure atomically (parallel guesses can't slip past the limit). A lock that
   * has expired starts a new count, so a lockout never lasts longer than LOCKOUT_MINUTES.
   */
  private async recordFailure(userId: string, now: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [rows] = await tx.query<[Array<{ failed_login_attempts: number; locked_until: Date | null }>, number]>(
        `UPDATE users
            SET failed_login_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_login_attempts + 1 END,
                locked_until = CASE
                  WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
                  WHEN failed_login_attempts + 1 >= $3 THEN $2::timestamptz + make_interval(mins => $4)
                  ELSE locked_until END
          WHERE id = $1
          RETURNING failed_login_attempts, locked_until`,
        [userId, now, MAX_FAILED_ATTEMPTS, LOCKOUT_MINUTES],
      );
      const attempts = rows[0]?.failed_login_attempts ?? 0;
      await this.recordFailedSignIn(userId, 'wrong_password', tx, { failed_attempts: attempts });
      // The count only reaches the limit once per lock (a locked account isn't counted), so this is when the lockout starts.
      if (attempts === MAX_FAILED_ATTEMPTS) {
        await this.audit.record(
          { action: 'auth.lockout', actorUserId: userId, subjectType: 'user', subjectId: userId, details: { failed_attempts: attempts, locked_until: rows[0].locked_until, lockout_minutes: LOCKOUT_MINUTES } },
          tx,
        );
      }
    });
  }

  async refresh(refreshToken: string): Promise<SignedIn> {
    const result = await this.sessions.rotate(refreshToken);
    if (result.outcome === 'reused') {
      throw authenticationError('This refresh token was already used; the session has been ended for safety. Sign in again.');
    }
    if (result.outcome === 'invalid') throw authenticationError('The session has expired or ended; sign in again');
    const user = await this.dataSource.manager.findOneOrFail(User, { where: { id: result.issued.userId } });
    return { body: this.tokenResponse(user, result.issued.sessionId), refresh: result.issued };
  }

  /** Ends the session at once: its access token stops working on the next request. */
  async logout(sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const userId = await this.sessions.revoke(sessionId, 'logout', tx);
      if (userId) await this.audit.record({ action: 'auth.logout', actorUserId: userId, subjectType: 'session', subjectId: sessionId }, tx);
    });
    // Settings' auto_pause_on_logout: the person has left, so their running timers pause.
    await this.timers.pauseOnLogout(sessionId);
  }

  /** The claims of a valid access token (signature, algorithm, expiry, type), or null. */
  verifyAccessToken(token: string): AccessTokenClaims | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, { algorithms: [this.config.jwt.algorithm] });
      return claims.type === 'access' ? claims : null;
    } catch {
      return null;
    }
  }

  async sessionOfRefreshToken(token: string): Promise<string | null> {
    return this.sessions.sessionOfToken(token);
  }

  private async signIn(user: User, meta: ClientMeta, manager?: EntityManager): Promise<SignedIn> {
    const refresh = await this.sessions.start(user.id, meta, manager);
    return { body: this.tokenResponse(user, refresh.sessionId), refresh };
  }

  private tokenResponse(user: User, sessionId: string): TokenResponse {
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId, type: 'access' };
    const expiresIn = this.config.jwt.accessTokenMinutes * 60;
    const token = this.jwt.sign(claims, { expiresIn });
    return { token, token_type: 'bearer', expires_in: expiresIn, user: toUserResponse(user) };
  }
}
