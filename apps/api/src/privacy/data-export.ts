import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIVACY_EXPORT_VERSION, type PrivacyExport } from '@stint/contracts';
import { Readable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import { AUDIT_LOG_PRESENT_SQL, auditExportSql } from '../audit/audit-export';
import { AuditLogService } from '../audit/audit-log.service';
import { sessionExportSql } from '../auth/session-export';
import { acknowledgedAlertsExportSql } from '../budgets/acknowledged-alerts-export';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { notFoundError } from '../common/errors/app-error';
import { localDate } from '../analytics/date-range';
import { membershipExportSql } from '../projects/membership-export';
import { rateExportSql } from '../rates/rate-export';
import { taskExportSql } from '../tasks/task-export';
import { entryExportSql } from '../time-tracking/entry-read-sql';
import { profileExportSql } from '../users/account-export';
import { accountExists } from '../users/accounts';

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

/**
 * The sections in document order, each read by its table's owner. Only the person's own
 * rows, and of those only what is about them: no password or token hashes; the audit
 * trail's IP and user agent only for what they did themselves.
 */
const SECTIONS: Section[] = [
  { key: 'sessions', sql: sessionExportSql(iso) },
  { key: 'project_memberships', sql: membershipExportSql(iso) },
  { key: 'tasks', sql: taskExportSql(iso) },
  { key: 'time_entries', sql: entryExportSql(iso) },
  { key: 'rates', sql: rateExportSql(iso) },
  { key: 'acknowledged_budget_alerts', sql: acknowledgedAlertsExportSql(iso) },
];

const AUDIT_SECTION: Section = { key: 'audit_events', sql: auditExportSql(iso) };

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
    if (!(await accountExists(this.dataSource.manager, auth.id))) throw notFoundError('User', auth.id);
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
      const [profile]: Array<{ doc: string }> = await runner.query(profileExportSql(iso), [userId]);
      if (!profile) throw notFoundError('User', userId);
      yield `{"format":"stint-export","version":${PRIVACY_EXPORT_VERSION},"exported_at":${JSON.stringify(now.toISOString())},"profile":${profile.doc}`;
      for (const section of SECTIONS) yield* this.section(runner, section, userId);
      const [{ audited }]: Array<{ audited: boolean }> = await runner.query(AUDIT_LOG_PRESENT_SQL);
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
