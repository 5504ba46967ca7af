import type { TrackedSecondsSql } from './task-entry-reads';
import { taskKeySql } from './task-key';

/**
 * SQL pieces of the task read model. Kept apart from the service so tests can check the
 * search expression against the index it must match.
 */

/**
 * The full-text query of a search text (`websearch_to_tsquery`: words, "phrases", OR, -not).
 * Matching and ranking use the stored columns of migration TaskSearchColumns: nothing is
 * rebuilt per row.
 */
export const searchQuery = (query: string) => `websearch_to_tsquery('english', ${query})`;

/**
 * "Task `t` matches": the stored `search_document` (title and description as one document,
 * the spec's search expression), served by the GIN index `idx_tasks_search`.
 */
export const searchMatches = (query: string, alias = 't') => `${alias}.search_document @@ ${searchQuery(query)}`;

/** The same test as searchMatches, row by row (no index): for rows already read by another index. */
export const searchMatchesRowwise = (query: string, alias = 't') => `ts_match_vq(${alias}.search_document, ${searchQuery(query)})`;

/**
 * Relevance for ordering only (computed for matching rows): the stored `search_weighted`,
 * where title lexemes weigh A and description lexemes B, so a title match outranks a
 * description match.
 */
export const searchRank = (query: string, alias = 't') => `ts_rank(${alias}.search_weighted, ${searchQuery(query)})`;

/** "The caller may see task `t`": admins all; others their own and those of their projects. */
export const taskVisibleTo = (user: string, admin: string) =>
  `(${admin}::boolean OR t.user_id = ${user}::uuid OR t.project_id IN (SELECT vis.project_id FROM project_members vis WHERE vis.user_id = ${user}::uuid))`;

/** Task columns of the inner (filtered, ordered, paged) query; `p` is the task's project. */
export const TASK_COLUMNS = `
  t.id, t.user_id, t.project_id,
  ${taskKeySql('t', 'p')} AS key,
  t.title, t.description, t.status, t.priority, t.due_date, t.tags, t.estimated_hours,
  t.created_at, t.updated_at, t.completed_at`;

/**
 * Wraps an ordered, paged task query: the time-tracked sum is computed only for the rows
 * of the page, in the same statement (no query per row). `trackedSeconds` is the entries'
 * owner's subquery (TaskEntryReads.trackedSecondsSql): stopped entries only, as running and
 * paused ones have no duration yet.
 */
export const withTrackedHours = (page: string, orderBy: string, trackedSeconds: TrackedSecondsSql) => `
  SELECT page.*,
         round(coalesce(${trackedSeconds('page.id')}, 0) / 3600.0, 2)::float8 AS time_tracked_hours
    FROM (${page}) page
   ORDER BY ${orderBy}`;

/** Collects positional parameters while a statement is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
