import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Paginated, UserResponse } from '@stint/contracts';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { authenticationError, notFoundError, conflictError } from '../common/errors/app-error';
import { pageWindow, paginated } from '../common/pagination';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionsService } from '../auth/sessions.service';
import { AuditLogService } from '../audit/audit-log.service';
import { isErased } from './erased-account';
import { User } from './entities/user.entity';
import type { AdminUpdateUserDto, ChangePasswordDto, UpdateMeDto, UserListQueryDto } from './dto/user.dto';

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    timezone: user.timezone,
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
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLogService,
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
    if (!(await this.hasher.verify(dto.current_password, user.passwordHash))) {
      throw authenticationError('The current password is wrong');
    }
    const passwordHash = await this.hasher.hash(dto.new_password);
    await this.dataSource.transaction(async (tx) => {
      await tx.update(User, { id: user.id }, { passwordHash });
      const sessionsEnded = await this.sessions.revokeAllOfUser(user.id, 'password_change', auth.sessionId, tx);
      await this.audit.record({ action: 'auth.password_changed', actorUserId: auth.id, subjectType: 'user', subjectId: user.id, details: { other_sessions_ended: sessionsEnded } }, tx);
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
   * Role and activation changes by an admin. Deactivating ends the user's sessions in the
   * same transaction; an admin can't demote or deactivate themself (no admin-less instance).
   */
  async adminUpdate(auth: AuthUser, id: string, dto: AdminUpdateUserDto): Promise<UserResponse> {
    return this.dataSource.transaction(async (tx) => {
      const user = await tx.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      // An erased account is gone for every action on it: it can't be re-activated or promoted.
      if (!user || isErased(user)) throw notFoundError('User', id);
      if (user.id === auth.id && (dto.role === 'member' || dto.is_active === false)) {
        throw conflictError('You cannot remove your own admin role or deactivate yourself');
      }
      const before = { role: user.role, isActive: user.isActive };
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.is_active !== undefined) user.isActive = dto.is_active;
      const saved = await tx.save(user);
      if (dto.is_active === false) await this.sessions.revokeAllOfUser(user.id, 'deactivated', undefined, tx);
      if (saved.role !== before.role) {
        await this.audit.record({ action: 'user.role_changed', actorUserId: auth.id, subjectType: 'user', subjectId: user.id, details: { from: before.role, to: saved.role } }, tx);
      }
      if (saved.isActive !== before.isActive) {
        await this.audit.record({ action: 'user.activation_changed', actorUserId: auth.id, subjectType: 'user', subjectId: user.id, details: { from: before.isActive, to: saved.isActive } }, tx);
      }
      return toUserResponse(saved);
    });
  }
}
