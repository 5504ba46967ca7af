import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/** Prefix of the NOTICE the analytics triggers raise to the writing connection (migration 1796000006000). */
const NOTICE_PREFIX = 'stint_analytics_changes ';

interface NoticeSource {
  on(event: 'notice', listener: (notice: { message?: string }) => void): unknown;
}

/**
 * The writing process's side of the analytics triggers: besides NOTIFY (delivered to every
 * process, asynchronously), each trigger raises a NOTICE with the same scopes to the
 * connection that made the change. Collected per connection while its transaction runs,
 * they are handed to `onCommitted` when it commits (TypeORM's afterTransactionCommit,
 * awaited before the service goes on) and dropped on rollback; a statement outside a
 * transaction hands them over once it has completed. So the process that made a change
 * has invalidated it before it answers the request — "at once", not "a moment later".
 */
export class CommittedChanges implements EntitySubscriberInterface {
  private readonly hooked = new WeakSet<object>();
  private readonly pending = new WeakMap<object, string[]>();

  constructor(
    dataSource: DataSource,
    private readonly onCommitted: (scopes: string[]) => Promise<void>,
  ) {
    dataSource.subscribers.push(this);
  }

  beforeQuery(event: { queryRunner: QueryRunner }): void {
    const connection = (event.queryRunner as QueryRunner & { databaseConnection?: NoticeSource }).databaseConnection;
    if (typeof connection?.on !== 'function' || this.hooked.has(connection)) return;
    this.hooked.add(connection);
    connection.on('notice', (notice) => {
      if (!notice.message?.startsWith(NOTICE_PREFIX)) return;
      let scopes: unknown;
      try {
        scopes = (JSON.parse(notice.message.slice(NOTICE_PREFIX.length)) as { scopes?: unknown }).scopes;
      } catch {
        return;
      }
      if (!Array.isArray(scopes)) return;
      const held = this.pending.get(connection) ?? [];
      held.push(...scopes.filter((scope): scope is string => typeof scope === 'string'));
      this.pending.set(connection, held);
    });
  }

  afterQuery(event: { queryRunner: QueryRunner }): Promise<void> | void {
    // A statement outside a transaction has committed by now.
    if (!event.queryRunner.isTransactionActive) return this.flush(event.queryRunner);
  }

  afterTransactionCommit(event: { queryRunner: QueryRunner }): Promise<void> | void {
    // A released savepoint is not a commit yet.
    if (!event.queryRunner.isTransactionActive) return this.flush(event.queryRunner);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    if (!event.queryRunner.isTransactionActive) this.take(event.queryRunner);
  }

  private flush(queryRunner: QueryRunner): Promise<void> | void {
    const scopes = this.take(queryRunner);
    if (scopes?.length) return this.onCommitted([...new Set(scopes)]);
  }

  private take(queryRunner: QueryRunner): string[] | undefined {
    const connection = (queryRunner as QueryRunner & { databaseConnection?: object }).databaseConnection;
    if (!connection) return undefined;
    const scopes = this.pending.get(connection);
    if (scopes) this.pending.delete(connection);
    return scopes;
  }
}
