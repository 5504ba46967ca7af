import type { IsoDateTime, ListQuery, Uuid } from './common.js';
import type { SortOrder } from './projects.js';
import type { IsoDate, MoneyString } from './time-tracking.js';

/**
 * Project budgets, budget alerts, cost statistics and the admin budget dashboard. Sources:
 * the timer module's project_budgets / budget_alerts tables, getProjectBudgetSummary and
 * getCostStatistics (issue 5).
 *
 * Money travels as decimal strings with 2 decimals ("50.00"), rounded half-up once from the
 * exact stored values; `*_exact` fields carry the stored 4 decimals so sums can be checked.
 * Percentages are numbers with 2 decimals, rounded *down* so a shown 100.00 always means
 * the budget is used up (status and numbers never disagree).
 */

export const BUDGET_STATUSES = ['planning', 'active', 'exceeded'] as const;
/** `exceeded` once total_cost ≥ total_budget (whatever the dates); `planning` before start_date; `active` otherwise. */
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];

export const BUDGET_ALERT_TYPES = ['warning', 'critical', 'exceeded'] as const;
/** `warning` at alert_threshold %, `critical` at critical_threshold %, `exceeded` at 100 %. */
export type BudgetAlertType = (typeof BUDGET_ALERT_TYPES)[number];

export const BUDGET_DEFAULT_ALERT_THRESHOLD = 80;
export const BUDGET_DEFAULT_CRITICAL_THRESHOLD = 90;
/** DECIMAL(12,2). */
export const BUDGET_AMOUNT_MAX = '9999999999.99';
export const BUDGET_AMOUNT_DECIMALS = 2;
/** The burn rate is the stopped entries' cost of the last this many days, per day. */
export const BUDGET_BURN_WINDOW_DAYS = 14;

export interface ProjectBudgetSetRequest {
  /** Decimal string (a JSON number is accepted), > 0, 2 decimals at most. */
  total_budget: string;
  /**
   * The part of the budget already committed (assigned to people, phases, purchase
   * orders…); informational, ≤ total_budget. Null: not tracked.
   */
  allocated_budget?: string | null;
  /** Must be the project's currency (the default); amounts are never converted. */
  currency?: string;
  /** Percent, > 0, ≤ critical_threshold. Default 80. */
  alert_threshold?: number;
  /** Percent, ≤ 100. Default 90. */
  critical_threshold?: number;
  start_date?: IsoDate | null;
  end_date?: IsoDate | null;
  /** Hard cap: while exceeded, no time can be added on the project, and running timers are stopped at the cap. */
  is_locked?: boolean;
}

/** What admins see of a project's budget (`view: "full"`). */
export interface ProjectBudgetResponse {
  view: 'full';
  id: Uuid;
  project_id: Uuid;
  project_name: string;
  project_key: string;
  currency: string;
  total_budget: MoneyString;
  allocated_budget: MoneyString | null;
  /** Exact sum of the project's stopped entries (running timers not included). */
  total_cost: MoneyString;
  total_cost_exact: string;
  /** total_budget − total_cost; negative once exceeded. */
  remaining: MoneyString;
  percent_used: number;
  status: BudgetStatus;
  alert_threshold: number;
  critical_threshold: number;
  is_locked: boolean;
  /** Locked, exceeded and tracking on: starting timers and adding time on the project are refused. */
  cap_reached: boolean;
  start_date: IsoDate | null;
  end_date: IsoDate | null;
  /** Cost so far of the timers running or paused on the project right now (not in total_cost). */
  active_timers_cost: MoneyString;
  active_timers: number;
  /** Stopped entries' cost by end_time over the last BUDGET_BURN_WINDOW_DAYS days, divided by that many days. */
  burn_rate_per_day: MoneyString;
  /** The day (caller's time zone) total_cost reaches total_budget at the burn rate; null when exceeded or the burn rate is 0. */
  forecast_date: IsoDate | null;
  /** The day (caller's time zone) the stopped entries' running sum reached the budget; null unless exceeded. */
  exceeded_on: IsoDate | null;
  open_alerts: number;
  /** The settings' enable_budget_tracking / enable_budget_alerts. */
  tracking_enabled: boolean;
  alerts_enabled: boolean;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
}

/** What members of the project see (`view: "progress"`): how far along, never the money. */
export interface ProjectBudgetProgressResponse {
  view: 'progress';
  project_id: Uuid;
  percent_used: number;
  status: BudgetStatus;
  is_locked: boolean;
  cap_reached: boolean;
  start_date: IsoDate | null;
  end_date: IsoDate | null;
}

export type ProjectBudgetView = ProjectBudgetResponse | ProjectBudgetProgressResponse;

export const BUDGET_SORTS = ['percent_used', 'forecast', 'name', 'status'] as const;
export type BudgetSort = (typeof BUDGET_SORTS)[number];

export interface BudgetListQuery extends ListQuery {
  status?: BudgetStatus;
  /** true: percent used ≥ alert_threshold; false: below it. */
  over_threshold?: boolean;
  /** Default `percent_used`. `forecast` orders by the run-out moment (exceeded ones by when), unknown last. */
  sort?: BudgetSort;
  /** Default `desc` for percent_used, `asc` otherwise. */
  order?: SortOrder;
  /** Budgets of archived projects are left out unless true. */
  include_archived?: boolean;
}

/** A row of the admin budget dashboard. */
export interface BudgetOverviewRow {
  project_id: Uuid;
  project_name: string;
  project_key: string;
  project_archived: boolean;
  budget_id: Uuid;
  currency: string;
  total_budget: MoneyString;
  total_cost: MoneyString;
  remaining: MoneyString;
  percent_used: number;
  status: BudgetStatus;
  alert_threshold: number;
  critical_threshold: number;
  is_locked: boolean;
  open_alerts: number;
  burn_rate_per_day: MoneyString;
  forecast_date: IsoDate | null;
  exceeded_on: IsoDate | null;
  end_date: IsoDate | null;
}

export interface BudgetAlertResponse {
  id: Uuid;
  project_id: Uuid;
  project_name: string;
  project_key: string;
  alert_type: BudgetAlertType;
  threshold_percentage: number;
  /** Percent used when the alert fired (may pass 100 when one change overshoots). */
  actual_percentage: number;
  cost_at_alert: MoneyString;
  currency: string;
  is_acknowledged: boolean;
  acknowledged_by_user_id: Uuid | null;
  acknowledged_by_name: string | null;
  acknowledged_at: IsoDateTime | null;
  created_at: IsoDateTime;
}

export interface BudgetAlertListQuery extends ListQuery {
  acknowledged?: boolean;
  project_id?: Uuid;
  alert_type?: BudgetAlertType;
}

/** SSE event name on GET /budget-alerts/stream (payload: BudgetAlertStreamEvent as JSON). */
export const BUDGET_ALERT_STREAM_EVENT = 'budget_alert';

export const BUDGET_ALERT_STREAM_EVENT_TYPES = ['ready', 'raised', 'acknowledged'] as const;
/** `ready` once the stream listens (alert null); `raised` for a new alert; `acknowledged` when an admin acknowledged one. */
export type BudgetAlertStreamEventType = (typeof BUDGET_ALERT_STREAM_EVENT_TYPES)[number];

export interface BudgetAlertStreamEvent {
  type: BudgetAlertStreamEventType;
  alert: BudgetAlertResponse | null;
}

/* -------------------------------------------------------------- statistics */

export interface ProjectStatisticsQuery {
  /** First day, inclusive, in the caller's time zone. Default: no lower bound. */
  start?: IsoDate;
  /** Last day, inclusive, in the caller's time zone. Default: no upper bound. */
  end?: IsoDate;
}

/**
 * Time and cost of a group of stopped entries. `seconds` and `cost_exact` are exact and add
 * up across rows to the totals; `hours` and `cost` are rounded for display (once, from the
 * exact sum). Money fields are null for callers who may not see money (members).
 */
export interface CostFigures {
  entries: number;
  seconds: number;
  hours: number;
  cost: MoneyString | null;
  cost_exact: string | null;
}

export interface UserCostRow extends CostFigures {
  user_id: Uuid;
  full_name: string;
}

export interface TaskCostRow extends CostFigures {
  /** Null: time tracked on the project without a task. */
  task_id: Uuid | null;
  task_key: string | null;
  task_title: string | null;
}

export interface DayCostRow extends CostFigures {
  /** The entry's start day in `time_zone`. */
  date: IsoDate;
}

export interface ProjectStatisticsResponse {
  project_id: Uuid;
  /** Null when money is hidden from the caller. */
  currency: string | null;
  /** False for members: hours only. */
  money_visible: boolean;
  /** The caller's time zone, used for `start`/`end` and the days. */
  time_zone: string;
  start: IsoDate | null;
  end: IsoDate | null;
  totals: CostFigures;
  billable: CostFigures;
  non_billable: CostFigures;
  by_user: UserCostRow[];
  by_task: TaskCostRow[];
  by_day: DayCostRow[];
}
