import type { IsoDateTime, ListMeta, ListQuery, Uuid } from './common.js';
import type { TimeEntryStatus } from './tasks.js';

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

export interface TimerStartRequest {
  /** A task the caller may use; without `project_id` the task's project is used. */
  task_id?: Uuid | null;
  /** A project the caller belongs to (any for admins); must match the task's project if both are given. */
  project_id?: Uuid | null;
  description?: string | null;
  /** Default: the project's `is_billable`, or true without a project. */
  is_billable?: boolean;
}

/** Body of pause/resume: which timer (default: the most recently started active one). */
export interface TimerActionRequest {
  time_log_id?: Uuid;
}

export interface TimerStopRequest extends TimerActionRequest {
  /** "Work done?" — replaces the entry's description when given. */
  description?: string | null;
}

/** One timer (an entry) as the timer widget shows it. Running time only is counted and charged. */
export interface TimerView {
  time_log_id: Uuid;
  status: TimeEntryStatus;
  task_id: Uuid | null;
  /** `PROJECTKEY-N`, or null for a task outside any project. */
  task_key: string | null;
  task_title: string | null;
  project_id: Uuid | null;
  project_name: string | null;
  description: string | null;
  start_time: IsoDateTime;
  /** Same as `start_time` (the timer module's status field name). */
  started_at: IsoDateTime;
  /** Set while paused. */
  paused_at: IsoDateTime | null;
  /** Set once stopped. */
  end_time: IsoDateTime | null;
  /** Running time so far: (now or end − start) − paused time. */
  elapsed_seconds: number;
  /** Paused time accumulated so far, including the current pause. */
  paused_seconds: number;
  /** Cost of `elapsed_seconds` at the snapshot rate (2 decimals). */
  cost: MoneyString;
  rate_type: RateType;
  rate_amount: DecimalString;
  currency: string;
  is_billable: boolean;
  last_heartbeat: IsoDateTime | null;
  /** Active, but no heartbeat for `stale_heartbeat_minutes`: flagged, never changed silently. */
  stale: boolean;
  stop_reason: StopReason | null;
}

/** Answer of start/pause/resume/stop. */
export interface TimerActionResponse extends TimerView {
  success: true;
  /** Server's clock when answering: clients tick from `elapsed_seconds` at this instant. */
  server_time: IsoDateTime;
  /** Start only: the timer that was stopped and saved to make room (max 1 timer), else null. */
  switched_from: TimerView | null;
}

/** The last timer that stopped, so the widget can say why (e.g. the 24 h cap). */
export interface LastStoppedTimer {
  time_log_id: Uuid;
  reason: StopReason;
  end_time: IsoDateTime;
  elapsed_seconds: number;
  cost: MoneyString;
  currency: string;
}

/** Values the timer widget needs from the settings (members can't read /settings). */
export interface TimerLimits {
  max_concurrent_timers: number;
  max_timer_hours: number;
  stale_heartbeat_minutes: number;
  /** How often an open page should POST heartbeat. */
  heartbeat_interval_seconds: number;
}

interface TimerStatusCommon {
  success: true;
  server_time: IsoDateTime;
  /** Every active timer of the caller, most recently started first. */
  timers: TimerView[];
  last_stopped: LastStoppedTimer | null;
  limits: TimerLimits;
}

/** No active timer: `{status:"stopped", time_log_id:null}` plus the common fields. */
export interface TimerStatusIdle extends TimerStatusCommon {
  status: 'stopped';
  time_log_id: null;
  stale: false;
}

/** An active timer: the fields describe the most recently started one; all are in `timers`. */
export type TimerStatusActive = TimerStatusCommon & TimerView & { status: 'running' | 'paused' };

export type TimerStatusResponse = TimerStatusIdle | TimerStatusActive;

export interface HeartbeatResponse {
  success: true;
  /** Active timers whose heartbeat was recorded. */
  timers: number;
  server_time: IsoDateTime;
}

/** A short-lived ticket for `GET /time-tracking/stream?ticket=` (EventSource can't send headers). */
export interface StreamTicketResponse {
  ticket: string;
  /** Seconds the ticket may be used to open a stream. */
  expires_in: number;
}

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
export interface EntryWarning {
  /** OVERLAP: the entry overlaps these other entries or timers of the same user (listed in `entries`). */
  code: 'OVERLAP';
  message: string;
  /** Ids of the overlapped entries, earliest first. */
  entries: Uuid[];
}

/** The answer to creating or editing a manual entry: the entry, plus warnings (empty when none). */
export interface TimeEntryWriteResponse extends TimeLogResponse {
  warnings: EntryWarning[];
}

/** An entry (timer or manual) in lists and the time-entries API. */
export interface TimeLogResponse {
  id: Uuid;
  user_id: Uuid;
  task_id: Uuid | null;
  task_key: string | null;
  task_title: string | null;
  project_id: Uuid | null;
  project_name: string | null;
  status: TimeEntryStatus;
  /** True while running or paused. */
  is_active: boolean;
  start_time: IsoDateTime;
  end_time: IsoDateTime | null;
  paused_at: IsoDateTime | null;
  paused_seconds: number;
  /** Running time of a stopped entry; null while active (see `elapsed_seconds`). */
  duration_seconds: number | null;
  duration_hours: number | null;
  /** Running time so far (equals `duration_seconds` once stopped). */
  elapsed_seconds: number;
  description: string | null;
  rate_type: RateType;
  rate_amount: DecimalString;
  currency: string;
  /** Cost at the snapshot rate, 2 decimals (so far, while active). */
  total_cost: MoneyString;
  is_billable: boolean;
  /** Null for manual entries. */
  stop_reason: StopReason | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
}

/** The spec's TimeEntryCreate plus project and billable flag. */
export interface TimeEntryCreateRequest {
  task_id?: Uuid | null;
  project_id?: Uuid | null;
  description?: string | null;
  start_time: IsoDateTime;
  /** After start_time, not in the future. */
  end_time: IsoDateTime;
  is_billable?: boolean;
}

/** The spec's TimeEntryUpdate plus task/project and billable flag; only stopped entries. */
export interface TimeEntryUpdateRequest {
  task_id?: Uuid | null;
  project_id?: Uuid | null;
  description?: string | null;
  start_time?: IsoDateTime;
  end_time?: IsoDateTime;
  is_billable?: boolean;
}

/** Filters of the entry lists; `from`/`to` select entries overlapping [from, to). */
export interface TimeLogListQuery extends ListQuery {
  from?: IsoDateTime;
  to?: IsoDateTime;
  project_id?: Uuid;
  task_id?: Uuid;
  status?: TimeEntryStatus;
}

/** Admins may list another user's entries with `user_id`. */
export interface TimeEntryListQuery extends TimeLogListQuery {
  user_id?: Uuid;
}

export interface CurrencyAmount {
  currency: string;
  amount: MoneyString;
}

/** Totals over every entry matching the filter (not only the page), summed exactly and rounded once. */
export interface TimeLogSummary {
  total_seconds: number;
  billable_seconds: number;
  /** One line per currency: amounts are never converted. */
  totals: CurrencyAmount[];
}

export interface TimeLogPage {
  data: TimeLogResponse[];
  meta: ListMeta;
  summary: TimeLogSummary;
}

/* ------------------------------------------------------------------- rates */

export interface RateSetRequest {
  rate_type: RateType;
  /** > 0, at most 4 decimals; a decimal string is exact ("62.5"), a number is accepted too. */
  rate_amount: DecimalString | number;
  /** ISO 4217, three uppercase letters. */
  currency: string;
  /** Default: today in the admin's timezone. */
  effective_from?: IsoDate;
}

export interface UserRateResponse {
  id: Uuid;
  user_id: Uuid;
  rate_type: RateType;
  rate_amount: DecimalString;
  currency: string;
  effective_from: IsoDate;
  /** Exclusive; null while open-ended. */
  effective_until: IsoDate | null;
  /** Effective today (in the user's timezone). */
  is_current: boolean;
  created_by: Uuid | null;
  created_at: IsoDateTime;
}

/** The rate a new timer would get today; `source: 'default'` when the user has none. */
export interface CurrentRateResponse {
  source: 'user' | 'default';
  rate_id: Uuid | null;
  user_id: Uuid;
  rate_type: RateType;
  rate_amount: DecimalString;
  currency: string;
  effective_from: IsoDate | null;
  effective_until: IsoDate | null;
}

export interface RateApplyResponse {
  rate_id: Uuid;
  user_id: Uuid;
  effective_from: IsoDate;
  effective_until: IsoDate | null;
  /** Stopped entries re-rated. */
  entries_updated: number;
  /** Entries in the period left alone because their project's currency differs from the rate's. */
  entries_skipped_currency: number;
  totals_before: CurrencyAmount[];
  totals_after: CurrencyAmount[];
}

/* ---------------------------------------------------------------- settings */

export const MAX_CONCURRENT_TIMERS_MIN = 1;
export const MAX_CONCURRENT_TIMERS_MAX = 20;
export const MAX_TIMER_HOURS_MIN = 1;
export const MAX_TIMER_HOURS_MAX = 168;
export const STALE_HEARTBEAT_MINUTES_MIN = 1;
export const STALE_HEARTBEAT_MINUTES_MAX = 1440;

export interface TimeTrackingSettingsResponse {
  default_hourly_rate: DecimalString;
  /** Null: the hourly default / 60. */
  default_minutely_rate: DecimalString | null;
  default_currency: string;
  auto_pause_on_logout: boolean;
  max_concurrent_timers_per_user: number;
  enable_budget_tracking: boolean;
  enable_budget_alerts: boolean;
  /** Timers running longer are stopped at this cap. */
  max_timer_hours: number;
  /** Timers without a heartbeat this long are flagged stale. */
  stale_heartbeat_minutes: number;
  /** On: a manual entry or edit overlapping another of the user's entries or timers is refused (409); off: taken with an OVERLAP warning. */
  forbid_overlapping_entries: boolean;
  updated_at: IsoDateTime;
}

export interface TimeTrackingSettingsUpdateRequest {
  default_hourly_rate?: DecimalString | number;
  default_minutely_rate?: DecimalString | number | null;
  default_currency?: string;
  auto_pause_on_logout?: boolean;
  max_concurrent_timers_per_user?: number;
  enable_budget_tracking?: boolean;
  enable_budget_alerts?: boolean;
  max_timer_hours?: number;
  stale_heartbeat_minutes?: number;
  forbid_overlapping_entries?: boolean;
}
