import { routes } from '@stint/contracts';
import { DataSource } from 'typeorm';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { SettingsReader } from '../settings-reader';

/** Waits until `check` holds, polling; fails after `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The settings row kept in memory (SettingsReader): served from memory, and never stale once a change committed. */
describe('SettingsReader', () => {
  let ctx: TestContext;
  let member: TestUser;
  let admin: TestUser;
  let reader: SettingsReader;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
    member = await ctx.newUser();
    reader = ctx.app.get(SettingsReader);
  });
  afterEach(() => ctx.sql('UPDATE time_tracking_settings SET max_timer_hours = 24, stale_heartbeat_minutes = 10 WHERE id = 1'));
  afterAll(() => ctx.close());

  it('keeps the row: two reads outside a transaction are the same object', async () => {
    expect(await reader.current()).toBe(await reader.current());
  });

  it('a change through PUT /settings shows in the timer status at once', async () => {
    await member.api.call(routes.timeTracking.status);
    await admin.api.call(routes.settings.update, { body: { max_timer_hours: 9 } });
    expect((await member.api.call(routes.timeTracking.status)).limits.max_timer_hours).toBe(9);
  });

  it('a change made elsewhere (another API process, or by hand) reaches the kept row by NOTIFY', async () => {
    const before = await reader.current();
    await ctx.sql('UPDATE time_tracking_settings SET stale_heartbeat_minutes = 7 WHERE id = 1');
    await eventually(async () => (await member.api.call(routes.timeTracking.status)).limits.stale_heartbeat_minutes === 7);
    expect(await reader.current()).not.toBe(before);
  });

  it('inside a transaction reads the row as that transaction sees it', async () => {
    const kept = await reader.current();
    await ctx.app
      .get(DataSource)
      .transaction(async (tx) => {
        await tx.query('UPDATE time_tracking_settings SET max_timer_hours = 5 WHERE id = 1');
        expect((await reader.current(tx)).maxTimerHours).toBe(5);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect((await reader.current()).maxTimerHours).toBe(kept.maxTimerHours);
  });
});
