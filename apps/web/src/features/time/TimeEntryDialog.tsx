import { TIME_ENTRY_DESCRIPTION_MAX_LENGTH, type ProjectResponse, type TimeEntryCreateRequest, type TimeEntryWriteResponse, type TimeLogResponse } from '@stint/contracts';
import { useCreateEntry, useUpdateEntry } from '@/api/time-tracking';
import { CheckboxField, SelectField, TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TaskPicker, type TaskChoice } from '@/components/TaskPicker';
import { TextField } from '@/components/TextField';
import { useForm } from '@/components/useForm';
import { isoToLocalDateTime, localDateTimeToIso } from '@/lib/dates';

const FIELDS = {
  task_id: 'Task',
  project_id: 'Project',
  description: 'Description',
  start_time: 'Start',
  end_time: 'End',
  is_billable: 'Billable',
} as const;

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
  const form = useForm({
    initial: () => {
      const defaults = defaultTimes(timeZone);
      return {
        task: entry?.task_id ? ({ id: entry.task_id, key: entry.task_key, title: entry.task_title ?? 'Task', project_id: entry.project_id } as TaskChoice) : null,
        project_id: entry?.project_id ?? '',
        description: entry?.description ?? '',
        start_time: entry ? isoToLocalDateTime(entry.start_time, timeZone) : defaults.start,
        end_time: entry?.end_time ? isoToLocalDateTime(entry.end_time, timeZone) : defaults.end,
        is_billable: entry?.is_billable ?? true,
      };
    },
    labels: FIELDS,
    fieldOf: { task: 'task_id' },
    validate: ({ start_time, end_time }) => ({
      ...(localDateTimeToIso(start_time, timeZone) ? {} : { start_time: ['Enter the date and time you started.'] }),
      ...(localDateTimeToIso(end_time, timeZone) ? {} : { end_time: ['Enter the date and time you finished.'] }),
    }),
  });
  const { values, set, errors } = form;
  const openProjects = projects.filter((project) => !project.archived_at || project.id === entry?.project_id);

  function chooseProject(id: string) {
    set('project_id', id);
    // A new entry takes the project's billable default.
    if (!entry) set('is_billable', projects.find((project) => project.id === id)?.is_billable ?? true);
  }

  const submit = form.handleSubmit((values) => {
    const body: TimeEntryCreateRequest = {
      task_id: values.task?.id ?? null,
      // An entry's project is its task's (sent too, so an edit that moves the entry to another task moves it with it).
      project_id: values.task ? values.task.project_id : values.project_id || null,
      description: values.description.trim() || null,
      start_time: localDateTimeToIso(values.start_time, timeZone)!,
      end_time: localDateTimeToIso(values.end_time, timeZone)!,
      is_billable: values.is_billable,
    };
    const saving = entry ? update.mutateAsync({ id: entry.id, changes: body }) : create.mutateAsync(body);
    return saving.then(onSaved);
  });

  return (
    <Modal title={entry ? 'Edit time entry' : 'Add time'} description={`Times are in ${timeZone ?? 'your browser’s time zone'}.`} onClose={onClose}>
      <form className="modal-form form" onSubmit={submit} noValidate>
        {errors.form && <FormAlert>{errors.form}</FormAlert>}
        <div className="form-grid">
          <TextField label="Start" type="datetime-local" required {...form.text('start_time')} />
          <TextField label="End" type="datetime-local" required {...form.text('end_time')} />
        </div>
        <TaskPicker value={values.task} onChange={(task) => set('task', task)} errors={errors.fields.task_id} />
        {!values.task && (
          <SelectField
            label="Project"
            {...form.register('project_id')}
            value={values.project_id}
            onChange={(event) => chooseProject(event.target.value)}
            hint="Optional when no task is chosen."
          >
            <option value="">No project</option>
            {openProjects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name} ({project.key})
              </option>
            ))}
          </SelectField>
        )}
        <TextAreaField label="Description" maxLength={TIME_ENTRY_DESCRIPTION_MAX_LENGTH} {...form.text('description')} />
        <CheckboxField label="Billable" checked={values.is_billable} onChange={(event) => set('is_billable', event.target.checked)} {...form.register('is_billable')} />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? 'Saving…' : entry ? 'Save changes' : 'Add entry'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
