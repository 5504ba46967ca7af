import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import type { DomainEvent, DomainEventType, RecordedEvent } from './domain-event';

/** An in-process reaction to committed events (cache, streams, metrics…): never for a rolled-back change. */
export type AfterCommitHandler = (event: RecordedEvent) => Promise<void> | void;

/** Consumers of the outbox by event type: record() enqueues one job per consumer in the writer's transaction. */
export interface OutboxRouting {
  consumersOf(type: DomainEventType): readonly string[];
  enqueueSql: string;
  enqueueParams(consumer: string, event: RecordedEvent): unknown[];
}

interface Pending {
  event: RecordedEvent;
  /** The transaction depth it was recorded at: a rolled-back savepoint drops what it recorded. */
  depth: number;
}

/**
 * Domain events: a write says what happened with `record(manager, event)` inside its own
 * transaction. Two kinds of reaction follow, and only if the transaction commits:
 *
 * - **after commit, in this process** (`afterCommit`): run once the COMMIT has returned and
 *   before `dataSource.transaction()` resolves to the writer (TypeORM awaits its
 *   afterTransactionCommit subscribers), so the request's answer already reflects them. At
 *   most once: a crash right after COMMIT skips them. Use for what can be recomputed.
 * - **through the outbox** (outbox.ts): for each consumer of the event's type a job row is
 *   inserted by the same transaction, and the worker delivers it at least once after commit,
 *   surviving a crash. Use for effects that must happen (webhooks, email).
 *
 * A rolled-back transaction (or savepoint) records nothing: its pending events are dropped
 * and its job rows roll back with it. Invariants that must hold with the change (the budget
 * ledger, the hard cap) are not reactions: they stay explicit calls in the transaction.
 */
@Injectable()
export class DomainEvents implements EntitySubscriberInterface {
  /** The instance serving each DataSource, for the static record(). */
  private static readonly instances = new WeakMap<DataSource, DomainEvents>();

  /**
   * Records `event` in `manager`'s transaction (see the instance method): usable from plain
   * functions that hold only the transaction's manager. Where no DomainEvents serves the
   * manager's DataSource (a script without the app), nothing could react: a no-op.
   */
  static async record(manager: EntityManager, event: DomainEvent): Promise<RecordedEvent | null> {
    const instance = DomainEvents.instances.get(manager.connection);
    return instance ? instance.record(manager, event) : null;
  }

  private readonly logger = new Logger('DomainEvents');
  private readonly pending = new WeakMap<QueryRunner, Pending[]>();
  private readonly handlers = new Map<DomainEventType | '*', AfterCommitHandler[]>();
  private outbox: OutboxRouting | null = null;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    dataSource.subscribers.push(this);
    DomainEvents.instances.set(dataSource, this);
  }

  /**
   * Records `event` in `manager`'s transaction. Throws outside a transaction: an event whose
   * change may be committed already can't be made atomic with it.
   */
  async record(manager: EntityManager, event: DomainEvent): Promise<RecordedEvent> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error(`DomainEvents.record(${event.type}) needs the writer's transaction`);
    const recorded = { ...event, id: randomUUID(), occurred_at: this.clock.now().toISOString() } as RecordedEvent;
    const outbox = this.outbox;
    if (outbox) {
      for (const consumer of outbox.consumersOf(event.type)) await manager.query(outbox.enqueueSql, outbox.enqueueParams(consumer, recorded));
    }
    const list = this.pending.get(runner) ?? [];
    list.push({ event: recorded, depth: (runner as QueryRunner & { transactionDepth?: number }).transactionDepth ?? 1 });
    this.pending.set(runner, list);
    return recorded;
  }

  /** Calls `handler` after the commit of every transaction that recorded an event of `type` ('*': any). */
  afterCommit(type: DomainEventType | '*', handler: AfterCommitHandler): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
  }

  /** Set by the Outbox once its consumers are known. */
  routeToOutbox(routing: OutboxRouting | null): void {
    this.outbox = routing;
  }

  // TypeORM subscriber hooks.

  async afterTransactionCommit(event: { queryRunner: QueryRunner }): Promise<void> {
    // A released savepoint is not a commit yet.
    if (event.queryRunner.isTransactionActive) return;
    const list = this.pending.get(event.queryRunner);
    if (!list) return;
    this.pending.delete(event.queryRunner);
    for (const { event: recorded } of list) await this.dispatch(recorded);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    const runner = event.queryRunner;
    const list = this.pending.get(runner);
    if (!list) return;
    if (!runner.isTransactionActive) {
      this.pending.delete(runner);
      return;
    }
    // A savepoint rolled back: its depth was one more than the depth now.
    const depth = (runner as QueryRunner & { transactionDepth?: number }).transactionDepth ?? 1;
    this.pending.set(
      runner,
      list.filter((item) => item.depth <= depth),
    );
  }

  private async dispatch(event: RecordedEvent): Promise<void> {
    for (const handler of [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])]) {
      try {
        await handler(event);
      } catch (error) {
        // The change is committed: a failing reaction is logged, never turned into a failed request.
        this.logger.warn(`After-commit handler for ${event.type} ${event.id} failed: ${(error as Error).message}`);
      }
    }
  }
}
