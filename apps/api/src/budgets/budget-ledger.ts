import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import type { BudgetAlertType, RateType, TimeEntryStatus } from '../common/enums';
import { Money, STORED_COST_DECIMALS } from '../common/money';
import { SettingsReader } from '../settings/settings-reader';
import { BudgetAlertEvents } from './budget-alert-events';
import { crossedLevels, hasReached, levelPercent, percentUsed, utcDate, type BudgetPoint } from './budget-math';
import { budgetCapError, budgetRoomError, entryCurrencyError } from './budgets.errors';
import { BudgetAlert } from './entities/budget-alert.entity';
import { ProjectEntryCosts } from './project-entry-costs';
import { returnedRows } from './returned-rows';
import { DomainEvents } from '../events/domain-events';

/** A cost change on one project, for recordCostChanges. */
export interface ProjectCostChange {
  projectId: string | null;
  /** Exact decimal (string or Decimal), negative when cost goes away. */
  deltaCost: Decimal.Value;
}

/**
 * How a write that adds cost treats a locked budget (the hard cap, issue 12 item 6): with
 * `refuseBeyondCap`, a change that would take a locked budget past 100 % is refused (409)
 * and the whole transaction rolls back; the answer says how much room was left, in money
 * and, given the entry's rate, in hours. Stops of running timers never pass it: a timer is
 * stopped at the cap instead (TimerMaintenance), and the time it ran is booked.
 */
export interface CapPolicy {
  refuseBeyondCap: boolean;
  /** The rate of the entry being written, to say the room left in time. */
  rate?: { rateType: RateType; rateAmount: string };
}

const NO_CAP: CapPolicy = { refuseBeyondCap: false };

/** What the budget counts of an entry: its project and, once stopped, its cost. */
export interface EntryCostState {
  projectId: string | null;
  status: TimeEntryStatus;
  /** The entry's stored total_cost (exact). */
  totalCost: Decimal.Value;
}

interface BudgetRow {
  id: string;
  project_id: string;
  total_budget: string;
  total_cost: string;
  alert_threshold: string;
  critical_threshold: string;
  currency: string;
  is_locked: boolean;
}

interface AlertRow {
  id: string;
  project_budget_id: string;
  project_id: string;
  alert_type: BudgetAlertType;
  threshold_percentage: string;
  actual_percentage: string;
  cost_at_alert: string;
  is_acknowledged: boolean;
  acknowledged_by_user_id: string | null;
  acknowledged_at: Date | null;
  created_at: Date;
}

const pointOf = (row: BudgetRow, totalCost: Decimal.Value = row.total_cost): BudgetPoint => ({
  totalBudget: row.total_budget,
  totalCost,
  alertThreshold: row.alert_threshold,
  criticalThreshold: row.critical_threshold,
});

const STATUS_SQL = (cost: string, today: string) =>
  `CASE WHEN ${cost} >= total_budget THEN 'exceeded'::budget_status
        WHEN start_date > ${today}::date THEN 'planning'::budget_status
        ELSE 'active'::budget_status END`;

/**
 * The budget side of every change to a project's stopped entries, called by the timer and
 * entry code inside *their* transactions (issue 5: total_cost changes in the same
 * transaction as the entry change that causes it).
 *
 * Locking: the project row FOR KEY SHARE, then the budget row FOR UPDATE. The first makes a
 * budget being created (which holds the project FOR UPDATE while it sums the entries) and a
 * concurrent entry change wait for each other, so the created total never misses or doubles
 * a change; the second serialises every change of one budget, so each sees the total the
 * previous one left and threshold crossings form one chain — every crossing fires once.
 * Transactions must be READ COMMITTED (the default).
 *
 * The alerts raised are NOTIFYed inside the transaction (delivered to admins' streams on
 * commit); they are also returned, for the caller's logs or answer.
 */
@Injectable()
export class BudgetLedger {
  constructor(
    private readonly clock: Clock,
    private readonly events: BudgetAlertEvents,
    private readonly settings: SettingsReader,
    private readonly entryCosts: ProjectEntryCosts,
  ) {}

  /**
   * Adds `deltaCost` (exact; negative when cost goes away) to the project's budget total,
   * recomputes its status and raises the alerts crossed upward. No project, no budget or a
   * zero delta: nothing happens. Budget tracking off still keeps the total exact (so turning
   * it back on needs no rebuild) but raises nothing; alerts off raises nothing.
   */
  async recordCostChange(manager: EntityManager, projectId: string | null, deltaCost: Decimal.Value, cap: CapPolicy = NO_CAP): Promise<BudgetAlert[]> {
    const delta = new Money(deltaCost);
    // Stored costs have 4 decimals; a finer delta would be rounded by the column and break the exact sum.
    if (delta.decimalPlaces() > STORED_COST_DECIMALS) throw new RangeError(`A cost change has at most ${STORED_COST_DECIMALS} decimals, got ${delta.toFixed()}`);
    if (!projectId || delta.isZero()) return [];
    await manager.query('SELECT 1 FROM projects WHERE id = $1 FOR KEY SHARE', [projectId]);
    const today = utcDate(this.clock.now());
    const [row] = returnedRows<BudgetRow>(
      await manager.query(
        `UPDATE project_budgets
            SET total_cost = total_cost + $2::numeric, status = ${STATUS_SQL('(total_cost + $2::numeric)', '$3')}
          WHERE project_id = $1
          RETURNING id, project_id, total_budget::text, total_cost::text, alert_threshold::text, critical_threshold::text, currency, is_locked`,
        [projectId, delta.toFixed(), today],
      ),
    );
    if (!row) return [];
    const before = pointOf(row, new Money(row.total_cost).minus(delta));
    // The UPDATE holds the budget row's lock: concurrent writers are checked one after another against the total each leaves.
    if (cap.refuseBeyondCap && delta.gt(0) && row.is_locked && new Money(row.total_cost).gt(row.total_budget) && (await this.trackingOn(manager))) {
      const [project] = await manager.query<Array<{ key: string }>>('SELECT key FROM projects WHERE id = $1', [projectId]);
      throw budgetRoomError({
        projectKey: project?.key ?? projectId,
        currency: row.currency,
        totalBudget: row.total_budget,
        costBefore: before.totalCost,
        cost: delta,
        rate: cap.rate,
      });
    }
    return this.raiseCrossedAlerts(manager, row, before, pointOf(row));
  }

  /**
   * Several changes in one transaction (an entry moved between projects, a re-rate, an
   * erasure): summed per project and applied in project-id order, so two transactions
   * touching the same budgets always lock them in the same order and can't deadlock.
   */
  async recordCostChanges(manager: EntityManager, changes: ProjectCostChange[], cap: CapPolicy = NO_CAP): Promise<BudgetAlert[]> {
    const byProject = new Map<string, Decimal>();
    for (const change of changes) {
      if (!change.projectId) continue;
      byProject.set(change.projectId, (byProject.get(change.projectId) ?? new Money(0)).plus(change.deltaCost));
    }
    const alerts: BudgetAlert[] = [];
    for (const projectId of [...byProject.keys()].sort()) alerts.push(...(await this.recordCostChange(manager, projectId, byProject.get(projectId)!, cap)));
    return alerts;
  }

  /**
   * One entry changed: from `before` (null: it didn't exist) to `after` (null: deleted or
   * erased). Only stopped entries count, so a stop is running → stopped, a manual entry
   * null → stopped, an edit stopped → stopped (possibly on another project), a delete
   * stopped → null. Call it after writing the entry, in the same transaction.
   */
  async recordEntryChange(manager: EntityManager, before: EntryCostState | null, after: EntryCostState | null, cap: CapPolicy = NO_CAP): Promise<BudgetAlert[]> {
    const counted = (state: EntryCostState | null) => (state && state.status === 'stopped' ? new Money(state.totalCost) : new Money(0));
    return this.recordCostChanges(
      manager,
      [
        { projectId: before?.projectId ?? null, deltaCost: counted(before).negated() },
        { projectId: after?.projectId ?? null, deltaCost: counted(after) },
      ],
      cap,
    );
  }

  private async trackingOn(manager: EntityManager): Promise<boolean> {
    return (await this.settings.current(manager)).enableBudgetTracking;
  }

  /**
   * Sets the budget total to the exact sum of the project's stopped entries, under the
   * budget lock — for bulk rewrites (a re-rate may prefer this to computing deltas) and
   * repairs. Safe next to concurrent delta writers under READ COMMITTED: the sum sees every
   * committed change, and an uncommitted one adds its own delta after this commits.
   */
  async resyncProjectCost(manager: EntityManager, projectId: string): Promise<BudgetAlert[]> {
    await manager.query('SELECT 1 FROM projects WHERE id = $1 FOR KEY SHARE', [projectId]);
    const [budget] = await manager.query<Array<{ total_cost: string }>>('SELECT total_cost::text FROM project_budgets WHERE project_id = $1 FOR UPDATE', [projectId]);
    if (!budget) return [];
    const sum = await this.entryCosts.stoppedCost(manager, projectId);
    return this.recordCostChange(manager, projectId, new Money(sum).minus(budget.total_cost));
  }

  /**
   * The hard cap: while the project's budget is locked and exceeded (and budget tracking is
   * on), no timer may start or resume on it and no time may be added → 409 saying so.
   * The budget row is locked (FOR UPDATE) until the caller commits, so concurrent additions
   * are checked one after another; a running timer that outgrows the budget is stopped by
   * the cap job.
   */
  async assertCanAddTime(manager: EntityManager, projectId: string | null): Promise<void> {
    if (!projectId) return;
    const [row] = await manager.query<Array<{ key: string; currency: string; total_budget: string; total_cost: string; is_locked: boolean }>>(
      `SELECT p.key, b.currency, b.total_budget::text, b.total_cost::text, b.is_locked
         FROM projects p
         JOIN project_budgets b ON b.project_id = p.id
        WHERE p.id = $1
          FOR UPDATE OF b`,
      [projectId],
    );
    if (row?.is_locked && hasReached(row.total_cost, row.total_budget, 100) && (await this.trackingOn(manager))) {
      throw budgetCapError(row.key, row.currency, new Money(row.total_budget).toFixed(2));
    }
  }

  /**
   * A project's entries, rates and budget share one currency: time costed in another one is
   * refused (409), never converted. Checks the project's currency and, if it has a budget,
   * the budget's (they differ only if the project's currency changed after the budget was set).
   */
  async assertCurrency(manager: EntityManager, projectId: string | null, currency: string): Promise<void> {
    if (!projectId) return;
    const [row] = await manager.query<Array<{ key: string; currency: string; budget_currency: string | null }>>(
      `SELECT p.key, p.currency, b.currency AS budget_currency
         FROM projects p LEFT JOIN project_budgets b ON b.project_id = p.id
        WHERE p.id = $1`,
      [projectId],
    );
    if (!row) return;
    if (currency !== row.currency) throw entryCurrencyError(row.key, row.currency, currency, row.budget_currency !== null);
    if (row.budget_currency && currency !== row.budget_currency) throw entryCurrencyError(row.key, row.budget_currency, currency);
  }

  /**
   * For the cap job (time tracking's timersToStopForBudget): the projects whose budget is
   * locked, with what each has left (total_budget − total_cost, exact). Budget tracking off: none.
   */
  async lockedBudgetsLeft(manager: EntityManager): Promise<Map<string, string>> {
    if (!(await this.trackingOn(manager))) return new Map();
    const rows = await manager.query<Array<{ project_id: string; left: string }>>(
      'SELECT project_id, (total_budget - total_cost)::text AS left FROM project_budgets WHERE is_locked',
    );
    return new Map(rows.map((row) => [row.project_id, row.left]));
  }

  /**
   * Raises the alerts crossed upward from `before` to `after` on a budget whose row the
   * caller has locked (used by recordCostChange and by the budget PUT, where a new budget
   * or new thresholds can cross levels too). Reads the settings in the same transaction.
   */
  async raiseCrossedAlerts(manager: EntityManager, budget: { id: string; project_id: string }, before: BudgetPoint | null, after: BudgetPoint): Promise<BudgetAlert[]> {
    const crossed = crossedLevels(before, after);
    if (!crossed.length) return [];
    const settings = await this.settings.current(manager);
    if (!settings.enableBudgetTracking || !settings.enableBudgetAlerts) return [];
    const now = this.clock.now();
    const actual = percentUsed(after.totalCost, after.totalBudget).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
    const alerts: BudgetAlert[] = [];
    for (const type of crossed) {
      const [row] = await manager.query<AlertRow[]>(
        `INSERT INTO budget_alerts (project_budget_id, project_id, alert_type, threshold_percentage, actual_percentage, cost_at_alert, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, project_budget_id, project_id, alert_type, threshold_percentage::text, actual_percentage::text, cost_at_alert::text,
                   is_acknowledged, acknowledged_by_user_id, acknowledged_at, created_at`,
        [budget.id, budget.project_id, type, levelPercent(after, type).toFixed(2), actual, new Money(after.totalCost).toFixed(4), now],
      );
      alerts.push(toEntity(row));
      await DomainEvents.record(manager, {
        type: 'budget.crossed',
        project_id: budget.project_id,
        alert_id: row.id,
        level: type,
        threshold_percent: row.threshold_percentage,
        actual_percent: row.actual_percentage,
      });
    }
    await this.events.publish(manager, { type: 'raised', alertIds: alerts.map((alert) => alert.id) });
    return alerts;
  }
}

function toEntity(row: AlertRow): BudgetAlert {
  return Object.assign(new BudgetAlert(), {
    id: row.id,
    projectBudgetId: row.project_budget_id,
    projectId: row.project_id,
    alertType: row.alert_type,
    thresholdPercentage: row.threshold_percentage,
    actualPercentage: row.actual_percentage,
    costAtAlert: row.cost_at_alert,
    isAcknowledged: row.is_acknowledged,
    acknowledgedByUserId: row.acknowledged_by_user_id,
    acknowledgedAt: row.acknowledged_at,
    createdAt: row.created_at,
  });
}
