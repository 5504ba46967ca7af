/** Postgres enum types shared by entities; values come from @stint/contracts and the specs. */
export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'archived'] as const;
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const TIME_ENTRY_STATUSES = ['running', 'paused', 'stopped'] as const;
export const RATE_TYPES = ['hourly', 'minutely', 'secondly'] as const;
export const BUDGET_STATUSES = ['planning', 'active', 'exceeded'] as const;
export const BUDGET_ALERT_TYPES = ['warning', 'critical', 'exceeded'] as const;
export const USER_ROLES = ['admin', 'member'] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number];
export type RateType = (typeof RATE_TYPES)[number];
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export type BudgetAlertType = (typeof BUDGET_ALERT_TYPES)[number];
export type UserRole = (typeof USER_ROLES)[number];
