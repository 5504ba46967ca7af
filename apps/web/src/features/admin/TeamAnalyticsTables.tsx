import { PAGE_SIZE_DEFAULT, type SortOrder, type TaskTimeSort, type TaskTimeSummaryRow, type UserProductivityRow, type UserProductivitySort } from '@stint/contracts';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTaskTimeSummary, useUserProductivity } from '@/api/analytics';
import { describeError } from '@/api/errors';
import { useProjectOptions } from '@/api/projects';
import { FormAlert } from '@/components/FormAlert';
import { Pagination } from '@/components/Pagination';
import { TableSkeleton } from '@/components/Skeleton';
import { PRIORITY_LABELS, STATUS_LABELS } from '@/features/tasks/task-labels';
import { formatCount, formatHours } from '@/features/dashboard/format';
import '@/features/dashboard/dashboard.css';

/* ---------------------------------------------------------------- sorting */

interface SortState<Sort extends string> {
  sort: Sort;
  order: SortOrder;
}

interface SortHeaderProps<Sort extends string> {
  column: Sort;
  label: string;
  state: SortState<Sort>;
  onSort: (column: Sort) => void;
  numeric?: boolean;
}

/** A column header that sorts the server-side list; aria-sort says how it is sorted now. */
function SortHeader<Sort extends string>({ column, label, state, onSort, numeric }: SortHeaderProps<Sort>) {
  const active = state.sort === column;
  return (
    <th scope="col" className={numeric ? 'numeric' : undefined} aria-sort={active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (state.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** The same column again flips the order; a new column starts in its natural order. */
export function nextSort<Sort extends string>(state: SortState<Sort>, column: Sort, defaultOrder: (column: Sort) => SortOrder): SortState<Sort> {
  if (state.sort === column) return { sort: column, order: state.order === 'asc' ? 'desc' : 'asc' };
  return { sort: column, order: defaultOrder(column) };
}

function ListBody({
  isPending,
  error,
  onRetry,
  isEmpty,
  empty,
  columns,
  label,
  children,
}: {
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  isEmpty: boolean;
  empty: ReactNode;
  columns: number;
  label: string;
  children: ReactNode;
}) {
  if (isPending) return <TableSkeleton columns={columns} label={label} />;
  if (error) {
    return (
      <tr>
        <td colSpan={columns}>
          <FormAlert>
            Couldn’t load {label}. {describeError(error)}{' '}
            <button type="button" className="link-button" onClick={onRetry}>
              Try again
            </button>
          </FormAlert>
        </td>
      </tr>
    );
  }
  if (isEmpty) {
    return (
      <tr>
        <td colSpan={columns} className="muted">
          {empty}
        </td>
      </tr>
    );
  }
  return <>{children}</>;
}

/* --------------------------------------------------- team productivity */

const NAME_SORTS: readonly UserProductivitySort[] = ['full_name', 'email'];
const userDefaultOrder = (column: UserProductivitySort): SortOrder => (NAME_SORTS.includes(column) ? 'asc' : 'desc');

/** The user_productivity_summary of every user (all time), sortable, a page at a time. */
export function UserProductivityTable() {
  const headingId = useId();
  const [sort, setSort] = useState<SortState<UserProductivitySort>>({ sort: 'full_name', order: 'asc' });
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState<number>(PAGE_SIZE_DEFAULT);
  const users = useUserProductivity({ page, per_page: perPage, sort: sort.sort, order: sort.order });
  const onSort = (column: UserProductivitySort) => {
    setSort(nextSort(sort, column, userDefaultOrder));
    setPage(1);
  };
  const rows: UserProductivityRow[] = users.data?.data ?? [];
  const columns = 8;

  return (
    <section className="team-analytics-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        Team productivity
      </h2>
      <p className="muted">Every user’s tasks and tracked time, all time. Hours count running timers up to now.</p>
      <div className="table-scroll">
        <table className="table analytics-table" aria-busy={users.isFetching && users.isPlaceholderData ? true : undefined}>
          <caption className="visually-hidden">
            Team productivity, sorted by {sort.sort.replace(/_/g, ' ')}, {sort.order === 'asc' ? 'ascending' : 'descending'}
          </caption>
          <thead>
            <tr>
              <SortHeader column="full_name" label="Name" state={sort} onSort={onSort} />
              <SortHeader column="email" label="Email" state={sort} onSort={onSort} />
              <SortHeader column="total_tasks" label="Tasks" state={sort} onSort={onSort} numeric />
              <SortHeader column="completed_tasks" label="Completed" state={sort} onSort={onSort} numeric />
              <th scope="col" className="numeric">
                In progress
              </th>
              <SortHeader column="total_hours_tracked" label="Hours tracked" state={sort} onSort={onSort} numeric />
              <SortHeader column="total_time_entries" label="Entries" state={sort} onSort={onSort} numeric />
              <th scope="col" className="numeric">
                Hours per entry
              </th>
            </tr>
          </thead>
          <tbody className={users.isPlaceholderData ? 'analytics-stale' : undefined}>
            <ListBody
              isPending={users.isPending}
              error={users.isError && !users.data ? users.error : null}
              onRetry={() => void users.refetch()}
              isEmpty={rows.length === 0}
              empty="No users yet."
              columns={columns}
              label="the team’s productivity"
            >
              {rows.map((row) => (
                <tr key={row.user_id}>
                  <th scope="row">
                    {row.full_name}
                    {!row.is_active && <span className="badge badge-muted">Inactive</span>}
                  </th>
                  <td>{row.email}</td>
                  <td className="numeric">{formatCount(row.total_tasks)}</td>
                  <td className="numeric">{formatCount(row.completed_tasks)}</td>
                  <td className="numeric">{formatCount(row.in_progress_tasks)}</td>
                  <td className="numeric">{formatHours(row.total_hours_tracked)}</td>
                  <td className="numeric">{formatCount(row.total_time_entries)}</td>
                  <td className="numeric">{formatHours(row.avg_hours_per_entry)}</td>
                </tr>
              ))}
            </ListBody>
          </tbody>
        </table>
      </div>
      {users.data && users.data.meta.total > 0 && (
        <Pagination
          meta={users.data.meta}
          noun="users"
          onPageChange={setPage}
          onPerPageChange={(next) => {
            setPerPage(next);
            setPage(1);
          }}
        />
      )}
    </section>
  );
}

/* ------------------------------------------------- estimate vs actual */

const taskDefaultOrder = (column: TaskTimeSort): SortOrder => (column === 'title' ? 'asc' : 'desc');

/** "+1.50 h over", "0.50 h under", "On estimate", "No estimate": the sign in words, not only in colour. */
export function Variance({ hours }: { hours: number | null }) {
  if (hours === null) return <span className="muted">No estimate</span>;
  if (hours === 0) return <span>On estimate</span>;
  const over = hours > 0;
  return (
    <span className={over ? 'variance-over' : 'variance-under'}>
      {over ? '+' : '−'}
      {formatHours(Math.abs(hours))} {over ? 'over' : 'under'}
    </span>
  );
}

/** Each task's estimate against the time actually tracked on it (by anyone), the variance highlighted. */
export function TaskTimeSummaryTable() {
  const headingId = useId();
  const projectFilterId = useId();
  const [sort, setSort] = useState<SortState<TaskTimeSort>>({ sort: 'hours_variance', order: 'desc' });
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState<number>(PAGE_SIZE_DEFAULT);
  const [projectId, setProjectId] = useState('');
  const projects = useProjectOptions();
  const summary = useTaskTimeSummary({ page, per_page: perPage, sort: sort.sort, order: sort.order, project_id: projectId || undefined });
  const onSort = (column: TaskTimeSort) => {
    setSort(nextSort(sort, column, taskDefaultOrder));
    setPage(1);
  };
  const rows: TaskTimeSummaryRow[] = summary.data?.data ?? [];
  const columns = 7;

  return (
    <section className="team-analytics-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        Estimate vs actual
      </h2>
      <p className="muted">Tasks’ estimated hours against the time tracked on them. Tasks without an estimate sort last by estimate and variance.</p>
      <div className="team-analytics-filters">
        <div className="field">
          <label htmlFor={projectFilterId} className="field-label">
            Project
          </label>
          <select
            id={projectFilterId}
            className="field-input field-select field-compact"
            value={projectId}
            onChange={(event) => {
              setProjectId(event.target.value);
              setPage(1);
            }}
          >
            <option value="">All projects</option>
            {(projects.data ?? []).map((project) => (
              <option key={project.id} value={project.id}>
                {project.name} ({project.key})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="table-scroll">
        <table className="table analytics-table" aria-busy={summary.isFetching && summary.isPlaceholderData ? true : undefined}>
          <caption className="visually-hidden">
            Estimate against actual hours by task, sorted by {sort.sort.replace(/_/g, ' ')}, {sort.order === 'asc' ? 'ascending' : 'descending'}
          </caption>
          <thead>
            <tr>
              <SortHeader column="title" label="Task" state={sort} onSort={onSort} />
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
              <SortHeader column="estimated_hours" label="Estimate" state={sort} onSort={onSort} numeric />
              <SortHeader column="actual_hours" label="Actual" state={sort} onSort={onSort} numeric />
              <SortHeader column="hours_variance" label="Variance" state={sort} onSort={onSort} numeric />
              <th scope="col" className="numeric">
                Entries
              </th>
            </tr>
          </thead>
          <tbody className={summary.isPlaceholderData ? 'analytics-stale' : undefined}>
            <ListBody
              isPending={summary.isPending}
              error={summary.isError && !summary.data ? summary.error : null}
              onRetry={() => void summary.refetch()}
              isEmpty={rows.length === 0}
              empty="No tasks here yet."
              columns={columns}
              label="estimates against actual time"
            >
              {rows.map((row) => (
                <tr key={row.task_id}>
                  <th scope="row">
                    <Link to={`/tasks/${row.task_id}`}>
                      {row.task_key && <span className="cell-key">{row.task_key} </span>}
                      {row.title}
                    </Link>
                  </th>
                  <td>{STATUS_LABELS[row.status]}</td>
                  <td>{PRIORITY_LABELS[row.priority]}</td>
                  <td className="numeric">{row.estimated_hours === null ? <span className="muted">—</span> : formatHours(row.estimated_hours)}</td>
                  <td className="numeric">{formatHours(row.actual_hours)}</td>
                  <td className={row.hours_variance !== null && row.hours_variance > 0 ? 'numeric variance-cell-over' : 'numeric'}>
                    <Variance hours={row.hours_variance} />
                  </td>
                  <td className="numeric">{formatCount(row.time_entry_count)}</td>
                </tr>
              ))}
            </ListBody>
          </tbody>
        </table>
      </div>
      {summary.data && summary.data.meta.total > 0 && (
        <Pagination
          meta={summary.data.meta}
          noun="tasks"
          onPageChange={setPage}
          onPerPageChange={(next) => {
            setPerPage(next);
            setPage(1);
          }}
        />
      )}
    </section>
  );
}
