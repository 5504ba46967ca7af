import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectTrackingHooks } from '../projects/project-tracking-hooks';
import { TaskEntryReads, type TaskEntryRow } from '../tasks/task-entry-reads';
import { taskTrackedSecondsSql } from './entry-read-sql';

/**
 * The entry reads tasks and projects ask for (TaskEntryReads, ProjectTrackingHooks),
 * answered by the owner of `time_entries`: both sit below time tracking, so they can't
 * import it; it registers these at start.
 */
@Injectable()
export class EntryReadHooks implements OnModuleInit {
  constructor(
    private readonly tasks: TaskEntryReads,
    private readonly projects: ProjectTrackingHooks,
  ) {}

  onModuleInit(): void {
    this.tasks.register({ trackedSecondsSql: taskTrackedSecondsSql, entriesOn: entriesOnTask, hasEntries: taskHasEntries });
    this.projects.onEntriesCheck(projectHasEntries);
  }
}

/** The entries on a task, newest first, with the task's title: everyone's (userId null) or one user's. */
export function entriesOnTask(manager: EntityManager, taskId: string, userId: string | null): Promise<TaskEntryRow[]> {
  return manager.query<TaskEntryRow[]>(
    `SELECT te.id, te.user_id, te.task_id, te.project_id, te.start_time, te.end_time, te.duration_seconds, te.description,
            te.status, te.created_at, te.updated_at, t.title AS task_title
       FROM time_entries te JOIN tasks t ON t.id = te.task_id
      WHERE te.task_id = $1 AND ($2::uuid IS NULL OR te.user_id = $2::uuid)
      ORDER BY te.start_time DESC, te.id`,
    [taskId, userId],
  );
}

export async function taskHasEntries(manager: EntityManager, taskId: string): Promise<boolean> {
  const [{ tracked }] = await manager.query<Array<{ tracked: boolean }>>('SELECT EXISTS (SELECT 1 FROM time_entries WHERE task_id = $1) AS tracked', [taskId]);
  return tracked;
}

export async function projectHasEntries(manager: EntityManager, projectId: string): Promise<boolean> {
  const [{ tracked }] = await manager.query<Array<{ tracked: boolean }>>('SELECT EXISTS (SELECT 1 FROM time_entries WHERE project_id = $1) AS tracked', [projectId]);
  return tracked;
}
