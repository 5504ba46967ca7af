import { AUDIT_ACTIONS, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, type AuditAction, type AuditLogEntryResponse, type AuditLogListQuery } from '@stint/contracts';
import { useId } from 'react';
import { useUrlFilters } from '@/lib/url-filters';
import { useAuditLog } from '@/api/audit';
import { describeError } from '@/api/errors';
import { useCurrentUser, useUsers } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { Pagination, PER_PAGE_OPTIONS } from '@/components/Pagination';
import { TableSkeleton } from '@/components/Skeleton';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { addDays, formatDateTime, isCalendarDate, startOfDayIn } from '@/lib/dates';
import { AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS, describeAuditDetails } from '@/features/admin/audit-labels';
import './audit-log.css';

const COLUMNS = 6;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters as the URL holds them: `?action=&user=&from=YYYY-MM-DD&to=YYYY-MM-DD&page=&per_page=`. */
interface AuditFilters {
  action: AuditAction | '';
  user: string;
  from: string;
  to: string;
  page: number;
  perPage: number;
}

function readFilters(params: URLSearchParams): AuditFilters {
  const action = params.get('action') ?? '';
  const user = params.get('user') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const page = Number(params.get('page'));
  const perPage = Number(params.get('per_page'));
  return {
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? (action as AuditAction) : '',
    user: UUID.test(user) ? user : '',
    from: isCalendarDate(from) ? from : '',
    to: isCalendarDate(to) ? to : '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
    perPage: (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : PAGE_SIZE_DEFAULT,
  };
}

/** The API query: calendar days in the viewer's zone become instants; "to" includes its whole day. */
export function toAuditQuery(filters: AuditFilters, timeZone: string | undefined): AuditLogListQuery {
  const rangeOk = !filters.from || !filters.to || filters.from <= filters.to;
  return {
    page: filters.page,
    per_page: filters.perPage,
    action: filters.action || undefined,
    actor_user_id: filters.user || undefined,
    from: rangeOk && filters.from ? startOfDayIn(filters.from, timeZone) : undefined,
    to: rangeOk && filters.to ? startOfDayIn(addDays(filters.to, 1), timeZone) : undefined,
  };
}

function Who({ event }: { event: AuditLogEntryResponse }) {
  if (event.actor) {
    return (
      <>
        {event.actor.full_name}
        <span className="audit-secondary">{event.actor.email}</span>
      </>
    );
  }
  if (event.actor_user_id) {
    return (
      <>
        <span className="muted">Deleted account</span>
        <span className="audit-secondary cell-key">{event.actor_user_id}</span>
      </>
    );
  }
  return <span className="muted">Anonymous</span>;
}

function Subject({ event }: { event: AuditLogEntryResponse }) {
  if (!event.subject_type) return <span className="muted">—</span>;
  return (
    <>
      {AUDIT_SUBJECT_LABELS[event.subject_type]}
      {event.subject_id && <span className="audit-secondary cell-key">{event.subject_id}</span>}
    </>
  );
}

function FromWhere({ event }: { event: AuditLogEntryResponse }) {
  if (!event.ip && !event.user_agent) return <span className="muted">Background job</span>;
  return (
    <>
      {event.ip ?? <span className="muted">Unknown address</span>}
      {event.user_agent && <span className="audit-secondary">{event.user_agent}</span>}
    </>
  );
}

/**
 * The audit trail (spec: Security Specifications and Data Protection): who did what, when and
 * from where, newest first. Filters live in the URL so a view can be bookmarked or shared.
 */
export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const ids = { action: useId(), user: useId(), from: useId(), to: useId(), range: useId() };
  const { params, update, clear } = useUrlFilters();
  const filters = readFilters(params);
  const timeZone = useCurrentUser()?.timezone;
  const events = useAuditLog(toAuditQuery(filters, timeZone));
  const users = useUsers({ per_page: PAGE_SIZE_MAX });
  const rangeInvalid = Boolean(filters.from && filters.to && filters.from > filters.to);
  const filtered = Boolean(filters.action || filters.user || filters.from || filters.to);
  const data = events.data;

  return (
    <div className="audit-log">
      <h2 className="card-title">Audit log</h2>
      <p className="muted">Sign-ins, account, rate and budget changes and data requests, newest first. Entries can’t be changed or deleted. Times are in your time zone.</p>

      <form className="filter-bar filter-bar-inline audit-filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label className="field-label" htmlFor={ids.action}>
            Action
          </label>
          <select id={ids.action} className="field-input" value={filters.action} onChange={(event) => update({ action: event.target.value || null })}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.user}>
            User
          </label>
          <select id={ids.user} className="field-input" value={filters.user} onChange={(event) => update({ user: event.target.value || null })}>
            <option value="">Anyone</option>
            {filters.user && !users.data?.data.some((user) => user.id === filters.user) && <option value={filters.user}>{filters.user}</option>}
            {users.data?.data.map((user) => (
              <option key={user.id} value={user.id}>
                {user.full_name} ({user.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.from}>
            From
          </label>
          <input
            id={ids.from}
            type="date"
            className="field-input"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => update({ from: event.target.value || null })}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.to}>
            To
          </label>
          <input
            id={ids.to}
            type="date"
            className="field-input"
            value={filters.to}
            min={filters.from || undefined}
            aria-invalid={rangeInvalid || undefined}
            aria-describedby={rangeInvalid ? ids.range : undefined}
            onChange={(event) => update({ to: event.target.value || null })}
          />
          {rangeInvalid && (
            <ul id={ids.range} className="field-errors">
              <li>“To” must be on or after “From”; the dates are ignored until then.</li>
            </ul>
          )}
        </div>
        {filtered && (
          <button type="button" className="button button-ghost button-small audit-clear" onClick={clear}>
            Clear filters
          </button>
        )}
      </form>

      {events.isError && !data ? (
        <FormAlert>
          Couldn’t load the audit log. {describeError(events.error)}{' '}
          <button type="button" className="link-button" onClick={() => void events.refetch()}>
            Try again
          </button>
        </FormAlert>
      ) : data && data.meta.total === 0 ? (
        <div className="empty-state">
          <p className="empty-state-title">{filtered ? 'No events match these filters' : 'No events yet'}</p>
          <p className="muted">{filtered ? 'Widen the date range or clear the filters.' : 'Sign-ins and changes to accounts, rates and budgets will appear here.'}</p>
        </div>
      ) : (
        <div className="table-scroll" role="region" aria-label="Audit log events" tabIndex={0}>
          <table className="table audit-table" aria-busy={events.isFetching && events.isPlaceholderData ? true : undefined}>
            <caption className="visually-hidden">Audit log events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">From where</th>
                <th scope="col">Request id</th>
              </tr>
            </thead>
            <tbody className={events.isPlaceholderData ? 'is-stale' : undefined}>
              {!data ? (
                <TableSkeleton columns={COLUMNS} label="the audit log" />
              ) : (
                data.data.map((event) => {
                  const summary = describeAuditDetails(event);
                  return (
                    <tr key={event.id}>
                      <td>
                        <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at, timeZone)}</time>
                      </td>
                      <td>
                        <Who event={event} />
                      </td>
                      <th scope="row">
                        {AUDIT_ACTION_LABELS[event.action] ?? event.action}
                        {summary && <span className="audit-secondary">{summary}</span>}
                      </th>
                      <td>
                        <Subject event={event} />
                      </td>
                      <td>
                        <FromWhere event={event} />
                      </td>
                      <td>{event.request_id ? <code className="cell-key">{event.request_id}</code> : <span className="muted">—</span>}</td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
      )}

      {data && data.meta.total > 0 && (
        <Pagination meta={data.meta} noun="events" onPageChange={(next) => update({ page: String(next) })} onPerPageChange={(next) => update({ per_page: String(next) })} />
      )}
    </div>
  );
}
