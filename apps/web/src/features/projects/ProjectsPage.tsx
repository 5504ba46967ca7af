import { Role, type ProjectListQuery } from '@stint/contracts';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { describeError } from '@/api/errors';
import { useProjects } from '@/api/projects';
import { useCurrentUser } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { Pagination } from '@/components/Pagination';
import { TableSkeleton } from '@/components/Skeleton';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { ProjectDialog } from '@/features/projects/ProjectDialog';

const PER_PAGE = 20;

/** Projects the user belongs to (all of them for admins), with "include archived" and pages in the URL. */
export function ProjectsPage() {
  useDocumentTitle('Projects');
  const user = useCurrentUser();
  const isAdmin = user?.role === Role.ADMIN;
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const includeArchived = search.get('archived') === '1';
  const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
  const query: ProjectListQuery = { include_archived: includeArchived, page, per_page: PER_PAGE, sort: 'name', order: 'asc' };
  const projects = useProjects(query);
  const [creating, setCreating] = useState(false);

  function setParams(changes: { archived?: boolean; page?: number }) {
    setSearch((current) => {
      const next = new URLSearchParams(current);
      if (changes.archived !== undefined) {
        if (changes.archived) next.set('archived', '1');
        else next.delete('archived');
      }
      const nextPage = changes.page ?? 1;
      if (nextPage > 1) next.set('page', String(nextPage));
      else next.delete('page');
      return next;
    });
  }

  const data = projects.data;
  const newProjectButton = isAdmin && (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      New project
    </button>
  );

  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <div className="section-toolbar">
        <header className="page-header">
          <h1 id="page-title">Projects</h1>
          <p className="muted">{isAdmin ? 'Every project on this server.' : 'The projects you belong to.'}</p>
        </header>
        {newProjectButton}
      </div>

      <div className="filter-bar filter-bar-inline">
        <label className="toggle">
          <input type="checkbox" checked={includeArchived} onChange={(event) => setParams({ archived: event.target.checked })} />
          <span>Include archived</span>
        </label>
      </div>

      {projects.isError && !data ? (
        <FormAlert>
          Couldn't load the projects. {describeError(projects.error)}{' '}
          <button type="button" className="link-button" onClick={() => void projects.refetch()}>
            Try again
          </button>
        </FormAlert>
      ) : data && data.meta.total === 0 ? (
        <div className="empty-state">
          <p className="empty-state-title">{includeArchived ? 'No projects' : 'No active projects'}</p>
          <p className="muted">
            {isAdmin
              ? 'Projects group tasks and time, with their own key, currency and members.'
              : "You aren't a member of any project yet. Ask an admin to add you; meanwhile you can still track tasks of your own."}
          </p>
          {newProjectButton}
        </div>
      ) : (
        <div className="table-scroll" role="region" aria-label="Projects table" tabIndex={0}>
          <table className="table" aria-busy={projects.isFetching && projects.isPlaceholderData ? true : undefined}>
            <caption className="visually-hidden">Projects, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Currency</th>
                <th scope="col" className="numeric">
                  Members
                </th>
                <th scope="col" className="numeric">
                  Tasks
                </th>
              </tr>
            </thead>
            <tbody className={projects.isPlaceholderData ? 'is-stale' : undefined}>
              {!data ? (
                <TableSkeleton columns={5} label="projects" />
              ) : (
                data.data.map((project) => (
                  <tr key={project.id}>
                    <td>
                      <Link to={`/projects/${project.id}`} className="task-title-link">
                        {project.name}
                      </Link>
                      {project.archived_at && <span className="badge badge-muted">Archived</span>}
                    </td>
                    <td className="cell-key">{project.key}</td>
                    <td>{project.currency}</td>
                    <td className="numeric">{project.member_count}</td>
                    <td className="numeric">{project.task_count}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}

      {data && data.meta.total > 0 && <Pagination meta={data.meta} noun="projects" onPageChange={(next) => setParams({ page: next })} />}

      {creating && <ProjectDialog onClose={() => setCreating(false)} onSaved={(project) => navigate(`/projects/${project.id}`)} />}
    </section>
  );
}
