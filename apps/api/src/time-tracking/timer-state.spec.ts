import fc from 'fast-check';
import { isStale, pause, pausedSecondsAt, reachedCap, refusal, resume, runningSeconds, stop, stopAtCap, TimerStateError, type TimerTimes } from './timer-state';

const T0 = new Date('2026-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const running = (): TimerTimes => ({ status: 'running', startTime: T0, pausedAt: null, pausedSeconds: 0, durationSeconds: null });

/** Applies a change to a timer, as the service writes it. */
const apply = (timer: TimerTimes, change: Partial<TimerTimes>): TimerTimes => ({ ...timer, ...change });

describe('timer state machine', () => {
  it.each([
    ['running', 'pause', null],
    ['running', 'resume', 'This timer is already running'],
    ['running', 'stop', null],
    ['paused', 'pause', 'This timer is already paused'],
    ['paused', 'resume', null],
    ['paused', 'stop', null],
    ['stopped', 'pause', 'This timer is already stopped'],
    ['stopped', 'resume', 'This timer is already stopped'],
    ['stopped', 'stop', 'This timer is already stopped'],
  ] as const)('%s + %s → %s', (status, action, expected) => {
    expect(refusal(status, action)).toBe(expected);
  });

  it('throws on an invalid transition', () => {
    expect(() => resume(running(), at(5))).toThrow(TimerStateError);
    const paused = apply(running(), pause(running(), at(5)));
    expect(() => pause(paused, at(6))).toThrow(TimerStateError);
    const stopped = apply(running(), stop(running(), at(5)));
    expect(() => stop(stopped, at(6))).toThrow(TimerStateError);
  });

  it('counts running time only: 10 min, 5 min paused, 20 min → 30 min', () => {
    let timer = running();
    timer = apply(timer, pause(timer, at(600)));
    expect(runningSeconds(timer, at(900))).toBe(600);
    expect(pausedSecondsAt(timer, at(900))).toBe(300);
    timer = apply(timer, resume(timer, at(900)));
    expect(timer.pausedSeconds).toBe(300);
    const stopped = stop(timer, at(2100));
    expect(stopped).toMatchObject({ durationSeconds: 1800, pausedSeconds: 300, endTime: at(2100) });
  });

  it('shows the same elapsed before a pause, during it, after the resume and when stopped from paused (no drifting second)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 })), { maxLength: 8 }), (steps) => {
        let timer = running();
        let now = 0;
        for (const [runMs, pauseMs] of steps) {
          now += runMs;
          const before = runningSeconds(timer, at(now / 1000));
          timer = apply(timer, pause(timer, at(now / 1000)));
          now += pauseMs;
          if (runningSeconds(timer, at(now / 1000)) !== before) return false;
          const stoppedFromPaused = stop(timer, at(now / 1000));
          if (stoppedFromPaused.durationSeconds !== before) return false;
          timer = apply(timer, resume(timer, at(now / 1000)));
          if (runningSeconds(timer, at(now / 1000)) !== before) return false;
        }
        // Running + paused seconds never exceed the wall-clock seconds since the start.
        const total = Math.floor(now / 1000);
        return runningSeconds(timer, at(now / 1000)) + timer.pausedSeconds === total;
      }),
    );
  });

  it('never goes negative when the clock is behind the start, and keeps the end after the start', () => {
    expect(runningSeconds(running(), at(-10))).toBe(0);
    const stopped = stop(running(), T0);
    expect(stopped.endTime.getTime()).toBe(T0.getTime() + 1);
    expect(stopped.durationSeconds).toBe(0);
  });

  it('stops at the cap: end = start + cap + paused time, duration = cap', () => {
    let timer = running();
    timer = apply(timer, pause(timer, at(3600)));
    timer = apply(timer, resume(timer, at(3600 + 7200)));
    expect(reachedCap(timer, 2 * 3600, at(3600 + 7200 + 3599))).toBe(false);
    expect(reachedCap(timer, 2 * 3600, at(3600 + 7200 + 3600))).toBe(true);
    expect(stopAtCap(timer, 2 * 3600)).toMatchObject({ durationSeconds: 7200, pausedSeconds: 7200, endTime: at(4 * 3600) });
  });

  it('is stale after the window without a heartbeat (or since the start before the first)', () => {
    const timer = { ...running(), lastHeartbeat: null };
    expect(isStale(timer, 10, at(600))).toBe(false);
    expect(isStale(timer, 10, at(601))).toBe(true);
    expect(isStale({ ...timer, lastHeartbeat: at(500) }, 10, at(1000))).toBe(false);
    expect(isStale({ ...timer, status: 'stopped' }, 10, at(10_000))).toBe(false);
  });
});
