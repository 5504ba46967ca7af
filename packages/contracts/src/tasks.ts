import type { QueryParams, Schemas } from './schemas.js';

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
export type TaskCreateRequest = Schemas['TaskCreateDto'];

/** The spec's TaskUpdate: every field optional; null clears the nullable ones. */
export type TaskUpdateRequest = Schemas['TaskUpdateDto'];

export type TaskStatusUpdateRequest = Schemas['TaskStatusUpdateDto'];

/** The spec's TaskResponse plus Stint's project, key and completion fields. */
export type TaskResponse = Schemas['TaskResponseDto'];

/** The spec's TimeEntryResponse, with the timer module's status and project. */
export type TimeEntryResponse = Schemas['TimeEntryResponseDto'];

/** The spec's TaskDetailResponse: members see their own entries of the task, admins everyone's. */
export type TaskDetailResponse = Schemas['TaskDetailResponseDto'];

/**
 * Filters of GET /tasks. Multi-value filters take repeated keys or comma-separated values
 * (`status=todo,in_progress`); a task matches when it has any of the values.
 */
export type TaskListQuery = QueryParams<'/api/v1/tasks'>;
