import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { conflictError, notFoundError } from '../common/errors/app-error';

/**
 * SQL condition "the caller may see project `alias`": admins see every project, members
 * only those they belong to. `user` and `admin` are the placeholders of the caller's id
 * and of a boolean "is admin", so the statement text stays the same for everyone.
 */
export function projectVisibleTo(alias: string, user: string, admin: string): string {
  return `(${admin}::boolean OR EXISTS (SELECT 1 FROM project_members vis WHERE vis.project_id = ${alias}.id AND vis.user_id = ${user}::uuid))`;
}

export const isAdmin = (auth: AuthUser) => auth.role === 'admin';

export interface VisibleProject {
  id: string;
  key: string;
  archived_at: Date | null;
  is_member: boolean;
}

/** Record-level access to projects, shared by the projects and tasks services. */
@Injectable()
export class ProjectAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The project if the caller may see it; 404 otherwise, so existence isn't revealed. */
  async requireVisible(auth: AuthUser, projectId: string, manager: EntityManager = this.dataSource.manager): Promise<VisibleProject> {
    const [project] = await manager.query<VisibleProject[]>(
      `SELECT p.id, p.key, p.archived_at,
              EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.user_id = $2) AS is_member
         FROM projects p
        WHERE p.id = $1 AND ${projectVisibleTo('p', '$2', '$3')}`,
      [projectId, auth.id, isAdmin(auth)],
    );
    if (!project) throw notFoundError('Project', projectId);
    return project;
  }

  /**
   * Takes the next task number of a project the caller may use, inside the caller's
   * transaction. The UPDATE … RETURNING holds the project row's lock until commit, so
   * concurrent creates get consecutive, distinct numbers; an archived project takes none.
   */
  async takeTaskNumber(tx: EntityManager, auth: AuthUser, projectId: string): Promise<{ key: string; number: number }> {
    const project = await this.requireVisible(auth, projectId, tx);
    if (project.archived_at) throw archivedProjectError(project.key);
    const [rows] = await tx.query<[Array<{ key: string; number: number }>, number]>(
      `UPDATE projects SET next_task_number = next_task_number + 1
        WHERE id = $1 AND archived_at IS NULL
        RETURNING key, next_task_number - 1 AS number`,
      [projectId],
    );
    if (!rows.length) {
      // Archived or deleted by a concurrent request between the check and the update.
      const [still] = await tx.query<Array<{ id: string }>>('SELECT id FROM projects WHERE id = $1', [projectId]);
      throw still ? archivedProjectError(project.key) : notFoundError('Project', projectId);
    }
    return rows[0];
  }
}

export const archivedProjectError = (key: string) => conflictError(`Project ${key} is archived: restore it before adding tasks`, { project: ['archived'] });
