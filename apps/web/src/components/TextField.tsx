import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** Messages from validation (client or server); shown under the input and linked to it. */
  errors?: readonly string[];
  /** Help shown under the input, e.g. password rules. */
  hint?: ReactNode;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({ label, errors, hint, ref, className, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors && errors.length > 0);
  const describedBy = [invalid ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input ref={ref} id={id} className="field-input" aria-invalid={invalid || undefined} aria-describedby={describedBy} {...input} />
      {invalid && (
        <ul id={errorId} className="field-errors">
          {errors!.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}
