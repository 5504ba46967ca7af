import { TASK_STATUSES, type TaskResponse, type TaskStatus } from '@stint/contracts';
import { useUpdateTaskStatus } from '@/api/tasks';
import { STATUS_LABELS, taskName } from '@/features/tasks/task-labels';

interface TaskStatusSelectProps {
  task: Pick<TaskResponse, 'id' | 'key' | 'title' | 'status'>;
  /** Visible label; without one the select is named "Status of <task>" for screen readers. */
  label?: string;
  id?: string;
  /** Told when the server refuses the change (the select has already gone back). */
  onError?: (error: unknown, task: TaskStatusSelectProps['task']) => void;
}

/** Changes a task's status in place. The change shows at once and rolls back if it fails. */
export function TaskStatusSelect({ task, label, id, onError }: TaskStatusSelectProps) {
  const updateStatus = useUpdateTaskStatus();
  return (
    <select
      id={id}
      className={`field-input field-select field-compact status-select status-${task.status}`}
      aria-label={label ? undefined : `Status of ${taskName(task)}`}
      value={task.status}
      onChange={(event) => updateStatus.mutate({ id: task.id, status: event.target.value as TaskStatus }, { onError: (error) => onError?.(error, task) })}
    >
      {TASK_STATUSES.map((status) => (
        <option key={status} value={status}>
          {STATUS_LABELS[status]}
        </option>
      ))}
    </select>
  );
}
