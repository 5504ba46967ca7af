import { Injectable } from '@nestjs/common';
import type { TimeEntryResponse } from '@stint/contracts';
import type { EntityManager } from 'typeorm';

/** SQL of a task's stopped seconds (null when none): a scalar subquery on task `task` (an SQL expression). */
export type TrackedSecondsSql = (task: string) => string;

/** What tasks need to know of the time entries on them; time tracking answers. */
export interface TaskEntrySource {
  /**
   * A scalar subquery: the stopped entries' seconds on `task`. The task list embeds it in its
   * page statement (one statement per page, no query per row).
   */
  trackedSecondsSql: TrackedSecondsSql;
  /** The entries on the task as the task detail shows them, newest first: everyone's (userId null) or one user's. */
  entriesOn(manager: EntityManager, taskId: string, userId: string | null): Promise<TimeEntryResponse[]>;
  /** Whether any entry (any status) is on the task. */
  hasEntries(manager: EntityManager, taskId: string): Promise<boolean>;
}

/**
 * The seam between tasks and time tracking: time tracking owns `time_entries` and depends
 * on tasks (task keys, visibility), so tasks reads the entries through this source, which
 * time tracking registers at start (time-tracking/entry-read-hooks.ts).
 */
@Injectable()
export class TaskEntryReads implements TaskEntrySource {
  private source: TaskEntrySource | null = null;

  register(source: TaskEntrySource): void {
    this.source = source;
  }

  trackedSecondsSql(task: string): string {
    return this.registered().trackedSecondsSql(task);
  }

  entriesOn(manager: EntityManager, taskId: string, userId: string | null): Promise<TimeEntryResponse[]> {
    return this.registered().entriesOn(manager, taskId, userId);
  }

  hasEntries(manager: EntityManager, taskId: string): Promise<boolean> {
    return this.registered().hasEntries(manager, taskId);
  }

  private registered(): TaskEntrySource {
    if (!this.source) throw new Error('No task entry source is registered (is the time-tracking module loaded?)');
    return this.source;
  }
}
