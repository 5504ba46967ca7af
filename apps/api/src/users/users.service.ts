import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Paginated, SignInFailureResponse, UserResponse } from '@stint/contracts';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { authenticationError, notFoundError, conflictError } from '../common/errors/app-error';
import { pageWindow, paginated } from '../common/pagination';
import { AuditLogService } from '../audit/audit-log.service';
import { AuditLogReader } from '../audit/audit-log-reader';
import { lockUserTimers } from '../common/locks/user-timer-lock';
import { AccountDeactivationHooks } from './account-deactivation-hooks';
import { ListQueryDto } from '../common/pagination';
import { isErased } from './erased-account';
import { isLastActiveAdminViolation, lastActiveAdminError, lockActiveAdmins, otherActiveAdmins } from './last-admin';
import { User } from './entities/user.entity';
import { UserCredentials } from './user-credentials';
import type { AdminUpdateUserDto, ChangePasswordDto, UpdateMeDto, UserListQueryDto } from './dto/user.dto';
import { usableTimeZone } from '../common/validators/is-time-zone';

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    // What the queries use: a stored zone PostgreSQL doesn't know reads as UTC.
    timezone: usableTimeZone(user.timezone),
    is_active: user.isActive,
    created_at: user.createdAt.toISOString(),
    last_login: user.lastLogin ? user.lastLogin.toISOString() : null,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: UserCredentials,
    private readonly audit: AuditLogService,
    private readonly auditReader: AuditLogReader,
    private readonly deactivation: AccountDeactivationHooks,
  ) {}

  private async require(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw notFoundError('User', id);
    return user;
  }

  async me(auth: AuthUser): Promise<UserResponse> {
    return toUserResponse(await this.require(auth.id));
  }

  async updateMe(auth: AuthUser, dto: UpdateMeDto): Promise<UserResponse> {
    const user = await this.require(auth.id);
    if (dto.full_name !== undefined) user.fullName = dto.full_name;
    if (dto.timezone !== undefined) user.timezone = dto.timezone;
    return toUserResponse(await this.users.save(user));
  }

  /** Checks the current password, sets the new one and ends every other session of the user. */
  async changePassword(auth: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.require(auth.id);
    if (!(await this.credentials.verifyPassword(dto.current_password, user.passwordHash))) {
      throw authenticationError('The current password is wrong');
    }
    const passwordHash = await this.credentials.hashPassword(dto.new_password);
    await this.dataSource.transaction(async (tx) => {
      await tx.update(User, { id: user.id }, { passwordHash });
      const sessionsEnded = await this.credentials.revokeAllSessions(user.id, 'password_change', auth.sessionId, tx);
      await this.audit.record(
        { action: 'auth.password_changed', actorUserId: auth.id, subjectType: 'user', subjectId: user.id, details: { other_sessions_ended: sessionsEnded } },
        tx,
      );
    });
  }

  async list(query: UserListQueryDto): Promise<Paginated<UserResponse>> {
    const window = pageWindow(query);
    const qb = this.users.createQueryBuilder('u').orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC');
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.email ILIKE :pattern OR u.full_name ILIKE :pattern)', { pattern });
    }
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.is_active !== undefined) qb.andWhere('u.is_active = :active', { active: query.is_active });
    const [rows, total] = await qb.skip(window.offset).take(window.perPage).getManyAndCount();
    return paginated(rows.map(toUserResponse), total, window);
  }

  /**
   * Role and activation changes by an admin, in one transaction:
   * - an erased account takes nothing (404);
   * - the last active admin can't be demoted or deactivated (409), under concurrency: every
   *   such change takes the active-admins lock before it looks, and a deferred constraint
   *   trigger refuses at commit whatever got past (see last-admin.ts);
   * - deactivating ends the user's sessions and stops and books their running and paused
   *   timers (stop_reason `deactivated`), so nothing keeps costing on an account nobody can use.
   */
  async adminUpdate(auth: AuthUser, id: string, dto: AdminUpdateUserDto): Promise<UserResponse> {
    const deactivating = dto.is_active === false;
    const mayRemoveAdmin = dto.role === 'member' || deactivating;
    let timersStopped = 0;
    try {
      const response = await this.dataSource.transaction(async (tx) => {
        if (mayRemoveAdmin) await lockActiveAdmins(tx);
        // The timer lock before the row lock, the order a timer action takes them in (its entry insert key-shares the users row).
        if (deactivating) await lockUserTimers(tx, id);
        const user = await tx.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
        // An erased account is gone for every action on it: it can't be re-activated or promoted.
        if (!user || isErased(user)) throw notFoundError('User', id);
        if (user.id === auth.id && mayRemoveAdmin) {
          throw conflictError('You cannot remove your own admin role or deactivate yourself');
        }
        const before = { role: user.role, isActive: user.isActive };
        if (dto.role !== undefined) user.role = dto.role;
        if (dto.is_active !== undefined) user.isActive = dto.is_active;
        const wasActiveAdmin = before.role === 'admin' && before.isActive;
        if (wasActiveAdmin && !(user.role === 'admin' && user.isActive) && (await otherActiveAdmins(tx, user.id)) === 0) throw lastActiveAdminError();
        const saved = await tx.save(user);
        let sessionsEnded = 0;
        if (deactivating) {
          sessionsEnded = await this.credentials.revokeAllSessions(user.id, 'deactivated', undefined, tx);
          timersStopped = await this.deactivation.deactivated(tx, user.id);
        }
        if (saved.role !== before.role) {
          await this.audit.record(
            { action: 'user.role_changed', actorUserId: auth.id, subjectType: 'user', subjectId: user.id, details: { from: before.role, to: saved.role } },
            tx,
          );
        }
        if (saved.isActive !== before.isActive) {
          const outcome = deactivating ? { sessions_ended: sessionsEnded, timers_stopped: timersStopped } : {};
          await this.audit.record(
            {
              action: 'user.activation_changed',
              actorUserId: auth.id,
              subjectType: 'user',
              subjectId: user.id,
              details: { from: before.isActive, to: saved.isActive, ...outcome },
            },
            tx,
          );
        }
        return toUserResponse(saved);
      });
      return response;
    } catch (error) {
      if (isLastActiveAdminViolation(error)) throw lastActiveAdminError();
      throw error;
    }
  }

  /**
   * An admin clears every sign-in failure count and lock of an account (all addresses and
   * the account-wide back-off). 404 for an erased or unknown account. Audited.
   */
  async unlock(auth: AuthUser, id: string): Promise<UserResponse> {
    return this.dataSource.transaction(async (tx) => {
      const user = await tx.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user || isErased(user)) throw notFoundError('User', id);
      const cleared = await this.credentials.clearSignInThrottles(tx, user.id);
      await this.audit.record({ action: 'user.unlocked', actorUserId: auth.id, subjectType: 'user', subjectId: user.id, details: cleared }, tx);
      return toUserResponse(user);
    });
  }

  /** The caller's failed sign-ins of the last SIGN_IN_FAILURES_DAYS days, newest first, paged. */
  signInFailures(auth: AuthUser, query: ListQueryDto): Promise<Paginated<SignInFailureResponse>> {
    return this.auditReader.signInFailuresOf(auth.id, query);
  }
}
