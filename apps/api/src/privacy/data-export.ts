import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIVACY_EXPORT_VERSION, type PrivacyExport } from '@stint/contracts';
import { Readable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import { AuditLogService } from '../audit/audit-log.service';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { notFoundError } from '../common/errors/app-error';
import { localDate } from '../analytics/date-range';
import { taskKeySql } from '../tasks/task-key';
import { entryExportSql } from '../time-tracking/entry-read-sql';

/** Rows per FETCH of a section's cursor: at most this many rows are in memory (two batches with the prefetch). */
export const EXPORT_FETCH_ROWS = 500;

/** A timestamptz as the API writes it: ISO 8601 in UTC with milliseconds (`2026-03-10T12:00:00.000Z`). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One array of the document: its key and the query whose `doc` column is one element, as JSON text. */
interface Section {
  key: Exclude<keyof PrivacyExport, 'format' | 'version' | 'exported_at' | 'profile'>;
  /** `$1` is the person's id. Ordered, so two exports of the same data are the same document. */
  sql: string;
}

const PROFILE_SQL = `
  SELECT json_build_object(
           'id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role, 'timezone', u.timezone,
           'is_active', u.is_active, 'created_at', ${iso('u.created_at')}, 'last_login', ${iso('u.last_login')})::text AS doc
    FROM users u WHERE u.id = $1`;

/**
 * The sections in document order. Only the person's own rows, and of those only what is
 * about them: no password or token hashes; the audit trail's IP and user agent only for
 * what they did themselves (an admin's address on an event *about* them is the admin's data).
 */
const SECTIONS: Section[] = [
  {
    key: 'sessions',
    sql: `
      SELECT json_build_object(
               'id', s.id, 'created_at', ${iso('s.created_at')}, 'last_used_at', ${iso('s.last_used_at')},
               'expires_at', ${iso('s.expires_at')}, 'revoked_at', ${iso('s.revoked_at')}, 'revoke_reason', s.revoke_reason,
               'user_agent', s.user_agent, 'ip', s.ip)::text AS doc
        FROM sessions s WHERE s.user_id = $1 ORDER BY s.created_at, s.id`,
  },
  {
    key: 'project_memberships',
    sql: `
      SELECT json_build_object('project_id', p.id, 'project_key', p.key, 'project_name', p.name, 'joined_at', ${iso('pm.created_at')})::text AS doc
        FROM project_members pm JOIN projects p ON p.id = pm.project_id
       WHERE pm.user_id = $1 ORDER BY pm.created_at, p.id`,
  },
  {
    key: 'tasks',
    sql: `
      SELECT json_build_object(
               'id', t.id, 'project_id', t.project_id,
               'key', ${taskKeySql('t', 'p')},
               'title', t.title, 'description', t.description, 'status', t.status, 'priority', t.priority,
               'due_date', ${iso('t.due_date')}, 'tags', t.tags, 'estimated_hours', t.estimated_hours::text,
               'created_at', ${iso('t.created_at')}, 'updated_at', ${iso('t.updated_at')}, 'completed_at', ${iso('t.completed_at')})::text AS doc
        FROM tasks t LEFT JOIN projects p ON p.id = t.project_id
       WHERE t.user_id = $1 ORDER BY t.created_at, t.id`,
  },
  {
    key: 'time_entries',
    sql: entryExportSql(iso),
  },
  {
    key: 'rates',
    sql: `
      SELECT json_build_object(
               'id', r.id, 'rate_type', r.rate_type, 'rate_amount', r.rate_amount::text, 'currency', r.currency,
               'effective_from', to_char(r.effective_from, 'YYYY-MM-DD'), 'effective_until', to_char(r.effective_until, 'YYYY-MM-DD'),
               'created_by', r.created_by, 'created_at', ${iso('r.created_at')})::text AS doc
        FROM user_rates r WHERE r.user_id = $1 ORDER BY r.effective_from, r.id`,
  },
  {
    key: 'acknowledged_budget_alerts',
    sql: `
      SELECT json_build_object(
               'id', a.id, 'project_id', a.project_id, 'alert_type', a.alert_type,
               'threshold_percentage', a.threshold_percentage::text, 'actual_percentage', a.actual_percentage::text,
               'cost_at_alert', a.cost_at_alert::text, 'created_at', ${iso('a.created_at')}, 'acknowledged_at', ${iso('a.acknowledged_at')})::text AS doc
        FROM budget_alerts a WHERE a.acknowledged_by_user_id = $1 ORDER BY a.acknowledged_at, a.id`,
  },
];

const AUDIT_SECTION: Section = {
  key: 'audit_events',
  sql: `
    SELECT json_build_object(
             'id', l.id, 'occurred_at', ${iso('l.occurred_at')}, 'action', l.action,
             'by_me', coalesce(l.actor_user_id = $1, false),
             'subject_type', l.subject_type, 'subject_id', l.subject_id,
             'ip', CASE WHEN l.actor_user_id = $1 THEN l.ip END,
             'user_agent', CASE WHEN l.actor_user_id = $1 THEN l.user_agent END,
             -- What they did to another person's account says things about that person: the event, not its details.
             'details', CASE WHEN l.subject_type = 'user' AND l.subject_id <> $1::text THEN '{}'::jsonb ELSE l.details END)::text AS doc
      FROM audit_log l
     WHERE l.actor_user_id = $1 OR (l.subject_type = 'user' AND l.subject_id = $1::text)
     ORDER BY l.occurred_at, l.id`,
};

/**
 * The personal data export (spec: Data Protection, "GDPR compliance (data export)"): one
 * JSON document written as it is read, never built in memory. Every section is read through
 * a server-side cursor, EXPORT_FETCH_ROWS rows at a time, inside one REPEATABLE READ
 * read-only transaction (the whole document is one snapshot); each batch is written only
 * when the client has taken the previous one, so memory stays flat for 100k entries. The
 * export holds one pooled connection while it streams; a client that leaves releases it.
 */
@Injectable()
export class DataExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  /** Records the export in the audit trail, then returns the stream and the download's file name. */
  async open(auth: AuthUser): Promise<{ stream: Readable; fileName: string }> {
    const [exists] = await this.dataSource.query<Array<{ id: string }>>('SELECT id FROM users WHERE id = $1', [auth.id]);
    if (!exists) throw notFoundError('User', auth.id);
    await this.audit.record({ action: 'privacy.export', actorUserId: auth.id, subjectType: 'user', subjectId: auth.id });
    const now = this.clock.now();
    return {
      stream: Readable.from(this.chunks(auth.id, now), { highWaterMark: 1 }),
      fileName: `stint-export-${localDate(now, auth.timezone)}.json`,
    };
  }

  /** The document as text chunks: the envelope and the profile, then one chunk per fetched batch. */
  async *chunks(userId: string, now: Date): AsyncGenerator<string> {
    // Acquired inside the generator, so a stream destroyed before it started holds nothing.
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const [profile]: Array<{ doc: string }> = await runner.query(PROFILE_SQL, [userId]);
      if (!profile) throw notFoundError('User', userId);
      yield `{"format":"stint-export","version":${PRIVACY_EXPORT_VERSION},"exported_at":${JSON.stringify(now.toISOString())},"profile":${profile.doc}`;
      for (const section of SECTIONS) yield* this.section(runner, section, userId);
      const [{ audited }]: Array<{ audited: boolean }> = await runner.query(`SELECT to_regclass('audit_log') IS NOT NULL AS audited`);
      if (audited) yield* this.section(runner, AUDIT_SECTION, userId);
      else yield `,"${AUDIT_SECTION.key}":null`;
      await runner.commitTransaction();
      yield '}\n';
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /** `,"key":[…]`, one chunk per batch; the next batch is read while this one is sent. */
  private async *section(runner: QueryRunner, section: Section, userId: string): AsyncGenerator<string> {
    const cursor = `export_${section.key}`;
    await runner.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${section.sql}`, [userId]);
    const fetchRows = (): Promise<Array<{ doc: string }>> => {
      const batch: Promise<Array<{ doc: string }>> = runner.query(`FETCH ${EXPORT_FETCH_ROWS} FROM ${cursor}`);
      // Awaited below; this only keeps a batch still in flight when the client leaves from being an unhandled rejection.
      batch.catch(() => undefined);
      return batch;
    };
    let prefix = `,"${section.key}":[`;
    let next = fetchRows();
    for (;;) {
      const rows = await next;
      if (!rows.length) break;
      next = fetchRows();
      yield prefix + rows.map((row) => row.doc).join(',');
      prefix = ',';
    }
    await runner.query(`CLOSE ${cursor}`);
    yield prefix === ',' ? ']' : `${prefix}]`;
  }
}
