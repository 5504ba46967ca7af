import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CostFigures, DayCostRow, ProjectStatisticsResponse, TaskCostRow, UserCostRow } from '@stint/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { validationError } from '../common/errors/app-error';
import { Money, shownMoney } from '../common/money';
import { isAdmin, ProjectAccess } from '../projects/project-access';
import type { ProjectStatisticsQueryDto } from './dto/statistics.dto';

interface GroupRow {
  /** GROUPING(user_id, task_id, day, is_billable): a bit set for each column left out of the row's grouping set. */
  grouping: number;
  user_id: string | null;
  full_name: string | null;
  task_id: string | null;
  task_key: string | null;
  task_title: string | null;
  day: string | null;
  is_billable: boolean | null;
  entries: number;
  seconds: string;
  cost: string;
}

const BY_USER = 0b0111;
const BY_TASK = 0b1011;
const BY_DAY = 0b1101;
const BY_BILLABLE = 0b1110;
const TOTAL = 0b1111;

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
  ) {}

  async forProject(auth: AuthUser, projectId: string, query: ProjectStatisticsQueryDto): Promise<ProjectStatisticsResponse> {
    if (query.start && query.end && query.end < query.start) throw validationError('The period ends before it starts', { end: ['must be on or after start'] });
    await this.access.requireVisible(auth, projectId);
    const money = isAdmin(auth);
    const timeZone = auth.timezone;
    const params: unknown[] = [projectId, timeZone];
    const where = [`te.project_id = $1`, `te.status = 'stopped'`];
    if (query.start) {
      params.push(query.start);
      where.push(`te.start_time >= ($${params.length}::date)::timestamp AT TIME ZONE $2`);
    }
    if (query.end) {
      params.push(query.end);
      where.push(`te.start_time < ($${params.length}::date + 1)::timestamp AT TIME ZONE $2`);
    }
    const [rows, [project]] = await Promise.all([
      this.dataSource.query<GroupRow[]>(
        // Aggregated over the entries' ids first, names looked up afterwards for the few
        // result rows (a join of every entry to tasks made PostgreSQL hash the whole table).
        `WITH g AS (
           SELECT GROUPING(te.user_id, te.task_id, d.day, te.is_billable)::int AS grouping, te.user_id, te.task_id, d.day, te.is_billable,
                  count(*)::int AS entries, coalesce(sum(te.duration_seconds), 0)::text AS seconds, coalesce(sum(te.total_cost), 0)::text AS cost
             FROM time_entries te
             CROSS JOIN LATERAL (SELECT (te.start_time AT TIME ZONE $2)::date AS day) d
            WHERE ${where.join(' AND ')}
            GROUP BY GROUPING SETS ((te.user_id), (te.task_id), (d.day), (te.is_billable), ()))
         SELECT g.grouping, g.user_id, u.full_name, g.task_id, t.task_key, t.task_title, to_char(g.day, 'YYYY-MM-DD') AS day, g.is_billable,
                g.entries, g.seconds, g.cost
           FROM g
           -- LIMIT 1 keeps these lookups per result row (index scans) instead of joins PostgreSQL flattens.
           LEFT JOIN LATERAL (SELECT u.full_name FROM users u WHERE u.id = g.user_id LIMIT 1) u ON true
           LEFT JOIN LATERAL (SELECT CASE WHEN t.project_id IS NULL THEN NULL ELSE tp.key || '-' || t.number END AS task_key, t.title AS task_title
                                FROM tasks t LEFT JOIN projects tp ON tp.id = t.project_id WHERE t.id = g.task_id LIMIT 1) t ON true`,
        params,
      ),
      this.dataSource.query<Array<{ currency: string }>>('SELECT currency FROM projects WHERE id = $1', [projectId]),
    ]);
    const figures = (row: GroupRow | undefined): CostFigures => {
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
    const of = (mask: number) => rows.filter((row) => row.grouping === mask);
    const bySecondsThen = <T extends CostFigures>(key: (row: T) => string) => (a: T, b: T) => b.seconds - a.seconds || key(a).localeCompare(key(b));
    const byUser: UserCostRow[] = of(BY_USER)
      .map((row) => ({ user_id: row.user_id!, full_name: row.full_name!, ...figures(row) }))
      .sort(bySecondsThen((row) => row.full_name));
    const byTask: TaskCostRow[] = of(BY_TASK)
      .map((row) => ({ task_id: row.task_id, task_key: row.task_key, task_title: row.task_title, ...figures(row) }))
      .sort(bySecondsThen((row) => row.task_key ?? ''));
    const byDay: DayCostRow[] = of(BY_DAY)
      .map((row) => ({ date: row.day!, ...figures(row) }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const billable = of(BY_BILLABLE);
    return {
      project_id: projectId,
      currency: money ? (project?.currency ?? null) : null,
      money_visible: money,
      time_zone: timeZone,
      start: query.start ?? null,
      end: query.end ?? null,
      totals: figures(of(TOTAL)[0]),
      billable: figures(billable.find((row) => row.is_billable === true)),
      non_billable: figures(billable.find((row) => row.is_billable === false)),
      by_user: byUser,
      by_task: byTask,
      by_day: byDay,
    };
  }
}
