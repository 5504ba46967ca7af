import { TIME_LOG_SELECT } from './time-log-view';

/**
 * The statements of GET /time-tracking/status ($1 = the user). Kept apart from the service
 * so the benchmark's bare Fastify + pg server runs exactly the same SQL.
 */
export const ACTIVE_OF_USER = `${TIME_LOG_SELECT} WHERE te.user_id = $1 AND te.status <> 'stopped' ORDER BY te.start_time DESC, te.created_at DESC, te.id DESC`;

/** The most recent stop with a reason (the "your timer was stopped" notice). */
export const LAST_STOPPED_OF_USER = `SELECT id, stop_reason, end_time, duration_seconds, total_cost, currency FROM time_entries
          WHERE user_id = $1 AND status = 'stopped' AND stop_reason IS NOT NULL
          ORDER BY start_time DESC LIMIT 1`;
