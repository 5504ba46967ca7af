import { NO_PROJECT, TASK_PRIORITIES, TASK_STATUSES, TASK_TAG_MAX_LENGTH, TASK_TAGS_MAX, type ProjectResponse, type TaskPriority } from '@stint/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { TagsInput } from '@/components/TagsInput';
import { useDebouncedValue } from '@/components/useDebouncedValue';
import { clearedFilters, dueRangeIsInverted, hasActiveFilters, type TaskFilters } from '@/features/tasks/task-filters';
import { PRIORITY_LABELS, STATUS_LABELS } from '@/features/tasks/task-labels';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The search box. It keeps its own text while the user types and writes it to the URL
 * once typing pauses (or on Enter); a change of `q` from elsewhere (Back, "Clear filters")
 * replaces the text, but the echo of its own write doesn't.
 */
function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [text, setText] = useState(q);
  const written = useRef(q);
  const settled = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (q !== written.current) {
      written.current = q;
      setText(q);
    }
  }, [q]);

  function write(value: string) {
    const next = value.trim();
    if (next === written.current) return;
    written.current = next;
    onSearch(next);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typed text settles, not when write() is recreated.
  useEffect(() => {
    write(settled);
    // Runs when the typed text settles, not on every render.
  }, [settled]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    write(text);
  }

  return (
    <form role="search" className="search-box" onSubmit={onSubmit}>
      <label htmlFor={id} className="visually-hidden">
        Search tasks
      </label>
      <input id={id} type="search" className="field-input" placeholder="Search tasks…" value={text} maxLength={200} onChange={(event) => setText(event.target.value)} />
    </form>
  );
}

interface TaskFilterBarProps {
  filters: TaskFilters;
  onChange: (next: TaskFilters) => void;
  /** Projects to filter by; left out on a project's own page. */
  projects?: ProjectResponse[];
}

/** Search and filters of the tasks list. Every change goes back to page 1. */
export function TaskFilterBar({ filters, onChange, projects }: TaskFilterBarProps) {
  const ids = { priority: useId(), project: useId(), dueFrom: useId(), dueTo: useId(), range: useId() };
  const update = (changes: Partial<TaskFilters>) => onChange({ ...filters, ...changes, page: 1 });
  const inverted = dueRangeIsInverted(filters);

  return (
    <div className="filter-bar">
      <SearchBox q={filters.q} onSearch={(q) => update({ q })} />
      <div className="filters" role="group" aria-label="Filters">
        <fieldset className="filter-statuses">
          <legend className="field-label">Status</legend>
          <div className="toggle-group">
            {TASK_STATUSES.map((status) => {
              const checked = filters.status.includes(status);
              return (
                <label key={status} className="toggle">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={() => update({ status: TASK_STATUSES.filter((s) => (s === status ? !checked : filters.status.includes(s))) })}
                  />
                  <span>{STATUS_LABELS[status]}</span>
                </label>
              );
            })}
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor={ids.priority} className="field-label">
            Priority
          </label>
          <select
            id={ids.priority}
            className="field-input field-select field-compact"
            value={filters.priority ?? ''}
            onChange={(event) => update({ priority: (event.target.value || null) as TaskPriority | null })}
          >
            <option value="">Any priority</option>
            {TASK_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </select>
        </div>

        {projects && (
          <div className="field">
            <label htmlFor={ids.project} className="field-label">
              Project
            </label>
            <select
              id={ids.project}
              className="field-input field-select field-compact"
              value={filters.project ?? ''}
              onChange={(event) => update({ project: event.target.value || null })}
            >
              <option value="">Any project</option>
              <option value={NO_PROJECT}>No project</option>
              {/* A project id from a shared link that this user can't see still shows as chosen. */}
              {filters.project && filters.project !== NO_PROJECT && !projects.some((project) => project.id === filters.project) && (
                <option value={filters.project}>Unknown project</option>
              )}
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name} ({project.key})
                </option>
              ))}
            </select>
          </div>
        )}

        <TagsInput
          className="filter-tags"
          label="Tags"
          value={filters.tags}
          onChange={(tags) => update({ tags })}
          maxTags={TASK_TAGS_MAX}
          maxLength={TASK_TAG_MAX_LENGTH}
          placeholder={filters.tags.length ? '' : 'Any tag'}
        />

        <fieldset className="filter-due" aria-describedby={inverted ? ids.range : undefined}>
          <legend className="field-label">Due</legend>
          <div className="date-range">
            <label htmlFor={ids.dueFrom} className="visually-hidden">
              Due from
            </label>
            <input
              id={ids.dueFrom}
              type="date"
              className="field-input field-compact"
              value={filters.dueFrom ?? ''}
              max={filters.dueTo ?? undefined}
              aria-invalid={inverted || undefined}
              onChange={(event) => update({ dueFrom: event.target.value || null })}
            />
            <span aria-hidden="true">–</span>
            <label htmlFor={ids.dueTo} className="visually-hidden">
              Due to
            </label>
            <input
              id={ids.dueTo}
              type="date"
              className="field-input field-compact"
              value={filters.dueTo ?? ''}
              min={filters.dueFrom ?? undefined}
              aria-invalid={inverted || undefined}
              onChange={(event) => update({ dueTo: event.target.value || null })}
            />
          </div>
          {inverted && (
            <p id={ids.range} className="field-errors">
              The start date is after the end date, so the due dates aren't filtered.
            </p>
          )}
        </fieldset>

        {hasActiveFilters(filters) && (
          <button type="button" className="link-button filter-clear" onClick={() => onChange(clearedFilters(filters))}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
