/**
 * Admission control: at most `maxInFlight` requests are worked on at once; up to
 * `maxQueued` more wait their turn, each at most `queueTimeoutMs`; anything beyond is turned
 * away at once. Without it a spike of thousands of clients all enter the app, all wait on
 * the same small database pool (several times each: session check, then the query) and all
 * time out together; with it, the admitted ones finish at normal speed and the rest get a
 * 503 they can retry.
 *
 * The queue is FIFO while it turns over quickly. When its oldest request has already waited
 * over half the timeout the server is overloaded, not just busy for an instant: the newest
 * request is admitted instead (adaptive LIFO), so those that get in are answered fast while
 * the old ones, which would be answered late anyway, time out. A waiting request costs only
 * memory, so a deep queue holds a spike's clients cheaply; one turned away at once by a
 * client that retries at once costs CPU.
 */
export interface AdmissionLimits {
  maxInFlight: number;
  /** 0: no waiting room, a request over the in-flight limit is shed at once. */
  maxQueued: number;
  queueTimeoutMs: number;
}

export type ShedReason = 'queue_full' | 'queue_timeout';

export type AdmissionOutcome = { admitted: true; waitedMs: number } | { admitted: false; reason: ShedReason | 'abandoned'; waitedMs: number };

/**
 * One request's place: `outcome` settles when it is admitted or shed; `leave()` must be
 * called once the request is over (answered, or its client gone). It is idempotent: it
 * frees the slot of an admitted request, or takes a waiting one out of the queue.
 */
export interface AdmissionTicket {
  readonly outcome: Promise<AdmissionOutcome>;
  leave(): void;
}

interface Waiter {
  enqueuedAt: number;
  timer: NodeJS.Timeout | undefined;
  settle(outcome: AdmissionOutcome): void;
  state: 'queued' | 'admitted' | 'done';
  /** Doubly linked queue: O(1) at both ends and for a waiter who leaves from the middle. */
  older: Waiter | null;
  newer: Waiter | null;
}

export class AdmissionLimiter {
  private running = 0;
  private waiting = 0;
  private oldest: Waiter | null = null;
  private newest: Waiter | null = null;

  constructor(
    readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limits.maxInFlight >= 1)) throw new Error('maxInFlight must be at least 1');
    if (!(limits.maxQueued >= 0)) throw new Error('maxQueued must not be negative');
    if (!(limits.queueTimeoutMs >= 1)) throw new Error('queueTimeoutMs must be at least 1');
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting;
  }

  enter(): AdmissionTicket {
    let settle!: (outcome: AdmissionOutcome) => void;
    const outcome = new Promise<AdmissionOutcome>((resolve) => (settle = resolve));
    const waiter: Waiter = { enqueuedAt: this.now(), timer: undefined, settle, state: 'queued', older: null, newer: null };

    if (this.running < this.limits.maxInFlight && this.waiting === 0) {
      // Straight in: no wait to report (the clock would still show a few microseconds).
      this.admit(waiter, 0);
    } else if (this.waiting >= this.limits.maxQueued) {
      waiter.state = 'done';
      settle({ admitted: false, reason: 'queue_full', waitedMs: 0 });
    } else {
      this.push(waiter);
      waiter.timer = setTimeout(() => this.shed(waiter, 'queue_timeout'), this.limits.queueTimeoutMs);
      waiter.timer.unref?.();
    }

    return {
      outcome,
      leave: () => {
        if (waiter.state === 'admitted') {
          waiter.state = 'done';
          this.running -= 1;
          this.admitNext();
        } else if (waiter.state === 'queued') {
          this.shed(waiter, 'abandoned');
        }
      },
    };
  }

  private admit(waiter: Waiter, waitedMs = this.now() - waiter.enqueuedAt): void {
    clearTimeout(waiter.timer);
    waiter.state = 'admitted';
    this.running += 1;
    waiter.settle({ admitted: true, waitedMs });
  }

  private shed(waiter: Waiter, reason: ShedReason | 'abandoned'): void {
    if (waiter.state !== 'queued') return;
    clearTimeout(waiter.timer);
    this.unlink(waiter);
    waiter.state = 'done';
    waiter.settle({ admitted: false, reason, waitedMs: this.now() - waiter.enqueuedAt });
  }

  private admitNext(): void {
    while (this.running < this.limits.maxInFlight && this.oldest) {
      const overloaded = this.now() - this.oldest.enqueuedAt > this.limits.queueTimeoutMs / 2;
      const next = overloaded ? (this.newest as Waiter) : this.oldest;
      this.unlink(next);
      this.admit(next);
    }
  }

  private push(waiter: Waiter): void {
    waiter.older = this.newest;
    if (this.newest) this.newest.newer = waiter;
    else this.oldest = waiter;
    this.newest = waiter;
    this.waiting += 1;
  }

  private unlink(waiter: Waiter): void {
    if (waiter.older) waiter.older.newer = waiter.newer;
    else this.oldest = waiter.newer;
    if (waiter.newer) waiter.newer.older = waiter.older;
    else this.newest = waiter.older;
    waiter.older = waiter.newer = null;
    this.waiting -= 1;
  }
}
