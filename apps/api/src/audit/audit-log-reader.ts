import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  SIGN_IN_FAILURE_REASONS,
  type AuditAction,
  type AuditLogEntryResponse,
  type AuditSubjectType,
  type ListQuery,
  type Paginated,
  type SignInFailureResponse,
  type SignInFailureReason,
} from '@stint/contracts';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { validationError } from '../common/errors/app-error';
import { pageWindow, paginated } from '../common/pagination';
import type { AuditLogListQueryDto } from './dto/audit-log.dto';

interface AuditRow {
  id: string;
  occurred_at: Date;
  action: AuditAction;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_full_name: string | null;
  subject_type: AuditSubjectType | null;
  subject_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

function toEntryResponse(row: AuditRow): AuditLogEntryResponse {
  return {
    id: row.id,
    occurred_at: row.occurred_at.toISOString(),
    action: row.action,
    actor_user_id: row.actor_user_id,
    actor: row.actor_user_id && row.actor_email !== null ? { id: row.actor_user_id, email: row.actor_email, full_name: row.actor_full_name ?? '' } : null,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    ip: row.ip,
    user_agent: row.user_agent,
    request_id: row.request_id,
    details: row.details,
  };
}

/** How far back an owner sees their failed sign-ins. */
export const SIGN_IN_FAILURES_DAYS = 90;

/** The admin view of the audit trail: filtered, newest first. */
@Injectable()
export class AuditLogReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The failed sign-ins to one account (its owner's view: when, from where, with what), of
   * the last SIGN_IN_FAILURES_DAYS days, newest first. Uses idx_audit_log_subject.
   */
  async signInFailuresOf(userId: string, query: ListQuery): Promise<Paginated<SignInFailureResponse>> {
    const window = pageWindow(query);
    const since = new Date(this.clock.now().getTime() - SIGN_IN_FAILURES_DAYS * 86_400_000);
    const where = `a.subject_type = 'user' AND a.subject_id = $1 AND a.action = 'auth.login_failed' AND a.occurred_at >= $2`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<Array<{ occurred_at: Date; ip: string | null; user_agent: string | null; reason: string | null }>>(
        `SELECT a.occurred_at, a.ip, a.user_agent, a.details->>'reason' AS reason
           FROM audit_log a WHERE ${where}
          ORDER BY a.occurred_at DESC, a.sequence DESC
          LIMIT $3 OFFSET $4`,
        [userId, since, window.perPage, window.offset],
      ),
      this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM audit_log a WHERE ${where}`, [userId, since]),
    ]);
    const reasonOf = (reason: string | null): SignInFailureReason =>
      (SIGN_IN_FAILURE_REASONS as readonly string[]).includes(reason ?? '') ? (reason as SignInFailureReason) : 'wrong_password';
    return paginated(
      rows.map((row) => ({ occurred_at: row.occurred_at.toISOString(), ip: row.ip, user_agent: row.user_agent, reason: reasonOf(row.reason) })),
      total,
      window,
    );
  }

  async list(query: AuditLogListQueryDto): Promise<Paginated<AuditLogEntryResponse>> {
    if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
      throw validationError('The range is empty', { to: ['must be after from'] });
    }
    const window = pageWindow(query);
    const params: unknown[] = [];
    const where: string[] = [];
    const filter = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.action?.length) filter((p) => `a.action = ANY(${p}::text[])`, query.action);
    if (query.actor_user_id) filter((p) => `a.actor_user_id = ${p}`, query.actor_user_id);
    if (query.subject_type) filter((p) => `a.subject_type = ${p}`, query.subject_type);
    if (query.subject_id) filter((p) => `a.subject_id = ${p}`, query.subject_id);
    if (query.from) filter((p) => `a.occurred_at >= ${p}`, new Date(query.from));
    if (query.to) filter((p) => `a.occurred_at < ${p}`, new Date(query.to));
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<AuditRow[]>(
        `SELECT a.id, a.occurred_at, a.action, a.actor_user_id, u.email AS actor_email, u.full_name AS actor_full_name,
                a.subject_type, a.subject_id, a.ip, a.user_agent, a.request_id, a.details
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
           ${whereSql}
          ORDER BY a.occurred_at DESC, a.sequence DESC
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, window.perPage, window.offset],
      ),
      this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM audit_log a ${whereSql}`, params),
    ]);
    return paginated(rows.map(toEntryResponse), total, window);
  }
}
