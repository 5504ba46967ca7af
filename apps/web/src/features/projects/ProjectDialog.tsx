import {
  CURRENCY_PATTERN,
  PROJECT_DESCRIPTION_MAX_LENGTH,
  PROJECT_KEY_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  type ProjectCreateRequest,
  type ProjectResponse,
  type ProjectUpdateRequest,
} from '@stint/contracts';
import { useRef, useState } from 'react';
import type { FormErrors } from '@/api/errors';
import { useCreateProject, useUpdateProject } from '@/api/projects';
import { CheckboxField, TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TextField } from '@/components/TextField';
import { useForm } from '@/components/useForm';

const LABELS = { name: 'Name', key: 'Key', currency: 'Currency', description: 'Description', is_billable: 'Billable by default' } as const;
type Field = keyof typeof LABELS;

interface Values {
  name: string;
  key: string;
  currency: string;
  description: string;
  is_billable: boolean;
}

function validate(values: Values, creating: boolean): FormErrors<Field>['fields'] {
  const fields: FormErrors<Field>['fields'] = {};
  const name = values.name.trim();
  if (!name) fields.name = ['Enter a name'];
  else if (name.length > PROJECT_NAME_MAX_LENGTH) fields.name = [`Name can be at most ${PROJECT_NAME_MAX_LENGTH} characters`];
  if (creating && !PROJECT_KEY_PATTERN.test(values.key)) fields.key = ['Key must be 2–10 letters A–Z, e.g. WEB'];
  const currency = values.currency.trim();
  if ((currency || !creating) && !CURRENCY_PATTERN.test(currency)) fields.currency = ['Currency must be a three-letter ISO 4217 code, e.g. EUR'];
  if (values.description.length > PROJECT_DESCRIPTION_MAX_LENGTH) fields.description = [`Description can be at most ${PROJECT_DESCRIPTION_MAX_LENGTH} characters`];
  return fields;
}

interface ProjectDialogProps {
  /** The project to edit; without it the dialog creates one. */
  project?: ProjectResponse;
  onClose: () => void;
  onSaved?: (project: ProjectResponse) => void;
}

/** Create (admins) or edit a project. The key is fixed once created: task keys are built from it. */
export function ProjectDialog({ project, onClose, onSaved }: ProjectDialogProps) {
  const creating = !project;
  const createProject = useCreateProject();
  const updateProject = useUpdateProject();
  const [original] = useState<Values>(() => ({
    name: project?.name ?? '',
    key: project?.key ?? '',
    currency: project?.currency ?? '',
    description: project?.description ?? '',
    is_billable: project?.is_billable ?? true,
  }));
  const form = useForm({ initial: original, labels: LABELS, validate: (values: Values) => validate(values, creating) });
  const { values, set } = form;
  const saving = form.submitting;
  const nameInput = useRef<HTMLInputElement | null>(null);

  const onSubmit = form.handleSubmit((values) => {
    const saving = save(values);
    if (!saving) return onClose();
    return saving.then((saved) => {
      onSaved?.(saved);
      onClose();
    });
  });

  /** The request that saves the changes; none when nothing changed. */
  function save(values: Values): Promise<ProjectResponse> | undefined {
    const description = values.description.trim() ? values.description : null;
    if (!project) {
      const body: ProjectCreateRequest = { name: values.name.trim(), key: values.key, description, is_billable: values.is_billable };
      // Left out when empty: the server then uses the instance's default currency.
      if (values.currency.trim()) body.currency = values.currency.trim();
      return createProject.mutateAsync(body);
    }
    const changes: ProjectUpdateRequest = {};
    if (values.name.trim() !== original.name) changes.name = values.name.trim();
    if (values.currency.trim() !== original.currency) changes.currency = values.currency.trim();
    if (values.description !== original.description) changes.description = description;
    if (values.is_billable !== original.is_billable) changes.is_billable = values.is_billable;
    if (Object.keys(changes).length === 0) return undefined;
    return updateProject.mutateAsync({ id: project.id, changes });
  }

  return (
    <Modal title={creating ? 'New project' : `Edit ${project.name}`} onClose={onClose} initialFocus={nameInput}>
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      <form className="form modal-form" onSubmit={onSubmit} noValidate>
        <TextField
          label={LABELS.name}
          value={values.name}
          autoComplete="off"
          onChange={(event) => set('name', event.target.value)}
          {...form.register('name')}
          ref={(element) => {
            nameInput.current = element;
            form.register('name').ref(element);
          }}
        />
        <div className="form-grid">
          {creating ? (
            <TextField
              label={LABELS.key}
              value={values.key}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={10}
              hint="2–10 letters. Task keys start with it (WEB-1) and it can't change later."
              // Keys are upper case; typing "web" shows and sends "WEB".
              onChange={(event) => set('key', event.target.value.toUpperCase())}
              {...form.register('key')}
            />
          ) : (
            <div className="field">
              <span className="field-label">{LABELS.key}</span>
              <span className="record-key">{project.key}</span>
              <span className="field-hint">Keys can't change: existing task keys are built from it.</span>
            </div>
          )}
          <TextField
            label={LABELS.currency}
            value={values.currency}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={3}
            placeholder={creating ? 'Default' : undefined}
            hint={creating ? 'ISO 4217 code such as EUR or USD. Empty: the server’s default currency.' : 'ISO 4217 code such as EUR or USD.'}
            onChange={(event) => set('currency', event.target.value.toUpperCase())}
            {...form.register('currency')}
          />
        </div>
        <TextAreaField
          label={LABELS.description}
          value={values.description}
          rows={3}
          onChange={(event) => set('description', event.target.value)}
          {...form.register('description')}
        />
        <CheckboxField
          label={LABELS.is_billable}
          checked={values.is_billable}
          hint="Time tracked on this project starts out billable; each entry can still be changed."
          onChange={(event) => set('is_billable', event.target.checked)}
          {...form.register('is_billable')}
        />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : creating ? 'Create project' : 'Save changes'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
