import type { TimeEntryStatus } from '../common/enums';

/**
 * The timer state machine and its arithmetic, free of I/O so it can be unit tested.
 * States: running ⇄ paused → stopped. Only running time is counted and charged; paused
 * time accumulates in `pausedSeconds`.
 *
 * Seconds are counted on a grid anchored at `startTime`: running time is
 * floor((end − start) / 1 s) − pausedSeconds, and a pause adds exactly the whole grid
 * seconds it covered. So a timer shows the same elapsed value just before a pause, during
 * it, just after the resume and when stopped from paused — no drifting second.
 */
export interface TimerTimes {
  status: TimeEntryStatus;
  startTime: Date;
  pausedAt: Date | null;
  pausedSeconds: number;
  /** Set once stopped. */
  durationSeconds: number | null;
}

export type TimerAction = 'pause' | 'resume' | 'stop';

/** Why an action can't apply to a timer in this state, or null when it can. */
export function refusal(status: TimeEntryStatus, action: TimerAction): string | null {
  if (status === 'stopped') return 'This timer is already stopped';
  if (action === 'pause' && status === 'paused') return 'This timer is already paused';
  if (action === 'resume' && status === 'running') return 'This timer is already running';
  return null;
}

/** Whole seconds from start to `at` on the timer's grid (never negative, even if clocks disagree). */
function gridSeconds(startTime: Date, at: Date): number {
  return Math.max(0, Math.floor((at.getTime() - startTime.getTime()) / 1000));
}

/** Running (counted, charged) seconds at `now`. */
export function runningSeconds(timer: TimerTimes, now: Date): number {
  if (timer.status === 'stopped') return timer.durationSeconds ?? 0;
  const until = timer.status === 'paused' && timer.pausedAt ? timer.pausedAt : now;
  return Math.max(0, gridSeconds(timer.startTime, until) - timer.pausedSeconds);
}

/** Paused seconds at `now`, including the pause in progress. */
export function pausedSecondsAt(timer: TimerTimes, now: Date): number {
  if (timer.status !== 'paused' || !timer.pausedAt) return timer.pausedSeconds;
  return timer.pausedSeconds + currentPauseSeconds(timer, now);
}

function currentPauseSeconds(timer: TimerTimes, now: Date): number {
  if (!timer.pausedAt) return 0;
  return Math.max(0, gridSeconds(timer.startTime, now) - gridSeconds(timer.startTime, timer.pausedAt));
}

export interface PausedTimer {
  status: 'paused';
  pausedAt: Date;
}

export function pause(timer: TimerTimes, now: Date): PausedTimer {
  const reason = refusal(timer.status, 'pause');
  if (reason) throw new TimerStateError(reason);
  // A clock behind the start would put the pause before it; pin it to the start instead.
  return { status: 'paused', pausedAt: now < timer.startTime ? new Date(timer.startTime) : now };
}

export interface ResumedTimer {
  status: 'running';
  pausedAt: null;
  pausedSeconds: number;
}

export function resume(timer: TimerTimes, now: Date): ResumedTimer {
  const reason = refusal(timer.status, 'resume');
  if (reason) throw new TimerStateError(reason);
  return { status: 'running', pausedAt: null, pausedSeconds: pausedSecondsAt(timer, now) };
}

export interface StoppedTimer {
  status: 'stopped';
  endTime: Date;
  pausedAt: null;
  pausedSeconds: number;
  durationSeconds: number;
}

/**
 * Stops at `now`. The end is kept strictly after the start (the schema's end_after_start)
 * even when both fall in the same millisecond.
 */
export function stop(timer: TimerTimes, now: Date): StoppedTimer {
  const reason = refusal(timer.status, 'stop');
  if (reason) throw new TimerStateError(reason);
  const endTime = now > timer.startTime ? now : new Date(timer.startTime.getTime() + 1);
  const pausedSeconds = pausedSecondsAt(timer, endTime);
  return { status: 'stopped', endTime, pausedAt: null, pausedSeconds, durationSeconds: runningSeconds(timer, endTime) };
}

/**
 * Stops a timer whose running time reached `capSeconds` at the instant it did: every pause
 * so far lies before that instant, so the end is start + cap + paused time.
 */
export function stopAtCap(timer: TimerTimes, capSeconds: number): StoppedTimer {
  const reason = refusal(timer.status, 'stop');
  if (reason) throw new TimerStateError(reason);
  const endTime = new Date(timer.startTime.getTime() + (capSeconds + timer.pausedSeconds) * 1000);
  return { status: 'stopped', endTime, pausedAt: null, pausedSeconds: timer.pausedSeconds, durationSeconds: capSeconds };
}

/** Whether the timer's running time has reached the cap at `now`. */
export function reachedCap(timer: TimerTimes, capSeconds: number, now: Date): boolean {
  return timer.status !== 'stopped' && runningSeconds(timer, now) >= capSeconds;
}

/** No heartbeat (or, before the first one, no start) within the stale window. */
export function isStale(timer: TimerTimes & { lastHeartbeat: Date | null }, staleMinutes: number, now: Date): boolean {
  if (timer.status === 'stopped') return false;
  const seen = timer.lastHeartbeat ?? timer.startTime;
  return now.getTime() - seen.getTime() > staleMinutes * 60_000;
}

export class TimerStateError extends Error {}
