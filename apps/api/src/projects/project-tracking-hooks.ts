import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Someone's tracking on a project ended: one user removed from it, or (userId null) the project archived for everyone. */
export interface TrackingEnded {
  projectId: string;
  userId: string | null;
  reason: 'removed' | 'archived';
}

/** Whether any time entry (any status) is on the project, read in the caller's transaction. */
export type ProjectEntriesCheck = (tx: EntityManager, projectId: string) => Promise<boolean>;

/** Returns the ids of the users whose entries it changed (their cached figures are stale after commit). */
export type TrackingEndedHandler = (tx: EntityManager, change: TrackingEnded) => Promise<string[]>;

/**
 * The seam between projects and time tracking: a removal or an archive must stop (and book)
 * the timers it affects in its own transaction, but the timer code depends on projects, not
 * the other way round. The timer module registers its handler here at start; the projects
 * service calls `trackingEnded` inside the removal's or the archive's transaction. The
 * timer module also answers whether a project has entries (`hasEntries`): it owns them.
 */
@Injectable()
export class ProjectTrackingHooks {
  private readonly handlers: TrackingEndedHandler[] = [];
  private entriesCheck: ProjectEntriesCheck | null = null;

  onEntriesCheck(check: ProjectEntriesCheck): void {
    this.entriesCheck = check;
  }

  /** Whether the project has time entries (any status), in the caller's transaction. */
  hasEntries(tx: EntityManager, projectId: string): Promise<boolean> {
    if (!this.entriesCheck) throw new Error('No project entries check is registered (is the time-tracking module loaded?)');
    return this.entriesCheck(tx, projectId);
  }

  onTrackingEnded(handler: TrackingEndedHandler): void {
    this.handlers.push(handler);
  }

  /** Runs the handlers in the caller's transaction; the users whose entries changed. */
  async trackingEnded(tx: EntityManager, change: TrackingEnded): Promise<string[]> {
    const users = new Set<string>();
    for (const handler of this.handlers) for (const userId of await handler(tx, change)) users.add(userId);
    return [...users];
  }
}
