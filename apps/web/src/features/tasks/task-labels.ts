import type { TaskPriority, TaskStatus } from '@stint/contracts';

export const STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  archived: 'Archived',
};

export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

/** "BP-12 Fix login" where the task has a key, else just the title: how a task is named in labels. */
export function taskName(task: { key: string | null; title: string }): string {
  return task.key ? `${task.key} ${task.title}` : task.title;
}
