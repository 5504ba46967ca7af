import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TokenResponse } from '@stint/contracts';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { authenticationError, conflictError } from '../common/errors/app-error';
import type { User } from '../users/entities/user.entity';
import { toUserResponse } from '../users/users.service';
import { createAccount, findAccountByEmail, getAccount, recordLastLogin } from '../users/accounts';
import { PasswordHasher } from './password-hasher';
import { SessionsService, type IssuedRefreshToken } from './sessions.service';
import { LogoutHooks } from './logout-hooks';
import type { LoginDto, RegisterDto } from './dto/auth.dto';
import { AuditLogService } from '../audit/audit-log.service';
import { emailDigest } from '../audit/email-digest';
import { clientKey, LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS, SignInThrottles } from './sign-in-throttle';

export { LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS } from './sign-in-throttle';

/**
 * One answer for every failed sign-in — unknown email, wrong password, locked address,
 * back-off, deactivated account — so it reveals neither which emails exist, nor which
 * accounts are locked or deactivated, nor whether a guess was right.
 */
export const SIGN_IN_FAILED = `Invalid email or password. After ${MAX_FAILED_ATTEMPTS} failed attempts, sign-in from the same address pauses for ${LOCKOUT_MINUTES} minutes.`;

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
    private readonly logouts: LogoutHooks,
    private readonly audit: AuditLogService,
    private readonly throttles: SignInThrottles,
  ) {}

  /** The first account of an empty instance becomes its admin; later ones are members. */
  async register(dto: RegisterDto, meta: ClientMeta): Promise<SignedIn> {
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const user = await this.dataSource.transaction(async (tx) => {
        const saved = await createAccount(tx, { email: dto.email, passwordHash, fullName: dto.full_name, lastLogin: this.clock.now() });
        // Registering is signing in: the address becomes familiar (see SignInThrottles).
        await this.throttles.recordSuccess(tx, saved.id, clientKey(meta.ip), this.clock.now());
        return saved;
      });
      return this.signIn(user, meta);
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw conflictError('An account with this email already exists', { email: ['An account with this email already exists'] });
      }
      throw error;
    }
  }

  /**
   * Signs in. Every refusal after the password check takes the same path (bcrypt compare,
   * one audit row, one answer), so neither the status, the message nor the time tells a
   * right guess on a locked or deactivated account from a wrong one. See SignInThrottles.
   */
  async login(dto: LoginDto, meta: ClientMeta): Promise<SignedIn> {
    const user = await findAccountByEmail(this.dataSource.manager, dto.email);
    if (!user) {
      await this.hasher.verifyAgainstNothing(dto.password);
      // No actor and no address in clear: see emailDigest.
      await this.audit.record({
        action: 'auth.login_failed',
        actorUserId: null,
        details: { reason: 'unknown_email', email_digest: emailDigest(this.config.jwt.secret, dto.email) },
      });
      throw authenticationError(SIGN_IN_FAILED);
    }
    const now = this.clock.now();
    const client = clientKey(meta.ip);
    const passwordMatches = await this.hasher.verify(dto.password, user.passwordHash);
    const throttle = await this.throttles.state(user.id, client, now);
    if (throttle.addressLockedUntil || (throttle.accountBackoffUntil && !throttle.familiar)) {
      // Not counted: attempts during a lock or the back-off can't extend it.
      await this.recordFailedSignIn(user.id, 'locked', undefined, { scope: throttle.addressLockedUntil ? 'address' : 'account' });
      throw authenticationError(SIGN_IN_FAILED);
    }
    if (!passwordMatches || !user.isActive) {
      await this.recordFailure(user.id, client, now, passwordMatches ? 'deactivated' : 'wrong_password');
      throw authenticationError(SIGN_IN_FAILED);
    }
    return this.dataSource.transaction(async (tx) => {
      await this.throttles.recordSuccess(tx, user.id, client, now);
      await recordLastLogin(tx, user.id, now);
      const signedIn = await this.signIn({ ...user, failedLoginAttempts: 0, lockedUntil: null, lastLogin: now }, meta, tx);
      await this.audit.record({ action: 'auth.login', actorUserId: user.id, subjectType: 'session', subjectId: signedIn.refresh.sessionId }, tx);
      return signedIn;
    });
  }

  private recordFailedSignIn(userId: string, reason: 'locked' | 'deactivated' | 'wrong_password', manager?: EntityManager, details: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({ action: 'auth.login_failed', actorUserId: userId, subjectType: 'user', subjectId: userId, details: { reason, ...details } }, manager);
  }

  /** Counts a failure for the address and the account (atomically, in PostgreSQL) with its audit rows. */
  private async recordFailure(userId: string, client: string, now: Date, reason: 'wrong_password' | 'deactivated'): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const counted = await this.throttles.recordFailure(tx, userId, client, now);
      await this.recordFailedSignIn(userId, reason, tx, { failed_attempts: counted.addressFailures, account_failed_attempts: counted.accountFailures });
      if (counted.lockStarted) {
        await this.audit.record(
          {
            action: 'auth.lockout',
            actorUserId: userId,
            subjectType: 'user',
            subjectId: userId,
            details: { scope: 'address', failed_attempts: counted.addressFailures, locked_until: counted.lockStarted, lockout_minutes: LOCKOUT_MINUTES },
          },
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
    const user = await getAccount(this.dataSource.manager, result.issued.userId);
    return { body: this.tokenResponse(user, result.issued.sessionId), refresh: result.issued };
  }

  /** Ends the session at once: its access token stops working on the next request. */
  async logout(sessionId: string): Promise<void> {
    const userId = await this.dataSource.transaction(async (tx) => {
      const revokedFor = await this.sessions.revoke(sessionId, 'logout', tx);
      if (revokedFor) await this.audit.record({ action: 'auth.logout', actorUserId: revokedFor, subjectType: 'session', subjectId: sessionId }, tx);
      return revokedFor;
    });
    // E.g. settings' auto_pause_on_logout: the person has left, so their running timers pause.
    if (userId) await this.logouts.loggedOut(userId);
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
