import {
  NO_PROJECT,
  PAGE_SIZE_DEFAULT,
  SORT_ORDERS,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TASK_TAG_MAX_LENGTH,
  TASK_TAGS_MAX,
  type SortOrder,
  type TaskListQuery,
  type TaskPriority,
  type TaskStatus,
} from '@stint/contracts';
import { PER_PAGE_OPTIONS } from '@/components/Pagination';
import { addDays, isCalendarDate, startOfDayIn, type CalendarDate } from '@/lib/dates';

/** The columns the tasks table can be sorted by. */
export const SORTABLE_COLUMNS = ['created_at', 'updated_at', 'due_date', 'priority'] as const;
export type TaskSortColumn = (typeof SORTABLE_COLUMNS)[number];

/** What the tasks list shows, as kept in the page's URL (so reload, links and Back work). */
export interface TaskFilters {
  q: string;
  status: TaskStatus[];
  priority: TaskPriority | null;
  /** A project id, or NO_PROJECT for tasks outside any project. */
  project: string | null;
  tags: string[];
  /** Due on or after this day, in the user's time zone. */
  dueFrom: CalendarDate | null;
  /** Due on or before this day, in the user's time zone. */
  dueTo: CalendarDate | null;
  /** Null: the API's default (relevance while searching, else newest first). */
  sort: TaskSortColumn | null;
  order: SortOrder | null;
  page: number;
  perPage: number;
}

export const DEFAULT_FILTERS: TaskFilters = {
  q: '',
  status: [],
  priority: null,
  project: null,
  tags: [],
  dueFrom: null,
  dueTo: null,
  sort: null,
  order: null,
  page: 1,
  perPage: PAGE_SIZE_DEFAULT,
};

/** URL parameter names. Short and readable, since people share these links. */
const PARAM = {
  q: 'q',
  status: 'status',
  priority: 'priority',
  project: 'project',
  tags: 'tag',
  dueFrom: 'due_from',
  dueTo: 'due_to',
  sort: 'sort',
  order: 'order',
  page: 'page',
  perPage: 'per_page',
} as const satisfies Record<keyof TaskFilters, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 ? number : null;
}

/**
 * Reads the filters from a URL's query string. Anything unknown or malformed (a hand-edited
 * or outdated link) falls back to the default rather than failing the page.
 */
export function parseTaskFilters(search: URLSearchParams): TaskFilters {
  const statuses = search.getAll(PARAM.status).flatMap((value) => value.split(','));
  const tags = search
    .getAll(PARAM.tags)
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0 && tag.length <= TASK_TAG_MAX_LENGTH && !tag.includes(','));
  const project = search.get(PARAM.project);
  const dueFrom = search.get(PARAM.dueFrom);
  const dueTo = search.get(PARAM.dueTo);
  const perPage = positiveInt(search.get(PARAM.perPage));

  return {
    q: search.get(PARAM.q)?.trim() ?? '',
    status: TASK_STATUSES.filter((status) => statuses.includes(status)),
    priority: oneOf(TASK_PRIORITIES, search.get(PARAM.priority)),
    project: project !== null && (project === NO_PROJECT || UUID.test(project)) ? project : null,
    tags: [...new Set(tags)].slice(0, TASK_TAGS_MAX),
    dueFrom: dueFrom !== null && isCalendarDate(dueFrom) ? dueFrom : null,
    dueTo: dueTo !== null && isCalendarDate(dueTo) ? dueTo : null,
    sort: oneOf(SORTABLE_COLUMNS, search.get(PARAM.sort)),
    order: oneOf(SORT_ORDERS, search.get(PARAM.order)),
    page: positiveInt(search.get(PARAM.page)) ?? 1,
    perPage: perPage !== null && (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : DEFAULT_FILTERS.perPage,
  };
}

/**
 * Writes the filters into a query string, leaving out defaults so plain URLs stay plain.
 * Parameters that aren't filters (from `base`) are kept.
 */
export function writeTaskFilters(filters: TaskFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const search = new URLSearchParams(base);
  Object.values(PARAM).forEach((name) => {
    search.delete(name);
  });
  if (filters.q.trim()) search.set(PARAM.q, filters.q.trim());
  filters.status.forEach((status) => {
    search.append(PARAM.status, status);
  });
  if (filters.priority) search.set(PARAM.priority, filters.priority);
  if (filters.project) search.set(PARAM.project, filters.project);
  filters.tags.forEach((tag) => {
    search.append(PARAM.tags, tag);
  });
  if (filters.dueFrom) search.set(PARAM.dueFrom, filters.dueFrom);
  if (filters.dueTo) search.set(PARAM.dueTo, filters.dueTo);
  if (filters.sort) search.set(PARAM.sort, filters.sort);
  if (filters.sort && filters.order) search.set(PARAM.order, filters.order);
  if (filters.page > 1) search.set(PARAM.page, String(filters.page));
  if (filters.perPage !== DEFAULT_FILTERS.perPage) search.set(PARAM.perPage, String(filters.perPage));
  return search;
}

/** Whether anything narrows the list (sorting and paging don't). */
export function hasActiveFilters(filters: TaskFilters): boolean {
  return Boolean(filters.q || filters.status.length || filters.priority || filters.project || filters.tags.length || filters.dueFrom || filters.dueTo);
}

/** No filters, first page; the sort and page size the user chose stay. */
export function clearedFilters(filters: TaskFilters): TaskFilters {
  return { ...DEFAULT_FILTERS, sort: filters.sort, order: filters.order, perPage: filters.perPage };
}

export function dueRangeIsInverted(filters: Pick<TaskFilters, 'dueFrom' | 'dueTo'>): boolean {
  return Boolean(filters.dueFrom && filters.dueTo && filters.dueFrom > filters.dueTo);
}

/** The API's own default direction for each column (soonest due first, else newest/highest first). */
export function defaultOrder(column: TaskSortColumn): SortOrder {
  return column === 'due_date' ? 'asc' : 'desc';
}

/** The sort in effect; null column while searching without a chosen sort (ranked by relevance). */
export function effectiveSort(filters: TaskFilters): { column: TaskSortColumn | null; order: SortOrder } {
  if (filters.sort) return { column: filters.sort, order: filters.order ?? defaultOrder(filters.sort) };
  if (filters.q) return { column: null, order: 'desc' };
  return { column: 'created_at', order: 'desc' };
}

/** Clicking a column header: the same column flips direction, another starts at its default. */
export function sortedBy(filters: TaskFilters, column: TaskSortColumn): TaskFilters {
  const current = effectiveSort(filters);
  const order = current.column === column ? (current.order === 'asc' ? 'desc' : 'asc') : defaultOrder(column);
  return { ...filters, sort: column, order, page: 1 };
}

/**
 * The GET /tasks query for these filters. Due days become instants at the start of the day
 * in the user's zone; "to" is inclusive, so it becomes the start of the next day
 * (due_before is exclusive). An inverted range is left out rather than sent to fail.
 */
export function toTaskListQuery(filters: TaskFilters, timeZone: string | undefined, fixedProjectId?: string): TaskListQuery {
  const query: TaskListQuery = { page: filters.page, per_page: filters.perPage };
  if (filters.q) query.q = filters.q;
  if (filters.status.length) query.status = filters.status;
  if (filters.priority) query.priority = filters.priority;
  const project = fixedProjectId ?? filters.project;
  if (project) query.project_id = project;
  if (filters.tags.length) query.tag = filters.tags;
  if (!dueRangeIsInverted(filters)) {
    if (filters.dueFrom) query.due_after = startOfDayIn(filters.dueFrom, timeZone);
    if (filters.dueTo) query.due_before = startOfDayIn(addDays(filters.dueTo, 1), timeZone);
  }
  if (filters.sort) {
    query.sort = filters.sort;
    query.order = filters.order ?? defaultOrder(filters.sort);
  }
  return query;
}
