import { useId, useState } from 'react';
import { describeError } from '@/api/errors';
import { useTasks } from '@/api/tasks';
import { FieldMessages } from '@/components/fields';
import { useDebouncedValue } from '@/components/useDebouncedValue';

/** What a picker needs of a task: enough to name it and to send it. */
export interface TaskChoice {
  id: string;
  key: string | null;
  title: string;
  project_id: string | null;
}

const RESULTS = 8;

interface TaskPickerProps {
  value: TaskChoice | null;
  onChange: (task: TaskChoice | null) => void;
  errors?: readonly string[];
  /** Legend of the group; "Task" unless told. */
  label?: string;
}

/**
 * Finds a task by words in its title or description and picks it (or "No task"): a search
 * box over a radio group, so it works with the keyboard and screen readers without a custom
 * combobox. Open tasks only; the chosen one stays listed while other words are searched.
 */
export function TaskPicker({ value, onChange, errors, label = 'Task' }: TaskPickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 250);
  const tasks = useTasks({ q: q || undefined, status: ['todo', 'in_progress'], per_page: RESULTS, sort: q ? undefined : 'updated_at' });
  const found: TaskChoice[] = (tasks.data?.data ?? []).filter((task) => task.id !== value?.id);
  const options = value ? [value, ...found] : found;
  const invalid = Boolean(errors && errors.length > 0);

  return (
    <fieldset className="task-picker field" aria-describedby={invalid ? `${id}-error` : undefined}>
      <legend className="field-label">{label}</legend>
      <label htmlFor={`${id}-search`} className="visually-hidden">
        Find a task
      </label>
      <input
        id={`${id}-search`}
        type="search"
        className="field-input field-compact"
        placeholder="Find a task by title…"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <ul className="task-picker-options" aria-busy={tasks.isFetching || undefined}>
        <li>
          <label className="task-picker-option">
            <input type="radio" name={`${id}-task`} checked={value === null} onChange={() => onChange(null)} />
            <span className="muted">No task</span>
          </label>
        </li>
        {options.map((task) => (
          <li key={task.id}>
            <label className="task-picker-option">
              <input type="radio" name={`${id}-task`} checked={value?.id === task.id} onChange={() => onChange(task)} />
              <span>
                {task.key && <span className="cell-key">{task.key}</span>} {task.title}
              </span>
            </label>
          </li>
        ))}
        {tasks.isPending && <li className="muted">Loading tasks…</li>}
        {tasks.isError && <li className="field-errors">Couldn't load tasks. {describeError(tasks.error)}</li>}
        {tasks.isSuccess && found.length === 0 && q && <li className="muted">No open task matches “{q}”.</li>}
      </ul>
      <FieldMessages errors={errors} errorId={`${id}-error`} hintId={`${id}-hint`} />
    </fieldset>
  );
}
