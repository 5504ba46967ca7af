import { describeError } from '@/api/errors';
import { useStartTimer, useTimerStatus } from '@/api/time-tracking';
import type { TaskChoice } from '@/components/TaskPicker';
import { showToast } from '@/components/toast-store';
import { startedMessage, timerShortName } from '@/components/timer-text';

interface StartTimerButtonProps {
  task: TaskChoice;
  /** Smaller, for table rows. */
  compact?: boolean;
}

/**
 * "Start timer" on a task. While another timer runs and only one is allowed it offers to
 * switch: the API stops and saves the running one and starts this one in one transaction.
 * On the task whose timer is active it says so instead.
 */
export function StartTimerButton({ task, compact = false }: StartTimerButtonProps) {
  const status = useTimerStatus();
  const start = useStartTimer();
  const timers = status.data?.status.timers ?? [];
  const max = status.data?.status.limits.max_concurrent_timers ?? 1;
  const own = timers.find((timer) => timer.task_id === task.id);
  // The title, not the key: rows already show the key in its own cell, which stays the only cell named by it.
  const name = task.title;

  if (own) {
    return <span className={`badge timer-badge timer-badge-${own.status}`}>{own.status === 'paused' ? 'Timer paused' : 'Timer running'}</span>;
  }

  const atLimit = timers.length >= max;
  const switching = atLimit && max === 1;
  const label = switching ? 'Switch timer' : 'Start timer';
  const title = switching ? `Stops ${timerShortName(timers[0])} and starts ${task.key ?? 'this task'}` : atLimit ? `You already run ${max} timers, the most allowed` : undefined;

  return (
    <button
      type="button"
      className={`button button-ghost timer-start-button${compact ? ' button-small' : ''}`}
      aria-label={`${label} for ${name}`}
      title={title}
      // Until the status is known it can't say whether this starts or switches (a failed status load doesn't block it).
      disabled={status.isPending || start.isPending || (atLimit && !switching)}
      onClick={() =>
        start.mutate(
          { task_id: task.id },
          {
            onSuccess: (response) => showToast(startedMessage(response)),
            onError: (error) => showToast(`Couldn't start a timer for ${task.key ?? task.title}: ${describeError(error)}`, 'error'),
          },
        )
      }
    >
      <span aria-hidden="true">▶</span> {start.isPending ? 'Starting…' : label}
    </button>
  );
}
