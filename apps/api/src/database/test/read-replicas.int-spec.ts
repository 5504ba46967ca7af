import { routes } from '@stint/contracts';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../scratch-database';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';

const RANGE = { start: '2025-06-02', end: '2025-06-08' };
const NOW = new Date('2025-06-08T18:00:00Z');
const HOUR = 3600;

/**
 * DATABASE_REPLICA_URLS routing. The "replica" is a second database cloned from the same
 * migrated template whose data differs from the primary's on purpose, so every answer
 * tells which database it came from. (It is not a streaming standby, so it is used as it
 * is: the catch-up check only waits on servers in recovery.)
 */
describe('read replicas (DATABASE_REPLICA_URLS)', () => {
  let replica: { name: string; url: string };
  let replicaSql: Client;
  let ctx: TestContext;
  let user: TestUser;

  /** Copies a primary row into the replica, as replication would have. */
  async function replicate(table: 'users' | 'time_entries', id: string): Promise<void> {
    const [row] = await ctx.sql<{ row: unknown }>(`SELECT row_to_json(t) AS row FROM ${table} t WHERE id = $1`, [id]);
    await replicaSql.query(`INSERT INTO ${table} SELECT * FROM json_populate_record(NULL::${table}, $1::json)`, [JSON.stringify(row.row)]);
  }

  beforeAll(async () => {
    replica = await createDatabase(process.env.STINT_TEST_ADMIN_URL as string, 'stint_test_replica', process.env.STINT_TEST_TEMPLATE);
    replicaSql = new Client({ connectionString: replica.url });
    await replicaSql.connect();
    ctx = await createTestContext({ DATABASE_REPLICA_URLS: replica.url });
    await ctx.newUser({ full_name: 'Admin' });
    user = await ctx.newUser({ full_name: 'Replica Reader' });
    ctx.clock.set(NOW);
  });
  afterAll(async () => {
    await ctx?.close();
    await replicaSql?.end();
    if (replica) await dropDatabase(process.env.STINT_TEST_ADMIN_URL as string, replica.name);
  });

  it('writes go to the primary only', async () => {
    expect(await ctx.sql('SELECT id FROM users WHERE id = $1', [user.id])).toHaveLength(1);
    expect((await replicaSql.query('SELECT id FROM users WHERE id = $1', [user.id])).rows).toHaveLength(0);
  });

  it('analytics, reports and the CSV export read from the replica', async () => {
    // The primary has one hour; the replica has the same entry stretched to three.
    const entry = await ctx.insertEntry({ userId: user.id, start: '2025-06-03T09:00:00Z', end: '2025-06-03T10:00:00Z' });
    await replicate('users', user.id);
    await replicate('time_entries', entry);
    await replicaSql.query(`UPDATE time_entries SET end_time = '2025-06-03T12:00:00Z', duration_seconds = $2 WHERE id = $1`, [entry, 3 * HOUR]);

    const dashboard = await user.api.call(routes.analytics.dashboard, { query: RANGE });
    expect(dashboard.total_time_tracked_seconds).toBe(3 * HOUR);

    const report = await user.api.call(routes.reports.user, { params: { id: user.id }, query: RANGE });
    expect(report.totals.seconds).toBe(3 * HOUR);

    const csv = await (await user.api.raw(routes.reports.user, { params: { id: user.id }, query: { ...RANGE, format: 'csv' } })).text();
    expect(csv).toContain('2025-06-03T12:00:00');
    expect(csv).not.toContain('2025-06-03T10:00:00');
  });

  it('timer actions and the timer status use the primary', async () => {
    const started = await user.api.call(routes.timeTracking.start, { body: {} });
    const status = await user.api.call(routes.timeTracking.status);
    expect(status.status).toBe('running');
    expect(status.time_log_id).toBe(started.time_log_id);
    expect(await ctx.sql(`SELECT id FROM time_entries WHERE id = $1 AND status = 'running'`, [started.time_log_id])).toHaveLength(1);
    expect((await replicaSql.query('SELECT id FROM time_entries WHERE id = $1', [started.time_log_id])).rows).toHaveLength(0);
    await user.api.call(routes.timeTracking.stop, { body: { description: 'done' } });
  });
});

describe('without DATABASE_REPLICA_URLS', () => {
  let ctx: TestContext | undefined;
  afterAll(() => ctx?.close());

  it('analytics and reports read the primary, as before', async () => {
    const plain = await createTestContext();
    ctx = plain;
    await plain.newUser();
    const user = await plain.newUser();
    plain.clock.set(NOW);
    await plain.insertEntry({ userId: user.id, start: '2025-06-03T09:00:00Z', end: '2025-06-03T10:00:00Z' });
    expect((await user.api.call(routes.analytics.dashboard, { query: RANGE })).total_time_tracked_seconds).toBe(HOUR);
    expect((await user.api.call(routes.reports.user, { params: { id: user.id }, query: RANGE })).totals.seconds).toBe(HOUR);
  });
});
