import { NO_PROJECT, type TaskPriority, type TaskStatus } from '@stint/contracts';
import type { AuthUser } from '../common/auth/auth-user';
import { validationError } from '../common/errors/app-error';
import { pageWindow, type PageWindow } from '../common/pagination';
import { isAdmin } from '../projects/project-access';
import type { TaskListQueryDto } from './dto/task.dto';
import { taskOrderBy } from './task-rules';
import type { TrackedSecondsSql } from './task-entry-reads';
import { searchMatches, searchMatchesRowwise, searchRank, SqlParams, TASK_COLUMNS, taskVisibleTo, withTrackedHours } from './task-sql';

/** A row of the task list's page statement. */
export interface TaskRow {
  id: string;
  user_id: string;
  project_id: string | null;
  key: string | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  due_date: Date | null;
  tags: string[];
  estimated_hours: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  time_tracked_hours: number;
}

export interface Statement {
  sql: string;
  values: unknown[];
}

/**
 * The rows taskVisibleTo lets a non-admin see, as two disjoint indexed branches: their own
 * (idx_tasks_user_id) and their projects' (idx_tasks_project_id, the project ids as one
 * array, so the planner looks them up by index instead of hashing a scan of every task).
 */
const visibleTasks = (user: string) =>
  `(SELECT * FROM tasks vt WHERE vt.user_id = ${user}::uuid
    UNION ALL
    SELECT * FROM tasks vt WHERE vt.project_id = ANY(ARRAY(SELECT vis.project_id FROM project_members vis WHERE vis.user_id = ${user}::uuid))
                             AND vt.user_id <> ${user}::uuid)`;

/**
 * The two statements of GET /tasks (the page with its tracked hours, and the total), a
 * pure function of the caller and the query. TasksService runs them; so does the
 * benchmark's bare Fastify + pg server, so both measure exactly the same SQL.
 * `trackedSeconds` is time tracking's subquery of a task's stopped seconds (TaskEntryReads).
 */
export function taskListStatements(auth: AuthUser, query: TaskListQueryDto, trackedSeconds: TrackedSecondsSql): { page: Statement; count: Statement; window: PageWindow } {
  const window = pageWindow(query);
  const orderBy = taskOrderBy(query);
  if (query.due_after && query.due_before && Date.parse(query.due_after) > Date.parse(query.due_before)) {
    throw validationError('The request has invalid fields', { due_after: ['due_after must not be later than due_before'] });
  }
  const sql = new SqlParams();
  // A member sees their own tasks and their projects' (a few thousand of 100,000): reading
  // those two sets by idx_tasks_user_id / idx_tasks_project_id beats walking every task newest
  // first through the OR of taskVisibleTo (~60,000 rows read for a 20-row page at 100k tasks).
  const admin = isAdmin(auth);
  const from = admin ? 'tasks t' : `${visibleTasks(sql.add(auth.id))} t`;
  const where = admin ? [taskVisibleTo(sql.add(auth.id), sql.add(true))] : ['true'];
  if (query.status?.length) where.push(`t.status = ANY(${sql.add(query.status)}::task_status[])`);
  if (query.priority?.length) where.push(`t.priority = ANY(${sql.add(query.priority)}::task_priority[])`);
  if (query.project_id?.length) {
    const ids = query.project_id.filter((id) => id !== NO_PROJECT);
    const either: string[] = [];
    if (ids.length) either.push(`t.project_id = ANY(${sql.add(ids)}::uuid[])`);
    if (ids.length < query.project_id.length) either.push('t.project_id IS NULL');
    where.push(`(${either.join(' OR ')})`);
  }
  // jsonb ?| ("has any of these strings") is served by the GIN index idx_tasks_tags.
  if (query.tag?.length) where.push(`t.tags ?| ${sql.add(query.tag)}::text[]`);
  if (query.due_before) where.push(`t.due_date < ${sql.add(new Date(query.due_before))}::timestamptz`);
  if (query.due_after) where.push(`t.due_date >= ${sql.add(new Date(query.due_after))}::timestamptz`);
  let rank = '';
  if (query.q) {
    const q = sql.add(query.q);
    // Admins: the GIN index finds the matches among every task. Members: their visible set
    // (a few thousand rows, read by index) is in hand, so each row's stored document is
    // tested as it is read (ts_match_vq, the function of @@, which the planner does not turn
    // into an index scan) instead of building the GIN bitmap of every match in the table
    // once per visibility branch (~18,000 rows for a common word at 100,000 tasks).
    where.push(admin ? searchMatches(q) : searchMatchesRowwise(q));
    rank = `, ${searchRank(q)} AS search_rank`;
  }
  const whereSql = where.join(' AND ');
  const filterValues = [...sql.values];
  // Filter, rank, sort and cut the page on narrow rows (the id and what the order may use);
  // the page's rows are then read whole by id, and their project's key joined to them only.
  const page = `SELECT ${TASK_COLUMNS}${rank ? ', k.search_rank' : ''}
                  FROM (SELECT t.id, t.created_at, t.updated_at, t.due_date, t.priority, t.status, t.title${rank}
                          FROM ${from} WHERE ${whereSql} ORDER BY ${orderBy} LIMIT ${sql.add(window.perPage)} OFFSET ${sql.add(window.offset)}) k
                  JOIN tasks t ON t.id = k.id
                  LEFT JOIN projects p ON p.id = t.project_id`;
  return {
    page: { sql: withTrackedHours(page, orderBy, trackedSeconds), values: sql.values },
    count: { sql: `SELECT count(*)::int AS total FROM ${from} WHERE ${whereSql}`, values: filterValues },
    window,
  };
}
