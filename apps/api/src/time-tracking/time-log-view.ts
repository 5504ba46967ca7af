import type { StopReason, TimeLogResponse, TimerView } from '@stint/contracts';
import type { RateType, TimeEntryStatus } from '../common/enums';
import { shownMoney, storedCost } from '../common/money';
import { isStale, pausedSecondsAt, runningSeconds, type TimerTimes } from './timer-state';
import { taskKeySql } from '../tasks/task-key';

/** A time entry with the names the API shows next to it (task key and title, project name). */
export interface TimeLogRow {
  id: string;
  user_id: string;
  task_id: string | null;
  project_id: string | null;
  status: TimeEntryStatus;
  start_time: Date;
  end_time: Date | null;
  paused_at: Date | null;
  paused_seconds: number;
  duration_seconds: number | null;
  description: string | null;
  rate_type: RateType;
  /** NUMERIC comes back from pg as a string: exact. */
  rate_amount: string;
  currency: string;
  total_cost: string;
  is_billable: boolean;
  last_heartbeat: Date | null;
  stop_reason: StopReason | null;
  timer_slot: number | null;
  created_at: Date;
  updated_at: Date;
  task_key: string | null;
  task_title: string | null;
  project_name: string | null;
}

/** SELECT list and joins of TimeLogRow; `te` is the entry. Append WHERE/ORDER BY. */
export const TIME_LOG_SELECT = `
  SELECT te.id, te.user_id, te.task_id, te.project_id, te.status, te.start_time, te.end_time, te.paused_at,
         te.paused_seconds, te.duration_seconds, te.description, te.rate_type, te.rate_amount, te.currency,
         te.total_cost, te.is_billable, te.last_heartbeat, te.stop_reason, te.timer_slot, te.created_at, te.updated_at,
         ${taskKeySql('t', 'tp')} AS task_key,
         t.title AS task_title,
         p.name AS project_name
    FROM time_entries te
    LEFT JOIN tasks t ON t.id = te.task_id
    LEFT JOIN projects tp ON tp.id = t.project_id
    LEFT JOIN projects p ON p.id = te.project_id`;

/** The state-machine view of an entry row. */
export const timesOf = (row: TimeLogRow): TimerTimes => ({
  status: row.status,
  startTime: row.start_time,
  pausedAt: row.paused_at,
  pausedSeconds: row.paused_seconds,
  durationSeconds: row.duration_seconds,
});

/** Exact cost so far (4 decimals): the stored value once stopped, computed while active. */
export function costSoFar(row: TimeLogRow, now: Date): string {
  if (row.status === 'stopped') return row.total_cost;
  return storedCost(runningSeconds(timesOf(row), now), row.rate_type, row.rate_amount);
}

export function elapsedSoFar(row: TimeLogRow, now: Date): number {
  return runningSeconds(timesOf(row), now);
}

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toTimeLogResponse(row: TimeLogRow, now: Date): TimeLogResponse {
  const elapsed = elapsedSoFar(row, now);
  return {
    id: row.id,
    user_id: row.user_id,
    task_id: row.task_id,
    task_key: row.task_key,
    task_title: row.task_title,
    project_id: row.project_id,
    project_name: row.project_name,
    status: row.status,
    is_active: row.status !== 'stopped',
    start_time: row.start_time.toISOString(),
    end_time: iso(row.end_time),
    paused_at: iso(row.paused_at),
    paused_seconds: pausedSecondsAt(timesOf(row), now),
    duration_seconds: row.duration_seconds,
    // Hours for display (not money): two decimals are plenty, and a float is what the spec's model has.
    duration_hours: row.duration_seconds === null ? null : Math.round((row.duration_seconds / 3600) * 100) / 100,
    elapsed_seconds: elapsed,
    description: row.description,
    rate_type: row.rate_type,
    rate_amount: row.rate_amount,
    currency: row.currency,
    total_cost: shownMoney(costSoFar(row, now)),
    is_billable: row.is_billable,
    stop_reason: row.stop_reason,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toTimerView(row: TimeLogRow, now: Date, staleMinutes: number): TimerView {
  return {
    time_log_id: row.id,
    status: row.status,
    task_id: row.task_id,
    task_key: row.task_key,
    task_title: row.task_title,
    project_id: row.project_id,
    project_name: row.project_name,
    description: row.description,
    start_time: row.start_time.toISOString(),
    started_at: row.start_time.toISOString(),
    paused_at: iso(row.paused_at),
    end_time: iso(row.end_time),
    elapsed_seconds: elapsedSoFar(row, now),
    paused_seconds: pausedSecondsAt(timesOf(row), now),
    cost: shownMoney(costSoFar(row, now)),
    rate_type: row.rate_type,
    rate_amount: row.rate_amount,
    currency: row.currency,
    is_billable: row.is_billable,
    last_heartbeat: iso(row.last_heartbeat),
    stale: isStale({ ...timesOf(row), lastHeartbeat: row.last_heartbeat }, staleMinutes, now),
    stop_reason: row.stop_reason,
  };
}
