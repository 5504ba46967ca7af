import { DatabaseError, type Pool } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * One statement on the primary's pg pool (the pool TypeORM made), without a TypeORM query
 * runner: for the hottest reads (the caller check of every request, the timer status), where
 * creating, connecting and releasing a query runner per statement was a visible share of the
 * CPU. Same pool, same primary as `dataSource.query`, and a statement's error is wrapped in
 * TypeORM's QueryFailedError as `dataSource.query` wraps it, so the error envelope maps it alike.
 */
export async function poolQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  try {
    return (await pool.query(sql, parameters)).rows as T[];
  } catch (error) {
    if (error instanceof DatabaseError) throw new QueryFailedError(sql, parameters, error);
    throw error;
  }
}
