import { PAGE_SIZE_MAX, Role, type ReportSubjectType, type UserResponse } from '@stint/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useRefetchAnalyticsOnChanges, useReport } from '@/api/analytics';
import { describeError, isNotFound } from '@/api/errors';
import { useProjectOptions } from '@/api/projects';
import { queryKeys } from '@/api/query-keys';
import { fetchUsers, useCurrentUser } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { DetailsSkeleton } from '@/components/Skeleton';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { RangePicker, useRangeParam } from '@/features/dashboard/RangePicker';
import { formatRange } from '@/features/dashboard/date-range';
import { CsvDownloadButton } from '@/features/reports/CsvDownloadButton';
import { ReportView } from '@/features/reports/ReportTables';
import '@/features/dashboard/dashboard.css';

const TABS: { type: ReportSubjectType; label: string }[] = [
  { type: 'project', label: 'Project report' },
  { type: 'user', label: 'User report' },
];

/** The report's kind and subject, kept in the URL (`tab`, `project`, `user`) beside the range. */
function useReportParams() {
  const [search, setSearch] = useSearchParams();
  const tab: ReportSubjectType = search.get('tab') === 'user' ? 'user' : 'project';
  const update = (changes: Record<string, string | null>) =>
    setSearch((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      return next;
    });
  return {
    tab,
    projectId: search.get('project'),
    userId: search.get('user'),
    setTab: (type: ReportSubjectType) => update({ tab: type === 'project' ? null : type }),
    setProject: (id: string) => update({ project: id }),
    setUser: (id: string) => update({ user: id }),
  };
}

function ReportTabs({
  tab,
  onChange,
  panelId,
  tabIds,
}: {
  tab: ReportSubjectType;
  onChange: (type: ReportSubjectType) => void;
  panelId: string;
  tabIds: Record<ReportSubjectType, string>;
}) {
  const refs = useRef<Partial<Record<ReportSubjectType, HTMLButtonElement | null>>>({});
  // Arrow keys move between tabs (and select them), as the ARIA tabs pattern has it.
  function onKeyDown(event: KeyboardEvent) {
    const index = TABS.findIndex((item) => item.type === tab);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = TABS.length - 1;
    if (next === null) return;
    event.preventDefault();
    onChange(TABS[next].type);
    refs.current[TABS[next].type]?.focus();
  }
  return (
    <div className="report-tabs" role="tablist" aria-label="Report" onKeyDown={onKeyDown}>
      {TABS.map((item) => (
        <button
          key={item.type}
          ref={(node) => {
            refs.current[item.type] = node;
          }}
          id={tabIds[item.type]}
          type="button"
          role="tab"
          className="report-tab"
          aria-selected={tab === item.type}
          aria-controls={panelId}
          tabIndex={tab === item.type ? 0 : -1}
          onClick={() => onChange(item.type)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

function SubjectSelect({ label, value, onChange, children }: { label: string; value: string; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field report-subject">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} className="field-input field-select field-compact" value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** Admins may report on anyone; members only on themselves (the users list is admins-only). */
const USERS_QUERY = { per_page: PAGE_SIZE_MAX };

function useReportableUsers(me: UserResponse | null) {
  const isAdmin = me?.role === Role.ADMIN;
  const users = useQuery({
    queryKey: queryKeys.users.list(USERS_QUERY),
    queryFn: ({ signal }) => fetchUsers(USERS_QUERY, signal),
    enabled: isAdmin,
  });
  return useMemo(() => {
    if (!me) return [];
    if (!isAdmin || !users.data) return [me];
    const list = users.data.data.some((user) => user.id === me.id) ? users.data.data : [me, ...users.data.data];
    return [...list].sort((a, b) => a.full_name.localeCompare(b.full_name));
  }, [me, isAdmin, users.data]);
}

/**
 * Reports: a project's or a user's time over a range, as tables by day, task and user (or
 * project) with totals and the billable split, money for admins, and the same as CSV.
 */
export function ReportsPage() {
  useDocumentTitle('Reports');
  const me = useCurrentUser();
  const timeZone = me?.timezone;
  const [selection, setSelection] = useRangeParam('this-month', timeZone);
  const range = useMemo(() => ({ start: selection.start, end: selection.end }), [selection.start, selection.end]);
  const params = useReportParams();
  const projects = useProjectOptions();
  const users = useReportableUsers(me);
  const tabIds = { project: useId(), user: useId() };
  const panelId = useId();

  const projectList = projects.data ?? [];
  const projectId = params.projectId && projectList.some((project) => project.id === params.projectId) ? params.projectId : (projectList[0]?.id ?? null);
  const userId = params.userId && users.some((user) => user.id === params.userId) ? params.userId : (me?.id ?? null);
  const subjectId = params.tab === 'project' ? projectId : userId;
  // Named as the server names its files: a project by its key, a user by their name.
  const subjectName = params.tab === 'project' ? (projectList.find((project) => project.id === projectId)?.key ?? '') : (users.find((user) => user.id === userId)?.full_name ?? '');
  const report = useReport(params.tab, subjectId, range);
  useRefetchAnalyticsOnChanges();

  let content: ReactNode;
  if (params.tab === 'project' && projects.isPending) {
    content = <DetailsSkeleton label="projects" />;
  } else if (params.tab === 'project' && projects.isError) {
    content = (
      <FormAlert>
        Couldn’t load your projects. {describeError(projects.error)}{' '}
        <button type="button" className="link-button" onClick={() => void projects.refetch()}>
          Try again
        </button>
      </FormAlert>
    );
  } else if (!subjectId) {
    content = (
      <div className="empty-state empty-state-compact">
        <p className="empty-state-title">No projects to report on</p>
        <p className="muted">
          You aren’t in any project yet. <Link to="/projects">See the projects</Link>, or switch to your own user report.
        </p>
      </div>
    );
  } else if (report.isPending) {
    content = <DetailsSkeleton label="the report" />;
  } else if (report.isError && !report.data) {
    content = (
      <FormAlert>
        {isNotFound(report.error) ? 'This report isn’t available to you.' : `Couldn’t load the report. ${describeError(report.error)}`}{' '}
        <button type="button" className="link-button" onClick={() => void report.refetch()}>
          Try again
        </button>
      </FormAlert>
    );
  } else if (report.data && report.data.totals.entries === 0) {
    content = (
      <div className="empty-state empty-state-compact">
        <p className="empty-state-title">No time in this range</p>
        <p className="muted">
          Nothing was tracked {params.tab === 'project' ? 'on this project' : 'by this user'} between {formatRange(report.data.date_range)}. Running timers show up once they’re
          stopped. <Link to="/time">Track time</Link> or pick another range.
        </p>
      </div>
    );
  } else if (report.data) {
    content = (
      <div className={report.isPlaceholderData ? 'analytics-stale' : undefined} aria-busy={report.isPlaceholderData || undefined}>
        <ReportView report={report.data} />
      </div>
    );
  }

  return (
    <section className="page page-wide reports" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Reports</h1>
        <p className="muted">Where the time went, by day, task and person, with the billable split — and the same as CSV.</p>
      </header>

      <ReportTabs tab={params.tab} onChange={params.setTab} panelId={panelId} tabIds={tabIds} />

      <div id={panelId} role="tabpanel" aria-labelledby={tabIds[params.tab]}>
        <div className="report-toolbar">
          {params.tab === 'project' ? (
            projectList.length > 0 && (
              <SubjectSelect label="Project" value={projectId ?? ''} onChange={params.setProject}>
                {projectList.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name} ({project.key}){project.archived_at ? ' — archived' : ''}
                  </option>
                ))}
              </SubjectSelect>
            )
          ) : (
            <SubjectSelect label="User" value={userId ?? ''} onChange={params.setUser}>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.id === me?.id ? `${user.full_name} (you)` : user.full_name}
                </option>
              ))}
            </SubjectSelect>
          )}
          <RangePicker value={selection} onChange={setSelection} timeZone={timeZone} />
        </div>

        {subjectId && report.data && report.data.totals.entries > 0 && (
          <CsvDownloadButton key={`${params.tab}:${subjectId}`} type={params.tab} id={subjectId} name={subjectName || report.data.subject.name} range={range} />
        )}

        {content}
      </div>
    </section>
  );
}
