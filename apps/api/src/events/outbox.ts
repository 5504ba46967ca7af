import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type TaskList, type WorkerUtils } from 'graphile-worker';
import { Client, Pool } from 'pg';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import type { DomainEventType, RecordedEvent } from './domain-event';
import { DomainEvents } from './domain-events';

/** graphile-worker's schema (created by migrate(), database/migrate.ts). */
export const OUTBOX_SCHEMA = 'graphile_worker';
/** Task identifier of a consumer's jobs. */
export const outboxTask = (consumer: string) => `stint.outbox.${consumer}`;
/** Attempts before a job is kept as failed (graphile-worker backs off exponentially: ~1 s, 7 s, 20 s … capped near 3 days in total). */
const MAX_ATTEMPTS = 25;
/** How often jobs locked by a dead process are looked for (besides at start). */
const SWEEP_MS = 30_000;
/** A lock held by a worker that never registered (killed within its first moments) is released after this. */
const UNREGISTERED_LOCK_SECONDS = 30;

/** An external effect of domain events: delivered at least once after commit, so `deliver` must be idempotent (key: `event.id`). */
export interface OutboxConsumer {
  /** Stable: it names the consumer's jobs ([a-z0-9_-]). */
  name: string;
  types: readonly DomainEventType[] | '*';
  /** Throwing makes the job retry later (with back-off). `attempt` counts from 1. */
  deliver(event: RecordedEvent, attempt: number): Promise<void>;
}

/**
 * The transactional outbox (docs/adr/0004-transactional-outbox.md), on graphile-worker.
 *
 * record() inserts one job per consumer of the event's type with `graphile_worker.add_job`,
 * on the writer's connection inside its transaction: the job exists if and only if the
 * change committed. This process's worker then delivers it (LISTEN wakes it at once; it
 * polls every 2 s for retries). A job finished is deleted; a failed one is retried with
 * exponential back-off, MAX_ATTEMPTS times.
 *
 * Crash recovery: graphile-worker frees jobs locked by a dead worker only after 4 hours, so
 * each process registers its worker ids in `outbox_workers` with the PostgreSQL backend of
 * a connection it holds open for its lifetime. A registration whose backend is gone is a
 * dead process: every process, at start and every 30 s, unlocks the jobs such workers
 * held (graphile-worker's forceUnlockWorkers), and they are delivered again — to a consumer
 * that must therefore be idempotent.
 *
 * The worker runs only when a consumer is registered (today: the test probe); without one
 * record() enqueues nothing and no connection is opened.
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private readonly consumers = new Map<string, OutboxConsumer>();
  private runner: Runner | null = null;
  private pool: Pool | null = null;
  private utils: WorkerUtils | null = null;
  private heartbeat: Client | null = null;
  private readonly workerIds = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    events: DomainEvents,
    private readonly metrics: Metrics,
  ) {
    const consumers = this.consumers;
    events.routeToOutbox({
      consumersOf: (type) => [...consumers.values()].filter((c) => c.types === '*' || c.types.includes(type)).map((c) => c.name),
      enqueueSql: `SELECT ${OUTBOX_SCHEMA}.add_job($1::text, $2::json, max_attempts := $3::int, job_key := $4::text)`,
      enqueueParams: (consumer, event) => [outboxTask(consumer), JSON.stringify(event), MAX_ATTEMPTS, `${consumer}:${event.id}`],
    });
  }

  /** Registers a consumer; call it from a provider's constructor or onModuleInit (before the app serves). */
  register(consumer: OutboxConsumer): void {
    if (!/^[a-z0-9_-]+$/.test(consumer.name)) throw new Error(`Outbox consumer name "${consumer.name}" must match [a-z0-9_-]+`);
    if (this.runner) throw new Error(`Outbox consumer ${consumer.name} registered after the worker started`);
    this.consumers.set(consumer.name, consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.consumers.size || !this.dataSource.isInitialized) return;
    const url = databaseUrlOf(this.dataSource);
    const concurrency = this.config.outbox.concurrency;
    this.pool = new Pool({ connectionString: url, max: concurrency + 2, application_name: 'stint-api-outbox' });
    this.pool.on('error', (error) => this.logger.warn(`Outbox connection lost: ${error.message}`));
    this.heartbeat = await this.openHeartbeat(url);
    this.utils = await makeWorkerUtils({ pgPool: this.pool, logger: workerLogger(this.logger) });
    await this.sweep();
    const taskList: TaskList = {};
    for (const consumer of this.consumers.values()) {
      taskList[outboxTask(consumer.name)] = async (payload, helpers) => consumer.deliver(payload as RecordedEvent, helpers.job.attempts);
    }
    const events = new EventEmitter();
    events.on('worker:create', ({ worker }: { worker: { workerId: string } }) => {
      this.workerIds.add(worker.workerId);
      void this.registerWorker(worker.workerId);
    });
    events.on('job:error', ({ job, error }: { job: { id: string; task_identifier: string; attempts: number }; error: Error }) =>
      this.logger.warn(`Outbox job ${job.id} (${job.task_identifier}) attempt ${job.attempts} failed: ${error?.message ?? error}`),
    );
    this.runner = await run({ pgPool: this.pool, taskList, concurrency, noHandleSignals: true, pollInterval: 2_000, logger: workerLogger(this.logger), events });
    this.runner.promise.catch((error: Error) => this.logger.error(`Outbox worker stopped: ${error.message}`));
    this.sweepTimer = setInterval(() => void this.sweep().catch((error: Error) => this.logger.warn(`Outbox sweep failed: ${error.message}`)), SWEEP_MS);
    this.sweepTimer.unref();
    this.watchDepth();
    this.logger.log(`Outbox worker running for ${[...this.consumers.keys()].join(', ')}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.runner?.stop().catch(() => undefined);
    await Promise.resolve(this.utils?.release()).catch(() => undefined);
    await this.heartbeat?.end().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }

  /**
   * Releases jobs held by workers of dead processes (registered, backend gone) and, after
   * UNREGISTERED_LOCK_SECONDS, by workers that never registered; forgets dead registrations.
   * Returns the worker ids released.
   */
  async sweep(): Promise<string[]> {
    if (!this.pool || !this.utils) return [];
    const { rows } = await this.pool.query<{ locked_by: string }>(
      `SELECT DISTINCT j.locked_by
         FROM ${OUTBOX_SCHEMA}.jobs j
         LEFT JOIN outbox_workers w ON w.worker_id = j.locked_by
         LEFT JOIN pg_stat_activity a ON a.pid = w.backend_pid AND a.backend_start = w.backend_start
        WHERE j.locked_by IS NOT NULL AND a.pid IS NULL
          AND (w.worker_id IS NOT NULL OR j.locked_at < now() - make_interval(secs => $1))`,
      [UNREGISTERED_LOCK_SECONDS],
    );
    const dead = rows.map((row) => row.locked_by).filter((id) => !this.workerIds.has(id));
    if (dead.length) {
      await this.utils.forceUnlockWorkers(dead);
      this.logger.warn(`Released the outbox jobs of ${dead.length} dead worker(s): they will be delivered again`);
    }
    await this.pool.query(
      `DELETE FROM outbox_workers w
        WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = w.backend_pid AND a.backend_start = w.backend_start)`,
    );
    return dead;
  }

  /** Jobs waiting, being delivered, and given up on (attempts exhausted). */
  async depth(): Promise<{ pending: number; locked: number; failed: number }> {
    const sql = `SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts)::int AS pending,
              count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS locked,
              count(*) FILTER (WHERE locked_at IS NULL AND attempts >= max_attempts)::int AS failed
         FROM ${OUTBOX_SCHEMA}.jobs WHERE task_identifier LIKE 'stint.outbox.%'`;
    type Depth = { pending: number; locked: number; failed: number };
    const rows = this.pool ? (await this.pool.query<Depth>(sql)).rows : await this.dataSource.query<Depth[]>(sql);
    return rows[0];
  }

  private watchDepth(): void {
    const depth = () => this.depth();
    new Gauge({
      name: 'stint_outbox_jobs',
      help: 'Outbox jobs by state: pending (waiting or backing off), locked (being delivered), failed (attempts exhausted)',
      labelNames: ['state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const figures = await depth().catch(() => null);
        if (!figures) return;
        this.set({ state: 'pending' }, figures.pending);
        this.set({ state: 'locked' }, figures.locked);
        this.set({ state: 'failed' }, figures.failed);
      },
    });
  }

  /** A connection held for the process's lifetime: its backend alive = this process's workers alive. */
  private async openHeartbeat(url: string): Promise<Client> {
    const client = new Client({ connectionString: url, application_name: 'stint-api-outbox-heartbeat' });
    client.on('error', (error) => {
      this.logger.warn(`Outbox heartbeat connection lost (${error.message}); reconnecting`);
      void this.reopenHeartbeat(url);
    });
    await client.connect();
    return client;
  }

  private async reopenHeartbeat(url: string): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** attempt)));
      try {
        this.heartbeat = await this.openHeartbeat(url);
        for (const id of this.workerIds) await this.registerWorker(id);
        return;
      } catch {
        // Next attempt.
      }
    }
  }

  private async registerWorker(workerId: string): Promise<void> {
    try {
      await this.heartbeat?.query(
        `INSERT INTO outbox_workers (worker_id, backend_pid, backend_start)
         SELECT $1, pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()
         ON CONFLICT (worker_id) DO UPDATE SET backend_pid = excluded.backend_pid, backend_start = excluded.backend_start`,
        [workerId],
      );
    } catch (error) {
      this.logger.warn(`Outbox worker ${workerId} not registered: ${(error as Error).message}`);
    }
  }
}

function databaseUrlOf(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string; replication?: { master: { url?: string } } };
  const url = options.url ?? options.replication?.master.url;
  if (!url) throw new Error('The outbox needs the database URL');
  return url;
}

/** graphile-worker's log lines through Nest's logger (its info lines are debug here: one per start). */
function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message) => {
    if (level === 'error') logger.error(message);
    else if (level === 'warning') logger.warn(message);
    else logger.debug(message);
  });
}
