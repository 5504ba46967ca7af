import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a budget needs to know of a project's time entries; time tracking answers. */
export interface EntryCostSource {
  /** Exact sum of the project's stopped entries' cost. */
  stoppedCost(manager: EntityManager, projectId: string): Promise<string>;
  /** What the project's running and paused timers have cost so far at `now` (4 decimals), and how many there are. */
  activeCost(manager: EntityManager, projectId: string, now: Date): Promise<{ cost: string; count: number }>;
  /**
   * SQL for a derived table of the project's stopped entries (`project` is an SQL expression:
   * a placeholder or an outer column), with the columns id, user_id, project_id, task_id,
   * start_time, end_time, duration_seconds, total_cost, currency and is_billable. Budgets'
   * single-statement read models (figures, cost statistics) select from it instead of the table.
   */
  stoppedEntriesSql(project: string): string;
}

/**
 * The seam between budgets and time tracking: time tracking owns `time_entries` and depends
 * on budgets (its writes keep the ledger exact in their transactions), so budgets reads the
 * entries' costs through this source, which time tracking registers at start.
 */
@Injectable()
export class ProjectEntryCosts implements EntryCostSource {
  private source: EntryCostSource | null = null;

  register(source: EntryCostSource): void {
    this.source = source;
  }

  stoppedCost(manager: EntityManager, projectId: string): Promise<string> {
    return this.registered().stoppedCost(manager, projectId);
  }

  activeCost(manager: EntityManager, projectId: string, now: Date): Promise<{ cost: string; count: number }> {
    return this.registered().activeCost(manager, projectId, now);
  }

  stoppedEntriesSql(project: string): string {
    return this.registered().stoppedEntriesSql(project);
  }

  private registered(): EntryCostSource {
    if (!this.source) throw new Error('No entry cost source is registered (is the time-tracking module loaded?)');
    return this.source;
  }
}
