import '@/components/FloatingTimer.css';
import type { TimerView } from '@stint/contracts';
import { useCallback, useEffect, useId, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/api/errors';
import { usePauseTimer, useResumeTimer, useStopTimer, useTimerHeartbeat, useTimerStatus, type TimerSnapshot } from '@/api/time-tracking';
import { useTimerSync } from '@/api/timer-stream';
import { useCurrentUser } from '@/api/users';
import { StartTimerDialog } from '@/components/StartTimerDialog';
import { StopTimerDialog } from '@/components/StopTimerDialog';
import { showToast } from '@/components/toast-store';
import { automaticStopMessage, loggedMessage, timerTitle } from '@/components/timer-text';
import { useLiveTimer } from '@/components/useLiveTimer';
import { describeElapsed, formatElapsed } from '@/lib/duration';
import { formatDateTime } from '@/lib/dates';
import { formatMoney } from '@/lib/money';

export const TIMER_SHORTCUT = 'Alt+Shift+P';
const SHORTCUT_HINT = TIMER_SHORTCUT.replace(/\+/g, ' + ');

export const DOCK_CORNERS = ['bottom-right', 'bottom-left', 'top-left', 'top-right'] as const;
export type DockCorner = (typeof DOCK_CORNERS)[number];
const CORNER_NAMES: Record<DockCorner, string> = { 'bottom-right': 'bottom right', 'bottom-left': 'bottom left', 'top-left': 'top left', 'top-right': 'top right' };

const DOCK_KEY = 'stint.timer.dock';
const COLLAPSED_KEY = 'stint.timer.collapsed';
const NOTICE_KEY = 'stint.timer.dismissed-notice';

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: the choice lasts for this page only.
  }
}

/** A value remembered in localStorage (per browser, like a window position should be). */
function useStoredState<T extends string>(key: string, parse: (raw: string | null) => T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => parse(readStorage(key)));
  const set = useCallback(
    (next: T) => {
      setValue(next);
      writeStorage(key, next);
    },
    [key],
  );
  return [value, set];
}

const parseCorner = (raw: string | null): DockCorner => (DOCK_CORNERS.includes(raw as DockCorner) ? (raw as DockCorner) : 'bottom-right');
const parseFlag = (raw: string | null): 'true' | 'false' => (raw === 'true' ? 'true' : 'false');

/** The corner nearest to a point of the viewport. */
function nearestCorner(x: number, y: number): DockCorner {
  const top = y < window.innerHeight / 2;
  const left = x < window.innerWidth / 2;
  return `${top ? 'top' : 'bottom'}-${left ? 'left' : 'right'}` as DockCorner;
}

/**
 * Alt+Shift+P pauses or resumes the most recent timer from anywhere, also while typing (it is
 * a modifier chord, so it can't clash with text). Matched on the physical key because
 * Option+Shift+P types "∏" on a Mac.
 */
function usePauseShortcut(action: () => void) {
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.repeat || event.code !== 'KeyP') return;
      if (document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      latest.current();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

interface TimerRowProps {
  timer: TimerView;
  receivedAt: number;
  /** Several timers: labels name the task, the layout is tighter. */
  compact: boolean;
  /** The one the shortcut acts on. */
  primary: boolean;
  busy: boolean;
  timeZone: string | undefined;
  onToggle: (timer: TimerView) => void;
  onStop: (timer: TimerView) => void;
}

function TimerRow({ timer, receivedAt, compact, primary, busy, timeZone, onToggle, onStop }: TimerRowProps) {
  const live = useLiveTimer(timer, receivedAt);
  const running = timer.status === 'running';
  const name = timer.task_key ?? timerTitle(timer);
  const toggleLabel = running ? 'Pause' : 'Resume';
  const shortcut = primary ? ` (${SHORTCUT_HINT})` : '';

  return (
    <li className={`ft-timer ft-timer-${timer.status}${compact ? ' ft-timer-compact' : ''}`}>
      <p className="ft-task">
        {timer.task_id ? (
          <Link to={`/tasks/${timer.task_id}`} className="ft-task-link">
            {timer.task_key && <span className="ft-key">{timer.task_key}</span>} <span className="ft-title">{timer.task_title}</span>
          </Link>
        ) : (
          <span className="ft-title">{timer.description ?? <span className="muted">No task</span>}</span>
        )}
      </p>
      {timer.task_id && timer.description && !compact && <p className="ft-description">{timer.description}</p>}
      <p className="ft-readout">
        <span className="ft-state">
          <span className="ft-dot" aria-hidden="true" />
          {running ? 'Running' : 'Paused'}
        </span>
        <span role="timer" className="ft-elapsed" aria-label={`Elapsed ${describeElapsed(live.elapsedSeconds)}`}>
          {formatElapsed(live.elapsedSeconds)}
        </span>
        <span className="ft-cost">
          {/* An aria-label on a plain <span> is ignored by screen readers: the words go in the text. */}
          <span className="visually-hidden">Cost so far </span>
          {formatMoney(live.cost, timer.currency)}
        </span>
      </p>
      {timer.stale && (
        <p className="ft-warning" role="note">
          No open page has reported this timer since {timer.last_heartbeat ? formatDateTime(timer.last_heartbeat, timeZone) : 'it started'}. Still working on it?
        </p>
      )}
      <div className="ft-actions">
        <button
          type="button"
          className="button button-ghost button-small"
          onClick={() => onToggle(timer)}
          disabled={busy}
          title={`${toggleLabel}${shortcut}`}
          aria-keyshortcuts={primary ? TIMER_SHORTCUT : undefined}
          aria-label={compact ? `${toggleLabel} ${name}` : undefined}
        >
          {toggleLabel}
        </button>
        <button type="button" className="button button-primary button-small" onClick={() => onStop(timer)} disabled={busy} aria-label={compact ? `Stop ${name}` : undefined}>
          Stop
        </button>
      </div>
    </li>
  );
}

function CollapsedTimer({ snapshot, onExpand }: { snapshot: TimerSnapshot | undefined; onExpand: () => void }) {
  const timer = snapshot?.status.timers[0];
  return (
    <button type="button" className="ft-pill" aria-expanded="false" onClick={onExpand} title="Show the timer">
      <span className="visually-hidden">Show timer</span>
      {timer ? <PillReading timer={timer} receivedAt={snapshot.receivedAt} count={snapshot.status.timers.length} /> : <span aria-hidden="true">⏱ Timer</span>}
    </button>
  );
}

function PillReading({ timer, receivedAt, count }: { timer: TimerView; receivedAt: number; count: number }) {
  const live = useLiveTimer(timer, receivedAt);
  return (
    <span className="ft-pill-reading">
      <span className={`ft-dot ft-dot-${timer.status}`} aria-hidden="true" />
      <span className="visually-hidden">{timer.status === 'running' ? ', running: ' : ', paused: '}</span>
      <span className="ft-elapsed">{formatElapsed(live.elapsedSeconds)}</span>
      {timer.task_key && <span className="ft-key">{timer.task_key}</span>}
      {count > 1 && <span className="muted">+{count - 1}</span>}
    </span>
  );
}

function AutomaticStopNotice({ snapshot }: { snapshot: TimerSnapshot }) {
  const stopped = snapshot.status.last_stopped;
  const [dismissed, setDismissed] = useStoredState(NOTICE_KEY, (raw) => raw ?? '');
  const message = stopped ? automaticStopMessage(stopped, snapshot.status.limits) : null;
  if (!stopped || !message || dismissed === stopped.time_log_id) return null;
  return (
    <div className="ft-notice" role="status">
      <p>{message}</p>
      <button type="button" className="link-button" onClick={() => setDismissed(stopped.time_log_id)}>
        Dismiss
      </button>
    </div>
  );
}

/**
 * The floating timer, mounted once in the app shell so it is on every signed-in page: the
 * running timer's task, elapsed time and cost ticking from the server's anchor, Pause/Resume
 * (also Alt+Shift+P), Stop with "Work done?", Start with a task picker. Minimisable to a pill,
 * docked to a corner (drag it, or "Move"), both remembered. All state comes from the server,
 * so it survives reloads and is the same in every tab.
 */
export function FloatingTimer() {
  useTimerSync();
  const status = useTimerStatus();
  const user = useCurrentUser();
  const pause = usePauseTimer();
  const resume = useResumeTimer();
  const stop = useStopTimer();
  const bodyId = useId();
  const [corner, setCorner] = useStoredState(DOCK_KEY, parseCorner);
  const [collapsedFlag, setCollapsedFlag] = useStoredState(COLLAPSED_KEY, parseFlag);
  const collapsed = collapsedFlag === 'true';
  const [starting, setStarting] = useState(false);
  const [stoppingId, setStoppingId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const dragStart = useRef<{ pointerX: number; pointerY: number; moved: boolean } | null>(null);
  const panel = useRef<HTMLElement>(null);

  const snapshot = status.data;
  const timers = snapshot?.status.timers ?? [];
  const limits = snapshot?.status.limits;
  const primary = timers[0];
  const stopping = timers.find((timer) => timer.time_log_id === stoppingId);
  useTimerHeartbeat(timers.length > 0, limits?.heartbeat_interval_seconds ?? 60);

  function toggle(timer: TimerView) {
    setError(null);
    const action = timer.status === 'running' ? pause : resume;
    action.mutate(
      { time_log_id: timer.time_log_id },
      { onError: (failure) => setError(`Couldn't ${timer.status === 'running' ? 'pause' : 'resume'} the timer. ${describeError(failure)}`) },
    );
  }

  usePauseShortcut(() => {
    if (primary && !pause.isPending && !resume.isPending) toggle(primary);
  });

  // A timer that ended elsewhere (another tab, the cap) takes its open "Work done?" dialog with it;
  // not our own stop, whose stream event may well arrive before its answer.
  useEffect(() => {
    if (stoppingId && !stopping && !stop.isPending) setStoppingId(null);
  }, [stoppingId, stopping, stop.isPending]);

  function stopTimer(timer: TimerView, description: string | null) {
    stop.mutate(
      { time_log_id: timer.time_log_id, description },
      {
        onSuccess: (response) => {
          setStoppingId(null);
          showToast(loggedMessage(response));
        },
      },
    );
  }

  function onPointerDown(event: ReactPointerEvent<HTMLElement>) {
    if (event.button !== 0 || (event.target as HTMLElement).closest('button, a, input, textarea, select')) return;
    dragStart.current = { pointerX: event.clientX, pointerY: event.clientY, moved: false };
    event.currentTarget.setPointerCapture?.(event.pointerId);
  }

  function onPointerMove(event: ReactPointerEvent<HTMLElement>) {
    const start = dragStart.current;
    if (!start) return;
    const x = event.clientX - start.pointerX;
    const y = event.clientY - start.pointerY;
    if (!start.moved && Math.hypot(x, y) < 6) return;
    start.moved = true;
    setDrag({ x, y });
  }

  function onPointerUp(event: ReactPointerEvent<HTMLElement>) {
    const start = dragStart.current;
    dragStart.current = null;
    if (!start?.moved || !panel.current) {
      setDrag(null);
      return;
    }
    const box = panel.current.getBoundingClientRect();
    setCorner(nearestCorner(box.left + box.width / 2, box.top + box.height / 2));
    setDrag(null);
    event.currentTarget.releasePointerCapture?.(event.pointerId);
  }

  if (status.isPending) return null;

  const nextCorner = DOCK_CORNERS[(DOCK_CORNERS.indexOf(corner) + 1) % DOCK_CORNERS.length];
  const busy = pause.isPending || resume.isPending || stop.isPending;
  const max = limits?.max_concurrent_timers ?? 1;
  const state = primary ? primary.status : 'idle';
  const stoppedNotice = snapshot?.status.last_stopped && automaticStopMessage(snapshot.status.last_stopped, snapshot.status.limits);

  return (
    <aside
      ref={panel}
      className={`floating-timer ft-dock-${corner}${collapsed ? ' ft-collapsed' : ''}${drag ? ' ft-dragging' : ''}`}
      aria-label="Timer"
      data-state={state}
      style={drag ? { transform: `translate(${drag.x}px, ${drag.y}px)` } : undefined}
    >
      {collapsed ? (
        <CollapsedTimer snapshot={snapshot} onExpand={() => setCollapsedFlag('false')} />
      ) : (
        <>
          <div className="ft-header" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={() => setDrag(null)}>
            <span className="ft-heading" title="Drag to another corner">
              <span className="ft-grip" aria-hidden="true">
                ⠿
              </span>
              Timer
            </span>
            <span className="ft-tools">
              <button
                type="button"
                className="ft-icon-button"
                onClick={() => setCorner(nextCorner)}
                aria-label={`Move timer to the ${CORNER_NAMES[nextCorner]} corner`}
                title={`Move to the ${CORNER_NAMES[nextCorner]} corner`}
              >
                <span aria-hidden="true">⤢</span>
              </button>
              <button
                type="button"
                className="ft-icon-button"
                onClick={() => setCollapsedFlag('true')}
                aria-expanded="true"
                aria-controls={bodyId}
                aria-label="Minimise timer"
                title="Minimise"
              >
                <span aria-hidden="true">–</span>
              </button>
            </span>
          </div>
          <div className={`ft-body${timers.length === 0 && !stoppedNotice ? ' ft-body-idle' : ''}`} id={bodyId}>
            {status.isError && !snapshot && (
              <p className="ft-error" role="alert">
                Couldn't load your timer. {describeError(status.error)}{' '}
                <button type="button" className="link-button" onClick={() => void status.refetch()}>
                  Try again
                </button>
              </p>
            )}
            {snapshot && <AutomaticStopNotice snapshot={snapshot} />}
            {timers.length > 0 ? (
              <ul className="ft-timers">
                {timers.map((timer) => (
                  <TimerRow
                    key={timer.time_log_id}
                    timer={timer}
                    receivedAt={snapshot!.receivedAt}
                    compact={timers.length > 1}
                    primary={timer === primary}
                    busy={busy}
                    timeZone={user?.timezone}
                    onToggle={toggle}
                    onStop={(target) => {
                      stop.reset();
                      setStoppingId(target.time_log_id);
                    }}
                  />
                ))}
              </ul>
            ) : (
              <p className="ft-idle muted">No timer running.</p>
            )}
            {error && (
              <p className="ft-error" role="alert">
                {error}
              </p>
            )}
            {(timers.length === 0 || timers.length < max) && (
              <button type="button" className="button button-ghost button-small ft-start" onClick={() => setStarting(true)}>
                <span aria-hidden="true">▶</span> {timers.length === 0 ? 'Start timer' : 'Start another timer'}
              </button>
            )}
          </div>
        </>
      )}
      {starting && <StartTimerDialog status={snapshot?.status} onClose={() => setStarting(false)} />}
      {stopping && snapshot && (
        <StopTimerDialog
          timer={stopping}
          receivedAt={snapshot.receivedAt}
          onStop={(description) => stopTimer(stopping, description)}
          pending={stop.isPending}
          error={stop.isError ? stop.error : null}
          onClose={() => setStoppingId(null)}
        />
      )}
    </aside>
  );
}
