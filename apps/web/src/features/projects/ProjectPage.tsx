import { Role } from '@stint/contracts';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { describeError, isNotFound } from '@/api/errors';
import { useArchiveProject, useProject } from '@/api/projects';
import { useCurrentUser } from '@/api/users';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { FormAlert } from '@/components/FormAlert';
import { MissingRecord } from '@/components/MissingRecord';
import { DetailsSkeleton } from '@/components/Skeleton';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { formatDateTime } from '@/lib/dates';
import { ProjectDialog } from '@/features/projects/ProjectDialog';
import { ProjectMembers } from '@/features/projects/ProjectMembers';
import { ProjectBudgetBadge } from '@/features/budgets/ProjectBudgetBadge';
import { TaskList } from '@/features/tasks/TaskList';

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="detail">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A project: details, its tasks, its members; admins edit, archive and manage members here. */
function ProjectDetails({ id }: { id: string }) {
  const user = useCurrentUser();
  const isAdmin = user?.role === Role.ADMIN;
  const timeZone = user?.timezone;
  const project = useProject(id);
  const archive = useArchiveProject();
  const [editing, setEditing] = useState(false);
  const [confirmingArchive, setConfirmingArchive] = useState(false);
  useDocumentTitle(project.data ? project.data.name : 'Project');

  if (project.isPending) {
    return (
      <section className="page" aria-label="Project">
        <DetailsSkeleton label="project" />
      </section>
    );
  }
  if (project.isError) {
    if (isNotFound(project.error)) {
      return (
        <MissingRecord title="Project not found" backTo="/projects" backLabel="Go to projects">
          This project doesn't exist, or you aren't a member of it.
        </MissingRecord>
      );
    }
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Project</h1>
        <FormAlert>
          Couldn't load this project. {describeError(project.error)}{' '}
          <button type="button" className="link-button" onClick={() => void project.refetch()}>
            Try again
          </button>
        </FormAlert>
      </section>
    );
  }

  const data = project.data;
  const archived = Boolean(data.archived_at);

  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/projects">Projects</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{data.key}</span>
      </nav>
      <header className="page-header page-header-actions">
        <div>
          <p className="record-key">
            {data.key}
            {archived && <span className="badge badge-muted">Archived</span>}
          </p>
          <h1 id="page-title">{data.name}</h1>
        </div>
        {isAdmin && (
          <div className="actions">
            <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>
              Edit
            </button>
            {archived ? (
              <button type="button" className="button button-ghost" disabled={archive.isPending} onClick={() => archive.mutate({ id: data.id, archived: false })}>
                {archive.isPending ? 'Restoring…' : 'Restore'}
              </button>
            ) : (
              <button type="button" className="button button-ghost" onClick={() => setConfirmingArchive(true)}>
                Archive
              </button>
            )}
          </div>
        )}
      </header>

      {archive.isError && !confirmingArchive && <FormAlert>{describeError(archive.error)}</FormAlert>}
      {archived && (
        <FormAlert tone="info">This project is archived: its tasks and time stay, but no new tasks can be added.{isAdmin ? ' Restore it to use it again.' : ''}</FormAlert>
      )}

      <div className="card">
        <dl className="details">
          <Detail term="Key">{data.key}</Detail>
          <Detail term="Currency">{data.currency}</Detail>
          <Detail term="New time entries">{data.is_billable ? 'Billable' : 'Not billable'}</Detail>
          <Detail term="Members">{data.member_count}</Detail>
          <Detail term="Tasks">{data.task_count}</Detail>
          <Detail term="Created">
            <time dateTime={data.created_at}>{formatDateTime(data.created_at, timeZone)}</time>
          </Detail>
          {data.archived_at && (
            <Detail term="Archived">
              <time dateTime={data.archived_at}>{formatDateTime(data.archived_at, timeZone)}</time>
            </Detail>
          )}
        </dl>
        {data.description && <p className="description">{data.description}</p>}
        <ProjectBudgetBadge projectId={data.id} />
      </div>

      <section className="section" aria-labelledby="tasks-title">
        <TaskList projectId={data.id} canCreate={!archived} heading={<h2 id="tasks-title">Tasks</h2>} />
      </section>

      <section className="section" aria-labelledby="members-title">
        <div className="section-toolbar">
          <h2 id="members-title">Members</h2>
        </div>
        <ProjectMembers project={data} canManage={isAdmin} />
      </section>

      {editing && <ProjectDialog project={data} onClose={() => setEditing(false)} />}
      {confirmingArchive && (
        <ConfirmDialog
          title={`Archive ${data.name}?`}
          confirmLabel="Archive project"
          pendingLabel="Archiving…"
          tone="primary"
          pending={archive.isPending}
          error={archive.isError ? describeError(archive.error) : null}
          onCancel={() => {
            setConfirmingArchive(false);
            archive.reset();
          }}
          onConfirm={() => archive.mutate({ id: data.id, archived: true }, { onSuccess: () => setConfirmingArchive(false) })}
        >
          It leaves the project pickers and no new tasks can be added to it. Its tasks, members and tracked time stay, and you can restore it at any time.
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Keyed by id: moving to another record starts with fresh dialogs and mutation state. */
export function ProjectPage() {
  const { id = '' } = useParams();
  return <ProjectDetails key={id} id={id} />;
}
