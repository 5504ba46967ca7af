import {
  CURRENCY_PATTERN,
  PROJECT_DESCRIPTION_MAX_LENGTH,
  PROJECT_KEY_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  type ProjectCreateRequest,
  type ProjectResponse,
  type ProjectUpdateRequest,
} from '@stint/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toFormErrors, type FormErrors } from '@/api/errors';
import { useCreateProject, useUpdateProject } from '@/api/projects';
import { CheckboxField, TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TextField } from '@/components/TextField';

const LABELS = { name: 'Name', key: 'Key', currency: 'Currency', description: 'Description', is_billable: 'Billable by default' } as const;
type Field = keyof typeof LABELS;
const FIELD_ORDER = Object.keys(LABELS) as Field[];
const NO_ERRORS: FormErrors<Field> = { fields: {}, form: null };

interface Values {
  name: string;
  key: string;
  currency: string;
  description: string;
  isBillable: boolean;
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
  const saving = createProject.isPending || updateProject.isPending;
  const [original] = useState<Values>(() => ({
    name: project?.name ?? '',
    key: project?.key ?? '',
    currency: project?.currency ?? '',
    description: project?.description ?? '',
    isBillable: project?.is_billable ?? true,
  }));
  const [values, setValues] = useState(original);
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const controls = useRef<Partial<Record<Field, HTMLElement | null>>>({});
  const focusFirstInvalid = useRef(false);
  const nameInput = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    if (!focusFirstInvalid.current) return;
    focusFirstInvalid.current = false;
    const first = FIELD_ORDER.find((name) => errors.fields[name]?.length);
    if (first) controls.current[first]?.focus();
  }, [errors]);

  function showErrors(next: FormErrors<Field>) {
    focusFirstInvalid.current = true;
    setErrors(next);
  }

  function set<K extends keyof Values>(key: K, field: Field, value: Values[K]) {
    setValues((previous) => ({ ...previous, [key]: value }));
    setErrors((previous) => {
      if (!previous.fields[field]) return previous;
      const fields = { ...previous.fields };
      delete fields[field];
      return { ...previous, fields };
    });
  }

  const register = (field: Field) => ({
    ref: (element: HTMLElement | null) => {
      controls.current[field] = element;
    },
    errors: errors.fields[field],
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const problems = validate(values, creating);
    if (Object.keys(problems).length > 0) return showErrors({ fields: problems, form: null });
    setErrors(NO_ERRORS);
    const onError = (error: unknown) => showErrors(toFormErrors(error, LABELS));
    const onSuccess = (saved: ProjectResponse) => {
      onSaved?.(saved);
      onClose();
    };

    const description = values.description.trim() ? values.description : null;
    if (creating) {
      const body: ProjectCreateRequest = { name: values.name.trim(), key: values.key, description, is_billable: values.isBillable };
      // Left out when empty: the server then uses the instance's default currency.
      if (values.currency.trim()) body.currency = values.currency.trim();
      createProject.mutate(body, { onSuccess, onError });
      return;
    }
    const changes: ProjectUpdateRequest = {};
    if (values.name.trim() !== original.name) changes.name = values.name.trim();
    if (values.currency.trim() !== original.currency) changes.currency = values.currency.trim();
    if (values.description !== original.description) changes.description = description;
    if (values.isBillable !== original.isBillable) changes.is_billable = values.isBillable;
    if (Object.keys(changes).length === 0) return onClose();
    updateProject.mutate({ id: project.id, changes }, { onSuccess, onError });
  }

  return (
    <Modal title={creating ? 'New project' : `Edit ${project.name}`} onClose={onClose} initialFocus={nameInput}>
      {errors.form && <FormAlert>{errors.form}</FormAlert>}
      <form className="form modal-form" onSubmit={onSubmit} noValidate>
        <TextField
          label={LABELS.name}
          value={values.name}
          autoComplete="off"
          onChange={(event) => set('name', 'name', event.target.value)}
          {...register('name')}
          ref={(element) => {
            nameInput.current = element;
            controls.current.name = element;
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
              onChange={(event) => set('key', 'key', event.target.value.toUpperCase())}
              {...register('key')}
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
            onChange={(event) => set('currency', 'currency', event.target.value.toUpperCase())}
            {...register('currency')}
          />
        </div>
        <TextAreaField
          label={LABELS.description}
          value={values.description}
          rows={3}
          onChange={(event) => set('description', 'description', event.target.value)}
          {...register('description')}
        />
        <CheckboxField
          label={LABELS.is_billable}
          checked={values.isBillable}
          hint="Time tracked on this project starts out billable; each entry can still be changed."
          onChange={(event) => set('isBillable', 'is_billable', event.target.checked)}
          errors={errors.fields.is_billable}
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
