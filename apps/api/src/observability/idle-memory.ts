import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

/** How often the event loop's utilisation is sampled. */
export const IDLE_CHECK_MS = 5_000;
/** Consecutive quiet samples (15 s) before the heap is given back; a second collection follows as many samples later (V8 compacts what the first freed). */
export const IDLE_CHECKS_BEFORE_TRIM = 3;
const COLLECTIONS_PER_QUIET_PERIOD = 2;
/** Below this share of the time busy, the process counts as idle (pings of open streams included). */
const IDLE_UTILIZATION = 0.02;

/**
 * Gives the heap back to the system when the API goes quiet. V8 sizes the heap for the load
 * it has just seen and keeps it: after the benchmark's scenarios the process held ~330 MB
 * resident with ~110 MB of it live, and nothing shrank it while idle. So once the event loop
 * has been idle for 15 s (IDLE_CHECKS_BEFORE_TRIM samples), a full collection runs, and a
 * second one 15 s later — the heap shrinks to what is live and V8 returns the freed pages —
 * and no more until the process has been busy in between. The bounded caches (AnalyticsCache) keep what is live
 * small; this returns the garbage the last busy period left. A collection pauses the loop
 * for tens of milliseconds, at a moment when nothing is waiting.
 */
@Injectable()
export class IdleMemory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IdleMemory');
  private timer: NodeJS.Timeout | null = null;
  private last = performance.eventLoopUtilization();
  private quietSamples = 0;
  /** Collections still due in this quiet period (none until the process has been busy). */
  private due = 0;
  private collect: (() => void) | null = null;
  /** Collections run so far (tests, debugging). */
  trims = 0;

  onApplicationBootstrap(): void {
    this.collect = exposeGc();
    if (!this.collect) return;
    this.timer = setInterval(() => this.sample(), IDLE_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One sample: busy resets the count (and allows the next trim); the third quiet one in a row trims. */
  sample(utilization = this.utilizationSinceLast()): void {
    if (utilization >= IDLE_UTILIZATION) {
      this.quietSamples = 0;
      this.due = COLLECTIONS_PER_QUIET_PERIOD;
      return;
    }
    this.quietSamples += 1;
    if (!this.due || this.quietSamples % IDLE_CHECKS_BEFORE_TRIM !== 0 || !this.collect) return;
    this.due -= 1;
    const before = process.memoryUsage().rss;
    this.collect();
    this.trims += 1;
    this.logger.debug(`Idle: heap collected (RSS ${Math.round(before / 2 ** 20)} MB before)`);
  }

  private utilizationSinceLast(): number {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, this.last);
    this.last = now;
    return delta.utilization;
  }
}

/**
 * V8's `gc()` without a command-line flag: with `--expose-gc` set at run time, a new context
 * gets it; null where that doesn't work.
 */
function exposeGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
