import type { IsoDateTime, ListQuery, Uuid } from './common.js';
import type { SortOrder } from './projects.js';

/** The spec's TaskStatus. */
export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'archived'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** The spec's TaskPriority, lowest first. */
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TIME_ENTRY_STATUSES = ['running', 'paused', 'stopped'] as const;
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number];

/** Limits of the spec's TaskBase, plus Stint's tag rules. */
export const TASK_TITLE_MIN_LENGTH = 1;
export const TASK_TITLE_MAX_LENGTH = 200;
export const TASK_DESCRIPTION_MAX_LENGTH = 5000;
export const TASK_TAG_MIN_LENGTH = 1;
export const TASK_TAG_MAX_LENGTH = 50;
export const TASK_TAGS_MAX = 20;
/** DECIMAL(10,2): greater than 0, at most this, two decimals. */
export const TASK_ESTIMATED_HOURS_MAX = 99999999.99;
export const TASK_SEARCH_MAX_LENGTH = 200;

/**
 * Sort keys of GET /tasks. `relevance` needs `q` (and is the default when `q` is given);
 * otherwise the default is `created_at`. Priority sorts by rank (urgent > high > medium > low).
 */
export const TASK_SORTS = ['created_at', 'updated_at', 'due_date', 'priority', 'status', 'title', 'relevance'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
/** `project_id=none` in the list filter selects tasks outside any project. */
export const NO_PROJECT = 'none';

/** The spec's TaskCreate plus `project_id`. */
export interface TaskCreateRequest {
  title: string;
  description?: string | null;
  status?: TaskStatus;
  priority?: TaskPriority;
  /** ISO 8601 date-time with an offset or Z. */
  due_date?: IsoDateTime | null;
  /** Trimmed, de-duplicated; case is kept; no commas. */
  tags?: string[];
  estimated_hours?: number | null;
  /** A project the caller belongs to (any project for admins), not archived. */
  project_id?: Uuid | null;
}

/** The spec's TaskUpdate: every field optional; null clears the nullable ones. */
export interface TaskUpdateRequest {
  title?: string;
  description?: string | null;
  status?: TaskStatus;
  priority?: TaskPriority;
  due_date?: IsoDateTime | null;
  tags?: string[];
  estimated_hours?: number | null;
  /**
   * Moves the task (null: out of any project). Only its creator or an admin may, and only
   * while it has no time entries; it gets a new key in the target project.
   */
  project_id?: Uuid | null;
}

export interface TaskStatusUpdateRequest {
  status: TaskStatus;
}

/** The spec's TaskResponse plus Stint's project, key and completion fields. */
export interface TaskResponse {
  id: Uuid;
  /** The creator. */
  user_id: Uuid;
  project_id: Uuid | null;
  /** `PROJECTKEY-N` for a task in a project, else null. */
  key: string | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  due_date: IsoDateTime | null;
  tags: string[];
  estimated_hours: number | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  /** Set when the status becomes done; cleared when the task is reopened (todo or in_progress). */
  completed_at: IsoDateTime | null;
  /** Stopped entries of everyone on the task, in hours, two decimals; running timers don't count yet. */
  time_tracked_hours: number;
}

/** The spec's TimeEntryResponse, with the timer module's status and project. */
export interface TimeEntryResponse {
  id: Uuid;
  user_id: Uuid;
  task_id: Uuid | null;
  project_id: Uuid | null;
  start_time: IsoDateTime;
  end_time: IsoDateTime | null;
  duration_seconds: number | null;
  duration_hours: number | null;
  description: string | null;
  /** True while running or paused. */
  is_active: boolean;
  status: TimeEntryStatus;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  task_title: string | null;
}

/** The spec's TaskDetailResponse: members see their own entries of the task, admins everyone's. */
export interface TaskDetailResponse extends TaskResponse {
  time_entries: TimeEntryResponse[];
}

/**
 * Filters of GET /tasks. Multi-value filters take repeated keys or comma-separated values
 * (`status=todo,in_progress`); a task matches when it has any of the values.
 */
export interface TaskListQuery extends ListQuery {
  status?: TaskStatus | TaskStatus[] | string;
  priority?: TaskPriority | TaskPriority[] | string;
  /** Project ids, or `none` for tasks outside any project. */
  project_id?: Uuid | Uuid[] | string;
  /** Tasks carrying any of these tags (exact, case-sensitive). */
  tag?: string | string[];
  /** due_date < due_before (exclusive). */
  due_before?: IsoDateTime;
  /** due_date >= due_after (inclusive). */
  due_after?: IsoDateTime;
  /** Full-text search over title and description (web-search syntax: words, "phrases", -not, or). */
  q?: string;
  sort?: TaskSort;
  /** Default `desc`, except `asc` for due_date, title and status. Tasks without a due date come last either way. */
  order?: SortOrder;
}
