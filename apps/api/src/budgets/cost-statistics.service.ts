import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CostFigures, DayCostRow, ProjectStatisticsResponse, TaskCostRow, UserCostRow } from '@stint/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { validationError } from '../common/errors/app-error';
import { Money, shownMoney } from '../common/money';
import { isAdmin, ProjectAccess } from '../projects/project-access';
import type { ProjectStatisticsQueryDto } from './dto/statistics.dto';
import { taskKeySql } from '../tasks/task-key';
import { ProjectEntryCosts } from './project-entry-costs';

/** One group's sums (NUMERIC/BIGINT arrive as exact strings). */
interface SumsRow {
  entries: number;
  seconds: string;
  cost: string;
}

interface UserRow extends SumsRow {
  /** Null on the grand-total row (GROUPING SETS' ()). */
  user_id: string | null;
  full_name: string | null;
  billable_entries: number;
  billable_seconds: string;
  billable_cost: string;
}

interface TaskRow extends SumsRow {
  task_id: string | null;
  task_key: string | null;
  task_title: string | null;
}

interface DayRow extends SumsRow {
  day: string;
}

/**
 * The period as instants and how the rollups split it: whole UTC days [low_end, high_start)
 * come from the per-day rollups, the part days at either end [from_at, low_end) and
 * [high_start, to_at) from the entries. No start/end: ±infinity, no part days.
 */
interface Bounds {
  from_at: string;
  to_at: string;
  low_end: string;
  high_start: string;
  low_day: string;
  high_day: string;
}

const BOUNDS_SQL = `
  WITH p AS (
    SELECT CASE WHEN $2::date IS NULL THEN '-infinity'::timestamptz ELSE ($2::date)::timestamp AT TIME ZONE $1 END AS from_at,
           CASE WHEN $3::date IS NULL THEN 'infinity'::timestamptz ELSE ($3::date + 1)::timestamp AT TIME ZONE $1 END AS to_at),
  l AS (
    SELECT p.*, least(p.to_at, CASE WHEN date_trunc('day', p.from_at, 'UTC') = p.from_at THEN p.from_at
                                    ELSE date_trunc('day', p.from_at, 'UTC') + interval '1 day' END) AS low_end FROM p)
  -- As text: ±infinity would not survive the driver's Date conversion.
  SELECT l.from_at::text, l.to_at::text, l.low_end::text, greatest(l.low_end, date_trunc('day', l.to_at, 'UTC'))::text AS high_start,
         (l.low_end AT TIME ZONE 'UTC')::date::text AS low_day,
         (greatest(l.low_end, date_trunc('day', l.to_at, 'UTC')) AT TIME ZONE 'UTC')::date::text AS high_day
    FROM l`;

/** A project's stopped entries as a derived table (ProjectEntryCosts.stoppedEntriesSql: the entries' owner writes it). */
type StoppedEntries = (project: string) => string;

/** The period's stopped entries in the part days (params: $1 project, $3 from_at, $4 low_end, $5 high_start, $6 to_at). */
const partDayEntries = (stopped: StoppedEntries) => `
  SELECT * FROM ${stopped('$1')} te
   WHERE ((te.start_time >= $3 AND te.start_time < $4) OR (te.start_time >= $5 AND te.start_time < $6))`;

/** By user, plus the grand total (user_id null); billable sums beside each. $2 low_day, $7 high_day. */
const byUserSql = (stopped: StoppedEntries) => `
  WITH g AS (
    SELECT s.user_id, GROUPING(s.user_id)::int AS total, sum(s.entries)::int AS entries, sum(s.seconds)::text AS seconds, sum(s.cost)::text AS cost,
           sum(s.billable_entries)::int AS billable_entries, sum(s.billable_seconds)::text AS billable_seconds, sum(s.billable_cost)::text AS billable_cost
      FROM (SELECT r.user_id, r.entries, r.seconds, r.cost, r.billable_entries, r.billable_seconds, r.billable_cost
              FROM project_user_days r WHERE r.project_id = $1 AND r.day >= $2::date AND r.day < $7::date
            UNION ALL
            SELECT te.user_id, 1, te.duration_seconds, te.total_cost, CASE WHEN te.is_billable THEN 1 ELSE 0 END,
                   CASE WHEN te.is_billable THEN te.duration_seconds ELSE 0 END, CASE WHEN te.is_billable THEN te.total_cost ELSE 0 END
              FROM (${partDayEntries(stopped)}) te) s
     GROUP BY GROUPING SETS ((s.user_id), ())
    HAVING sum(s.entries) <> 0)
  SELECT CASE WHEN g.total = 1 THEN NULL ELSE g.user_id END AS user_id, u.full_name, g.entries, g.seconds, g.cost,
         g.billable_entries, g.billable_seconds, g.billable_cost
    FROM g LEFT JOIN users u ON u.id = g.user_id AND g.total = 0`;

/** By task (task_id null: entries without a task), names looked up for the result rows only. */
const byTaskSql = (stopped: StoppedEntries) => `
  WITH g AS MATERIALIZED (
    SELECT s.task_id, sum(s.entries)::int AS entries, sum(s.seconds)::text AS seconds, sum(s.cost)::text AS cost
      FROM (SELECT r.task_id, r.entries, r.seconds, r.cost FROM project_task_days r WHERE r.project_id = $1 AND r.day >= $2::date AND r.day < $7::date
            UNION ALL
            SELECT te.task_id, 1, te.duration_seconds, te.total_cost FROM (${partDayEntries(stopped)}) te) s
     GROUP BY s.task_id
    HAVING sum(s.entries) <> 0)
  -- Names for the result rows only: one index lookup per task (LIMIT 1 keeps it a lookup, not
  -- a hash of the whole tasks table), then the few projects' keys in one hash join.
  , named AS MATERIALIZED (
    SELECT g.*, t.project_id, t.number, t.title
      FROM g LEFT JOIN LATERAL (SELECT t.project_id, t.number, t.title FROM tasks t WHERE t.id = g.task_id LIMIT 1) t ON true)
  SELECT n.task_id, ${taskKeySql('n', 'tp')} AS task_key, n.title AS task_title,
         n.entries, n.seconds, n.cost
    FROM named n LEFT JOIN projects tp ON tp.id = n.project_id`;

/**
 * By day in the caller's zone from the per-hour rollup: exact when every hour bucket of the
 * period lies within one local day (zones whole hours off UTC, DST included). `whole_hours`
 * false (e.g. Asia/Kolkata, +05:30): the caller falls back to byDayLiveSql.
 */
const BY_DAY_SQL = `
  SELECT to_char((h.hour AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day, sum(h.entries)::int AS entries, sum(h.seconds)::text AS seconds,
         sum(h.cost)::text AS cost,
         bool_and((h.hour AT TIME ZONE $2)::date = ((h.hour + interval '59 minutes 59.999999 seconds') AT TIME ZONE $2)::date) AS whole_hours
    FROM project_hour_totals h
   WHERE h.project_id = $1 AND h.hour > $3::timestamptz - interval '1 hour' AND h.hour < $4
   GROUP BY (h.hour AT TIME ZONE $2)::date
  HAVING sum(h.entries) <> 0`;

const byDayLiveSql = (stopped: StoppedEntries) => `
  SELECT to_char((te.start_time AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day, count(*)::int AS entries, sum(te.duration_seconds)::text AS seconds,
         sum(te.total_cost)::text AS cost
    FROM ${stopped('$1')} te
   WHERE te.start_time >= $3 AND te.start_time < $4
   GROUP BY 1`;

/**
 * The timer module's getCostStatistics for one project: hours and cost by user, by task, by
 * day and billable vs not, from its stopped entries. One scan with GROUPING SETS, so every
 * breakdown and the totals sum the same rows: `seconds` and `cost_exact` of the rows add up
 * to the totals exactly; `cost` is rounded once from each exact sum.
 *
 * Days are the entries' start days in the caller's time zone (AT TIME ZONE, so DST days
 * have 23 or 25 hours); an entry spanning midnight counts on its start day. `start`/`end`
 * are inclusive days in that zone. Members of the project see hours only.
 */
@Injectable()
export class CostStatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly entryCosts: ProjectEntryCosts,
  ) {}

  private statements: { byUser: string; byTask: string; byDayLive: string } | null = null;

  /** The statements, built once from the entries' owner's SQL (registered at start). */
  private sql() {
    const stopped: StoppedEntries = (project) => this.entryCosts.stoppedEntriesSql(project);
    this.statements ??= { byUser: byUserSql(stopped), byTask: byTaskSql(stopped), byDayLive: byDayLiveSql(stopped) };
    return this.statements;
  }

  async forProject(auth: AuthUser, projectId: string, query: ProjectStatisticsQueryDto): Promise<ProjectStatisticsResponse> {
    if (query.start && query.end && query.end < query.start) throw validationError('The period ends before it starts', { end: ['must be on or after start'] });
    await this.access.requireVisible(auth, projectId);
    const money = isAdmin(auth);
    const timeZone = auth.timezone;
    const [bounds] = await this.dataSource.query<Bounds[]>(BOUNDS_SQL, [timeZone, query.start ?? null, query.end ?? null]);
    const parts = [projectId, bounds.low_day, bounds.from_at, bounds.low_end, bounds.high_start, bounds.to_at, bounds.high_day];
    const [userRows, taskRows, hourDays, [project]] = await Promise.all([
      this.dataSource.query<UserRow[]>(this.sql().byUser, parts),
      this.dataSource.query<TaskRow[]>(this.sql().byTask, parts),
      this.dataSource.query<Array<DayRow & { whole_hours: boolean }>>(BY_DAY_SQL, [projectId, timeZone, bounds.from_at, bounds.to_at]),
      this.dataSource.query<Array<{ currency: string }>>('SELECT currency FROM projects WHERE id = $1', [projectId]),
    ]);
    const dayRows: DayRow[] = hourDays.every((row) => row.whole_hours)
      ? hourDays.filter((row) => (!query.start || row.day >= query.start) && (!query.end || row.day <= query.end))
      : await this.dataSource.query<DayRow[]>(this.sql().byDayLive, [projectId, timeZone, bounds.from_at, bounds.to_at]);
    const figures = (row: SumsRow | undefined): CostFigures => {
      const seconds = Number(row?.seconds ?? 0);
      const cost = new Money(row?.cost ?? 0);
      return {
        entries: row?.entries ?? 0,
        seconds,
        hours: new Money(seconds).dividedBy(3600).toDecimalPlaces(2).toNumber(),
        cost: money ? shownMoney(cost) : null,
        cost_exact: money ? cost.toFixed(4) : null,
      };
    };
    const bySecondsThen =
      <T extends CostFigures>(key: (row: T) => string) =>
      (a: T, b: T) =>
        b.seconds - a.seconds || key(a).localeCompare(key(b));
    const byUser: UserCostRow[] = userRows
      .filter((row) => row.user_id !== null)
      .map((row) => ({ user_id: row.user_id!, full_name: row.full_name!, ...figures(row) }))
      .sort(bySecondsThen((row) => row.full_name));
    const byTask: TaskCostRow[] = taskRows
      .map((row) => ({ task_id: row.task_id, task_key: row.task_key, task_title: row.task_title, ...figures(row) }))
      .sort(bySecondsThen((row) => row.task_key ?? ''));
    const byDay: DayCostRow[] = dayRows.map((row) => ({ date: row.day, ...figures(row) })).sort((a, b) => a.date.localeCompare(b.date));
    const total = userRows.find((row) => row.user_id === null);
    const billable: SumsRow | undefined =
      total && total.billable_entries > 0 ? { entries: total.billable_entries, seconds: total.billable_seconds, cost: total.billable_cost } : undefined;
    const nonBillableEntries = total ? total.entries - total.billable_entries : 0;
    const nonBillable: SumsRow | undefined =
      total && nonBillableEntries > 0
        ? {
            entries: nonBillableEntries,
            seconds: String(BigInt(total.seconds) - BigInt(total.billable_seconds)),
            cost: new Money(total.cost).minus(total.billable_cost).toFixed(4),
          }
        : undefined;
    return {
      project_id: projectId,
      currency: money ? (project?.currency ?? null) : null,
      money_visible: money,
      time_zone: timeZone,
      start: query.start ?? null,
      end: query.end ?? null,
      totals: figures(total),
      billable: figures(billable),
      non_billable: figures(nonBillable),
      by_user: byUser,
      by_task: byTask,
      by_day: byDay,
    };
  }
}
