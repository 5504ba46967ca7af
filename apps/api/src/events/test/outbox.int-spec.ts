import { DataSource } from 'typeorm';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import type { RecordedEvent } from '../domain-event';
import { DomainEvents } from '../domain-events';
import { Outbox } from '../outbox';

interface Effect {
  event_id: string;
  event_type: string;
  attempts: number;
  deliveries: number;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const effects = (ctx: TestContext) => ctx.sql<Effect>('SELECT event_id, event_type, attempts, deliveries FROM outbox_probe_effects ORDER BY first_delivered_at');
const jobs = async (ctx: TestContext) => (await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker.jobs`))[0].n;

/**
 * Issue 13 §3: domain events recorded in the writer's transaction; after-commit reactions and
 * outbox deliveries only for what committed; outbox deliveries at least once, retried after a
 * failure, seen exactly once by an idempotent consumer (the probe, keyed by event id).
 */
describe('domain events and the transactional outbox', () => {
  let ctx: TestContext;
  let dataSource: DataSource;
  let events: DomainEvents;
  const seen: RecordedEvent[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ STINT_OUTBOX_PROBE: 'on' });
    dataSource = ctx.app.get(DataSource);
    events = ctx.app.get(DomainEvents);
    events.afterCommit('*', (event) => void seen.push(event));
  });
  afterAll(() => ctx.close());
  beforeEach(async () => {
    seen.length = 0;
    await ctx.sql('DELETE FROM outbox_probe_effects');
  });

  it('a committed event runs its after-commit reactions once the commit returned, and is delivered once', async () => {
    let inTransaction = -1;
    const recorded = await dataSource.transaction(async (tx) => {
      const event = await events.record(tx, { type: 'rate.changed', user_id: '00000000-0000-4000-8000-000000000001' });
      inTransaction = seen.length;
      return event;
    });
    expect(inTransaction).toBe(0);
    // Before transaction() resolved: the writer's answer already reflects the reactions.
    expect(seen.map((e) => e.id)).toEqual([recorded.id]);
    const delivered = await until(
      () => effects(ctx),
      (rows) => rows.length >= 1,
    );
    expect(delivered).toEqual([{ event_id: recorded.id, event_type: 'rate.changed', attempts: 1, deliveries: 1 }]);
    expect(
      await until(
        () => jobs(ctx),
        (n) => n === 0,
      ),
    ).toBe(0);
  });

  it('a rolled-back change is never delivered and runs no reaction', async () => {
    await expect(
      dataSource.transaction(async (tx) => {
        await events.record(tx, { type: 'settings.changed' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await jobs(ctx)).toBe(0);
    // A committed event after it is delivered: the worker is alive, it just had nothing of the rolled-back one.
    const marker = await dataSource.transaction((tx) => events.record(tx, { type: 'settings.changed' }));
    await until(
      () => effects(ctx),
      (rows) => rows.length >= 1,
    );
    expect((await effects(ctx)).map((e) => e.event_id)).toEqual([marker.id]);
    expect(seen.map((e) => e.id)).toEqual([marker.id]);
  });

  it('a rolled-back savepoint drops what it recorded; the rest of its transaction is delivered', async () => {
    const kept = await dataSource.transaction(async (tx) => {
      const first = await events.record(tx, { type: 'project.changed', project_id: '00000000-0000-4000-8000-000000000002', change: 'updated' });
      await tx
        .transaction(async (inner) => {
          await events.record(inner, { type: 'project.changed', project_id: '00000000-0000-4000-8000-000000000003', change: 'deleted' });
          throw new Error('inner fails');
        })
        .catch(() => undefined);
      return first;
    });
    await until(
      () => jobs(ctx),
      (n) => n === 0,
    );
    expect((await effects(ctx)).map((e) => e.event_id)).toEqual([kept.id]);
    expect(seen.map((e) => e.id)).toEqual([kept.id]);
  });

  it('many events from concurrent transactions: each delivered exactly once', async () => {
    const ids = (
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          dataSource.transaction((tx) =>
            events.record(tx, {
              type: 'time_entry.changed',
              user_id: '00000000-0000-4000-8000-000000000004',
              entry_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
              change: 'created',
            }),
          ),
        ),
      )
    ).map((e) => e.id);
    const delivered = await until(
      () => effects(ctx),
      (rows) => rows.length >= ids.length,
    );
    expect(delivered.map((e) => e.event_id).sort()).toEqual([...ids].sort());
    expect(delivered.every((e) => e.deliveries === 1)).toBe(true);
    expect(
      await until(
        () => jobs(ctx),
        (n) => n === 0,
      ),
    ).toBe(0);
  });

  it('recording outside a transaction is refused (it could not be atomic with the change)', async () => {
    await expect(events.record(dataSource.manager, { type: 'settings.changed' })).rejects.toThrow(/needs the writer's transaction/);
  });

  it('the queue depth is in /metrics', async () => {
    const response = await ctx.fastify.inject({ method: 'GET', url: '/metrics' });
    expect(response.body).toMatch(/stint_outbox_jobs\{state="pending"\} \d+/);
    expect(response.body).toMatch(/stint_outbox_jobs\{state="failed"\} 0/);
  });
});

describe('the outbox retries a failing consumer', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext({ STINT_OUTBOX_PROBE: 'on', STINT_OUTBOX_PROBE_FAIL_ATTEMPTS: '1' });
  });
  afterAll(() => ctx.close());

  it('the first attempt fails, the retry delivers, the effect happens once', async () => {
    const dataSource = ctx.app.get(DataSource);
    const event = await dataSource.transaction((tx) => ctx.app.get(DomainEvents).record(tx, { type: 'settings.changed' }));
    // graphile-worker backs the first retry off by e^1 ≈ 2.7 s.
    const delivered = await until(
      () => effects(ctx),
      (rows) => rows.length >= 1,
      20_000,
    );
    expect(delivered).toEqual([{ event_id: event.id, event_type: 'settings.changed', attempts: 2, deliveries: 1 }]);
    expect(
      await until(
        () => jobs(ctx),
        (n) => n === 0,
      ),
    ).toBe(0);
  });
});

describe('with no outbox consumer', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('record() enqueues nothing and no worker runs', async () => {
    const dataSource = ctx.app.get(DataSource);
    await dataSource.transaction((tx) => ctx.app.get(DomainEvents).record(tx, { type: 'settings.changed' }));
    expect(await jobs(ctx)).toBe(0);
    expect(await ctx.sql(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'stint-api-outbox' AND datname = current_database()`)).toEqual([]);
    expect(ctx.app.get(Outbox)).toBeDefined();
  });
});
