import { routes, type TimeEntryCreateRequest } from '@stint/contracts';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { failure, setSettings } from '../../../test/support/helpers';

/**
 * Issue 12, "Also": overlapping entries (three copies of the same 8 h, one over a running
 * timer) were taken silently and the dashboard showed 24 h for the day. Now the answer warns
 * (`warnings: [{ code: 'OVERLAP', entries }]`), and with `forbid_overlapping_entries` an admin
 * makes it a 409 naming the overlapped entries — under concurrency too.
 */
describe('overlapping entries', () => {
  let ctx: TestContext;
  let admin: TestUser;
  const NOW = new Date('2026-05-20T18:00:00.000Z');
  const DAY = { start_time: '2026-05-19T09:00:00Z', end_time: '2026-05-19T17:00:00Z' };

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser();
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterEach(async () => {
    await setSettings(admin, { forbid_overlapping_entries: false });
    ctx.clock.reset();
  });
  afterAll(() => ctx.close());

  const create = (user: TestUser, body: TimeEntryCreateRequest) => user.api.call(routes.timeEntries.create, { body });

  it('warns when a new entry overlaps others of the user’s, naming them; touching ends and other users don’t count', async () => {
    const user = await ctx.newUser();
    const first = await create(user, DAY);
    expect(first.warnings).toEqual([]);
    const second = await create(user, DAY);
    expect(second.warnings).toEqual([{ code: 'OVERLAP', message: expect.stringMatching(/overlaps another of your entries/), entries: [first.id] }]);
    const third = await create(user, DAY);
    expect(third.warnings[0].entries.sort()).toEqual([first.id, second.id].sort());
    expect(third.warnings[0].message).toMatch(/overlaps 2 other entries/);
    // Back to back is not an overlap, and neither is someone else's time.
    expect((await create(user, { start_time: '2026-05-19T17:00:00Z', end_time: '2026-05-19T18:00:00Z' })).warnings).toEqual([]);
    expect((await create(await ctx.newUser(), DAY)).warnings).toEqual([]);
  });

  it('warns for an entry over a running or paused timer', async () => {
    const user = await ctx.newUser();
    ctx.clock.set(new Date('2026-05-20T08:00:00Z'));
    const timer = await user.api.call(routes.timeTracking.start, { body: {} });
    ctx.clock.set(new Date('2026-05-20T10:00:00Z'));
    await user.api.call(routes.timeTracking.pause, { body: { time_log_id: timer.time_log_id } });
    ctx.clock.set(NOW);
    const over = await create(user, { start_time: '2026-05-20T09:00:00Z', end_time: '2026-05-20T09:30:00Z' });
    expect(over.warnings[0]).toMatchObject({ code: 'OVERLAP', entries: [timer.time_log_id] });
  });

  it('warns when an edit makes an entry overlap, and on later edits of it', async () => {
    const user = await ctx.newUser();
    const morning = await create(user, { start_time: '2026-05-18T09:00:00Z', end_time: '2026-05-18T12:00:00Z' });
    const afternoon = await create(user, { start_time: '2026-05-18T13:00:00Z', end_time: '2026-05-18T17:00:00Z' });
    const edited = await user.api.call(routes.timeEntries.update, { params: { id: afternoon.id }, body: { start_time: '2026-05-18T11:00:00Z' } });
    expect(edited.warnings).toEqual([expect.objectContaining({ code: 'OVERLAP', entries: [morning.id] })]);
    expect((await user.api.call(routes.timeEntries.update, { params: { id: afternoon.id }, body: { description: 'x' } })).warnings[0].entries).toEqual([morning.id]);
    expect((await user.api.call(routes.timeEntries.update, { params: { id: afternoon.id }, body: { start_time: '2026-05-18T12:00:00Z' } })).warnings).toEqual([]);
  });

  describe('when an admin forbids overlaps', () => {
    it('is an admin setting, off by default', async () => {
      expect((await admin.api.call(routes.settings.get)).forbid_overlapping_entries).toBe(false);
      const member = await ctx.newUser();
      expect((await failure(member.api.call(routes.settings.update, { body: { forbid_overlapping_entries: true } }))).status).toBe(403);
      expect((await setSettings(admin, { forbid_overlapping_entries: true })).forbid_overlapping_entries).toBe(true);
    });

    it('refuses an overlapping new or edited entry (409 naming the entries); other edits of it stay possible', async () => {
      const user = await ctx.newUser();
      const first = await create(user, DAY);
      const later = await create(user, { start_time: '2026-05-19T18:00:00Z', end_time: '2026-05-19T19:00:00Z' });
      // Made before the rule: it may still be re-described.
      const legacy = await create(user, { start_time: '2026-05-19T16:00:00Z', end_time: '2026-05-19T17:30:00Z' });
      await setSettings(admin, { forbid_overlapping_entries: true });
      const error = await failure(create(user, DAY));
      expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
      expect(error.details).toMatchObject({ start_time: ['overlaps another entry'], overlap: { code: 'OVERLAP', entries: [first.id, legacy.id] } });
      const moved = await failure(user.api.call(routes.timeEntries.update, { params: { id: later.id }, body: { start_time: '2026-05-19T16:30:00Z' } }));
      expect(moved.status).toBe(409);
      expect((await user.api.call(routes.timeEntries.update, { params: { id: legacy.id }, body: { description: 'ok' } })).description).toBe('ok');
      const [{ n }] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1', [user.id]);
      expect(n).toBe(3);
    });

    it('under concurrency: of identical entries sent at once, exactly one is taken', async () => {
      const user = await ctx.newUser();
      await setSettings(admin, { forbid_overlapping_entries: true });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => create(user, DAY)));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const [{ n }] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1', [user.id]);
      expect(n).toBe(1);
    });
  });
});
