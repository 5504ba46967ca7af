import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { conflictError, notFoundError, validationError } from '../common/errors/app-error';
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
}

/**
 * Resolves `task_id`/`project_id` from a request into a target the caller may use (the
 * platform's access rule: a task is usable by its creator, its project's members and admins;
 * a project by its members and admins). Anything else is a 404, so ids of other people's
 * work reveal nothing. A task given alone brings its project.
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
      // The task's project is used even if the caller isn't its member (a task's creator may track on it).
      const project = task.project_id ? await this.project(manager, task.project_id) : null;
      return { taskId: task.id, projectId: task.project_id, project };
    }
    if (request.projectId) {
      const [visible] = await manager.query<Array<{ id: string }>>(`SELECT p.id FROM projects p WHERE p.id = $3 AND ${projectVisibleTo('p', '$1', '$2')}`, [
        ...params,
        request.projectId,
      ]);
      if (!visible) throw notFoundError('Project', request.projectId);
      return { taskId: null, projectId: request.projectId, project: await this.project(manager, request.projectId) };
    }
    return { taskId: null, projectId: null, project: null };
  }

  private async project(manager: EntityManager, id: string): Promise<WorkTarget['project']> {
    const [row] = await manager.query<ProjectRow[]>('SELECT id, key, currency, is_billable, archived_at FROM projects WHERE id = $1', [id]);
    if (!row) throw notFoundError('Project', id);
    if (row.archived_at) throw conflictError(`Project ${row.key} is archived: restore it before tracking time on it`, { project_id: ['archived'] });
    return { key: row.key, currency: row.currency, isBillable: row.is_billable };
  }
}
