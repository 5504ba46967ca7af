import type { QueryParams, Schemas } from './schemas.js';

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

export type ProjectBudgetSetRequest = Schemas['ProjectBudgetSetDto'];

/** What admins see of a project's budget (`view: "full"`). */
export type ProjectBudgetResponse = Schemas['ProjectBudgetResponseDto'];

/** What members of the project see (`view: "progress"`): how far along, never the money. */
export type ProjectBudgetProgressResponse = Schemas['ProjectBudgetProgressResponseDto'];

export type ProjectBudgetView = ProjectBudgetResponse | ProjectBudgetProgressResponse;

export const BUDGET_SORTS = ['percent_used', 'forecast', 'name', 'status'] as const;
export type BudgetSort = (typeof BUDGET_SORTS)[number];

export type BudgetListQuery = QueryParams<'/api/v1/budgets'>;

/** A row of the admin budget dashboard. */
export type BudgetOverviewRow = Schemas['BudgetOverviewRowDto'];

export type BudgetAlertResponse = Schemas['BudgetAlertResponseDto'];

export type BudgetAlertListQuery = QueryParams<'/api/v1/budget-alerts'>;

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

export type ProjectStatisticsQuery = QueryParams<'/api/v1/projects/{id}/statistics'>;

/**
 * Time and cost of a group of stopped entries. `seconds` and `cost_exact` are exact and add
 * up across rows to the totals; `hours` and `cost` are rounded for display (once, from the
 * exact sum). Money fields are null for callers who may not see money (members).
 */
export type CostFigures = Schemas['CostFiguresDto'];

export type UserCostRow = Schemas['UserCostRowDto'];

export type TaskCostRow = Schemas['TaskCostRowDto'];

export type DayCostRow = Schemas['DayCostRowDto'];

export type ProjectStatisticsResponse = Schemas['ProjectStatisticsResponseDto'];
