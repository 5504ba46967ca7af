import type { LastStoppedTimer, TimerActionResponse, TimerLimits, TimerView } from '@stint/contracts';
import { formatElapsed } from '@/lib/duration';
import { formatMoney } from '@/lib/money';

type Named = Pick<TimerView, 'task_key' | 'task_title' | 'description'>;

/** What a timer is about, in full: "BP-1 Fix login", else its description, else "No task". */
export function timerTitle(timer: Named): string {
  if (timer.task_key && timer.task_title) return `${timer.task_key} ${timer.task_title}`;
  return timer.task_title ?? timer.description ?? 'No task';
}

/** A short name for notices: "BP-1", else the task's title, else "a timer without a task". */
export function timerShortName(timer: Named): string {
  return timer.task_key ?? timer.task_title ?? 'a timer without a task';
}

/** "1:00:00, $50.00" */
export function amountOfWork(timer: Pick<TimerView, 'elapsed_seconds' | 'cost' | 'currency'>): string {
  return `${formatElapsed(timer.elapsed_seconds)}, ${formatMoney(timer.cost, timer.currency)}`;
}

/** The notice after Stop: "Logged 1:00:00 for $50.00" (the timer module's wording). */
export function loggedMessage(timer: Pick<TimerView, 'elapsed_seconds' | 'cost' | 'currency'>): string {
  return `Logged ${formatElapsed(timer.elapsed_seconds)} for ${formatMoney(timer.cost, timer.currency)}`;
}

/** The notice after a start: "Stopped BP-1 (0:25:00, $20.83) and started BP-2", or "Started BP-2". */
export function startedMessage(response: TimerActionResponse): string {
  const started = timerShortName(response);
  if (!response.switched_from) return `Timer started for ${started}`;
  return `Stopped ${timerShortName(response.switched_from)} (${amountOfWork(response.switched_from)}) and started ${started}`;
}

/** Why a timer stopped without the user, for the reasons worth telling; null otherwise. */
export function automaticStopMessage(stopped: LastStoppedTimer, limits: TimerLimits): string | null {
  const logged = `${formatElapsed(stopped.elapsed_seconds)} for ${formatMoney(stopped.cost, stopped.currency)} was logged`;
  if (stopped.reason === 'cap') return `Your timer was stopped automatically after ${limits.max_timer_hours} hours, the longest a timer may run; ${logged}.`;
  if (stopped.reason === 'budget') return `Your timer was stopped because the project's budget is used up and the project is locked; ${logged}.`;
  if (stopped.reason === 'removed') return `Your timer was stopped because you were removed from its project; ${logged}.`;
  if (stopped.reason === 'archived') return `Your timer was stopped because its project was archived; ${logged}.`;
  return null;
}
