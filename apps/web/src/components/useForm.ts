import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { toFormErrors, type FormErrors } from '@/api/errors';

type FieldMessages<Field extends string> = FormErrors<Field>['fields'];
type StringKeys<Values> = { [K in keyof Values]: Values[K] extends string ? K : never }[keyof Values];
type FocusTarget = { focus: () => void } | null;

export interface FormOptions<Values extends object, Field extends string> {
  initial: Values | (() => Values);
  /**
   * API field → visible label, in the order the fields appear: the API's messages go under these
   * fields (see toFormErrors) and focus moves to the first one with a message.
   */
  labels: Readonly<Record<Field, string>>;
  /** The checks the API would make anyway, run before sending so mistakes show at once. */
  validate?: (values: Values) => FieldMessages<Field>;
  /** The field whose message a value describes, where the value's name isn't the API field's. */
  fieldOf?: Partial<Record<keyof Values, Field>>;
  /** How a failed request turns into messages; toFormErrors with the labels unless given. */
  toErrors?: (error: unknown) => FormErrors<Field>;
  /**
   * For a request the caller owns (it may outlive this form): its pending state and its last
   * error, shown like the errors of a request this form sent itself.
   */
  request?: { pending: boolean; error: unknown };
}

const NO_ERRORS = { fields: {}, form: null };

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

/**
 * The state every form keeps: values, per-field and form-level errors (client checks first, then
 * the API's 422/409 details under the fields they name), and whether it is sending. After errors
 * are shown, focus moves to the first invalid field once it has rendered its messages, so a
 * screen reader reads them; a field's message goes away when its value is edited.
 */
export function useForm<Values extends object, Field extends string>(options: FormOptions<Values, Field>) {
  const { labels, validate, fieldOf, request } = options;
  const [values, setValues] = useState<Values>(options.initial);
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const [sending, setSending] = useState(false);
  const sendingNow = useRef(false);
  const controls = useRef<Partial<Record<Field, FocusTarget>>>({});
  const focusFirstInvalid = useRef(false);
  const toErrors = useRef(options.toErrors ?? ((error: unknown) => toFormErrors(error, labels)));
  toErrors.current = options.toErrors ?? ((error: unknown) => toFormErrors(error, labels));

  useEffect(() => {
    if (!focusFirstInvalid.current) return;
    focusFirstInvalid.current = false;
    const first = (Object.keys(labels) as Field[]).find((name) => errors.fields[name]?.length);
    if (first) controls.current[first]?.focus();
  }, [errors, labels]);

  function showErrors(next: FormErrors<Field>) {
    focusFirstInvalid.current = true;
    setErrors(next);
  }

  function showRequestError(error: unknown) {
    showErrors(toErrors.current(error));
  }

  // A caller-owned request's failure shows once per error (each attempt fails with a new one).
  const requestError = request?.error;
  // biome-ignore lint/correctness/useExhaustiveDependencies: showErrors is recreated each render; this runs per new error only.
  useEffect(() => {
    if (requestError) showErrors(toErrors.current(requestError));
  }, [requestError]);

  function clearFieldError(field: Field | undefined) {
    if (!field) return;
    // The message described the old value; drop it once the user edits.
    setErrors((previous) => {
      if (!previous.fields[field]) return previous;
      const rest = { ...previous.fields };
      delete rest[field];
      return { ...previous, fields: rest };
    });
  }

  function fieldFor(key: keyof Values): Field | undefined {
    const mapped = fieldOf?.[key];
    if (mapped) return mapped;
    return Object.hasOwn(labels, key) ? (key as unknown as Field) : undefined;
  }

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    setValues((previous) => ({ ...previous, [key]: value }));
    clearFieldError(fieldFor(key));
  }

  /** Messages and a focus target for one field's control: spread onto TextField, SelectField, … */
  function register(field: Field) {
    return {
      errors: errors.fields[field],
      ref: (element: FocusTarget) => {
        controls.current[field] = element;
      },
    };
  }

  /** Everything a text control needs for a string value named like its field. */
  function text<K extends StringKeys<Values> & Field>(name: K) {
    return {
      name,
      value: values[name] as string,
      ...register(name),
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(name, event.target.value as Values[K]),
    };
  }

  /**
   * The form's onSubmit: checks the values, and if they pass clears the old errors and calls send.
   * When send returns a promise (e.g. mutateAsync) the form is sending until it settles, and a
   * rejection shows as errors. A second submit while sending is ignored.
   */
  function handleSubmit(send: (values: Values) => Promise<unknown> | void) {
    return (event: FormEvent) => {
      event.preventDefault();
      if (sendingNow.current || request?.pending) return;
      const problems = validate?.(values) ?? {};
      if (Object.keys(problems).length > 0) return showErrors({ fields: problems, form: null });
      setErrors(NO_ERRORS);
      const result = send(values);
      if (!isPromise(result)) return;
      sendingNow.current = true;
      setSending(true);
      result
        .then(
          () => undefined,
          (error: unknown) => showRequestError(error),
        )
        .finally(() => {
          sendingNow.current = false;
          setSending(false);
        });
    };
  }

  return {
    values,
    set,
    errors,
    register,
    text,
    showErrors,
    showRequestError,
    clearErrors: () => setErrors(NO_ERRORS),
    submitting: sending || Boolean(request?.pending),
    handleSubmit,
  };
}
