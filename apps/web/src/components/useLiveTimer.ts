import type { TimerView } from '@stint/contracts';
import { useEffect, useState } from 'react';
import { costAt, elapsedAt, msUntilNextSecond, type TimerReading } from '@/lib/timer-clock';

/** Timers may fire a hair before the clock reads the full second; landing a little after keeps every second shown. */
const TICK_SLACK_MS = 5;

/**
 * `Date.now()`, refreshed on every whole second counted from `anchor` while `active`: the
 * display changes exactly once a second, in step with the server's count.
 */
export function useSecondTick(anchor: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, msUntilNextSecond(anchor, Date.now()) + TICK_SLACK_MS);
    };
    setNow(Date.now());
    schedule();
    return () => clearTimeout(timer);
  }, [anchor, active]);
  return now;
}

export interface LiveTimer {
  elapsedSeconds: number;
  /** 2-decimal estimate between server answers; the server's `cost` at each new answer. */
  cost: string;
}

/** A timer's elapsed time and cost now, ticking from the server's anchor while it runs. */
export function useLiveTimer(timer: TimerReading & Pick<TimerView, 'status'>, receivedAt: number): LiveTimer {
  const now = useSecondTick(receivedAt, timer.status === 'running');
  const elapsedSeconds = elapsedAt(timer, receivedAt, now);
  return { elapsedSeconds, cost: costAt(timer, elapsedSeconds) };
}
