import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  REPORT_CSV_COLUMNS,
  type AnalyticsDateRange,
  type AnalyticsRangeQuery,
  type ReportFigures,
  type ReportMoney,
  type ReportResponse,
  type ReportSubjectType,
} from '@stint/contracts';
import Decimal from 'decimal.js';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { notFoundError } from '../common/errors/app-error';
import { apportion, Money, shownMoney } from '../common/money';
import { isAdmin, ProjectAccess } from '../projects/project-access';
import { analyticsQuery } from '../analytics/analytics-query';
import { localDate, resolveRange } from '../analytics/date-range';
import { hoursOf } from '../analytics/productivity-score';
import { clippedCost, clippedSeconds, dayPieces, rangeEnd, rangeStart, spansCte, type SliceParams } from '../analytics/time-slices';
import { csvField, csvRecord, csvText } from './csv';
import { replicaQuery, replicaQueryRunner } from '../database/replica-reads';
import { taskKeySql } from '../tasks/task-key';
import { stoppedEntrySpansSql } from '../time-tracking/entry-read-sql';

/** $1 subject id, $2 zone, $3 first day, $4 last day, $5 now (unused by the CSV's stopped-only statement). */
const SLICES: SliceParams = { tz: '$2::text', first: '$3::text', last: '$4::text', now: '$5::timestamptz' };
/** Rows per FETCH of the CSV cursor: one chunk of the download. */
export const CSV_FETCH_ROWS = 1000;

export interface ReportSubject {
  type: ReportSubjectType;
  id: string;
  name: string;
  /** For the CSV's file name. */
  slug: string;
  /** Column of time_entries the report selects on (a fixed word, never request text). */
  column: 'project_id' | 'user_id';
}

interface GroupRow {
  dim: 'total' | 'day' | 'task' | 'user' | 'project';
  k: string | null;
  label: string | null;
  label2: string | null;
  currency: string;
  entries: number;
  seconds: string;
  billable_seconds: string;
  cost: string;
  billable_cost: string;
}

/** A CSV row as the cursor returns it: every figure already formatted by PostgreSQL. */
interface CsvRow {
  date: string;
  start_local: string;
  end_local: string;
  /** The entry's owner: others' descriptions are left out for non-admins. */
  user_id: string;
  user_name: string;
  project_name: string | null;
  task_key: string | null;
  task_title: string | null;
  description: string | null;
  is_billable: boolean;
  currency: string;
  /** Whole seconds inside the range. */
  seconds: string;
  /** seconds / 3600, 2 decimals. */
  hours: string;
  /** Exact cost inside the range, exactly 4 decimals. */
  cost: string;
  /** cost rounded half-up to 2 decimals. */
  cost_shown: string;
}

interface CurrencySums {
  seconds: number;
  billableSeconds: number;
  cost: Decimal;
  billable: Decimal;
}

/** Exact running sums of a group, kept per currency (amounts are never converted). */
class Tally {
  entries = 0;
  seconds = 0;
  billableSeconds = 0;
  readonly currencies = new Map<string, CurrencySums>();

  add(currency: string, entries: number, seconds: number, billableSeconds: number, cost: Decimal.Value, billableCost: Decimal.Value): void {
    this.entries += entries;
    this.seconds += seconds;
    this.billableSeconds += billableSeconds;
    const sums = this.currencies.get(currency) ?? { seconds: 0, billableSeconds: 0, cost: new Money(0), billable: new Money(0) };
    this.currencies.set(currency, {
      seconds: sums.seconds + seconds,
      billableSeconds: sums.billableSeconds + billableSeconds,
      cost: sums.cost.plus(cost),
      billable: sums.billable.plus(billableCost),
    });
  }

  figures(moneyVisible: boolean): ReportFigures {
    const nonBillable = this.seconds - this.billableSeconds;
    return {
      entries: this.entries,
      seconds: this.seconds,
      hours: hoursOf(this.seconds),
      billable_seconds: this.billableSeconds,
      billable_hours: hoursOf(this.billableSeconds),
      non_billable_seconds: nonBillable,
      non_billable_hours: hoursOf(nonBillable),
      cost: moneyVisible ? this.moneyLines() : null,
    };
  }

  private moneyLines(): ReportMoney[] {
    return [...this.currencies.entries()]
      .sort(([a, x], [b, y]) => y.cost.comparedTo(x.cost) || a.localeCompare(b))
      .map(([currency, { cost, billable }]) => ({
        currency,
        amount: shownMoney(cost),
        amount_exact: cost.toFixed(4),
        billable_amount: shownMoney(billable),
        billable_amount_exact: billable.toFixed(4),
      }));
  }
}

/**
 * Totals of the CSV rows as they stream by: costs as whole ten-thousandths (BigInt), since
 * every row's cost has exactly 4 decimals — exact, and cheap enough for a million rows.
 */
class CsvTotals {
  private readonly currencies = new Map<string, { seconds: number; billableSeconds: number; cost: bigint; billable: bigint }>();

  add(row: CsvRow): void {
    const seconds = Number(row.seconds);
    const cost = BigInt(row.cost.replace('.', ''));
    const sums = this.currencies.get(row.currency) ?? { seconds: 0, billableSeconds: 0, cost: 0n, billable: 0n };
    sums.seconds += seconds;
    sums.cost += cost;
    if (row.is_billable) {
      sums.billableSeconds += seconds;
      sums.billable += cost;
    }
    this.currencies.set(row.currency, sums);
  }

  tally(): Tally {
    const tally = new Tally();
    const money = (units: bigint) => new Money(units.toString()).dividedBy(10_000);
    for (const [currency, sums] of this.currencies) tally.add(currency, 0, sums.seconds, sums.billableSeconds, money(sums.cost), money(sums.billable));
    return tally;
  }
}

const hoursExact = (seconds: number) => new Money(seconds).dividedBy(3600);

/**
 * Every table of the report adds up as shown: the totals round billable and non-billable
 * hours once (hours is their sum, as shown), and each breakdown's rows are apportioned to
 * those totals (apportion: each within 0.01 of its exact value), money per currency likewise.
 */
function balanceShownFigures(report: ReportResponse): ReportResponse {
  const { totals } = report;
  totals.billable_hours = Number(shownMoney(hoursExact(totals.billable_seconds)));
  totals.non_billable_hours = Number(shownMoney(hoursExact(totals.non_billable_seconds)));
  totals.hours = Number(new Money(totals.billable_hours).plus(totals.non_billable_hours).toFixed(2));
  for (const rows of [report.by_day, report.by_task, report.by_user, report.by_project] as ReportFigures[][]) {
    if (!rows.length) continue;
    const billable = apportion(rows.map((row) => hoursExact(row.billable_seconds)));
    const nonBillable = apportion(rows.map((row) => hoursExact(row.non_billable_seconds)));
    rows.forEach((row, i) => {
      row.billable_hours = Number(billable[i]);
      row.non_billable_hours = Number(nonBillable[i]);
      row.hours = Number(new Money(billable[i]).plus(nonBillable[i]).toFixed(2));
    });
    for (const total of totals.cost ?? []) {
      const lines = rows.map((row) => row.cost?.find((line) => line.currency === total.currency));
      const amounts = apportion(lines.map((line) => line?.amount_exact ?? 0));
      const billableAmounts = apportion(lines.map((line) => line?.billable_amount_exact ?? 0));
      lines.forEach((line, i) => {
        if (!line) return;
        line.amount = amounts[i];
        line.billable_amount = billableAmounts[i];
      });
    }
  }
  return report;
}

const AGGREGATES = `count(DISTINCT pc.id)::int AS entries, sum(pc.seconds)::bigint AS seconds,
  coalesce(sum(pc.seconds) FILTER (WHERE pc.is_billable), 0)::bigint AS billable_seconds,
  sum(pc.cost)::text AS cost, coalesce(sum(pc.cost) FILTER (WHERE pc.is_billable), 0)::text AS billable_cost`;

/**
 * Project and user reports: hours and cost of stopped entries by day, task, user and
 * project, with the billable split and totals, as JSON or as a streamed CSV. Running timers
 * are left out until they stop: a report is the record of finished work, as invoices and
 * budgets count it. Each entry counts with its part inside the range (see time-slices.ts).
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectAccess,
    private readonly clock: Clock,
  ) {}

  /** A project the caller may see (members and admins), else 404. */
  async projectSubject(auth: AuthUser, projectId: string): Promise<ReportSubject> {
    await this.projects.requireVisible(auth, projectId);
    const [project] = await replicaQuery<Array<{ name: string; key: string }>>(this.dataSource, 'SELECT name, key FROM projects WHERE id = $1', [projectId]);
    if (!project) throw notFoundError('Project', projectId);
    return { type: 'project', id: projectId, name: project.name, slug: project.key, column: 'project_id' };
  }

  /** The caller's own report, or anyone's for admins; otherwise 404, as if the user didn't exist. */
  async userSubject(auth: AuthUser, userId: string): Promise<ReportSubject> {
    if (auth.id !== userId && !isAdmin(auth)) throw notFoundError('User', userId);
    const [user] = await replicaQuery<Array<{ full_name: string }>>(this.dataSource, 'SELECT full_name FROM users WHERE id = $1', [userId]);
    if (!user) throw notFoundError('User', userId);
    const slug = user.full_name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
    return { type: 'user', id: userId, name: user.full_name, slug: slug || userId.slice(0, 8), column: 'user_id' };
  }

  range(auth: AuthUser, query: AnalyticsRangeQuery): AnalyticsDateRange {
    return resolveRange(query, localDate(this.clock.now(), auth.timezone));
  }

  async report(auth: AuthUser, subject: ReportSubject, range: AnalyticsDateRange): Promise<ReportResponse> {
    const rows = await analyticsQuery<GroupRow[]>(
      this.dataSource,
      `WITH ${spansCte(`te.${subject.column} = $1 AND te.status = 'stopped'`, SLICES)},
       pieces AS (
         SELECT sp.id, sp.user_id, sp.project_id, sp.task_id, sp.is_billable, sp.currency, d.day, d.seconds, d.cost
           FROM spans sp ${dayPieces(SLICES)}
          WHERE d.seconds > 0 OR d.cost > 0)
       SELECT 'total' AS dim, NULL::text AS k, NULL::text AS label, NULL::text AS label2, pc.currency, ${AGGREGATES}
         FROM pieces pc GROUP BY pc.currency
       UNION ALL
       SELECT 'day', to_char(pc.day, 'YYYY-MM-DD'), NULL, NULL, pc.currency, ${AGGREGATES}
         FROM pieces pc GROUP BY pc.day, pc.currency
       UNION ALL
       SELECT 'task', pc.task_id::text, t.title, ${taskKeySql('t', 'tp')}, pc.currency, ${AGGREGATES}
         FROM pieces pc LEFT JOIN tasks t ON t.id = pc.task_id LEFT JOIN projects tp ON tp.id = t.project_id
        GROUP BY pc.task_id, t.title, t.project_id, tp.key, t.number, pc.currency
       UNION ALL
       SELECT 'user', pc.user_id::text, u.full_name, NULL, pc.currency, ${AGGREGATES}
         FROM pieces pc JOIN users u ON u.id = pc.user_id GROUP BY pc.user_id, u.full_name, pc.currency
       UNION ALL
       SELECT 'project', pc.project_id::text, p.name, p.key, pc.currency, ${AGGREGATES}
         FROM pieces pc LEFT JOIN projects p ON p.id = pc.project_id GROUP BY pc.project_id, p.name, p.key, pc.currency`,
      [subject.id, auth.timezone, range.start, range.end, this.clock.now()],
    );
    const groups = new Map<string, { row: GroupRow; tally: Tally }>();
    for (const row of rows) {
      const id = `${row.dim}:${row.k ?? ''}`;
      const group = groups.get(id) ?? { row, tally: new Tally() };
      group.tally.add(row.currency, row.entries, Number(row.seconds), Number(row.billable_seconds), row.cost, row.billable_cost);
      groups.set(id, group);
    }
    const money = isAdmin(auth);
    const of = (dim: GroupRow['dim']) => [...groups.values()].filter((group) => group.row.dim === dim);
    const bySeconds =
      <T extends { seconds: number }>(label: (row: T) => string) =>
      (a: T, b: T) =>
        b.seconds - a.seconds || label(a).localeCompare(label(b));
    const report: ReportResponse = {
      subject: { type: subject.type, id: subject.id, name: subject.name },
      date_range: range,
      time_zone: auth.timezone,
      money_visible: money,
      totals: (groups.get('total:')?.tally ?? new Tally()).figures(money),
      by_day: of('day')
        .map(({ row, tally }) => ({ date: row.k as string, ...tally.figures(money) }))
        .sort((a, b) => a.date.localeCompare(b.date)),
      by_task: of('task')
        .map(({ row, tally }) => ({ task_id: row.k, task_key: row.label2, task_title: row.label, ...tally.figures(money) }))
        .sort(bySeconds((row) => row.task_title ?? '')),
      by_user: of('user')
        .map(({ row, tally }) => ({ user_id: row.k as string, full_name: row.label ?? '', ...tally.figures(money) }))
        .sort(bySeconds((row) => row.full_name)),
      by_project: of('project')
        .map(({ row, tally }) => ({ project_id: row.k, project_key: row.label2, project_name: row.label, ...tally.figures(money) }))
        .sort(bySeconds((row) => row.project_name ?? '')),
    };
    return balanceShownFigures(report);
  }

  csvFileName(subject: ReportSubject, range: AnalyticsDateRange): string {
    return `stint-${subject.type}-${subject.slug}-${range.start}_${range.end}.csv`;
  }

  /**
   * The report as CSV, streamed: a server-side cursor reads the entries CSV_FETCH_ROWS at a
   * time inside one read-only transaction (so the rows and the totals are one snapshot), and
   * each batch is written only when the client has taken the previous one (the stream is
   * pulled; the next batch is fetched meanwhile). Memory stays constant whatever the size of
   * the report; the totals at the end are summed from the rows as they pass, exactly. The
   * export holds one pooled connection while it streams.
   */
  csv(auth: AuthUser, subject: ReportSubject, range: AnalyticsDateRange): Readable {
    return Readable.from(this.csvChunks(auth, subject, range), { highWaterMark: 1 });
  }

  private async *csvChunks(auth: AuthUser, subject: ReportSubject, range: AnalyticsDateRange): AsyncGenerator<string> {
    const money = isAdmin(auth);
    const columns = money ? [...REPORT_CSV_COLUMNS] : REPORT_CSV_COLUMNS.slice(0, REPORT_CSV_COLUMNS.indexOf('cost'));
    yield csvRecord(columns.map(csvField));
    // Acquired inside the generator, so a stream destroyed before it started holds nothing.
    const runner = await replicaQueryRunner(this.dataSource);
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      await runner.query('SET LOCAL jit = off'); // see analyticsQuery
      // to_char() of a timestamptz writes the session's zone: the caller's, with each moment's offset.
      await runner.query(`SELECT set_config('TimeZone', $1, true)`, [auth.timezone]);
      await runner.query(`DECLARE report_rows NO SCROLL CURSOR FOR ${csvSql(subject.column)}`, [subject.id, auth.timezone, range.start, range.end]);
      const totals = new CsvTotals();
      const fetchRows = (): Promise<CsvRow[]> => {
        const batch: Promise<CsvRow[]> = runner.query(`FETCH ${CSV_FETCH_ROWS} FROM report_rows`);
        // Awaited below; this only keeps a batch still in flight when the client leaves from being an unhandled rejection.
        batch.catch(() => undefined);
        return batch;
      };
      let next = fetchRows();
      for (;;) {
        const rows = await next;
        if (!rows.length) break;
        // The database reads the next batch while this one is formatted and sent: two at most in memory.
        next = fetchRows();
        let chunk = '';
        for (const row of rows) {
          totals.add(row);
          // A description is its author's free text: a project member sees their own, admins everyone's (as in /time-entries).
          const description = money || row.user_id === auth.id ? row.description : null;
          let record = `${row.date},${row.start_local},${row.end_local},${csvText(row.user_name)},${csvText(row.project_name)},${csvText(row.task_key)},${csvText(row.task_title)},${csvText(description)},${row.seconds},${row.hours},${row.is_billable ? 'yes' : 'no'}`;
          if (money) record += `,${row.cost_shown},${row.cost},${row.currency}`;
          chunk += `${record}\r\n`;
        }
        yield chunk;
      }
      await runner.commitTransaction();
      yield totalRecords(totals.tally(), money, columns.length);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}

/**
 * The entries of the report in start order, each with its part inside the range; `$1` is
 * the subject, compared with `column` (project_id or user_id). Stopped entries only: their
 * window is [start, end) and their running seconds duration_seconds.
 */
function csvSql(column: ReportSubject['column']): string {
  return `
    SELECT to_char(greatest(c.s, ${rangeStart(SLICES)}), 'YYYY-MM-DD') AS date,
           to_char(c.s, 'YYYY-MM-DD"T"HH24:MI:SSOF') AS start_local,
           to_char(c.e, 'YYYY-MM-DD"T"HH24:MI:SSOF') AS end_local,
           c.user_id, u.full_name AS user_name, p.name AS project_name,
           ${taskKeySql('t', 'tp')} AS task_key, t.title AS task_title,
           c.description, c.is_billable, c.currency, c.seconds::text AS seconds, round(c.seconds / 3600.0, 2)::text AS hours,
           c.clipped_cost::numeric(20, 4)::text AS cost, round(c.clipped_cost, 2)::text AS cost_shown
      FROM (SELECT sp.*, ${clippedSeconds(SLICES)} AS seconds, ${clippedCost(SLICES)} AS clipped_cost
              FROM (${stoppedEntrySpansSql(`te.${column} = $1`, rangeStart(SLICES), rangeEnd(SLICES))}) sp) c
      JOIN users u ON u.id = c.user_id
      LEFT JOIN projects p ON p.id = c.project_id
      LEFT JOIN tasks t ON t.id = c.task_id
      LEFT JOIN projects tp ON tp.id = t.project_id
     WHERE c.seconds > 0 OR c.clipped_cost > 0
     ORDER BY c.s, c.id`;
}

/**
 * Total, Billable and Non-billable records after the rows, in the columns of the rows. With
 * money shown there is one of each per currency, each summing the rows of that currency.
 */
function totalRecords(totals: Tally, money: boolean, width: number): string {
  const record = (label: string, seconds: number, cost?: { amount: Decimal; currency: string }) => {
    const fields = new Array<string>(width).fill('');
    fields[0] = label;
    fields[REPORT_CSV_COLUMNS.indexOf('seconds')] = String(seconds);
    fields[REPORT_CSV_COLUMNS.indexOf('hours')] = hoursOf(seconds).toFixed(2);
    if (cost) {
      fields[REPORT_CSV_COLUMNS.indexOf('cost')] = shownMoney(cost.amount);
      fields[REPORT_CSV_COLUMNS.indexOf('cost_exact')] = cost.amount.toFixed(4);
      fields[REPORT_CSV_COLUMNS.indexOf('currency')] = cost.currency;
    }
    return csvRecord(fields);
  };
  const three = (sums: CurrencySums, currency?: string) => {
    const cost = (amount: Decimal) => (currency === undefined ? undefined : { amount, currency });
    return (
      record('Total', sums.seconds, cost(sums.cost)) +
      record('Billable', sums.billableSeconds, cost(sums.billable)) +
      record('Non-billable', sums.seconds - sums.billableSeconds, cost(sums.cost.minus(sums.billable)))
    );
  };
  if (!money || totals.currencies.size === 0) {
    const sums = { seconds: totals.seconds, billableSeconds: totals.billableSeconds, cost: new Money(0), billable: new Money(0) };
    return three(sums, money ? '' : undefined);
  }
  return [...totals.currencies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sums]) => three(sums, currency))
    .join('');
}
