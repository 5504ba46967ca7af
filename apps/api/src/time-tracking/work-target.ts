import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError, conflictError, notFoundError, validationError } from '../common/errors/app-error';
import { ErrorCode } from '@stint/contracts';
import { isAdmin, projectVisibleTo } from '../projects/project-access';
import { taskVisibleTo } from '../tasks/task-sql';

/** What time is tracked on: an optional task and an optional project, both access-checked. */
export interface WorkTarget {
  taskId: string | null;
  projectId: string | null;
  project: { key: string; currency: string; isBillable: boolean } | null;
}

interface ProjectRow {
  id: string;
  key: string;
  currency: string;
  is_billable: boolean;
  archived_at: Date | null;
  is_member: boolean;
}

/** Time on a project the caller no longer belongs to: their past entries stay readable, not changeable (403). */
export const notAMemberError = (projectKey: string) =>
  new AppError(ErrorCode.AUTHORIZATION_ERROR, `You are no longer a member of project ${projectKey}: your tasks and entries there are read-only and no time can be tracked on it`, {
    project_id: ['not a member'],
  });

/** No new or longer time on an archived project (409, like adding tasks to it). */
export const archivedTrackingError = (projectKey: string) =>
  conflictError(`Project ${projectKey} is archived: no time can be added to it (shortening or deleting entries is still allowed); restore it first`, {
    project_id: ['archived'],
  });

/**
 * The record-level rule of who may put time where (issue 12, item 5), for the timer and the
 * manual entries alike — one place, not an `if` per route:
 * - new time (timer start, manual entry, an entry moved onto a target) needs a target the
 *   caller may use: a personal task is its creator's; a project, and its tasks, are for its
 *   current members and admins — a removed member's own tasks there are readable, not usable
 *   (403) — and an archived project takes none (409);
 * - an existing entry or timer (resume, edit, delete) stays changeable only while its owner
 *   is still a member (or an admin); on an archived project only changes that add no time
 *   (shorten, delete, re-describe) are allowed.
 * Anything the caller can't see is a 404, so ids of other people's work reveal nothing.
 *
 * Concurrency: `resolve` reads the project FOR SHARE and the membership row FOR SHARE, so
 * an archive (project FOR NO KEY UPDATE) or a removal (DELETE of the membership) and a new
 * timer or entry are ordered: either the new time is refused, or it exists when the archive
 * or removal stops and books the project's timers. `requireWritable` takes no lock (it runs
 * with the entry's row already locked; the archive/removal then waits for that row).
 */
@Injectable()
export class WorkTargets {
  async resolve(manager: EntityManager, auth: AuthUser, request: { taskId?: string | null; projectId?: string | null }): Promise<WorkTarget> {
    const params = [auth.id, isAdmin(auth)];
    if (request.taskId) {
      const [task] = await manager.query<Array<{ id: string; project_id: string | null }>>(
        `SELECT t.id, t.project_id FROM tasks t WHERE t.id = $3 AND ${taskVisibleTo('$1', '$2')}`,
        [...params, request.taskId],
      );
      if (!task) throw notFoundError('Task', request.taskId);
      if (request.projectId !== undefined && request.projectId !== null && request.projectId !== task.project_id) {
        throw validationError('The task belongs to another project', { project_id: ['must be the task’s project (or left out)'] });
      }
      if (request.projectId === null && task.project_id !== null) {
        throw validationError('The task belongs to a project', { project_id: ['must be the task’s project (or left out)'] });
      }
      const project = task.project_id ? await this.usableProject(manager, auth, task.project_id) : null;
      return { taskId: task.id, projectId: task.project_id, project };
    }
    if (request.projectId) {
      const [visible] = await manager.query<Array<{ id: string }>>(`SELECT p.id FROM projects p WHERE p.id = $3 AND ${projectVisibleTo('p', '$1', '$2')}`, [
        ...params,
        request.projectId,
      ]);
      if (!visible) throw notFoundError('Project', request.projectId);
      return { taskId: null, projectId: request.projectId, project: await this.usableProject(manager, auth, request.projectId) };
    }
    return { taskId: null, projectId: null, project: null };
  }

  /**
   * May the caller change their existing entry or timer on `projectId`? 403 once they are no
   * longer a member (admins always may); 409 on an archived project when the change adds time.
   */
  async requireWritable(manager: EntityManager, auth: AuthUser, projectId: string | null, change: { addsTime: boolean }): Promise<void> {
    if (!projectId) return;
    const row = await this.projectRow(manager, auth, projectId, '');
    if (!row) return;
    if (!row.is_member && !isAdmin(auth)) throw notAMemberError(row.key);
    if (row.archived_at && change.addsTime) throw archivedTrackingError(row.key);
  }

  /** A project new time may go on: member (or admin) and not archived; locked FOR SHARE until the caller commits. */
  private async usableProject(manager: EntityManager, auth: AuthUser, id: string): Promise<WorkTarget['project']> {
    const row = await this.projectRow(manager, auth, id, 'FOR SHARE');
    if (!row) throw notFoundError('Project', id);
    if (!row.is_member && !isAdmin(auth)) throw notAMemberError(row.key);
    if (row.archived_at) throw archivedTrackingError(row.key);
    return { key: row.key, currency: row.currency, isBillable: row.is_billable };
  }

  private async projectRow(manager: EntityManager, auth: AuthUser, id: string, lock: '' | 'FOR SHARE'): Promise<ProjectRow | undefined> {
    const [row] = await manager.query<ProjectRow[]>(`SELECT id, key, currency, is_billable, archived_at FROM projects WHERE id = $1 ${lock}`, [id]);
    if (!row) return undefined;
    const [member] = await manager.query<Array<{ user_id: string }>>(`SELECT user_id FROM project_members WHERE project_id = $1 AND user_id = $2 ${lock}`, [id, auth.id]);
    return { ...row, is_member: Boolean(member) };
  }
}
