import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  BUDGET_DEFAULT_ALERT_THRESHOLD,
  BUDGET_DEFAULT_CRITICAL_THRESHOLD,
  type BudgetOverviewRow,
  type BudgetSort,
  type Paginated,
  type ProjectBudgetResponse,
  type ProjectBudgetView,
} from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { authorizationError, notFoundError, validationError } from '../common/errors/app-error';
import { Money } from '../common/money';
import { pageWindow, paginated } from '../common/pagination';
import { isAdmin, ProjectAccess } from '../projects/project-access';
import { budgetFiguresSql, figureParams, toBudgetProgress, toBudgetResponse, toOverviewRow, type BudgetFigureRow } from './budget-figures';
import { BudgetLedger } from './budget-ledger';
import { BURN_WINDOW_DAYS, budgetStatus, utcDate, type BudgetPoint } from './budget-math';
import { budgetCurrencyError, noBudgetError } from './budgets.errors';
import type { BudgetListQueryDto, ProjectBudgetSetDto } from './dto/budget.dto';
import { AuditLogService } from '../audit/audit-log.service';
import { SettingsReader } from '../settings/settings-reader';
import { ProjectEntryCosts } from './project-entry-costs';

interface LockedBudget {
  id: string;
  project_id: string;
  total_budget: string;
  total_cost: string;
  alert_threshold: string;
  critical_threshold: string;
  is_locked: boolean;
}

/** Whitelisted ORDER BY terms over budgetFiguresSql `f` ($1 = now); request values never reach the SQL text. */
const BUDGET_ORDER: Record<BudgetSort, string> = {
  percent_used: `CASE WHEN f.total_budget > 0 THEN f.total_cost / f.total_budget ELSE 1e12 END`,
  // The run-out moment in epoch seconds: when it was exceeded, or now + remaining / burn per day.
  forecast: `CASE WHEN f.exceeded_at IS NOT NULL THEN extract(epoch FROM f.exceeded_at)
                  WHEN f.window_cost > 0 AND f.total_budget > f.total_cost
                  THEN extract(epoch FROM $1::timestamptz) + (f.total_budget - f.total_cost) * ${BURN_WINDOW_DAYS * 86_400} / f.window_cost END`,
  name: 'lower(f.project_name)',
  status: `CASE f.status WHEN 'planning' THEN 0 WHEN 'active' THEN 1 ELSE 2 END`,
};

const threshold = (value: number) => new Money(String(value)).toFixed(2);

/**
 * Project budgets (getProjectBudgetSummary) and the admin dashboard. Admins set and read
 * budgets; members of a project see its progress (percent used, status), never money;
 * anyone else gets 404 for the project.
 */
@Injectable()
export class BudgetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly ledger: BudgetLedger,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    private readonly settings: SettingsReader,
    private readonly entryCosts: ProjectEntryCosts,
  ) {}

  private figures: string | null = null;

  /** The figures statement, built once from the entries' owner's SQL (registered at start). */
  private figuresSql(): string {
    this.figures ??= budgetFiguresSql((project) => this.entryCosts.stoppedEntriesSql(project));
    return this.figures;
  }

  async get(auth: AuthUser, projectId: string): Promise<ProjectBudgetView> {
    await this.access.requireVisible(auth, projectId);
    const now = this.clock.now();
    const [row] = await this.dataSource.query<BudgetFigureRow[]>(`${this.figuresSql()} WHERE b.project_id = $6`, [
      ...figureParams(now, await this.settings.current(this.dataSource.manager)),
      projectId,
    ]);
    if (!row) throw noBudgetError(projectId);
    if (!isAdmin(auth)) return toBudgetProgress(row);
    return toBudgetResponse(row, now, auth.timezone, await this.entryCosts.activeCost(this.dataSource.manager, projectId, now));
  }

  /**
   * Creates or replaces a project's budget (PUT: omitted fields take their defaults). A new
   * budget starts from the exact sum of the project's stopped entries, summed under the
   * project's row lock so no concurrent entry change is missed or counted twice (see
   * BudgetLedger). Whatever changed — a new budget, a new amount, new thresholds — alerts
   * fire for every level the usage is now at or above and wasn't before, and levels now
   * above the usage are re-armed.
   */
  async set(auth: AuthUser, projectId: string, dto: ProjectBudgetSetDto): Promise<{ budget: ProjectBudgetResponse; created: boolean }> {
    const created = await this.dataSource.transaction(async (tx) => {
      await this.access.requireVisible(auth, projectId, tx);
      if (!isAdmin(auth)) throw authorizationError('Only admins can set project budgets');
      const [project] = await tx.query<Array<{ key: string; currency: string }>>('SELECT key, currency FROM projects WHERE id = $1 FOR UPDATE', [projectId]);
      if (!project) throw notFoundError('Project', projectId);
      const currency = dto.currency ?? project.currency;
      if (currency !== project.currency) throw budgetCurrencyError(project.key, project.currency, currency);
      const values = budgetValues(dto);
      const today = utcDate(this.clock.now());
      const [existing] = await tx.query<LockedBudget[]>(
        'SELECT id, project_id, total_budget, total_cost, alert_threshold, critical_threshold, is_locked FROM project_budgets WHERE project_id = $1 FOR UPDATE',
        [projectId],
      );
      const totalCost = existing ? existing.total_cost : await this.entryCosts.stoppedCost(tx, projectId);
      const status = budgetStatus(totalCost, values.totalBudget, values.startDate, today);
      const params = [
        values.totalBudget,
        values.allocatedBudget,
        currency,
        values.alertThreshold,
        values.criticalThreshold,
        values.startDate,
        values.endDate,
        values.isLocked,
        status,
      ];
      let budgetId: string;
      if (existing) {
        budgetId = existing.id;
        await tx.query(
          `UPDATE project_budgets
              SET total_budget = $2, allocated_budget = $3, currency = $4, alert_threshold = $5, critical_threshold = $6,
                  start_date = $7, end_date = $8, is_locked = $9, status = $10
            WHERE id = $1`,
          [existing.id, ...params],
        );
      } else {
        const [row] = await tx.query<Array<{ id: string }>>(
          `INSERT INTO project_budgets (total_budget, allocated_budget, currency, alert_threshold, critical_threshold, start_date, end_date, is_locked, status, project_id, total_cost, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [...params, projectId, totalCost, this.clock.now()],
        );
        budgetId = row.id;
      }
      const after: BudgetPoint = { totalBudget: values.totalBudget, totalCost, alertThreshold: values.alertThreshold, criticalThreshold: values.criticalThreshold };
      const before: BudgetPoint | null = existing
        ? { totalBudget: existing.total_budget, totalCost, alertThreshold: existing.alert_threshold, criticalThreshold: existing.critical_threshold }
        : null;
      await this.ledger.raiseCrossedAlerts(tx, { id: budgetId, project_id: projectId }, before, after);
      await this.recordBudgetSet(tx, auth, budgetId, projectId, existing ?? null, values, currency);
      return !existing;
    });
    return { budget: (await this.get(auth, projectId)) as ProjectBudgetResponse, created };
  }

  private async recordBudgetSet(
    tx: EntityManager,
    auth: AuthUser,
    budgetId: string,
    projectId: string,
    existing: LockedBudget | null,
    values: ReturnType<typeof budgetValues>,
    currency: string,
  ): Promise<void> {
    const budgetFigures = (b: { totalBudget: string; alertThreshold: string; criticalThreshold: string; isLocked: boolean }) => ({
      total_budget: b.totalBudget,
      alert_threshold: b.alertThreshold,
      critical_threshold: b.criticalThreshold,
      is_locked: b.isLocked,
    });
    const from = existing
      ? budgetFigures({
          totalBudget: existing.total_budget,
          alertThreshold: existing.alert_threshold,
          criticalThreshold: existing.critical_threshold,
          isLocked: existing.is_locked,
        })
      : null;
    const subject = { actorUserId: auth.id, subjectType: 'budget', subjectId: budgetId } as const;
    await this.audit.record({ ...subject, action: 'budget.set', details: { project_id: projectId, currency, from, to: budgetFigures(values) } }, tx);
    // A new budget starts unlocked, so creating one locked is a lock change too.
    const wasLocked = existing?.is_locked ?? false;
    if (wasLocked !== values.isLocked) {
      await this.audit.record({ ...subject, action: 'budget.lock_changed', details: { project_id: projectId, from: wasLocked, to: values.isLocked } }, tx);
    }
  }

  /** The admin dashboard: every budget with its figures, filtered and sorted in one statement. */
  async list(auth: AuthUser, query: BudgetListQueryDto): Promise<Paginated<BudgetOverviewRow>> {
    const now = this.clock.now();
    const window = pageWindow(query);
    const params: unknown[] = figureParams(now, await this.settings.current(this.dataSource.manager));
    const where: string[] = [];
    if (!query.include_archived) where.push('NOT f.project_archived');
    if (query.status) {
      params.push(query.status);
      where.push(`f.status = $${params.length}`);
    }
    if (query.over_threshold !== undefined) where.push(`f.total_cost * 100 ${query.over_threshold ? '>=' : '<'} f.alert_threshold * f.total_budget`);
    const sort = query.sort ?? 'percent_used';
    const direction = (query.order ?? (sort === 'percent_used' ? 'desc' : 'asc')) === 'desc' ? 'DESC' : 'ASC';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.dataSource.query<Array<BudgetFigureRow & { total_count: number }>>(
      `SELECT f.*, count(*) OVER ()::int AS total_count FROM (${this.figuresSql()}) f ${whereSql}
        ORDER BY ${BUDGET_ORDER[sort]} ${direction} NULLS LAST, lower(f.project_name) ASC, f.project_id ASC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, window.perPage, window.offset],
    );
    let total = rows[0]?.total_count ?? 0;
    if (!rows.length && window.offset > 0) {
      [{ total }] = await this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM (${this.figuresSql()}) f ${whereSql}`, params);
    }
    return paginated(
      rows.map((row) => toOverviewRow(row, now, auth.timezone)),
      total,
      window,
    );
  }
}

/** The request with defaults applied and the rules between fields checked (422 naming each field). */
function budgetValues(dto: ProjectBudgetSetDto) {
  const values = {
    totalBudget: new Money(dto.total_budget).toFixed(2),
    allocatedBudget: dto.allocated_budget === undefined || dto.allocated_budget === null ? null : new Money(dto.allocated_budget).toFixed(2),
    alertThreshold: threshold(dto.alert_threshold ?? BUDGET_DEFAULT_ALERT_THRESHOLD),
    criticalThreshold: threshold(dto.critical_threshold ?? BUDGET_DEFAULT_CRITICAL_THRESHOLD),
    startDate: dto.start_date ?? null,
    endDate: dto.end_date ?? null,
    isLocked: dto.is_locked ?? false,
  };
  const fields: Record<string, string[]> = {};
  if (values.allocatedBudget !== null && new Money(values.allocatedBudget).gt(values.totalBudget)) {
    fields.allocated_budget = [`must be at most total_budget (${values.totalBudget})`];
  }
  if (new Money(values.alertThreshold).gt(values.criticalThreshold)) {
    fields.alert_threshold = [`must be at most critical_threshold (${new Money(values.criticalThreshold).toNumber()})`];
  }
  if (values.startDate && values.endDate && values.endDate < values.startDate) fields.end_date = ['must be on or after start_date'];
  if (Object.keys(fields).length) throw validationError('The budget has inconsistent fields', fields);
  return values;
}
