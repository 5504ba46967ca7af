import { PAGE_SIZE_MAX, type EntryWarning, type ProjectResponse, type TimeEntryWriteResponse, type TimeLogResponse, type TimerView } from '@stint/contracts';
import { useCallback, useId, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '@/api/errors';
import { useProjectOptions } from '@/api/projects';
import { useTasks } from '@/api/tasks';
import { useDeleteEntry, useTimeEntries, useTimerStatus } from '@/api/time-tracking';
import { useCurrentUser } from '@/api/users';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { FormAlert } from '@/components/FormAlert';
import { TableSkeleton } from '@/components/Skeleton';
import { showToast } from '@/components/toast-store';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useLiveTimer } from '@/components/useLiveTimer';
import { formatCalendarDate, formatDayHeading, formatTime, calendarDateIn } from '@/lib/dates';
import { formatElapsed, secondsToHours } from '@/lib/duration';
import { formatMoney, formatTotals } from '@/lib/money';
import { entrySeconds, groupEntries, type EntryGroup } from '@/features/time/time-grouping';
import { TimeEntryDialog } from '@/features/time/TimeEntryDialog';
import {
  daysBetween,
  MAX_RANGE_DAYS,
  parseTimeFilters,
  rangeContaining,
  rangeLength,
  shiftRange,
  thisWeek,
  toTimeLogQuery,
  writeTimeFilters,
  type TimeFilters,
  type TimeGrouping,
} from '@/features/time/time-range';

const COLUMNS = 6;

function useTimeFilters(timeZone: string | undefined) {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => parseTimeFilters(search, timeZone), [search, timeZone]);
  const setFilters = useCallback((next: TimeFilters) => setSearch(writeTimeFilters(next, timeZone)), [setSearch, timeZone]);
  return [filters, setFilters] as const;
}

function hoursLabel(seconds: number): string {
  return `${formatElapsed(seconds)} (${new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(secondsToHours(seconds))} h)`;
}

function rangeLabel(filters: Pick<TimeFilters, 'from' | 'to'>): string {
  return filters.from === filters.to ? formatCalendarDate(filters.from) : `${formatCalendarDate(filters.from)} – ${formatCalendarDate(filters.to)}`;
}

/** A running or paused entry ticks here too, from the status the floating timer keeps live. */
function LiveDuration({ timer, receivedAt }: { timer: TimerView; receivedAt: number }) {
  const live = useLiveTimer(timer, receivedAt);
  return (
    <>
      <span className="numeric-cell">{formatElapsed(live.elapsedSeconds)}</span>
      <span className="visually-hidden"> so far</span>
    </>
  );
}

/** An entry named the way the table shows it: its times and its task (or description). */
function entryLabel(entry: TimeLogResponse, timeZone: string | undefined): string {
  const when = `${formatCalendarDate(calendarDateIn(entry.start_time, timeZone))} ${formatTime(entry.start_time, timeZone)}–${entry.end_time ? formatTime(entry.end_time, timeZone) : 'now'}`;
  const what = [entry.task_key ?? entry.task_title, entry.description].filter(Boolean).join(' · ') || 'no task';
  return `${when} (${what})`;
}

/**
 * The server saved an entry that overlaps others of the user's (issue 12): that time counts
 * more than once in the totals, so say so and name the entries it overlaps (those listed in
 * this period by their times and task; others by count).
 */
function OverlapWarning({
  saved,
  warning,
  listed,
  timeZone,
  onDismiss,
}: {
  saved: TimeEntryWriteResponse;
  warning: EntryWarning;
  listed: readonly TimeLogResponse[];
  timeZone: string | undefined;
  onDismiss: () => void;
}) {
  const byId = new Map(listed.map((entry) => [entry.id, entry]));
  const named = warning.entries.map((id) => byId.get(id)).filter((entry): entry is TimeLogResponse => Boolean(entry));
  const unlisted = warning.entries.length - named.length;
  return (
    <div className="alert alert-warning" role="alert" aria-label="Overlapping entries">
      <p>
        The entry {entryLabel(saved, timeZone)} overlaps {warning.entries.length === 1 ? 'another entry' : `${warning.entries.length} other entries`} of yours, so that time is
        counted more than once:
      </p>
      <ul>
        {named.map((entry) => (
          <li key={entry.id}>{entryLabel(entry, timeZone)}</li>
        ))}
        {unlisted > 0 && <li>{unlisted === 1 ? 'one entry' : `${unlisted} entries`} outside this period</li>}
      </ul>
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function LiveCost({ timer, receivedAt }: { timer: TimerView; receivedAt: number }) {
  const live = useLiveTimer(timer, receivedAt);
  return <>{formatMoney(live.cost, timer.currency)}</>;
}

interface EntryRowProps {
  entry: TimeLogResponse;
  timer: TimerView | undefined;
  receivedAt: number;
  timeZone: string | undefined;
  onEdit: (entry: TimeLogResponse) => void;
  onDelete: (entry: TimeLogResponse) => void;
}

function EntryRow({ entry, timer, receivedAt, timeZone, onEdit, onDelete }: EntryRowProps) {
  const startDay = calendarDateIn(entry.start_time, timeZone);
  const endsOtherDay = entry.end_time && calendarDateIn(entry.end_time, timeZone) !== startDay;
  const name = entry.task_key ?? entry.task_title ?? entry.description ?? 'entry';
  return (
    <tr className={entry.is_active ? 'entry-active' : undefined}>
      <td className="cell-when">
        <time dateTime={entry.start_time}>{formatTime(entry.start_time, timeZone)}</time>
        {' – '}
        {entry.end_time ? (
          <time dateTime={entry.end_time}>
            {formatTime(entry.end_time, timeZone)}
            {endsOtherDay && <span className="muted"> (+{daysBetween(startDay, calendarDateIn(entry.end_time, timeZone))}d)</span>}
          </time>
        ) : (
          <span className={`badge timer-badge timer-badge-${entry.status}`}>{entry.status === 'paused' ? 'Paused' : 'Running'}</span>
        )}
      </td>
      <td className="cell-title">
        {entry.task_id ? (
          <Link to={`/tasks/${entry.task_id}`}>
            {entry.task_key && <span className="cell-key">{entry.task_key} </span>}
            {entry.task_title}
          </Link>
        ) : (
          <span className="muted">No task</span>
        )}
        {entry.project_name && <span className="entry-project">{entry.project_name}</span>}
      </td>
      <td className="cell-description">{entry.description ?? <span className="muted">—</span>}</td>
      <td className="numeric">{timer ? <LiveDuration timer={timer} receivedAt={receivedAt} /> : formatElapsed(entrySeconds(entry))}</td>
      <td className="numeric">
        {timer ? <LiveCost timer={timer} receivedAt={receivedAt} /> : formatMoney(entry.total_cost, entry.currency)}
        {!entry.is_billable && <span className="entry-nonbillable">Not billable</span>}
      </td>
      <td className="cell-actions">
        {entry.is_active ? (
          <span className="muted">Live</span>
        ) : (
          <span className="row-actions">
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={() => onEdit(entry)}
              aria-label={`Edit ${name} at ${formatTime(entry.start_time, timeZone)}`}
            >
              Edit
            </button>
            <button
              type="button"
              className="button button-danger-ghost button-small"
              onClick={() => onDelete(entry)}
              aria-label={`Delete ${name} at ${formatTime(entry.start_time, timeZone)}`}
            >
              Delete
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}

function GroupRows({
  group,
  grouping,
  timers,
  receivedAt,
  timeZone,
  onEdit,
  onDelete,
}: Omit<EntryRowProps, 'entry' | 'timer'> & { group: EntryGroup; grouping: TimeGrouping; timers: Map<string, TimerView> }) {
  const heading = grouping === 'week' ? `Week of ${formatCalendarDate(group.date)}` : formatDayHeading(group.date);
  return (
    <tbody className="entry-group">
      <tr className="entry-group-heading">
        <th scope="rowgroup" colSpan={3}>
          {heading}
        </th>
        <td className="numeric">
          <span className="visually-hidden">Total time </span>
          {hoursLabel(group.seconds)}
        </td>
        <td className="numeric">
          <span className="visually-hidden">Total cost </span>
          {formatTotals(group.totals)}
        </td>
        <td />
      </tr>
      {group.entries.map((entry) => (
        <EntryRow key={entry.id} entry={entry} timer={timers.get(entry.id)} receivedAt={receivedAt} timeZone={timeZone} onEdit={onEdit} onDelete={onDelete} />
      ))}
    </tbody>
  );
}

function RangeNavigation({ filters, timeZone, onChange }: { filters: TimeFilters; timeZone: string | undefined; onChange: (next: TimeFilters) => void }) {
  const fromId = useId();
  const toId = useId();
  const [error, setError] = useState<string | null>(null);
  const week = thisWeek(timeZone);
  const isThisWeek = filters.from === week.from && filters.to === week.to;

  function setRange(from: string, to: string) {
    if (!from || !to) return;
    if (to < from) return setError('The end date is before the start date.');
    if (rangeLength({ from, to }) > MAX_RANGE_DAYS) return setError(`Choose at most ${MAX_RANGE_DAYS} days.`);
    setError(null);
    onChange({ ...filters, from, to });
  }

  return (
    <div className="time-range" role="group" aria-label="Period">
      <div className="time-range-buttons">
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...filters, ...shiftRange(filters, -1) })}>
          <span aria-hidden="true">←</span> Previous
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...filters, ...week })} aria-pressed={isThisWeek}>
          This week
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...filters, ...shiftRange(filters, 1) })}>
          Next <span aria-hidden="true">→</span>
        </button>
      </div>
      <div className="date-range">
        <label htmlFor={fromId} className="visually-hidden">
          From
        </label>
        <input id={fromId} type="date" className="field-input field-compact" value={filters.from} onChange={(event) => setRange(event.target.value, filters.to)} />
        <span aria-hidden="true">–</span>
        <label htmlFor={toId} className="visually-hidden">
          To
        </label>
        <input id={toId} type="date" className="field-input field-compact" value={filters.to} onChange={(event) => setRange(filters.from, event.target.value)} />
      </div>
      {error && (
        <p className="field-errors" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Filters({ filters, projects, onChange }: { filters: TimeFilters; projects: readonly ProjectResponse[]; onChange: (next: TimeFilters) => void }) {
  const projectId = useId();
  const taskId = useId();
  const tasks = useTasks({ project_id: filters.project ?? undefined, per_page: PAGE_SIZE_MAX, sort: 'updated_at' });
  const taskOptions = tasks.data?.data ?? [];
  return (
    <div className="filters time-filters">
      <div className="field">
        <label htmlFor={projectId} className="field-label">
          Project
        </label>
        <select
          id={projectId}
          className="field-input field-select field-compact"
          value={filters.project ?? ''}
          onChange={(event) => onChange({ ...filters, project: event.target.value || null, task: null })}
        >
          <option value="">All projects</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name} ({project.key})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={taskId} className="field-label">
          Task
        </label>
        <select
          id={taskId}
          className="field-input field-select field-compact"
          value={filters.task ?? ''}
          onChange={(event) => onChange({ ...filters, task: event.target.value || null })}
        >
          <option value="">All tasks</option>
          {filters.task && !taskOptions.some((task) => task.id === filters.task) && <option value={filters.task}>Chosen task</option>}
          {taskOptions.map((task) => (
            <option key={task.id} value={task.id}>
              {task.key ? `${task.key} ${task.title}` : task.title}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend className="field-label">Group by</legend>
        <div className="toggle-group">
          {(['day', 'week'] as const).map((grouping) => (
            <label key={grouping} className="toggle">
              <input type="radio" name="group" value={grouping} checked={filters.group === grouping} onChange={() => onChange({ ...filters, group: grouping })} />
              {grouping === 'day' ? 'Day' : 'Week'}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * The user's time: entries of a period (this week by default) by day or by week with totals,
 * filters by project and task, and manual entries added, corrected or deleted in a dialog.
 */
export function TimePage() {
  useDocumentTitle('Time');
  const user = useCurrentUser();
  const timeZone = user?.timezone;
  const [filters, setFilters] = useTimeFilters(timeZone);
  const entries = useTimeEntries(toTimeLogQuery(filters, timeZone));
  const status = useTimerStatus();
  const projects = useProjectOptions();
  const deleteEntry = useDeleteEntry();
  const [editing, setEditing] = useState<TimeLogResponse | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TimeLogResponse | null>(null);
  const [overlap, setOverlap] = useState<{ saved: TimeEntryWriteResponse; warning: EntryWarning } | null>(null);

  const page = entries.data;
  const groups = useMemo(() => (page ? groupEntries(page.data, filters.group, timeZone) : []), [page, filters.group, timeZone]);
  const timers = useMemo(() => new Map((status.data?.status.timers ?? []).map((timer) => [timer.time_log_id, timer])), [status.data]);
  const receivedAt = status.data?.receivedAt ?? 0;
  const filtered = Boolean(filters.project || filters.task);

  let body: ReactNode;
  if (entries.isPending) {
    body = (
      <tbody>
        <TableSkeleton columns={COLUMNS} label="time entries" />
      </tbody>
    );
  } else if (entries.isError && !page) {
    body = (
      <tbody>
        <tr>
          <td colSpan={COLUMNS}>
            <FormAlert>
              Couldn't load your time entries. {describeError(entries.error)}{' '}
              <button type="button" className="link-button" onClick={() => void entries.refetch()}>
                Try again
              </button>
            </FormAlert>
          </td>
        </tr>
      </tbody>
    );
  } else {
    body = groups.map((group) => (
      <GroupRows
        key={group.date}
        group={group}
        grouping={filters.group}
        timers={timers}
        receivedAt={receivedAt}
        timeZone={timeZone}
        onEdit={(entry) => setEditing(entry)}
        onDelete={(entry) => {
          deleteEntry.reset();
          setDeleting(entry);
        }}
      />
    ));
  }

  const empty = page && page.data.length === 0;

  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <div className="section-toolbar">
        <header className="page-header">
          <h1 id="page-title">Time</h1>
          <p className="muted">{rangeLabel(filters)}</p>
        </header>
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          Add time
        </button>
      </div>

      {overlap && <OverlapWarning saved={overlap.saved} warning={overlap.warning} listed={page?.data ?? []} timeZone={timeZone} onDismiss={() => setOverlap(null)} />}

      <div className="filter-bar">
        <RangeNavigation filters={filters} timeZone={timeZone} onChange={setFilters} />
        <Filters filters={filters} projects={projects.data ?? []} onChange={setFilters} />
      </div>

      {page && (
        <dl className="time-summary" aria-label="Totals for this period">
          <div className="detail">
            <dt>Total time</dt>
            <dd>{hoursLabel(page.summary.total_seconds)}</dd>
          </div>
          <div className="detail">
            <dt>Billable time</dt>
            <dd>{hoursLabel(page.summary.billable_seconds)}</dd>
          </div>
          <div className="detail">
            <dt>Cost</dt>
            <dd>{formatTotals(page.summary.totals)}</dd>
          </div>
        </dl>
      )}
      {page?.truncated && (
        <FormAlert tone="info">
          Only the first {page.data.length} entries of this period are listed; choose a shorter period to see all. The totals above cover all of them.
        </FormAlert>
      )}

      {empty ? (
        <div className="empty-state">
          <p className="empty-state-title">{filtered ? 'No time matches these filters' : 'No time tracked in this period'}</p>
          <p className="muted">Start a timer from a task, or add time you worked by hand.</p>
          <button type="button" className="button button-ghost" onClick={() => setEditing('new')}>
            Add time
          </button>
        </div>
      ) : (
        <div className="table-scroll" role="region" aria-label="Time entries table" tabIndex={0}>
          <table className="table time-table" aria-busy={entries.isFetching && entries.isPlaceholderData ? true : undefined}>
            <caption className="visually-hidden">Time entries by {filters.group}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Task</th>
                <th scope="col">Description</th>
                <th scope="col" className="numeric">
                  Duration
                </th>
                <th scope="col" className="numeric">
                  Cost
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            {body}
          </table>
        </div>
      )}
      <p className="muted timezone-note">
        Times are shown in {timeZone ?? 'your browser’s time zone'}. An entry over midnight counts on the day it started. Day and week totals add the costs shown on their rows.
      </p>

      {editing && (
        <TimeEntryDialog
          entry={editing === 'new' ? undefined : editing}
          projects={projects.data ?? []}
          timeZone={timeZone}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            const wasNew = editing === 'new';
            setEditing(null);
            const warning = saved.warnings?.find((item) => item.code === 'OVERLAP');
            setOverlap(warning ? { saved, warning } : null);
            showToast(
              `${wasNew ? 'Added' : 'Saved'} ${formatElapsed(entrySeconds(saved))} for ${formatMoney(saved.total_cost, saved.currency)} on ${formatCalendarDate(calendarDateIn(saved.start_time, timeZone))}`,
            );
            // An entry added outside the period shown: take the user to it.
            const day = calendarDateIn(saved.start_time, timeZone);
            if (day < filters.from || day > filters.to) setFilters({ ...filters, ...rangeContaining(filters, day) });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this entry?"
          confirmLabel="Delete entry"
          pendingLabel="Deleting…"
          pending={deleteEntry.isPending}
          error={deleteEntry.isError ? describeError(deleteEntry.error) : null}
          onCancel={() => setDeleting(null)}
          onConfirm={() =>
            deleteEntry.mutate(deleting.id, {
              onSuccess: () => {
                setDeleting(null);
                showToast(`Deleted ${formatElapsed(entrySeconds(deleting))} on ${deleting.task_key ?? deleting.task_title ?? 'no task'}`);
              },
            })
          }
        >
          {formatElapsed(entrySeconds(deleting))} on {deleting.task_key ?? deleting.task_title ?? 'no task'} ({formatMoney(deleting.total_cost, deleting.currency)}) will be
          deleted. This can't be undone.
        </ConfirmDialog>
      )}
    </section>
  );
}
