import type { ProjectResponse, TaskResponse } from '@stint/contracts';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '@/api/errors';
import { useProjectOptions } from '@/api/projects';
import { useTasks } from '@/api/tasks';
import { useCurrentUser } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { StartTimerButton } from '@/components/StartTimerButton';
import { Pagination } from '@/components/Pagination';
import { TableSkeleton } from '@/components/Skeleton';
import { useKeyboardShortcut } from '@/components/useKeyboardShortcut';
import { calendarDateIn, formatDate, todayIn } from '@/lib/dates';
import { TaskDialog } from '@/features/tasks/TaskDialog';
import { TaskFilterBar } from '@/features/tasks/TaskFilterBar';
import {
  clearedFilters,
  effectiveSort,
  hasActiveFilters,
  parseTaskFilters,
  sortedBy,
  toTaskListQuery,
  writeTaskFilters,
  type TaskFilters,
  type TaskSortColumn,
} from '@/features/tasks/task-filters';
import { PRIORITY_LABELS, taskName } from '@/features/tasks/task-labels';
import { TaskStatusSelect } from '@/features/tasks/TaskStatusSelect';

/** The list's filters, read from and written to the URL's query string. */
export function useTaskFilters() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => parseTaskFilters(search), [search]);
  const setFilters = useCallback((next: TaskFilters) => setSearch((current) => writeTaskFilters(next, current)), [setSearch]);
  return [filters, setFilters] as const;
}

const SORT_LABELS: Record<TaskSortColumn, string> = {
  priority: 'Priority',
  due_date: 'Due date',
  created_at: 'Created',
  updated_at: 'Updated',
};

function SortableHeader({ column, filters, onSort }: { column: TaskSortColumn; filters: TaskFilters; onSort: (column: TaskSortColumn) => void }) {
  const sort = effectiveSort(filters);
  const active = sort.column === column;
  return (
    <th scope="col" aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {SORT_LABELS[column]}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function sortDescription(filters: TaskFilters): string {
  const sort = effectiveSort(filters);
  if (!sort.column) return 'sorted by relevance to the search';
  return `sorted by ${SORT_LABELS[sort.column].toLowerCase()}, ${sort.order === 'asc' ? 'ascending' : 'descending'}`;
}

function DueDate({ task, timeZone }: { task: TaskResponse; timeZone: string | undefined }) {
  if (!task.due_date) return <span className="muted">—</span>;
  const open = task.status === 'todo' || task.status === 'in_progress';
  const overdue = open && calendarDateIn(task.due_date, timeZone) < todayIn(timeZone);
  return (
    <span className={overdue ? 'overdue' : undefined}>
      <time dateTime={task.due_date}>{formatDate(task.due_date, timeZone)}</time>
      {overdue && <span className="overdue-label"> · Overdue</span>}
    </span>
  );
}

interface TaskListProps {
  /** Show only this project's tasks (a project's page); the project filter and column go away. */
  projectId?: string;
  /** Where the list sits: its heading level and wording follow. */
  heading: ReactNode;
  /** False when new tasks can't be added here (an archived project). */
  canCreate?: boolean;
}

/**
 * Tasks with search, filters, sortable columns and pages, all kept in the URL; a status
 * select on every row; "New task" (also the `n` key). Used by the Tasks page and by each
 * project's page.
 */
export function TaskList({ projectId, heading, canCreate = true }: TaskListProps) {
  const user = useCurrentUser();
  const timeZone = user?.timezone;
  const [filters, setFilters] = useTaskFilters();
  const query = toTaskListQuery(filters, timeZone, projectId);
  const tasks = useTasks(query);
  const projects = useProjectOptions();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; content: ReactNode } | null>(null);

  const openNewTask = useCallback(() => {
    if (!canCreate) return;
    setNotice(null);
    setCreating(true);
  }, [canCreate]);
  useKeyboardShortcut('n', openNewTask, { enabled: canCreate && !creating });

  const projectsById = useMemo(() => new Map((projects.data ?? []).map((project) => [project.id, project])), [projects.data]);
  const filterProjects = projectId ? undefined : (projects.data ?? []);
  const columns = projectId ? 8 : 9;
  const page = tasks.data;
  const filtered = hasActiveFilters(filters);
  // A new task starts in the project the list is filtered by, if it can take tasks.
  const filterProject = filters.project ? projectsById.get(filters.project) : undefined;
  const usableFilterProject = filterProject && !filterProject.archived_at ? filterProject.id : null;

  function onStatusError(error: unknown, task: Pick<TaskResponse, 'key' | 'title'>) {
    setNotice({ tone: 'error', content: `Couldn't change the status of ${taskName(task)}: ${describeError(error)}` });
  }

  function onCreated(task: TaskResponse) {
    setNotice({
      tone: 'info',
      content: (
        <>
          Created <Link to={`/tasks/${task.id}`}>{taskName(task)}</Link>.
        </>
      ),
    });
  }

  const newTaskButton = (
    <button type="button" className="button button-primary" onClick={openNewTask} disabled={!canCreate} aria-keyshortcuts="n">
      New task
    </button>
  );

  let body: ReactNode;
  if (tasks.isPending) {
    body = <TableSkeleton columns={columns} label="tasks" />;
  } else if (tasks.isError && !page) {
    body = (
      <tr>
        <td colSpan={columns}>
          <FormAlert>
            Couldn't load the tasks. {describeError(tasks.error)}{' '}
            <button type="button" className="link-button" onClick={() => void tasks.refetch()}>
              Try again
            </button>
          </FormAlert>
        </td>
      </tr>
    );
  } else if (page && page.data.length > 0) {
    body = page.data.map((task) => (
      <TaskRow
        key={task.id}
        task={task}
        project={task.project_id ? projectsById.get(task.project_id) : undefined}
        showProject={!projectId}
        timeZone={timeZone}
        onStatusError={onStatusError}
      />
    ));
  }

  const empty = page && page.data.length === 0;

  return (
    <div className="task-list">
      <div className="section-toolbar">
        {heading}
        {canCreate && newTaskButton}
      </div>
      <TaskFilterBar filters={filters} onChange={setFilters} projects={filterProjects} />
      {notice && (
        <div className="list-notice">
          <FormAlert tone={notice.tone}>
            {notice.content}{' '}
            <button type="button" className="link-button" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </FormAlert>
        </div>
      )}

      {empty ? (
        <EmptyTasks
          filtered={filtered}
          beyondLastPage={page.meta.total > 0}
          inProject={Boolean(projectId)}
          newTaskButton={canCreate ? newTaskButton : null}
          onClearFilters={() => setFilters(clearedFilters(filters))}
          onFirstPage={() => setFilters({ ...filters, page: 1 })}
        />
      ) : (
        <div className="table-scroll" role="region" aria-label="Tasks table" tabIndex={0}>
          <table className="table" aria-busy={tasks.isFetching && tasks.isPlaceholderData ? true : undefined}>
            <caption className="visually-hidden">Tasks, {sortDescription(filters)}</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Title</th>
                {!projectId && <th scope="col">Project</th>}
                <th scope="col">Status</th>
                <SortableHeader column="priority" filters={filters} onSort={(column) => setFilters(sortedBy(filters, column))} />
                <SortableHeader column="due_date" filters={filters} onSort={(column) => setFilters(sortedBy(filters, column))} />
                <SortableHeader column="created_at" filters={filters} onSort={(column) => setFilters(sortedBy(filters, column))} />
                <SortableHeader column="updated_at" filters={filters} onSort={(column) => setFilters(sortedBy(filters, column))} />
                <th scope="col">
                  <span className="visually-hidden">Timer</span>
                </th>
              </tr>
            </thead>
            <tbody className={tasks.isPlaceholderData ? 'is-stale' : undefined}>{body}</tbody>
          </table>
        </div>
      )}

      {page && page.meta.total > 0 && (
        <Pagination
          meta={page.meta}
          noun="tasks"
          onPageChange={(next) => setFilters({ ...filters, page: next })}
          onPerPageChange={(perPage) => setFilters({ ...filters, perPage, page: 1 })}
        />
      )}

      {creating && <TaskDialog defaultProjectId={projectId ?? usableFilterProject} onClose={() => setCreating(false)} onSaved={onCreated} />}
    </div>
  );
}

interface TaskRowProps {
  task: TaskResponse;
  project: ProjectResponse | undefined;
  showProject: boolean;
  timeZone: string | undefined;
  onStatusError: (error: unknown, task: Pick<TaskResponse, 'key' | 'title'>) => void;
}

function TaskRow({ task, project, showProject, timeZone, onStatusError }: TaskRowProps) {
  return (
    <tr>
      <td className="cell-key">{task.key ?? <span className="muted">—</span>}</td>
      <td className="cell-title">
        <Link to={`/tasks/${task.id}`} className="task-title-link">
          {task.title}
        </Link>
        {task.tags.length > 0 && (
          <ul className="tag-list tag-list-inline" aria-label="Tags">
            {task.tags.map((tag) => (
              <li key={tag} className="tag tag-small">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </td>
      {showProject && (
        <td>
          {task.project_id ? (
            project ? (
              <Link to={`/projects/${project.id}`}>{project.name}</Link>
            ) : (
              <span className="muted">{task.key?.split('-')[0] ?? 'Project'}</span>
            )
          ) : (
            <span className="muted">—</span>
          )}
        </td>
      )}
      <td>
        <TaskStatusSelect task={task} onError={onStatusError} />
      </td>
      <td>
        <span className={`priority priority-${task.priority}`}>{PRIORITY_LABELS[task.priority]}</span>
      </td>
      <td>
        <DueDate task={task} timeZone={timeZone} />
      </td>
      <td>
        <time dateTime={task.created_at}>{formatDate(task.created_at, timeZone)}</time>
      </td>
      <td>
        <time dateTime={task.updated_at}>{formatDate(task.updated_at, timeZone)}</time>
      </td>
      <td className="cell-actions">{task.status !== 'archived' && <StartTimerButton task={task} compact />}</td>
    </tr>
  );
}

interface EmptyTasksProps {
  filtered: boolean;
  beyondLastPage: boolean;
  inProject: boolean;
  newTaskButton: ReactNode;
  onClearFilters: () => void;
  onFirstPage: () => void;
}

function EmptyTasks({ filtered, beyondLastPage, inProject, newTaskButton, onClearFilters, onFirstPage }: EmptyTasksProps) {
  if (beyondLastPage) {
    return (
      <div className="empty-state">
        <p className="empty-state-title">This page is empty</p>
        <p className="muted">There are fewer tasks now than when this page was opened.</p>
        <button type="button" className="button button-ghost" onClick={onFirstPage}>
          Go to the first page
        </button>
      </div>
    );
  }
  if (filtered) {
    return (
      <div className="empty-state">
        <p className="empty-state-title">No tasks match these filters</p>
        <p className="muted">Try other words or fewer filters.</p>
        <button type="button" className="button button-ghost" onClick={onClearFilters}>
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <p className="empty-state-title">{inProject ? 'No tasks in this project yet' : 'No tasks yet'}</p>
      <p className="muted">Tasks are the pieces of work you track time on.{newTaskButton ? ' Press N or use the button to add the first one.' : ''}</p>
      {newTaskButton}
    </div>
  );
}
