import {
  Role,
  TASK_DESCRIPTION_MAX_LENGTH,
  TASK_ESTIMATED_HOURS_MAX,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TASK_TAG_MAX_LENGTH,
  TASK_TAGS_MAX,
  TASK_TITLE_MAX_LENGTH,
  type ProjectResponse,
  type TaskCreateRequest,
  type TaskPriority,
  type TaskResponse,
  type TaskStatus,
  type TaskUpdateRequest,
} from '@stint/contracts';
import { useRef, useState } from 'react';
import { toFormErrors, type FormErrors } from '@/api/errors';
import { useProjectOptions } from '@/api/projects';
import { useCreateTask, useUpdateTask } from '@/api/tasks';
import { useCurrentUser } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { SelectField, TextAreaField } from '@/components/fields';
import { Modal } from '@/components/Modal';
import { TagsInput } from '@/components/TagsInput';
import { TextField } from '@/components/TextField';
import { useForm } from '@/components/useForm';
import { calendarDateIn, startOfDayIn, type CalendarDate } from '@/lib/dates';
import { PRIORITY_LABELS, STATUS_LABELS } from '@/features/tasks/task-labels';

/** API field → visible label; toFormErrors puts the server's messages under these fields. */
const LABELS = {
  title: 'Title',
  description: 'Description',
  project_id: 'Project',
  status: 'Status',
  priority: 'Priority',
  due_date: 'Due date',
  estimated_hours: 'Estimate (hours)',
  tags: 'Tags',
} as const;
type Field = keyof typeof LABELS;

interface Values {
  title: string;
  description: string;
  projectId: string;
  status: TaskStatus;
  priority: TaskPriority;
  dueDate: CalendarDate | '';
  estimate: string;
  tags: string[];
}

function initialValues(task: TaskResponse | undefined, projectId: string | null | undefined, timeZone: string | undefined): Values {
  return {
    title: task?.title ?? '',
    description: task?.description ?? '',
    projectId: task ? (task.project_id ?? '') : (projectId ?? ''),
    status: task?.status ?? 'todo',
    priority: task?.priority ?? 'medium',
    dueDate: task?.due_date ? calendarDateIn(task.due_date, timeZone) : '',
    estimate: task?.estimated_hours != null ? String(task.estimated_hours) : '',
    tags: task?.tags ?? [],
  };
}

/** The same limits the API applies, checked before sending so mistakes show at once. */
function validate(values: Values): FormErrors<Field>['fields'] {
  const fields: FormErrors<Field>['fields'] = {};
  const title = values.title.trim();
  if (!title) fields.title = ['Enter a title'];
  else if (title.length > TASK_TITLE_MAX_LENGTH) fields.title = [`Title can be at most ${TASK_TITLE_MAX_LENGTH} characters (now ${title.length})`];
  if (values.description.length > TASK_DESCRIPTION_MAX_LENGTH) {
    fields.description = [`Description can be at most ${TASK_DESCRIPTION_MAX_LENGTH} characters (now ${values.description.length})`];
  }
  if (values.estimate.trim()) {
    const hours = Number(values.estimate);
    if (!Number.isFinite(hours)) fields.estimated_hours = ['Enter the estimate as a number of hours, e.g. 1.5'];
    else if (hours <= 0) fields.estimated_hours = ['Estimate must be more than 0 hours'];
    else if (hours > TASK_ESTIMATED_HOURS_MAX) fields.estimated_hours = [`Estimate can be at most ${TASK_ESTIMATED_HOURS_MAX} hours`];
    else if (!/^\d*(\.\d{0,2})?$/.test(values.estimate.trim())) fields.estimated_hours = ['Estimate can have at most two decimals'];
  }
  return fields;
}

function toCreateRequest(values: Values, timeZone: string | undefined): TaskCreateRequest {
  return {
    title: values.title.trim(),
    description: values.description.trim() ? values.description : null,
    project_id: values.projectId || null,
    status: values.status,
    priority: values.priority,
    due_date: values.dueDate ? startOfDayIn(values.dueDate, timeZone) : null,
    estimated_hours: values.estimate.trim() ? Number(values.estimate) : null,
    tags: values.tags,
  };
}

/**
 * Only what changed, so an edit never overwrites someone else's change to another field and
 * a project member who isn't the creator doesn't send project_id (moving is creator/admin only).
 */
function toUpdateRequest(values: Values, original: Values, timeZone: string | undefined): TaskUpdateRequest {
  const next = toCreateRequest(values, timeZone);
  const changes: TaskUpdateRequest = {};
  if (values.title.trim() !== original.title.trim()) changes.title = next.title;
  if (values.description !== original.description) changes.description = next.description;
  if (values.projectId !== original.projectId) changes.project_id = next.project_id;
  if (values.status !== original.status) changes.status = next.status;
  if (values.priority !== original.priority) changes.priority = next.priority;
  // Compared as days: an unchanged day keeps the time of day the task was given through the API.
  if (values.dueDate !== original.dueDate) changes.due_date = next.due_date;
  if (values.estimate.trim() !== original.estimate.trim()) changes.estimated_hours = next.estimated_hours;
  if (values.tags.join('\n') !== original.tags.join('\n')) changes.tags = next.tags;
  return changes;
}

/** Projects a task can go into: not archived (the API refuses those); the task's current one stays listed. */
function projectChoices(projects: ProjectResponse[] | undefined, currentId: string): ProjectResponse[] {
  return (projects ?? []).filter((project) => !project.archived_at || project.id === currentId);
}

function taskFormErrors(error: unknown): FormErrors<Field> {
  const mapped = toFormErrors(error, { ...LABELS, project: LABELS.project_id });
  // The API names an archived project `project`; it belongs under the project select.
  const { project, ...fields } = mapped.fields as FormErrors<Field | 'project'>['fields'];
  if (project) fields.project_id = [...(fields.project_id ?? []), ...project.map((message) => (message === 'archived' ? 'This project is archived' : message))];
  return { fields, form: mapped.form };
}

interface TaskDialogProps {
  /** The task to edit; without it the dialog creates one. */
  task?: TaskResponse;
  /** Preselected project of a new task (e.g. from a project's page). */
  defaultProjectId?: string | null;
  onClose: () => void;
  onSaved?: (task: TaskResponse) => void;
}

/** Create or edit a task, with the API's limits checked as you go and its field errors shown in place. */
export function TaskDialog({ task, defaultProjectId, onClose, onSaved }: TaskDialogProps) {
  const user = useCurrentUser();
  const timeZone = user?.timezone;
  const projects = useProjectOptions();
  const createTask = useCreateTask();
  const updateTask = useUpdateTask();
  const [original] = useState(() => initialValues(task, defaultProjectId, timeZone));
  const form = useForm({
    initial: original,
    labels: LABELS,
    validate,
    fieldOf: { projectId: 'project_id', dueDate: 'due_date', estimate: 'estimated_hours' },
    toErrors: taskFormErrors,
  });
  const { values, set, register } = form;
  const saving = form.submitting;
  const titleInput = useRef<HTMLInputElement | null>(null);

  // The creator and admins may move a task; other project members may edit everything else.
  const mayMove = !task || user?.role === Role.ADMIN || task.user_id === user?.id;

  const onSubmit = form.handleSubmit((values) => {
    const done = (saved: TaskResponse) => {
      onSaved?.(saved);
      onClose();
    };
    if (!task) return createTask.mutateAsync(toCreateRequest(values, timeZone)).then(done);
    const changes = toUpdateRequest(values, original, timeZone);
    if (Object.keys(changes).length === 0) return onClose();
    return updateTask.mutateAsync({ id: task.id, changes, previousProjectId: task.project_id }).then(done);
  });

  const choices = projectChoices(projects.data, original.projectId);
  const currentMissing = original.projectId !== '' && projects.isSuccess && !choices.some((project) => project.id === original.projectId);
  const titleLength = values.title.trim().length;

  return (
    <Modal title={task ? `Edit ${task.key ?? 'task'}` : 'New task'} onClose={onClose} initialFocus={titleInput}>
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      <form className="form modal-form" onSubmit={onSubmit} noValidate>
        <TextField
          label={LABELS.title}
          value={values.title}
          onChange={(event) => set('title', event.target.value)}
          required
          autoComplete="off"
          hint={titleLength > TASK_TITLE_MAX_LENGTH - 20 ? `${titleLength} of ${TASK_TITLE_MAX_LENGTH} characters` : undefined}
          {...register('title')}
          ref={(element) => {
            titleInput.current = element;
            register('title').ref(element);
          }}
        />
        <TextAreaField
          label={LABELS.description}
          value={values.description}
          rows={4}
          onChange={(event) => set('description', event.target.value)}
          hint={values.description.length > TASK_DESCRIPTION_MAX_LENGTH - 500 ? `${values.description.length} of ${TASK_DESCRIPTION_MAX_LENGTH} characters` : undefined}
          {...register('description')}
        />
        <div className="form-grid">
          <SelectField
            label={LABELS.project_id}
            value={values.projectId}
            onChange={(event) => set('projectId', event.target.value)}
            disabled={!mayMove}
            hint={mayMove ? undefined : "Only the task's creator or an admin can move it to another project."}
            {...register('project_id')}
          >
            <option value="">No project</option>
            {projects.isPending && <option disabled>Loading projects…</option>}
            {currentMissing && <option value={original.projectId}>Current project</option>}
            {choices.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name} ({project.key}){project.archived_at ? ' — archived' : ''}
              </option>
            ))}
          </SelectField>
          <TextField label={LABELS.due_date} type="date" value={values.dueDate} onChange={(event) => set('dueDate', event.target.value)} {...register('due_date')} />
          <SelectField label={LABELS.status} value={values.status} onChange={(event) => set('status', event.target.value as TaskStatus)} {...register('status')}>
            {TASK_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </SelectField>
          <SelectField label={LABELS.priority} value={values.priority} onChange={(event) => set('priority', event.target.value as TaskPriority)} {...register('priority')}>
            {TASK_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </SelectField>
          <TextField
            label={LABELS.estimated_hours}
            type="number"
            inputMode="decimal"
            min="0.01"
            step="0.25"
            value={values.estimate}
            onChange={(event) => set('estimate', event.target.value)}
            {...register('estimated_hours')}
          />
        </div>
        <TagsInput
          label={LABELS.tags}
          value={values.tags}
          onChange={(tags) => set('tags', tags)}
          {...register('tags')}
          maxTags={TASK_TAGS_MAX}
          maxLength={TASK_TAG_MAX_LENGTH}
          hint="Press Enter or comma after each tag."
        />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : task ? 'Save changes' : 'Create task'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
