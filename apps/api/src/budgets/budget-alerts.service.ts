import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import type { BudgetAlertResponse, BudgetAlertType, Paginated } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { notFoundError } from '../common/errors/app-error';
import { Money, shownMoney } from '../common/money';
import { pageWindow, paginated } from '../common/pagination';
import { BudgetAlertEvents } from './budget-alert-events';
import { returnedRows } from './returned-rows';
import type { BudgetAlertListQueryDto } from './dto/budget.dto';
import { AuditLogService } from '../audit/audit-log.service';

interface AlertRow {
  id: string;
  project_id: string;
  project_name: string;
  project_key: string;
  alert_type: BudgetAlertType;
  threshold_percentage: string;
  actual_percentage: string;
  cost_at_alert: string;
  currency: string;
  is_acknowledged: boolean;
  acknowledged_by_user_id: string | null;
  acknowledged_by_name: string | null;
  acknowledged_at: Date | null;
  created_at: Date;
}

const ALERT_SELECT = `
  SELECT a.id, a.project_id, p.name AS project_name, p.key AS project_key, a.alert_type, a.threshold_percentage,
         a.actual_percentage, a.cost_at_alert, b.currency, a.is_acknowledged, a.acknowledged_by_user_id,
         u.full_name AS acknowledged_by_name, a.acknowledged_at, a.created_at
    FROM budget_alerts a
    JOIN project_budgets b ON b.id = a.project_budget_id
    JOIN projects p ON p.id = a.project_id
    LEFT JOIN users u ON u.id = a.acknowledged_by_user_id`;

export function toAlertResponse(row: AlertRow): BudgetAlertResponse {
  return {
    id: row.id,
    project_id: row.project_id,
    project_name: row.project_name,
    project_key: row.project_key,
    alert_type: row.alert_type,
    threshold_percentage: new Money(row.threshold_percentage).toNumber(),
    actual_percentage: new Money(row.actual_percentage).toNumber(),
    cost_at_alert: shownMoney(row.cost_at_alert),
    currency: row.currency,
    is_acknowledged: row.is_acknowledged,
    acknowledged_by_user_id: row.acknowledged_by_user_id,
    acknowledged_by_name: row.acknowledged_by_name,
    acknowledged_at: row.acknowledged_at ? row.acknowledged_at.toISOString() : null,
    created_at: row.created_at.toISOString(),
  };
}

/** Budget alerts for admins: the list (newest first) and acknowledging. */
@Injectable()
export class BudgetAlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: BudgetAlertEvents,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  async list(query: BudgetAlertListQueryDto): Promise<Paginated<BudgetAlertResponse>> {
    const window = pageWindow(query);
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.acknowledged !== undefined) {
      params.push(query.acknowledged);
      where.push(`a.is_acknowledged = $${params.length}`);
    }
    if (query.project_id) {
      params.push(query.project_id);
      where.push(`a.project_id = $${params.length}`);
    }
    if (query.alert_type) {
      params.push(query.alert_type);
      where.push(`a.alert_type = $${params.length}`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<AlertRow[]>(
        `${ALERT_SELECT} ${whereSql} ORDER BY a.created_at DESC, a.threshold_percentage DESC, a.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, window.perPage, window.offset],
      ),
      this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM budget_alerts a ${whereSql}`, params),
    ]);
    return paginated(rows.map(toAlertResponse), total, window);
  }

  /** Idempotent: the first acknowledgement is kept (who and when); later ones change nothing. */
  async acknowledge(auth: AuthUser, id: string): Promise<BudgetAlertResponse> {
    return this.dataSource.transaction(async (tx) => {
      const changed = await tx.query<Array<{ id: string }>>(
        `UPDATE budget_alerts SET is_acknowledged = true, acknowledged_by_user_id = $2, acknowledged_at = $3
          WHERE id = $1 AND NOT is_acknowledged RETURNING id`,
        [id, auth.id, this.clock.now()],
      );
      const [alert] = await this.read(tx, [id]);
      if (!alert) throw notFoundError('Budget alert', id);
      if (returnedRows(changed).length) {
        await this.events.publish(tx, { type: 'acknowledged', alertIds: [id] });
        await this.audit.record(
          {
            action: 'budget_alert.acknowledged',
            actorUserId: auth.id,
            subjectType: 'budget_alert',
            subjectId: id,
            details: { project_id: alert.project_id, alert_type: alert.alert_type, threshold_percentage: alert.threshold_percentage, actual_percentage: alert.actual_percentage },
          },
          tx,
        );
      }
      return alert;
    });
  }

  /** Alerts by id, in the answer shape (the stream reads what a NOTIFY named). */
  async read(manager: EntityManager, ids: string[]): Promise<BudgetAlertResponse[]> {
    if (!ids.length) return [];
    const rows = await manager.query<AlertRow[]>(`${ALERT_SELECT} WHERE a.id = ANY($1::uuid[]) ORDER BY a.created_at, a.threshold_percentage, a.id`, [ids]);
    return rows.map(toAlertResponse);
  }
}
