import { Role, type TaskDetailResponse, type TimeEntryResponse } from '@stint/contracts';
import { useId, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError, isNotFound } from '@/api/errors';
import { useProject } from '@/api/projects';
import { useDeleteTask, useTask } from '@/api/tasks';
import { useCurrentUser } from '@/api/users';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { FormAlert } from '@/components/FormAlert';
import { MissingRecord } from '@/components/MissingRecord';
import { StartTimerButton } from '@/components/StartTimerButton';
import { DetailsSkeleton } from '@/components/Skeleton';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { formatDate, formatDateTime, formatHours } from '@/lib/dates';
import { TaskDialog } from '@/features/tasks/TaskDialog';
import { PRIORITY_LABELS, taskName } from '@/features/tasks/task-labels';
import { TaskStatusSelect } from '@/features/tasks/TaskStatusSelect';

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="detail">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Timestamp({ iso, timeZone }: { iso: string | null; timeZone: string | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  return <time dateTime={iso}>{formatDateTime(iso, timeZone)}</time>;
}

function ProjectLink({ projectId, taskKey }: { projectId: string; taskKey: string | null }) {
  const project = useProject(projectId);
  const label = project.data ? `${project.data.name} (${project.data.key})` : (taskKey?.split('-')[0] ?? 'Project');
  return (
    <>
      <Link to={`/projects/${projectId}`}>{label}</Link>
      {project.data?.archived_at && <span className="badge badge-muted"> Archived</span>}
    </>
  );
}

function TimeEntries({ entries, timeZone }: { entries: TimeEntryResponse[]; timeZone: string | undefined }) {
  if (entries.length === 0) {
    return (
      <div className="empty-state empty-state-compact">
        <p className="empty-state-title">No time tracked on this task yet</p>
        <p className="muted">Time you track on this task will be listed here.</p>
      </div>
    );
  }
  return (
    <div className="table-scroll" role="region" aria-label="Time entries table" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">Time entries of this task</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Duration</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <Timestamp iso={entry.start_time} timeZone={timeZone} />
              </td>
              <td>{entry.end_time ? <Timestamp iso={entry.end_time} timeZone={timeZone} /> : <span className="badge">{entry.status === 'paused' ? 'Paused' : 'Running'}</span>}</td>
              <td>{entry.duration_hours !== null ? formatHours(Math.round(entry.duration_hours * 100) / 100) : '—'}</td>
              <td>{entry.description ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One task: its details, status, edit and delete, and the time tracked on it. */
function TaskDetails({ id }: { id: string }) {
  const navigate = useNavigate();
  const user = useCurrentUser();
  const timeZone = user?.timezone;
  const deleteTask = useDeleteTask();
  // Stops asking for the task once it is being deleted, so its page doesn't flash "not found".
  const task = useTask(id, { enabled: deleteTask.isIdle || deleteTask.isError });
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [statusError, setStatusError] = useState<string | null>(null);
  const statusId = useId();
  useDocumentTitle(task.data ? taskName(task.data) : 'Task');

  if (task.isPending) {
    return (
      <section className="page" aria-label="Task">
        <DetailsSkeleton label="task" />
      </section>
    );
  }
  if (task.isError) {
    if (isNotFound(task.error)) {
      return (
        <MissingRecord title="Task not found" backTo="/tasks" backLabel="Go to tasks">
          This task doesn't exist, or you don't have access to it.
        </MissingRecord>
      );
    }
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Task</h1>
        <FormAlert>
          Couldn't load this task. {describeError(task.error)}{' '}
          <button type="button" className="link-button" onClick={() => void task.refetch()}>
            Try again
          </button>
        </FormAlert>
      </section>
    );
  }

  const data: TaskDetailResponse = task.data;
  // The API lets the creator and admins delete; other project members get a 403, so they don't see the button.
  const mayDelete = user?.role === Role.ADMIN || data.user_id === user?.id;

  return (
    <section className="page" aria-labelledby="page-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/tasks">Tasks</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{data.key ?? 'Task'}</span>
      </nav>
      <header className="page-header page-header-actions">
        <div>
          {data.key && <p className="record-key">{data.key}</p>}
          <h1 id="page-title">{data.title}</h1>
        </div>
        <div className="actions">
          {data.status !== 'archived' && <StartTimerButton task={data} />}
          <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>
            Edit
          </button>
          {mayDelete && (
            <button type="button" className="button button-danger-ghost" onClick={() => setConfirmingDelete(true)}>
              Delete
            </button>
          )}
        </div>
      </header>

      {statusError && <FormAlert>{statusError}</FormAlert>}

      <div className="card">
        <dl className="details">
          <div className="detail">
            <dt>
              <label htmlFor={statusId}>Status</label>
            </dt>
            <dd>
              <TaskStatusSelect id={statusId} label="Status" task={data} onError={(error) => setStatusError(`Couldn't change the status: ${describeError(error)}`)} />
            </dd>
          </div>
          <Detail term="Priority">
            <span className={`priority priority-${data.priority}`}>{PRIORITY_LABELS[data.priority]}</span>
          </Detail>
          <Detail term="Due date">{data.due_date ? <time dateTime={data.due_date}>{formatDate(data.due_date, timeZone)}</time> : <span className="muted">None</span>}</Detail>
          <Detail term="Project">{data.project_id ? <ProjectLink projectId={data.project_id} taskKey={data.key} /> : <span className="muted">None</span>}</Detail>
          <Detail term="Estimate">{data.estimated_hours !== null ? formatHours(data.estimated_hours) : <span className="muted">None</span>}</Detail>
          <Detail term="Time tracked">{formatHours(data.time_tracked_hours)}</Detail>
          <Detail term="Tags">
            {data.tags.length > 0 ? (
              <ul className="tag-list">
                {data.tags.map((tag) => (
                  <li key={tag} className="tag">
                    <Link to={`/tasks?tag=${encodeURIComponent(tag)}`}>{tag}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">None</span>
            )}
          </Detail>
          <Detail term="Created">
            <Timestamp iso={data.created_at} timeZone={timeZone} />
          </Detail>
          <Detail term="Last updated">
            <Timestamp iso={data.updated_at} timeZone={timeZone} />
          </Detail>
          <Detail term="Completed">
            <Timestamp iso={data.completed_at} timeZone={timeZone} />
          </Detail>
        </dl>
        <p className="muted timezone-note">Times are shown in {timeZone ?? 'your browser’s time zone'}.</p>
      </div>

      <section className="section" aria-labelledby="description-title">
        <h2 id="description-title">Description</h2>
        {data.description ? <p className="description">{data.description}</p> : <p className="muted">No description.</p>}
      </section>

      <section className="section" aria-labelledby="time-title">
        <h2 id="time-title">Time entries</h2>
        <TimeEntries entries={data.time_entries} timeZone={timeZone} />
      </section>

      {editing && <TaskDialog task={data} onClose={() => setEditing(false)} />}
      {confirmingDelete && (
        <ConfirmDialog
          title={`Delete ${data.key ?? 'this task'}?`}
          confirmLabel="Delete task"
          pendingLabel="Deleting…"
          pending={deleteTask.isPending}
          error={deleteTask.isError ? describeError(deleteTask.error) : null}
          onCancel={() => {
            setConfirmingDelete(false);
            deleteTask.reset();
          }}
          onConfirm={() =>
            deleteTask.mutate(
              { id: data.id, projectId: data.project_id },
              { onSuccess: () => navigate(data.project_id ? `/projects/${data.project_id}` : '/tasks', { replace: true }) },
            )
          }
        >
          “{data.title}” will be deleted. Time already tracked on it is kept, without a task. This can't be undone.
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Keyed by id: moving to another record starts with fresh dialogs and mutation state. */
export function TaskPage() {
  const { id = '' } = useParams();
  return <TaskDetails key={id} id={id} />;
}
