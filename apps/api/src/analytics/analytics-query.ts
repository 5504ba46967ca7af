import type { DataSource } from 'typeorm';
import { onReplica } from '../database/replica-reads';

/**
 * Runs one read-only analytics statement with JIT compilation off. PostgreSQL can't
 * estimate how many days generate_series gives each entry, overestimates the work and
 * compiles the statement with LLVM — measured at about a second for a query that runs in
 * less. The setting is LOCAL to the statement's own transaction, so nothing else changes.
 * Runs on a read replica when the deployment has them (DATABASE_REPLICA_URLS).
 */
export function analyticsQuery<T>(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<T> {
  return onReplica(dataSource, (replica) =>
    replica.transaction(async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return manager.query(sql, params) as Promise<T>;
    }),
  );
}
