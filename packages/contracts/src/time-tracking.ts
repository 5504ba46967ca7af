import type { QueryParams, Schemas } from './schemas.js';
import type { Uuid } from './common.js';

/**
 * Time tracking: timers (start/pause/resume/stop), manual entries, effective-dated rates,
 * settings and the live timer stream. Sources: the timer module's "API Contracts" and the
 * platform spec's TimeEntry* models, with ISO timestamps and UUIDs.
 *
 * Money travels as decimal strings so no amount ever passes through binary floating point:
 * amounts shown to people (costs, totals) have 2 decimals rounded half-up ("50.00"); rate
 * amounts keep their stored 4 decimals ("50.0000").
 */

/** A shown amount: decimal string with exactly 2 decimals, e.g. "50.00". */
export type MoneyString = string;
/** A rate amount: decimal string with up to 4 decimals as stored, e.g. "0.8333". */
export type DecimalString = string;
/** A calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export const RATE_TYPES = ['hourly', 'minutely', 'secondly'] as const;
export type RateType = (typeof RATE_TYPES)[number];

/** Why an entry stopped: the user, another timer started (max 1), the cap, a budget lock, logout. */
/** `removed`: its user was removed from the project; `archived`: the project was archived (both book the time at that moment). */
export const STOP_REASONS = ['user', 'switched', 'cap', 'budget', 'logout', 'deactivated', 'removed', 'archived'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** The spec's TimeEntryBase: description max length. */
export const TIME_ENTRY_DESCRIPTION_MAX_LENGTH = 500;
/** DECIMAL(10,4): greater than 0, at most 4 decimals, at most this. */
export const RATE_AMOUNT_MAX = '999999.9999';
export const RATE_AMOUNT_DECIMALS = 4;

/** Header that makes start/pause/resume/stop safe to retry; answers are kept 24 hours. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;

/* ------------------------------------------------------------------ timers */

export type TimerStartRequest = Schemas['TimerStartDto'];

/** Body of pause/resume: which timer (default: the most recently started active one). */
export type TimerActionRequest = Schemas['TimerActionDto'];

export type TimerStopRequest = Schemas['TimerStopDto'];

/** One timer (an entry) as the timer widget shows it. Running time only is counted and charged. */
export type TimerView = Schemas['TimerViewDto'];

/** Answer of start/pause/resume/stop. */
export type TimerActionResponse = Schemas['TimerActionResponseDto'];

/** The last timer that stopped, so the widget can say why (e.g. the 24 h cap). */
export type LastStoppedTimer = Schemas['LastStoppedTimerDto'];

/** Values the timer widget needs from the settings (members can't read /settings). */
export type TimerLimits = Schemas['TimerLimitsDto'];

/** No active timer: `{status:"stopped", time_log_id:null}` plus the common fields. */
export type TimerStatusIdle = Schemas['TimerStatusIdleDto'];

/** An active timer: the fields describe the most recently started one; all are in `timers`. */
export type TimerStatusActive = Schemas['TimerStatusActiveDto'];

export type TimerStatusResponse = TimerStatusIdle | TimerStatusActive;

export type HeartbeatResponse = Schemas['HeartbeatResponseDto'];

/** A short-lived ticket for `GET /time-tracking/stream?ticket=` (EventSource can't send headers). */
export type StreamTicketResponse = Schemas['StreamTicketResponseDto'];

/** Query name carrying the stream ticket. */
export const STREAM_TICKET_PARAM = 'ticket';
/** SSE event name of every timer change (payload: TimerStreamEvent as JSON). */
export const TIMER_STREAM_EVENT = 'timer';

export const TIMER_STREAM_EVENT_TYPES = ['snapshot', 'started', 'paused', 'resumed', 'stopped', 'switched', 'capped', 'updated'] as const;
/**
 * `snapshot` is sent once when a stream opens; `switched` when a start stopped another
 * timer; `capped` when the background job stopped a timer at the cap; `updated` for any
 * other change (e.g. logout pausing timers, an entry edited).
 */
export type TimerStreamEventType = (typeof TIMER_STREAM_EVENT_TYPES)[number];

export interface TimerStreamEvent {
  type: TimerStreamEventType;
  /** The timer the change is about, if one. */
  time_log_id: Uuid | null;
  stop_reason: StopReason | null;
  /** The caller's status after the change. */
  status: TimerStatusResponse;
}

/* ------------------------------------------------------------ time entries */

/** Something the user should know about an entry that was saved anyway. */
export type EntryWarning = Schemas['EntryWarningDto'];

/** The answer to creating or editing a manual entry: the entry, plus warnings (empty when none). */
export type TimeEntryWriteResponse = Schemas['TimeEntryWriteResponseDto'];

/** An entry (timer or manual) in lists and the time-entries API. */
export type TimeLogResponse = Schemas['TimeLogResponseDto'];

/** The spec's TimeEntryCreate plus project and billable flag. */
export type TimeEntryCreateRequest = Schemas['TimeEntryCreateDto'];

/** The spec's TimeEntryUpdate plus task/project and billable flag; only stopped entries. */
export type TimeEntryUpdateRequest = Schemas['TimeEntryUpdateDto'];

/** Filters of the entry lists; `from`/`to` select entries overlapping [from, to). */
export type TimeLogListQuery = QueryParams<'/api/v1/time-tracking/logs'>;

/** Admins may list another user's entries with `user_id`. */
export type TimeEntryListQuery = QueryParams<'/api/v1/time-entries'>;

export type CurrencyAmount = Schemas['CurrencyAmountDto'];

/** Totals over every entry matching the filter (not only the page), summed exactly and rounded once. */
export type TimeLogSummary = Schemas['TimeLogSummaryDto'];

export type TimeLogPage = Schemas['TimeLogPageDto'];

/* ------------------------------------------------------------------- rates */

export type RateSetRequest = Schemas['RateSetDto'];

export type UserRateResponse = Schemas['UserRateResponseDto'];

/** The rate a new timer would get today; `source: 'default'` when the user has none. */
export type CurrentRateResponse = Schemas['CurrentRateResponseDto'];

export type RateApplyResponse = Schemas['RateApplyResponseDto'];

/* ---------------------------------------------------------------- settings */

export const MAX_CONCURRENT_TIMERS_MIN = 1;
export const MAX_CONCURRENT_TIMERS_MAX = 20;
export const MAX_TIMER_HOURS_MIN = 1;
export const MAX_TIMER_HOURS_MAX = 168;
export const STALE_HEARTBEAT_MINUTES_MIN = 1;
export const STALE_HEARTBEAT_MINUTES_MAX = 1440;

export type TimeTrackingSettingsResponse = Schemas['TimeTrackingSettingsResponseDto'];

export type TimeTrackingSettingsUpdateRequest = Schemas['TimeTrackingSettingsUpdateDto'];
