import type { SortOrder, TaskSort, TaskStatus } from '@stint/contracts';
import { validationError } from '../common/errors/app-error';

/**
 * Tags as stored: NFC-normalised, trimmed, exact duplicates dropped (first one kept, order
 * kept). Case is kept and matters (`API` ≠ `api`). Non-arrays and non-strings pass through
 * unchanged so the validators can refuse them with a field message.
 */
export function normaliseTags(value: unknown): unknown {
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) return value;
  return [...new Set((value as string[]).map((tag) => tag.normalize('NFC').trim()))];
}

/**
 * A multi-value query parameter: `?status=todo,done`, `?status=todo&status=done` or both
 * mixed. Blank items are dropped, duplicates removed; non-strings pass through for the
 * validators to refuse.
 */
export function splitList(value: unknown): unknown {
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((item) => typeof item === 'string')) return value;
  const parts = (items as string[])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return [...new Set(parts)];
}

/**
 * `completed_at` after a status change: set (to now) when the task becomes done, kept while
 * it stays done or is archived, cleared when it is reopened (todo or in_progress).
 */
export function completedAtAfter(previous: { status: TaskStatus; completedAt: Date | null }, next: TaskStatus, now: Date): Date | null {
  if (next === 'done') return previous.status === 'done' && previous.completedAt ? previous.completedAt : now;
  if (next === 'archived') return previous.completedAt;
  return null;
}

/** What the list's ORDER BY may reference; each maps to a column of the page subquery. */
const SORT_COLUMNS: Record<Exclude<TaskSort, 'relevance'>, string> = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  due_date: 'due_date',
  // task_priority is an enum declared low < medium < high < urgent, so it sorts by rank.
  priority: 'priority',
  // task_status: todo < in_progress < done < archived.
  status: 'status',
  title: 'lower(title)',
};

const ASCENDING_BY_DEFAULT: ReadonlySet<TaskSort> = new Set(['due_date', 'title', 'status']);

/**
 * ORDER BY of GET /tasks, over the page subquery's output columns (`search_rank` exists
 * when searching). Only whitelisted text ends up in the SQL. With a search and no sort the
 * order is relevance; ties fall back to newest first, then id, so pages are stable.
 */
export function taskOrderBy(query: { sort?: TaskSort; order?: SortOrder; q?: string }): string {
  const searching = Boolean(query.q);
  const sort: TaskSort = query.sort ?? (searching ? 'relevance' : 'created_at');
  if (sort === 'relevance' && !searching) {
    throw validationError('The request has invalid fields', { sort: ['sort=relevance needs a search (q)'] });
  }
  const direction = (query.order ?? (ASCENDING_BY_DEFAULT.has(sort) ? 'asc' : 'desc')) === 'asc' ? 'ASC' : 'DESC';
  if (sort === 'relevance') return `search_rank ${direction}, created_at DESC, id ASC`;
  // Tasks without a due date come last whichever way the dates run.
  const nulls = sort === 'due_date' ? ' NULLS LAST' : '';
  const terms = [`${SORT_COLUMNS[sort]} ${direction}${nulls}`];
  if (searching) terms.push('search_rank DESC');
  if (sort !== 'created_at') terms.push('created_at DESC');
  terms.push('id ASC');
  return terms.join(', ');
}
