import { runMigrations as runOutboxMigrations, Logger as WorkerLogger } from 'graphile-worker';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any constant works; it only has to be the same in every Stint process sharing a database. */
export const MIGRATION_LOCK_KEY = 7_342_001;

/**
 * Applies pending migrations in one transaction; returns their names. Several API processes
 * may boot at once against one database: a session advisory lock makes them take turns, so
 * the first applies the migrations and the others find nothing pending.
 *
 * Then graphile-worker's own migrations (schema `graphile_worker`, the outbox's jobs:
 * docs/adr/0004-transactional-outbox.md), as the same role, so the owner of the tables owns
 * it too and the API's role gets only the privileges roles.ts grants.
 */
export async function migrate(databaseUrl: string): Promise<string[]> {
  // Migrations are plain SQL: no entity metadata needed.
  const options = dataSourceOptions(databaseUrl, 2, [], []);
  // A migration may back-fill or index millions of rows: the request timeout doesn't apply.
  const dataSource = new DataSource({ ...options, extra: { ...options.extra, statement_timeout: 0 } } as typeof options);
  await dataSource.initialize();
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.connect();
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // The migrations call uuid_generate_v4(). TypeORM installs uuid-ossp on connect when the
    // entities have uuid keys; this data source has no entities (database/ doesn't import the
    // features that own them), so it installs it itself, under the lock (no race between processes).
    await lockHolder.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    await runOutboxMigrations({ connectionString: databaseUrl, logger: new WorkerLogger(() => () => undefined) });
    return applied.map((m) => m.name);
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockHolder.release();
    await dataSource.destroy();
  }
}
