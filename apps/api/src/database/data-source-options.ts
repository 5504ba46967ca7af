import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** Seconds a query may run before PostgreSQL cancels it, so a request never hangs on the database. */
const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * `replicaUrls` (DATABASE_REPLICA_URLS) turn on TypeORM replication: the primary stays the
 * default for every query, including repository finds (`defaultMode: 'master'`), and only
 * code that asks for a replica on purpose (database/replica-reads.ts: analytics and
 * reports) reads from one. Each replica gets a pool of the same size.
 *
 * `entities` comes from the caller (src/entities.ts lists the schema at the app level), so
 * database/ never imports a feature folder.
 */
export function dataSourceOptions(url: string, poolSize: number, replicaUrls: string[], entities: NonNullable<DataSourceOptions['entities']>): DataSourceOptions {
  return {
    type: 'postgres',
    ...(replicaUrls.length ? { replication: { master: { url }, slaves: replicaUrls.map((replica) => ({ url: replica })), defaultMode: 'master' as const } } : { url }),
    entities,
    migrations: [join(__dirname, 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      application_name: 'stint-api',
      // No LLVM JIT: PostgreSQL misjudges the per-row subqueries of the budget dashboard and
      // the analytics statements as expensive and spends ~1 s compiling queries that run in
      // milliseconds (docs/performance.md). Interactive statements never gain from it.
      options: '-c jit=off',
    },
  };
}
