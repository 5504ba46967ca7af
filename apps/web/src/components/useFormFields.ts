import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { FormErrors } from '@/api/errors';

const NO_ERRORS = { fields: {}, form: null };

/**
 * Controlled text fields with per-field and form-level errors. After errors are shown, focus
 * moves to the first invalid field (once it has rendered its messages, so they are read out).
 */
export function useFormFields<Field extends string>(fields: readonly Field[], initial: Record<Field, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors<Field>>(NO_ERRORS);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const focusFirstInvalid = useRef(false);

  useEffect(() => {
    if (!focusFirstInvalid.current) return;
    focusFirstInvalid.current = false;
    const first = fields.find((name) => errors.fields[name]?.length);
    if (first) inputs.current[first]?.focus();
  }, [errors, fields]);

  function showErrors(next: FormErrors<Field>) {
    focusFirstInvalid.current = true;
    setErrors(next);
  }

  function field(name: Field) {
    return {
      name,
      value: values[name],
      errors: errors.fields[name],
      ref: (element: HTMLInputElement | null) => {
        inputs.current[name] = element;
      },
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const { value } = event.target;
        setValues((previous) => ({ ...previous, [name]: value }));
        // The message described the old value; drop it once the user edits.
        setErrors((previous) => {
          if (!previous.fields[name]) return previous;
          const rest = { ...previous.fields };
          delete rest[name];
          return { ...previous, fields: rest };
        });
      },
    };
  }

  return { values, errors, field, showErrors, clearErrors: () => setErrors(NO_ERRORS) };
}
