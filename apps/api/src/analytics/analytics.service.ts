import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  TOP_PRODUCTIVE_HOURS_COUNT,
  type AnalyticsDateRange,
  type AnalyticsRangeQuery,
  type DailyMetrics,
  type DashboardMetrics,
  type DistributionGroup,
  type DistributionItem,
  type HourOfDayMetrics,
  type Paginated,
  type PeriodFigures,
  type ProductivityTrend,
  type TaskPriority,
  type TaskStatistics,
  type TaskStatus,
  type TaskTimeSort,
  type TaskTimeSummaryQuery,
  type TaskTimeSummaryRow,
  type TimeDistribution,
  type UserProductivityQuery,
  type UserProductivityRow,
  type UserProductivitySort,
} from '@stint/contracts';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import { pageWindow, paginated } from '../common/pagination';
import { AnalyticsCache } from '../cache/analytics-cache';
import { analyticsQuery } from './analytics-query';
import { apportion } from '../common/money';
import { eachDay, localDate, previousPeriod, rangeDays, resolveRange } from './date-range';
import { hoursOf, percentChange, percentOf, productivityScore, round2, type Ratio } from './productivity-score';
import { dayPieces, hourPieces, clippedSeconds, rangeEnd, rangeStart, spansCte, type SliceParams } from './time-slices';
import { entryTotalsSql } from '../time-tracking/entry-read-sql';
import { replicaQuery } from '../database/replica-reads';
import { taskKeySql } from '../tasks/task-key';

/** Placeholders of the per-user time statements: $1 user, $2 zone, $3 first day, $4 last day, $5 now. */
const USER_SLICES: SliceParams = { tz: '$2::text', first: '$3::text', last: '$4::text', now: '$5::timestamptz' };

interface DayTimeRow {
  day: string;
  seconds: string;
}

interface DayTaskRow {
  day: string;
  completed: number;
  on_time: number;
  late: number;
  completion_seconds: string;
}

/** One period's figures with exact values kept for comparisons. */
interface Period {
  figures: PeriodFigures;
  daily: DailyMetrics[];
  seconds: number;
  exactScore: Ratio;
  onTime: number;
  late: number;
  completionSeconds: Decimal;
}

const DISTRIBUTION_SQL: Record<DistributionGroup, string> = {
  project: `
    SELECT c.project_id::text AS key, p.name AS label, NULL::text AS task_key, sum(c.seconds)::bigint AS seconds
      FROM clipped c LEFT JOIN projects p ON p.id = c.project_id
     GROUP BY c.project_id, p.name`,
  task: `
    SELECT c.task_id::text AS key, t.title AS label,
           ${taskKeySql('t', 'tp')} AS task_key,
           sum(c.seconds)::bigint AS seconds
      FROM clipped c LEFT JOIN tasks t ON t.id = c.task_id LEFT JOIN projects tp ON tp.id = t.project_id
     GROUP BY c.task_id, t.title, t.project_id, tp.key, t.number`,
  tag: `
    SELECT tag AS key, tag AS label, NULL::text AS task_key, sum(c.seconds)::bigint AS seconds
      FROM clipped c LEFT JOIN tasks t ON t.id = c.task_id
      LEFT JOIN LATERAL jsonb_array_elements_text(coalesce(t.tags, '[]'::jsonb)) AS tag ON true
     GROUP BY tag`,
};

const NONE_LABEL: Record<DistributionGroup, string> = { project: 'No project', task: 'No task', tag: 'Untagged' };

const USER_ORDER: Record<UserProductivitySort, string> = {
  full_name: 'lower(u.full_name)',
  email: 'u.email',
  total_tasks: 'total_tasks',
  completed_tasks: 'completed_tasks',
  total_hours_tracked: 'seconds',
  total_time_entries: 'entries',
};

const TASK_TIME_ORDER: Record<TaskTimeSort, string> = {
  hours_variance: 'variance',
  actual_hours: 'seconds',
  estimated_hours: 't.estimated_hours',
  title: 'lower(t.title)',
  created_at: 't.created_at',
};

/**
 * Productivity analytics (issue 6). Personal answers (dashboard, trend, tasks, time
 * distribution) cover the caller's own entries and the tasks they created — tasks have no
 * assignee, so the creator is whose work a task is. Admin answers cover everyone. Every
 * answer is cached by AnalyticsCache under the versions of the data it reads.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: AnalyticsCache,
    private readonly clock: Clock,
  ) {}

  dashboard(auth: AuthUser, query: AnalyticsRangeQuery): Promise<DashboardMetrics> {
    const now = this.clock.now();
    const range = resolveRange(query, localDate(now, auth.timezone));
    // `catalog`: the per-project breakdown shows project names.
    return this.cache.remember('dashboard', [`user:${auth.id}`, 'catalog'], { user: auth.id, tz: auth.timezone, ...range }, async () => {
      const [days, [counts], byProject] = await Promise.all([
        this.days(auth, range, now),
        replicaQuery<Array<{ in_progress: number; todo: number }>>(
          this.dataSource,
          `SELECT count(*) FILTER (WHERE status = 'in_progress')::int AS in_progress, count(*) FILTER (WHERE status = 'todo')::int AS todo
             FROM tasks WHERE user_id = $1`,
          [auth.id],
        ),
        analyticsQuery<Array<{ day: string; project_id: string | null; project_name: string | null; seconds: string }>>(
          this.dataSource,
          `WITH ${spansCte('te.user_id = $1', USER_SLICES)}
           SELECT to_char(d.day, 'YYYY-MM-DD') AS day, sp.project_id, p.name AS project_name, sum(d.seconds)::bigint AS seconds
             FROM spans sp ${dayPieces(USER_SLICES)}
             LEFT JOIN projects p ON p.id = sp.project_id
            GROUP BY d.day, sp.project_id, p.name
           HAVING sum(d.seconds) > 0
            ORDER BY d.day, p.name NULLS LAST`,
          [auth.id, auth.timezone, range.start, range.end, now],
        ),
      ]);
      const period = summarise(range, days);
      const completed = period.figures.tasks_completed;
      return {
        date_range: range,
        time_zone: auth.timezone,
        total_tasks_completed: completed,
        total_tasks_in_progress: counts.in_progress,
        total_tasks_todo: counts.todo,
        total_time_tracked_hours: period.figures.time_tracked_hours,
        total_time_tracked_seconds: period.seconds,
        average_task_completion_time_hours: completed ? round2(period.completionSeconds.dividedBy(completed).dividedBy(3600)) : 0,
        tasks_completed_on_time: period.onTime,
        tasks_completed_late: period.late,
        productivity_score: period.figures.productivity_score,
        daily_breakdown: period.daily,
        daily_by_project: byProject.map((row) => ({ date: row.day, project_id: row.project_id, project_name: row.project_name, seconds: Number(row.seconds) })),
        computed_at: now.toISOString(),
      };
    });
  }

  trend(auth: AuthUser, query: AnalyticsRangeQuery): Promise<ProductivityTrend> {
    const now = this.clock.now();
    const range = resolveRange(query, localDate(now, auth.timezone));
    return this.cache.remember('trend', [`user:${auth.id}`], { user: auth.id, tz: auth.timezone, ...range }, async () => {
      const previousRange = previousPeriod(range);
      // One pass over both periods, split afterwards.
      const days = await this.days(auth, { start: previousRange.start, end: range.end }, now);
      const current = summarise(range, days);
      const previous = summarise(previousRange, days);
      return {
        ...current.figures,
        time_zone: auth.timezone,
        comparison_previous_period: {
          tasks_completed: percentChange(current.figures.tasks_completed, previous.figures.tasks_completed),
          time_tracked_hours: percentChange(current.seconds, previous.seconds),
          productivity_score: percentChange(current.exactScore, previous.exactScore),
        },
        previous_period: previous.figures,
        daily_breakdown: current.daily,
        previous_daily_breakdown: previous.daily,
        computed_at: now.toISOString(),
      };
    });
  }

  tasks(auth: AuthUser): Promise<TaskStatistics> {
    const now = this.clock.now();
    return this.cache.remember('tasks', [`user:${auth.id}`], { user: auth.id }, async () => {
      const rows = await replicaQuery<Array<{ status: TaskStatus; priority: TaskPriority; n: number; done_with_due: number; done_on_time: number }>>(
        this.dataSource,
        `SELECT status, priority, count(*)::int AS n,
                count(*) FILTER (WHERE status = 'done' AND due_date IS NOT NULL)::int AS done_with_due,
                count(*) FILTER (WHERE status = 'done' AND due_date IS NOT NULL AND completed_at <= due_date)::int AS done_on_time
           FROM tasks WHERE user_id = $1 GROUP BY status, priority`,
        [auth.id],
      );
      const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
      const byPriority = Object.fromEntries(TASK_PRIORITIES.map((p) => [p, 0])) as Record<TaskPriority, number>;
      let total = 0;
      let withDue = 0;
      let onTime = 0;
      for (const row of rows) {
        byStatus[row.status] += row.n;
        byPriority[row.priority] += row.n;
        total += row.n;
        withDue += row.done_with_due;
        onTime += row.done_on_time;
      }
      return {
        total_tasks: total,
        by_status: byStatus,
        by_priority: byPriority,
        completion_rate: percentOf(byStatus.done, total),
        on_time_completion_rate: percentOf(onTime, withDue),
        computed_at: now.toISOString(),
      };
    });
  }

  timeDistribution(auth: AuthUser, query: AnalyticsRangeQuery & { group_by?: DistributionGroup }): Promise<TimeDistribution> {
    const now = this.clock.now();
    const range = resolveRange(query, localDate(now, auth.timezone));
    const groupBy = query.group_by ?? 'project';
    const scopes = [`user:${auth.id}`, 'catalog'] as const;
    return this.cache.remember('time-distribution', [...scopes], { user: auth.id, tz: auth.timezone, group_by: groupBy, ...range }, async () => {
      const params = [auth.id, auth.timezone, range.start, range.end, now];
      const spans = spansCte('te.user_id = $1', USER_SLICES);
      const [groups, hours] = await Promise.all([
        analyticsQuery<Array<{ key: string | null; label: string | null; task_key: string | null; seconds: string }>>(
          this.dataSource,
          `WITH ${spans}, clipped AS (SELECT sp.*, ${clippedSeconds(USER_SLICES)} AS seconds FROM spans sp)
           ${DISTRIBUTION_SQL[groupBy]}`,
          params,
        ),
        analyticsQuery<Array<{ hour: number; seconds: string }>>(
          this.dataSource,
          `WITH ${spans} SELECT h.hour, sum(h.seconds)::bigint AS seconds FROM spans sp ${hourPieces(USER_SLICES)} GROUP BY h.hour`,
          params,
        ),
      ]);
      const secondsByHour = new Map(hours.map((row) => [row.hour, Number(row.seconds)]));
      const hourly: HourOfDayMetrics[] = Array.from({ length: 24 }, (_, hour) => {
        const seconds = secondsByHour.get(hour) ?? 0;
        return { hour, seconds, hours: hoursOf(seconds) };
      });
      // The hour slices of each entry add up to its seconds in the range, so this is the total.
      const total = hourly.reduce((sum, hour) => sum + hour.seconds, 0);
      const distribution: DistributionItem[] = groups
        .map((row) => ({ row, seconds: Number(row.seconds) }))
        .filter(({ seconds }) => seconds > 0)
        .map(({ row, seconds }) => ({
          key: row.key,
          label: row.key === null ? NONE_LABEL[groupBy] : (row.label ?? row.key),
          task_key: row.task_key,
          seconds,
          hours: hoursOf(seconds),
          percentage: percentOf(seconds, total),
        }))
        .sort((a, b) => b.seconds - a.seconds || a.label.localeCompare(b.label));
      const top = hourly
        .filter((hour) => hour.seconds > 0)
        .sort((a, b) => b.seconds - a.seconds || a.hour - b.hour)
        .slice(0, TOP_PRODUCTIVE_HOURS_COUNT)
        .map((hour) => hour.hour);
      return {
        date_range: range,
        time_zone: auth.timezone,
        group_by: groupBy,
        total_hours: hoursOf(total),
        total_seconds: total,
        distribution,
        top_productive_hours: top,
        hourly,
        computed_at: now.toISOString(),
      };
    });
  }

  /**
   * The user_productivity_summary view, right: the spec's view joins tasks and entries on
   * the user, so every entry is repeated once per task and the hours are multiplied by the
   * task count. Here tasks and entries are aggregated separately, then joined per user.
   */
  users(query: UserProductivityQuery): Promise<Paginated<UserProductivityRow>> {
    const now = this.clock.now();
    const window = pageWindow(query);
    const sort = query.sort ?? 'full_name';
    const direction = (query.order ?? (sort === 'full_name' || sort === 'email' ? 'asc' : 'desc')) === 'desc' ? 'DESC' : 'ASC';
    return this.cache.remember('users', ['team'], { page: window.page, per_page: window.perPage, sort, direction }, async () => {
      const [rows, [{ total }]] = await Promise.all([
        replicaQuery<
          Array<{
            id: string;
            email: string;
            full_name: string;
            is_active: boolean;
            total_tasks: number;
            completed_tasks: number;
            in_progress_tasks: number;
            seconds: string;
            entries: number;
          }>
        >(
          this.dataSource,
          `SELECT u.id, u.email, u.full_name, u.is_active,
                  coalesce(tk.total, 0) AS total_tasks, coalesce(tk.done, 0) AS completed_tasks, coalesce(tk.in_progress, 0) AS in_progress_tasks,
                  coalesce(en.seconds, 0) AS seconds, coalesce(en.entries, 0) AS entries
             FROM users u
             LEFT JOIN (SELECT user_id, count(*)::int AS total,
                               count(*) FILTER (WHERE status = 'done')::int AS done,
                               count(*) FILTER (WHERE status = 'in_progress')::int AS in_progress
                          FROM tasks GROUP BY user_id) tk ON tk.user_id = u.id
             LEFT JOIN (${entryTotalsSql('user_id', '$1::timestamptz')}) en ON en.user_id = u.id
            ORDER BY ${USER_ORDER[sort]} ${direction}, u.id ${direction}
            LIMIT $2 OFFSET $3`,
          [now, window.perPage, window.offset],
        ),
        replicaQuery<Array<{ total: number }>>(this.dataSource, 'SELECT count(*)::int AS total FROM users'),
      ]);
      const data = rows.map((row) => {
        const seconds = Number(row.seconds);
        return {
          user_id: row.id,
          email: row.email,
          full_name: row.full_name,
          is_active: row.is_active,
          total_tasks: row.total_tasks,
          completed_tasks: row.completed_tasks,
          in_progress_tasks: row.in_progress_tasks,
          total_hours_tracked: hoursOf(seconds),
          total_seconds_tracked: seconds,
          avg_hours_per_entry: row.entries ? round2(new Decimal(seconds).dividedBy(row.entries).dividedBy(3600)) : 0,
          total_time_entries: row.entries,
        };
      });
      return paginated(data, total, window);
    });
  }

  /** The task_time_summary view: each task's estimate against the running time of everyone's entries on it. */
  taskTimeSummary(query: TaskTimeSummaryQuery): Promise<Paginated<TaskTimeSummaryRow>> {
    const now = this.clock.now();
    const window = pageWindow(query);
    const sort = query.sort ?? 'created_at';
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const key = { page: window.page, per_page: window.perPage, sort, direction, user_id: query.user_id, project_id: query.project_id };
    return this.cache.remember('task-time-summary', ['team'], key, async () => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (query.user_id) {
        params.push(query.user_id);
        where.push(`t.user_id = $${params.length}`);
      }
      if (query.project_id) {
        params.push(query.project_id);
        where.push(`t.project_id = $${params.length}`);
      }
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const nowParam = `$${params.length + 1}::timestamptz`;
      const [rows, [{ total }]] = await Promise.all([
        replicaQuery<
          Array<{
            id: string;
            task_key: string | null;
            user_id: string;
            project_id: string | null;
            title: string;
            status: TaskStatus;
            priority: TaskPriority;
            estimated_hours: string | null;
            entries: number;
            seconds: string;
          }>
        >(
          this.dataSource,
          `SELECT t.id, ${taskKeySql('t', 'p')} AS task_key,
                  t.user_id, t.project_id, t.title, t.status, t.priority, t.estimated_hours,
                  coalesce(a.entries, 0) AS entries, coalesce(a.seconds, 0) AS seconds,
                  coalesce(a.seconds, 0) / 3600.0 - t.estimated_hours AS variance
             FROM tasks t
             LEFT JOIN projects p ON p.id = t.project_id
             LEFT JOIN (${entryTotalsSql('task_id', nowParam)}) a ON a.task_id = t.id
             ${whereSql}
            ORDER BY ${TASK_TIME_ORDER[sort]} ${direction} NULLS LAST, t.id ${direction}
            LIMIT $${params.length + 2} OFFSET $${params.length + 3}`,
          [...params, now, window.perPage, window.offset],
        ),
        replicaQuery<Array<{ total: number }>>(this.dataSource, `SELECT count(*)::int AS total FROM tasks t ${whereSql}`, params),
      ]);
      const data = rows.map((row) => {
        const seconds = Number(row.seconds);
        return {
          task_id: row.id,
          task_key: row.task_key,
          user_id: row.user_id,
          project_id: row.project_id,
          title: row.title,
          status: row.status,
          priority: row.priority,
          estimated_hours: row.estimated_hours === null ? null : Number(row.estimated_hours),
          time_entry_count: row.entries,
          actual_hours: hoursOf(seconds),
          actual_seconds: seconds,
          hours_variance: row.estimated_hours === null ? null : round2(new Decimal(seconds).dividedBy(3600).minus(row.estimated_hours)),
        };
      });
      return paginated(data, total, window);
    });
  }

  /** Tracked seconds and completed tasks per local day of `scan`, in one pass over the caller's entries and tasks. */
  private async days(auth: AuthUser, scan: AnalyticsDateRange, now: Date): Promise<DayFigures> {
    const params = [auth.id, auth.timezone, scan.start, scan.end];
    const [timeRows, taskRows] = await Promise.all([
      analyticsQuery<DayTimeRow[]>(
        this.dataSource,
        `WITH ${spansCte('te.user_id = $1', USER_SLICES)}
         SELECT to_char(d.day, 'YYYY-MM-DD') AS day, sum(d.seconds)::bigint AS seconds
           FROM spans sp ${dayPieces(USER_SLICES)}
          GROUP BY d.day`,
        [...params, now],
      ),
      replicaQuery<DayTaskRow[]>(
        this.dataSource,
        `SELECT to_char((t.completed_at AT TIME ZONE $2::text)::date, 'YYYY-MM-DD') AS day,
                count(*)::int AS completed,
                count(*) FILTER (WHERE t.due_date IS NOT NULL AND t.completed_at <= t.due_date)::int AS on_time,
                count(*) FILTER (WHERE t.due_date IS NOT NULL AND t.completed_at > t.due_date)::int AS late,
                coalesce(sum(extract(epoch FROM t.completed_at - t.created_at)), 0)::text AS completion_seconds
           FROM tasks t
          WHERE t.user_id = $1 AND t.completed_at >= ${rangeStart(USER_SLICES)} AND t.completed_at < ${rangeEnd(USER_SLICES)}
          GROUP BY 1`,
        params,
      ),
    ]);
    return { seconds: new Map(timeRows.map((row) => [row.day, Number(row.seconds)])), tasks: new Map(taskRows.map((row) => [row.day, row])) };
  }
}

interface DayFigures {
  seconds: Map<string, number>;
  tasks: Map<string, DayTaskRow>;
}

/** One period's figures from the day figures (which may cover more days). */
function summarise(range: AnalyticsDateRange, days: DayFigures): Period {
  let onTime = 0;
  let late = 0;
  let completed = 0;
  let totalSeconds = 0;
  let completionSeconds = new Decimal(0);
  const daily = eachDay(range).map((date) => {
    const seconds = days.seconds.get(date) ?? 0;
    const tasks = days.tasks.get(date);
    totalSeconds += seconds;
    if (tasks) {
      completed += tasks.completed;
      onTime += tasks.on_time;
      late += tasks.late;
      completionSeconds = completionSeconds.plus(tasks.completion_seconds);
    }
    return { date, tasks_completed: tasks?.completed ?? 0, time_tracked_hours: 0, time_tracked_seconds: seconds };
  });
  // The days' hours add up to the period's hours as shown (each within 0.01 of its exact value).
  const shownHours = apportion(daily.map((day) => new Decimal(day.time_tracked_seconds).dividedBy(3600)));
  daily.forEach((day, i) => {
    day.time_tracked_hours = Number(shownHours[i]);
  });
  const exactScore = productivityScore({ tasksCompleted: completed, tasksOnTime: onTime, secondsTracked: totalSeconds, periodDays: rangeDays(range) });
  return {
    figures: {
      period_start: range.start,
      period_end: range.end,
      tasks_completed: completed,
      time_tracked_hours: hoursOf(totalSeconds),
      time_tracked_seconds: totalSeconds,
      productivity_score: exactScore.round2(),
    },
    daily,
    seconds: totalSeconds,
    exactScore,
    onTime,
    late,
    completionSeconds,
  };
}
