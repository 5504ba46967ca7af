import type { DataSource } from 'typeorm';

/**
 * One statement for the hottest reads (the caller check of every request, the timer status).
 * It goes through `dataSource.query`, whose query runner keeps an error listener on the client
 * for as long as it holds it: pg's `pool.query` listens only `once`, so a PostgreSQL restart
 * that emits two errors on a busy client (the server's termination notice, then the closed
 * socket) crashed the process in the postgres-restart fault test.
 */
export async function poolQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<T[]> {
  return dataSource.query(sql, parameters);
}
