/** Factories shared by the time-tracking integration tests (timers, entries, rates, settings). */
import { routes, type TimeTrackingSettingsUpdateRequest } from '@stint/contracts';
import type { TestContext, TestUser } from '../../../test/support/test-app';
import { TimerMaintenance } from '../timer-maintenance';

export { failure } from '../../../test/support/failure';
export { addMembers, newProject, newTask, uniqueKey } from '../../projects/test/fixtures';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Changes settings as the instance's admin. */
export function setSettings(admin: TestUser, body: TimeTrackingSettingsUpdateRequest) {
  return admin.api.call(routes.settings.update, { body });
}

/** The settings every test file starts from (files share nothing, but tests in a file do). */
export const DEFAULT_SETTINGS: TimeTrackingSettingsUpdateRequest = {
  default_hourly_rate: '50',
  default_minutely_rate: null,
  default_currency: 'USD',
  auto_pause_on_logout: false,
  max_concurrent_timers_per_user: 1,
  max_timer_hours: 24,
  stale_heartbeat_minutes: 10,
};

/** Runs the background job once, as the interval would, with the test clock. */
export function runMaintenance(ctx: TestContext) {
  return ctx.app.get(TimerMaintenance).runOnce();
}

/** The entry row as stored, for assertions on what the database holds. */
export async function storedEntry(ctx: TestContext, id: string) {
  const [row] = await ctx.sql<{
    status: string;
    start_time: Date;
    end_time: Date | null;
    duration_seconds: number | null;
    paused_seconds: number;
    total_cost: string;
    rate_type: string;
    rate_amount: string;
    currency: string;
    stop_reason: string | null;
    timer_slot: number | null;
    description: string | null;
  }>('SELECT * FROM time_entries WHERE id = $1', [id]);
  return row;
}

export async function activeCount(ctx: TestContext, userId: string): Promise<number> {
  const [row] = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM time_entries WHERE user_id = $1 AND status <> 'stopped'`, [userId]);
  return row.n;
}
