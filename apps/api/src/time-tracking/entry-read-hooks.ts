import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { TimeEntryResponse, TimeEntryStatus } from '@stint/contracts';
import type { EntityManager } from 'typeorm';
import { ProjectTrackingHooks } from '../projects/project-tracking-hooks';
import { TaskEntryReads } from '../tasks/task-entry-reads';
import { taskTrackedSecondsSql } from './entry-read-sql';
import { iso } from './time-log-view';

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

/** An entry on a task as entriesOnTask selects it. */
interface TaskEntryRow {
  id: string;
  user_id: string;
  task_id: string | null;
  project_id: string | null;
  start_time: Date;
  end_time: Date | null;
  duration_seconds: number | null;
  description: string | null;
  status: TimeEntryStatus;
  created_at: Date;
  updated_at: Date;
  task_title: string | null;
}

function toTaskEntryResponse(row: TaskEntryRow): TimeEntryResponse {
  return {
    id: row.id,
    user_id: row.user_id,
    task_id: row.task_id,
    project_id: row.project_id,
    start_time: row.start_time.toISOString(),
    end_time: iso(row.end_time),
    duration_seconds: row.duration_seconds,
    duration_hours: row.duration_seconds === null ? null : row.duration_seconds / 3600,
    description: row.description,
    is_active: row.status !== 'stopped',
    status: row.status,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    task_title: row.task_title,
  };
}

/** The entries on a task as the task detail shows them, newest first, with the task's title: everyone's (userId null) or one user's. */
export async function entriesOnTask(manager: EntityManager, taskId: string, userId: string | null): Promise<TimeEntryResponse[]> {
  const rows = await manager.query<TaskEntryRow[]>(
    `SELECT te.id, te.user_id, te.task_id, te.project_id, te.start_time, te.end_time, te.duration_seconds, te.description,
            te.status, te.created_at, te.updated_at, t.title AS task_title
       FROM time_entries te JOIN tasks t ON t.id = te.task_id
      WHERE te.task_id = $1 AND ($2::uuid IS NULL OR te.user_id = $2::uuid)
      ORDER BY te.start_time DESC, te.id`,
    [taskId, userId],
  );
  return rows.map(toTaskEntryResponse);
}

export async function taskHasEntries(manager: EntityManager, taskId: string): Promise<boolean> {
  const [{ tracked }] = await manager.query<Array<{ tracked: boolean }>>('SELECT EXISTS (SELECT 1 FROM time_entries WHERE task_id = $1) AS tracked', [taskId]);
  return tracked;
}

export async function projectHasEntries(manager: EntityManager, projectId: string): Promise<boolean> {
  const [{ tracked }] = await manager.query<Array<{ tracked: boolean }>>('SELECT EXISTS (SELECT 1 FROM time_entries WHERE project_id = $1) AS tracked', [projectId]);
  return tracked;
}
