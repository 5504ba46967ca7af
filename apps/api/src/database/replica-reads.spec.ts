import type { DataSource } from 'typeorm';
import { onReplica } from './replica-reads';

/**
 * A replicated DataSource whose primary and replica answer the WAL-position questions the
 * way a real pair does; `replayed` moves as the test says (the integration test covers the
 * routing on a real server, which is never a standby here).
 */
function replicatedSource(replica: { standby: boolean; replayed: () => string | null; connectFails?: boolean }) {
  const released: string[] = [];
  const primaryManager = { name: 'primary' };
  const replicaManager = { name: 'replica' };
  const dataSource = {
    options: { replication: { master: { url: 'postgresql://primary/db' }, slaves: [{ url: 'postgresql://replica/db' }] } },
    manager: primaryManager,
    query: async (sql: string) => {
      if (!sql.includes('pg_current_wal_lsn')) throw new Error(`unexpected primary query ${sql}`);
      return [{ lsn: '1/A0000000' }];
    },
    createQueryRunner: (mode: string) => {
      if (mode !== 'slave') throw new Error('only replica runners are expected');
      return {
        manager: replicaManager,
        connect: async () => {
          if (replica.connectFails) throw new Error('connection refused');
        },
        query: async (sql: string) => {
          if (sql.includes('pg_is_in_recovery')) return [{ standby: replica.standby }];
          if (sql.includes('pg_last_wal_replay_lsn')) return [{ replayed: replica.replayed() }];
          throw new Error(`unexpected replica query ${sql}`);
        },
        release: async () => void released.push(mode),
      };
    },
  } as unknown as DataSource;
  const where = (work: { name: string }) => Promise.resolve(work.name);
  return { dataSource, released, where };
}

describe('onReplica', () => {
  it('reads from a standby that has replayed the primary’s latest WAL', async () => {
    const { dataSource, released, where } = replicatedSource({ standby: true, replayed: () => '1/A0000010' });
    expect(await onReplica(dataSource, where as never)).toBe('replica');
    expect(released).toEqual(['slave']);
  });

  it('waits for a standby that catches up within the window', async () => {
    let polls = 0;
    const { dataSource, where } = replicatedSource({ standby: true, replayed: () => (++polls < 3 ? '1/9FFFFFFF' : '1/A0000000') });
    expect(await onReplica(dataSource, where as never)).toBe('replica');
    expect(polls).toBe(3);
  });

  it('leaves the read to the primary when the standby stays behind (compares the high word too)', async () => {
    const { dataSource, released, where } = replicatedSource({ standby: true, replayed: () => '0/FFFFFFFF' });
    const began = Date.now();
    expect(await onReplica(dataSource, where as never)).toBe('primary');
    expect(Date.now() - began).toBeGreaterThanOrEqual(200);
    expect(released).toEqual(['slave']);
  });

  it('leaves the read to the primary when the replica cannot be reached', async () => {
    const { dataSource, where } = replicatedSource({ standby: true, replayed: () => null, connectFails: true });
    expect(await onReplica(dataSource, where as never)).toBe('primary');
  });

  it('uses a server that is not a standby as it is, and the primary when there are no replicas', async () => {
    const copy = replicatedSource({ standby: false, replayed: () => null });
    expect(await onReplica(copy.dataSource, copy.where as never)).toBe('replica');
    const plain = { options: { url: 'postgresql://primary/db' }, manager: { name: 'primary' } } as unknown as DataSource;
    expect(await onReplica(plain, ((manager: { name: string }) => Promise.resolve(manager.name)) as never)).toBe('primary');
  });
});
