import { TIME_ENTRY_DESCRIPTION_MAX_LENGTH, type ProjectResponse, type TimeEntryCreateRequest, type TimeEntryWriteResponse, type TimeLogResponse } from '@stint/contracts';
import { useState, type FormEvent } from 'react';
import { toFormErrors } from '@/api/errors';
import { useCreateEntry, useUpdateEntry } from '@/api/time-tracking';
import { CheckboxField, SelectField, TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TaskPicker, type TaskChoice } from '@/components/TaskPicker';
import { TextField } from '@/components/TextField';
import { isoToLocalDateTime, localDateTimeToIso } from '@/lib/dates';

const FIELDS = {
  task_id: 'Task',
  project_id: 'Project',
  description: 'Description',
  start_time: 'Start',
  end_time: 'End',
  is_billable: 'Billable',
} as const;
type Field = keyof typeof FIELDS;

interface TimeEntryDialogProps {
  /** The entry to edit (stopped entries only); a new one without it. */
  entry?: TimeLogResponse;
  projects: readonly ProjectResponse[];
  timeZone: string | undefined;
  onClose: () => void;
  /** The saved entry, with the server's warnings (e.g. OVERLAP). */
  onSaved: (entry: TimeEntryWriteResponse) => void;
}

const FIVE_MINUTES = 5 * 60_000;

/** A new entry defaults to the hour that just ended, on five-minute marks. */
function defaultTimes(timeZone: string | undefined, now = Date.now()) {
  const end = Math.floor(now / FIVE_MINUTES) * FIVE_MINUTES;
  return {
    start: isoToLocalDateTime(new Date(end - 3_600_000).toISOString(), timeZone),
    end: isoToLocalDateTime(new Date(end).toISOString(), timeZone),
  };
}

/**
 * Add or correct an entry by hand. Start and end are entered in the user's time zone
 * (datetime-local) and sent as UTC; the server computes duration and cost and checks the
 * rules (end after start, not in the future), whose messages show beside the fields.
 */
export function TimeEntryDialog({ entry, projects, timeZone, onClose, onSaved }: TimeEntryDialogProps) {
  const create = useCreateEntry();
  const update = useUpdateEntry();
  const mutation = entry ? update : create;
  const defaults = defaultTimes(timeZone);
  const [task, setTask] = useState<TaskChoice | null>(
    entry?.task_id ? { id: entry.task_id, key: entry.task_key, title: entry.task_title ?? 'Task', project_id: entry.project_id } : null,
  );
  const [projectId, setProjectId] = useState(entry?.project_id ?? '');
  const [description, setDescription] = useState(entry?.description ?? '');
  const [start, setStart] = useState(entry ? isoToLocalDateTime(entry.start_time, timeZone) : defaults.start);
  const [end, setEnd] = useState(entry?.end_time ? isoToLocalDateTime(entry.end_time, timeZone) : defaults.end);
  const [billable, setBillable] = useState(entry?.is_billable ?? true);
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string[]>>>({});

  const serverErrors = mutation.isError ? toFormErrors<Field>(mutation.error, FIELDS) : null;
  const errors = { ...serverErrors?.fields, ...localErrors };
  const openProjects = projects.filter((project) => !project.archived_at || project.id === entry?.project_id);

  function chooseProject(id: string) {
    setProjectId(id);
    // A new entry takes the project's billable default.
    if (!entry) setBillable(projects.find((project) => project.id === id)?.is_billable ?? true);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const startIso = localDateTimeToIso(start, timeZone);
    const endIso = localDateTimeToIso(end, timeZone);
    const missing: Partial<Record<Field, string[]>> = {};
    if (!startIso) missing.start_time = ['Enter the date and time you started.'];
    if (!endIso) missing.end_time = ['Enter the date and time you finished.'];
    setLocalErrors(missing);
    if (!startIso || !endIso) return;

    const body: TimeEntryCreateRequest = {
      task_id: task?.id ?? null,
      // An entry's project is its task's (sent too, so an edit that moves the entry to another task moves it with it).
      project_id: task ? task.project_id : projectId || null,
      description: description.trim() || null,
      start_time: startIso,
      end_time: endIso,
      is_billable: billable,
    };
    if (entry) update.mutate({ id: entry.id, changes: body }, { onSuccess: onSaved });
    else create.mutate(body, { onSuccess: onSaved });
  }

  return (
    <Modal title={entry ? 'Edit time entry' : 'Add time'} description={`Times are in ${timeZone ?? 'your browser’s time zone'}.`} onClose={onClose}>
      <form className="modal-form form" onSubmit={submit} noValidate>
        {serverErrors?.form && <FormAlert>{serverErrors.form}</FormAlert>}
        <div className="form-grid">
          <TextField
            label="Start"
            type="datetime-local"
            required
            value={start}
            onChange={(event) => setStart(event.target.value)}
            errors={errors.start_time}
          />
          <TextField label="End" type="datetime-local" required value={end} onChange={(event) => setEnd(event.target.value)} errors={errors.end_time} />
        </div>
        <TaskPicker value={task} onChange={setTask} errors={errors.task_id} />
        {!task && (
          <SelectField label="Project" value={projectId} onChange={(event) => chooseProject(event.target.value)} errors={errors.project_id} hint="Optional when no task is chosen.">
            <option value="">No project</option>
            {openProjects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name} ({project.key})
              </option>
            ))}
          </SelectField>
        )}
        <TextAreaField
          label="Description"
          value={description}
          maxLength={TIME_ENTRY_DESCRIPTION_MAX_LENGTH}
          onChange={(event) => setDescription(event.target.value)}
          errors={errors.description}
        />
        <CheckboxField label="Billable" checked={billable} onChange={(event) => setBillable(event.target.checked)} errors={errors.is_billable} />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : entry ? 'Save changes' : 'Add entry'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
