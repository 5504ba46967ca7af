import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Paginated, type TaskDetailResponse, type TaskResponse, type TaskStatus } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { authorizationError, conflictError, notFoundError } from '../common/errors/app-error';
import { paginated } from '../common/pagination';
import { isAdmin, ProjectAccess } from '../projects/project-access';
import type { TaskCreateDto, TaskListQueryDto, TaskStatusUpdateDto, TaskUpdateDto } from './dto/task.dto';
import { completedAtAfter } from './task-rules';
import { taskListStatements, type TaskRow } from './task-list-sql';
import { SqlParams, TASK_COLUMNS, taskVisibleTo, withTrackedHours } from './task-sql';
import { TaskEntryReads } from './task-entry-reads';
import { DomainEvents } from '../events/domain-events';

/** The locked row a change works on. */
interface TaskState {
  id: string;
  user_id: string;
  project_id: string | null;
  status: TaskStatus;
  completed_at: Date | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Exported for the benchmark's bare server, which answers the same list with the same SQL. */
export function toTaskResponse(row: TaskRow): TaskResponse {
  return {
    id: row.id,
    user_id: row.user_id,
    project_id: row.project_id,
    key: row.key,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    due_date: iso(row.due_date),
    tags: row.tags,
    estimated_hours: row.estimated_hours === null ? null : Number(row.estimated_hours),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    completed_at: iso(row.completed_at),
    time_tracked_hours: Number(row.time_tracked_hours),
  };
}

/** The creator and admins may delete a task or move it between projects (it changes who sees it). */
const mayManage = (auth: AuthUser, task: TaskState) => isAdmin(auth) || task.user_id === auth.id;

/**
 * Tasks. Who may do what (record-level, here rather than in guards):
 * - see, edit, change status: the creator, every member of the task's project, admins;
 * - delete, move to another project: the creator and admins (403 for other project members);
 * - anyone else gets 404, so a task's existence isn't revealed.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectAccess,
    private readonly clock: Clock,
    private readonly entries: TaskEntryReads,
  ) {}

  /** Time tracking's subquery of a task's stopped seconds, for the task statements. */
  private readonly trackedSeconds = (task: string) => this.entries.trackedSecondsSql(task);

  async list(auth: AuthUser, query: TaskListQueryDto): Promise<Paginated<TaskResponse>> {
    const statements = taskListStatements(auth, query, this.trackedSeconds);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<TaskRow[]>(statements.page.sql, statements.page.values),
      this.dataSource.query<Array<{ total: number }>>(statements.count.sql, statements.count.values),
    ]);
    return paginated(rows.map(toTaskResponse), total, statements.window);
  }

  /** The spec's TaskDetailResponse: members see their own entries on the task, admins everyone's. */
  async get(auth: AuthUser, id: string): Promise<TaskDetailResponse> {
    const task = await this.read(auth, id);
    const entries = await this.entries.entriesOn(this.dataSource.manager, id, isAdmin(auth) ? null : auth.id);
    return { ...toTaskResponse(task), time_entries: entries };
  }

  async create(auth: AuthUser, dto: TaskCreateDto): Promise<TaskResponse> {
    const id = await this.dataSource.transaction(async (tx) => {
      const number = dto.project_id ? (await this.projects.takeTaskNumber(tx, auth, dto.project_id)).number : null;
      const status = dto.status ?? 'todo';
      const [row] = await tx.query<Array<{ id: string }>>(
        `INSERT INTO tasks (user_id, project_id, number, title, description, status, priority, due_date, tags, estimated_hours, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11) RETURNING id`,
        [
          auth.id,
          dto.project_id ?? null,
          number,
          dto.title,
          dto.description ?? null,
          status,
          dto.priority ?? 'medium',
          dto.due_date ? new Date(dto.due_date) : null,
          JSON.stringify(dto.tags ?? []),
          dto.estimated_hours ?? null,
          status === 'done' ? this.clock.now() : null,
        ],
      );
      await DomainEvents.record(tx, { type: 'task.changed', task_id: row.id, project_id: dto.project_id ?? null, change: 'created' });
      return row.id;
    });
    return toTaskResponse(await this.read(auth, id));
  }

  async update(auth: AuthUser, id: string, dto: TaskUpdateDto): Promise<TaskResponse> {
    await this.dataSource.transaction(async (tx) => {
      const task = await this.lockVisible(tx, auth, id);
      const sql = new SqlParams();
      const target = sql.add(id);
      const sets: string[] = [];
      const set = (column: string, value: unknown, cast = '') => sets.push(`${column} = ${sql.add(value)}${cast}`);
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.description !== undefined) set('description', dto.description);
      if (dto.priority !== undefined) set('priority', dto.priority);
      if (dto.due_date !== undefined) set('due_date', dto.due_date === null ? null : new Date(dto.due_date), '::timestamptz');
      if (dto.tags !== undefined) set('tags', JSON.stringify(dto.tags), '::jsonb');
      if (dto.estimated_hours !== undefined) set('estimated_hours', dto.estimated_hours);
      if (dto.status !== undefined) {
        set('status', dto.status);
        set('completed_at', completedAtAfter({ status: task.status, completedAt: task.completed_at }, dto.status, this.clock.now()), '::timestamptz');
      }
      if (dto.project_id !== undefined && dto.project_id !== task.project_id) {
        const number = await this.moveNumber(tx, auth, task, dto.project_id);
        set('project_id', dto.project_id, '::uuid');
        set('number', number, '::int');
      }
      if (sets.length) await tx.query(`UPDATE tasks SET ${sets.join(', ')} WHERE id = ${target}`, sql.values);
      if (sets.length)
        await DomainEvents.record(tx, { type: 'task.changed', task_id: id, project_id: dto.project_id !== undefined ? dto.project_id : task.project_id, change: 'updated' });
    });
    return this.changed(auth, id);
  }

  async updateStatus(auth: AuthUser, id: string, dto: TaskStatusUpdateDto): Promise<TaskResponse> {
    await this.dataSource.transaction(async (tx) => {
      const task = await this.lockVisible(tx, auth, id);
      const completedAt = completedAtAfter({ status: task.status, completedAt: task.completed_at }, dto.status, this.clock.now());
      await tx.query('UPDATE tasks SET status = $2, completed_at = $3 WHERE id = $1', [id, dto.status, completedAt]);
      await DomainEvents.record(tx, { type: 'task.changed', task_id: id, project_id: task.project_id, change: 'updated' });
    });
    return this.changed(auth, id);
  }

  /** Hard delete; the task's time entries stay, unlinked (task_id ON DELETE SET NULL). */
  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const task = await this.lockVisible(tx, auth, id);
      if (!mayManage(auth, task)) throw authorizationError('Only the task’s creator or an admin can delete it');
      await tx.query('DELETE FROM tasks WHERE id = $1', [id]);
      await DomainEvents.record(tx, { type: 'task.changed', task_id: id, project_id: task.project_id, change: 'deleted' });
      return task.user_id;
    });
  }

  /** The task after a committed change. */
  private async changed(auth: AuthUser, id: string): Promise<TaskResponse> {
    const row = await this.read(auth, id);
    return toTaskResponse(row);
  }

  /**
   * Checks a move and returns the task's number in the target project (null: no project).
   * Time already tracked stays booked on the old project, so a tracked task can't move.
   */
  private async moveNumber(tx: EntityManager, auth: AuthUser, task: TaskState, projectId: string | null): Promise<number | null> {
    if (!mayManage(auth, task)) throw authorizationError('Only the task’s creator or an admin can move it to another project');
    if (await this.entries.hasEntries(tx, task.id)) throw conflictError('A task with time entries cannot move to another project', { project_id: ['the task has time entries'] });
    return projectId === null ? null : (await this.projects.takeTaskNumber(tx, auth, projectId)).number;
  }

  /**
   * The task, row-locked for the change, if the caller may change it: 404 when they can't see
   * it, 403 when they see it only as its creator after being removed from its project (a
   * removed member's own tasks stay readable to them, not changeable — issue 12, item 5).
   */
  private async lockVisible(tx: EntityManager, auth: AuthUser, id: string): Promise<TaskState> {
    const [task] = await tx.query<Array<TaskState & { writable: boolean; project_key: string | null }>>(
      `SELECT t.id, t.user_id, t.project_id, t.status, t.completed_at, p.key AS project_key,
              ($3::boolean OR t.project_id IS NULL
                 OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = t.project_id AND m.user_id = $2::uuid)) AS writable
         FROM tasks t LEFT JOIN projects p ON p.id = t.project_id
        WHERE t.id = $1 AND ${taskVisibleTo('$2', '$3')} FOR UPDATE OF t`,
      [id, auth.id, isAdmin(auth)],
    );
    if (!task) throw notFoundError('Task', id);
    if (!task.writable) throw authorizationError(`You are no longer a member of project ${task.project_key}: your tasks there are read-only`);
    return task;
  }

  private async read(auth: AuthUser, id: string): Promise<TaskRow> {
    const page = `SELECT ${TASK_COLUMNS} FROM tasks t LEFT JOIN projects p ON p.id = t.project_id
                   WHERE t.id = $1 AND ${taskVisibleTo('$2', '$3')}`;
    const [row] = await this.dataSource.query<TaskRow[]>(withTrackedHours(page, 'id', this.trackedSeconds), [id, auth.id, isAdmin(auth)]);
    if (!row) throw notFoundError('Task', id);
    return row;
  }
}

/**
 * An account's erasure: its personal tasks (no project) go; other people's entries on such a
 * task lose the task. In the erasure's transaction; how many were removed.
 */
export async function deletePersonalTasks(tx: EntityManager, userId: string): Promise<number> {
  const [, removed] = await tx.query<[unknown, number]>('DELETE FROM tasks WHERE user_id = $1 AND project_id IS NULL', [userId]);
  return removed;
}
