import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ListQuery, Paginated, ProjectDeleteResponse, ProjectMemberResponse, ProjectResponse, ProjectSort, Role } from '@stint/contracts';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { authorizationError, conflictError, notFoundError, validationError } from '../common/errors/app-error';
import { pageWindow, paginated } from '../common/pagination';
import { isErased } from '../users/erased-account';
import { accountStatus } from '../users/accounts';
import type { ProjectCreateDto, ProjectListQueryDto, ProjectMemberAddDto, ProjectUpdateDto } from './dto/project.dto';
import { isAdmin, ProjectAccess, projectVisibleTo } from './project-access';
import { ProjectBudgetHooks } from './project-budget-hooks';
import { ProjectTrackingHooks } from './project-tracking-hooks';
import { DomainEvents } from '../events/domain-events';
import { SettingsReader } from '../settings/settings-reader';

interface ProjectRow {
  id: string;
  name: string;
  key: string;
  description: string | null;
  currency: string;
  is_billable: boolean;
  archived_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  member_count: number;
  task_count: number;
  is_member: boolean;
}

interface MemberRow {
  user_id: string;
  email: string;
  full_name: string;
  role: Role;
  is_active: boolean;
  added_at: Date;
}

/** Project columns plus the counts, computed in the same statement ($1 = caller id). */
const PROJECT_COLUMNS = `
  p.id, p.name, p.key, p.description, p.currency, p.is_billable, p.archived_at, p.created_by, p.created_at, p.updated_at,
  (SELECT count(*) FROM project_members m WHERE m.project_id = p.id)::int AS member_count,
  (SELECT count(*) FROM tasks t WHERE t.project_id = p.id)::int AS task_count,
  EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.user_id = $1) AS is_member`;

/** Whitelisted ORDER BY terms; request values never reach the SQL text. */
const PROJECT_ORDER: Record<ProjectSort, string> = {
  name: 'lower(p.name)',
  key: 'p.key',
  created_at: 'p.created_at',
  updated_at: 'p.updated_at',
};

function toProjectResponse(row: ProjectRow): ProjectResponse {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    description: row.description,
    currency: row.currency,
    is_billable: row.is_billable,
    archived_at: row.archived_at ? row.archived_at.toISOString() : null,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    member_count: row.member_count,
    task_count: row.task_count,
    is_member: row.is_member,
  };
}

function toMemberResponse(row: MemberRow): ProjectMemberResponse {
  return {
    user_id: row.user_id,
    email: row.email,
    full_name: row.full_name,
    role: row.role,
    is_active: row.is_active,
    added_at: row.added_at.toISOString(),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Projects and their members. Everyone sees only the projects they belong to (admins see
 * all); changing a project or its members is for admins. A caller who can't see a project
 * gets 404 for it whatever they ask, one who can see it but isn't an admin gets 403 for
 * admin actions.
 */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly clock: Clock,
    private readonly tracking: ProjectTrackingHooks,
    private readonly budgets: ProjectBudgetHooks,
    private readonly settings: SettingsReader,
  ) {}

  async list(auth: AuthUser, query: ProjectListQueryDto): Promise<Paginated<ProjectResponse>> {
    const window = pageWindow(query);
    const params: unknown[] = [auth.id, isAdmin(auth)];
    const where = [projectVisibleTo('p', '$1', '$2')];
    if (!query.include_archived) where.push('p.archived_at IS NULL');
    if (query.q) {
      params.push(`%${escapeLike(query.q)}%`);
      where.push(`(p.name ILIKE $${params.length} OR p.key ILIKE $${params.length})`);
    }
    const whereSql = where.join(' AND ');
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    const orderSql = `${PROJECT_ORDER[query.sort ?? 'name']} ${direction}, p.id ${direction}`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<ProjectRow[]>(
        `SELECT ${PROJECT_COLUMNS} FROM projects p WHERE ${whereSql} ORDER BY ${orderSql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, window.perPage, window.offset],
      ),
      this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM projects p WHERE ${whereSql}`, params),
    ]);
    return paginated(rows.map(toProjectResponse), total, window);
  }

  async get(auth: AuthUser, id: string): Promise<ProjectResponse> {
    return toProjectResponse(await this.read(auth, id));
  }

  async create(auth: AuthUser, dto: ProjectCreateDto): Promise<ProjectResponse> {
    const id = await this.dataSource.transaction(async (tx) => {
      const currency = dto.currency ?? (await this.settings.current(tx)).defaultCurrency;
      try {
        const [row] = await tx.query<Array<{ id: string }>>(
          `INSERT INTO projects (name, key, description, currency, is_billable, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [dto.name, dto.key, dto.description ?? null, currency, dto.is_billable ?? true, auth.id],
        );
        await DomainEvents.record(tx, { type: 'project.changed', project_id: row.id, change: 'created' });
        return row.id;
      } catch (error) {
        throw duplicateKey(error, dto.key) ?? error;
      }
    });
    return this.get(auth, id);
  }

  async update(auth: AuthUser, id: string, dto: ProjectUpdateDto): Promise<ProjectResponse> {
    await this.dataSource.transaction(async (tx): Promise<string[]> => {
      const current = await this.requireAdminAction(tx, auth, id, true);
      if (dto.key !== undefined && dto.key !== current.key) {
        throw validationError('The project key cannot change', {
          key: ['key is fixed when the project is created: the keys of its tasks are built from it'],
        });
      }
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (dto.name !== undefined) set('name', dto.name);
      if (dto.description !== undefined) set('description', dto.description);
      if (dto.is_billable !== undefined) set('is_billable', dto.is_billable);
      if (dto.currency !== undefined && dto.currency !== current.currency) {
        // Entries snapshot the currency they were tracked in; a project's entries and budget share one.
        // The project row is locked (FOR UPDATE above), as a budget PUT locks it too: neither can slip in between.
        if (await this.tracking.hasEntries(tx, id))
          throw conflictError('The currency of a project with time entries cannot change', { currency: ['the project has time entries'] });
        if (await this.budgets.hasBudget(tx, id)) {
          throw conflictError(`The currency of project ${current.key} cannot change while it has a budget (in ${current.currency}); amounts are never converted`, {
            currency: ['the project has a budget'],
          });
        }
        set('currency', dto.currency);
      }
      const archiving = dto.archived === true && !current.archived_at;
      if (archiving) set('archived_at', this.clock.now());
      if (dto.archived === false && current.archived_at) set('archived_at', null);
      if (sets.length) await tx.query(`UPDATE projects SET ${sets.join(', ')} WHERE id = $1`, params);
      if (sets.length) {
        const renamed = dto.name !== undefined && dto.name !== current.name;
        await DomainEvents.record(
          tx,
          renamed
            ? { type: 'project.renamed', project_id: id, name: dto.name as string, previous_name: current.name }
            : { type: 'project.changed', project_id: id, change: 'updated' },
        );
      }
      // Archived takes no new or longer time: its running and paused timers are stopped and booked now.
      return archiving ? this.tracking.trackingEnded(tx, { projectId: id, userId: null, reason: 'archived' }) : [];
    });
    return this.get(auth, id);
  }

  /**
   * A project with tasks or time entries is archived, so nothing tracked against it is
   * lost; an unused one (a typo, a test) is deleted. The row lock keeps a concurrent task
   * create from slipping in between the check and the delete.
   */
  async remove(auth: AuthUser, id: string): Promise<ProjectDeleteResponse> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const current = await this.requireAdminAction(tx, auth, id, true);
      const [{ tasks }] = await tx.query<Array<{ tasks: boolean }>>('SELECT EXISTS (SELECT 1 FROM tasks WHERE project_id = $1) AS tasks', [id]);
      if (tasks || (await this.tracking.hasEntries(tx, id))) {
        if (!current.archived_at) {
          await tx.query('UPDATE projects SET archived_at = $2 WHERE id = $1', [id, this.clock.now()]);
          await DomainEvents.record(tx, { type: 'project.changed', project_id: id, change: 'updated' });
          await this.tracking.trackingEnded(tx, { projectId: id, userId: null, reason: 'archived' });
        }
        return { id, outcome: 'archived' as const };
      }
      await tx.query('DELETE FROM projects WHERE id = $1', [id]);
      await DomainEvents.record(tx, { type: 'project.changed', project_id: id, change: 'deleted' });
      return { id, outcome: 'deleted' as const };
    });
    return outcome;
  }

  /** Members of a project; any member of it (and admins) may look. */
  async members(auth: AuthUser, id: string, query: ListQuery): Promise<Paginated<ProjectMemberResponse>> {
    await this.access.requireVisible(auth, id);
    const window = pageWindow(query);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<MemberRow[]>(
        `SELECT u.id AS user_id, u.email, u.full_name, u.role, u.is_active, m.created_at AS added_at
           FROM project_members m JOIN users u ON u.id = m.user_id
          WHERE m.project_id = $1
          ORDER BY lower(u.full_name), u.id
          LIMIT $2 OFFSET $3`,
        [id, window.perPage, window.offset],
      ),
      this.dataSource.query<Array<{ total: number }>>('SELECT count(*)::int AS total FROM project_members WHERE project_id = $1', [id]),
    ]);
    return paginated(rows.map(toMemberResponse), total, window);
  }

  /**
   * Adds a user to a project. Idempotent: adding a member again changes nothing and
   * `created` is false (the controller answers 200 instead of 201).
   */
  async addMember(auth: AuthUser, id: string, dto: ProjectMemberAddDto): Promise<{ member: ProjectMemberResponse; created: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      await this.requireAdminAction(tx, auth, id, false);
      const user = await accountStatus(tx, dto.user_id);
      // An erased account no longer exists for any action on it.
      if (!user || isErased(user)) throw notFoundError('User', dto.user_id);
      if (!user.is_active) throw conflictError('A deactivated user cannot join a project', { user_id: ['deactivated'] });
      const inserted = await tx.query<Array<{ user_id: string }>>('INSERT INTO project_members (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id', [
        id,
        dto.user_id,
      ]);
      if (inserted.length) await DomainEvents.record(tx, { type: 'project.changed', project_id: id, change: 'members' });
      const [member] = await tx.query<MemberRow[]>(
        `SELECT u.id AS user_id, u.email, u.full_name, u.role, u.is_active, m.created_at AS added_at
           FROM project_members m JOIN users u ON u.id = m.user_id
          WHERE m.project_id = $1 AND m.user_id = $2`,
        [id, dto.user_id],
      );
      return { member: toMemberResponse(member), created: inserted.length > 0 };
    });
  }

  /**
   * Removes a member. Their own tasks and entries in the project stay theirs and readable to
   * them, but they can no longer change them or track time there (WorkTargets); a running or
   * paused timer of theirs on it is stopped and booked in this transaction.
   */
  async removeMember(auth: AuthUser, id: string, userId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.requireAdminAction(tx, auth, id, false);
      const [, removed] = await tx.query<[unknown[], number]>('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [id, userId]);
      if (!removed) throw notFoundError('Project member', userId);
      await DomainEvents.record(tx, { type: 'project.changed', project_id: id, change: 'members' });
      return this.tracking.trackingEnded(tx, { projectId: id, userId, reason: 'removed' });
    });
  }

  private async read(auth: AuthUser, id: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectRow> {
    const [row] = await manager.query<ProjectRow[]>(`SELECT ${PROJECT_COLUMNS} FROM projects p WHERE p.id = $3 AND ${projectVisibleTo('p', '$1', '$2')}`, [
      auth.id,
      isAdmin(auth),
      id,
    ]);
    if (!row) throw notFoundError('Project', id);
    return row;
  }

  /** 404 when the caller can't see the project, 403 when they can but aren't an admin. */
  private async requireAdminAction(tx: EntityManager, auth: AuthUser, id: string, lock: boolean) {
    await this.access.requireVisible(auth, id, tx);
    if (!isAdmin(auth)) throw authorizationError('Only admins can change projects and their members');
    const [row] = await tx.query<Array<{ name: string; key: string; currency: string; archived_at: Date | null }>>(
      // NO KEY UPDATE, not UPDATE: a timer action holding its user's lock takes the project FOR KEY SHARE
      // (the budget ledger), and an archive stopping that user's timer must not wait on it in turn.
      `SELECT name, key, currency, archived_at FROM projects WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ' FOR SHARE'}`,
      [id],
    );
    // Deleted by a concurrent request after the visibility check.
    if (!row) throw notFoundError('Project', id);
    return row;
  }
}

function duplicateKey(error: unknown, key: string) {
  const driver = error instanceof QueryFailedError ? (error as QueryFailedError & { code?: string; constraint?: string }) : null;
  if (driver?.code === '23505' && driver.constraint === 'idx_projects_key_unique') {
    return conflictError(`A project with key ${key} already exists (archived projects keep their keys)`, { key: ['already in use'] });
  }
  return null;
}

/** An account's erasure: it leaves every project. In the erasure's transaction. */
export async function removeFromAllProjects(tx: EntityManager, userId: string): Promise<void> {
  await tx.query('DELETE FROM project_members WHERE user_id = $1', [userId]);
}
