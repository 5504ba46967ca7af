import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** How long a read waits for a lagging replica to replay the primary's latest WAL before it goes to the primary. */
const REPLICA_CATCH_UP_MS = 250;
const REPLICA_POLL_MS = 25;

export function isReplicated(dataSource: DataSource): boolean {
  return Boolean((dataSource.options as { replication?: unknown }).replication);
}

/** A WAL position such as `0/3000148` as a number, for comparing. */
function lsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * Whether the replica behind `runner` has replayed everything the primary had written when
 * this was asked: then it sees every change committed before the read began, including the
 * caller's own. A server that isn't a streaming standby (pg_is_in_recovery() false, e.g. a
 * logically replicated copy) has no position to compare and is taken as it is.
 */
async function caughtUp(dataSource: DataSource, runner: QueryRunner): Promise<boolean> {
  const [[primary], [replica]] = (await Promise.all([dataSource.query('SELECT pg_current_wal_lsn()::text AS lsn'), runner.query('SELECT pg_is_in_recovery() AS standby')])) as [
    [{ lsn: string }],
    [{ standby: boolean }],
  ];
  if (!replica.standby) return true;
  const target = lsn(primary.lsn);
  const deadline = Date.now() + REPLICA_CATCH_UP_MS;
  for (;;) {
    const [{ replayed }] = (await runner.query('SELECT pg_last_wal_replay_lsn()::text AS replayed')) as [{ replayed: string | null }];
    if (replayed !== null && lsn(replayed) >= target) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, REPLICA_POLL_MS));
  }
}

/**
 * Runs `work` on a read replica (DATABASE_REPLICA_URLS; a random one when there are
 * several) when the deployment has them, else on the primary as everything else does.
 *
 * For reads that are heavy and may be a moment old: analytics and reports. Never for a
 * write, a read inside a write's transaction, or a check that decides a write. A replica
 * is used only once it has replayed everything the primary had written when the read
 * began (waiting up to REPLICA_CATCH_UP_MS), so someone who has just stopped a timer sees
 * it in their dashboard, and an answer computed from a lagging replica is never cached as
 * if it were current; a replica that lags further or can't be reached leaves the read to
 * the primary.
 */
export async function onReplica<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!isReplicated(dataSource)) return work(dataSource.manager);
  let runner: QueryRunner | null = dataSource.createQueryRunner('slave');
  try {
    await runner.connect();
    if (!(await caughtUp(dataSource, runner))) {
      await runner.release();
      runner = null;
    }
  } catch {
    // Unreachable or failing replica: the primary answers instead.
    await runner?.release().catch(() => undefined);
    runner = null;
  }
  if (!runner) return work(dataSource.manager);
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}

/** One read-only statement on a replica when there is one (see onReplica). */
export function replicaQuery<T>(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<T> {
  return onReplica(dataSource, (manager) => manager.query(sql, params) as Promise<T>);
}

/**
 * A query runner for a long read (a streamed export) that holds its connection: on a
 * replica when there is one that has caught up (see onReplica), else on the primary.
 * The caller connects nothing and must release it.
 */
export async function replicaQueryRunner(dataSource: DataSource): Promise<QueryRunner> {
  if (isReplicated(dataSource)) {
    const runner = dataSource.createQueryRunner('slave');
    try {
      await runner.connect();
      if (await caughtUp(dataSource, runner)) return runner;
    } catch {
      // the primary below
    }
    await runner.release().catch(() => undefined);
  }
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  return runner;
}
