import type { TimerView } from '@stint/contracts';
import { costInCents, fromCents, toCents } from '@/lib/money';

/**
 * The widget only renders the server's numbers forward in time. An anchor is what the server
 * said (`elapsed_seconds` and `cost` at `server_time`) plus when this browser received it
 * (`Date.now()`): counting from the receipt, not from `server_time`, makes the tick immune to
 * a wrong clock on this machine. Every new answer from the server replaces the anchor.
 */

export type TimerReading = Pick<TimerView, 'status' | 'elapsed_seconds' | 'cost' | 'rate_type' | 'rate_amount'>;

/** Running time at `now`: frozen while paused (or stopped), else whole seconds since the receipt added. */
export function elapsedAt(timer: Pick<TimerView, 'status' | 'elapsed_seconds'>, receivedAt: number, now: number): number {
  if (timer.status !== 'running') return timer.elapsed_seconds;
  return timer.elapsed_seconds + Math.floor(Math.max(0, now - receivedAt) / 1000);
}

/**
 * Cost at `elapsedSeconds`: the server's cost plus the cost of the seconds since its answer,
 * in exact cents. At the anchor itself it is the server's figure unchanged.
 */
export function costAt(timer: TimerReading, elapsedSeconds: number): string {
  if (elapsedSeconds <= timer.elapsed_seconds) return timer.cost;
  const sinceAnchor = costInCents(elapsedSeconds, timer.rate_type, timer.rate_amount) - costInCents(timer.elapsed_seconds, timer.rate_type, timer.rate_amount);
  return fromCents(toCents(timer.cost) + sinceAnchor);
}

/** Milliseconds until the display next changes: the next whole second counted from the receipt. */
export function msUntilNextSecond(receivedAt: number, now: number): number {
  const into = (((now - receivedAt) % 1000) + 1000) % 1000;
  return 1000 - into;
}
