import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldParts {
  label: string;
  /** Messages from validation (client or server); shown under the control and linked to it. */
  errors?: readonly string[];
  hint?: ReactNode;
  className?: string;
}

/** Label, messages and hint around one control, wired up the same way as TextField. */
function useFieldWiring({ errors, hint }: FieldParts) {
  const id = useId();
  const invalid = Boolean(errors && errors.length > 0);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [invalid ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return { id, invalid, errorId, hintId, control: { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy } };
}

export function FieldMessages({ errors, errorId, hint, hintId }: { errors?: readonly string[]; errorId: string; hint?: ReactNode; hintId: string }) {
  return (
    <>
      {errors && errors.length > 0 && (
        <ul id={errorId} className="field-errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
    </>
  );
}

type TextAreaFieldProps = FieldParts & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className'> & { ref?: Ref<HTMLTextAreaElement> };

export function TextAreaField({ label, errors, hint, className, ref, ...textarea }: TextAreaFieldProps) {
  const wiring = useFieldWiring({ label, errors, hint });
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={wiring.id} className="field-label">
        {label}
      </label>
      <textarea ref={ref} className="field-input field-textarea" {...wiring.control} {...textarea} />
      <FieldMessages errors={errors} errorId={wiring.errorId} hint={hint} hintId={wiring.hintId} />
    </div>
  );
}

type SelectFieldProps = FieldParts & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'> & { ref?: Ref<HTMLSelectElement> };

export function SelectField({ label, errors, hint, className, ref, children, ...select }: SelectFieldProps) {
  const wiring = useFieldWiring({ label, errors, hint });
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={wiring.id} className="field-label">
        {label}
      </label>
      <select ref={ref} className="field-input field-select" {...wiring.control} {...select}>
        {children}
      </select>
      <FieldMessages errors={errors} errorId={wiring.errorId} hint={hint} hintId={wiring.hintId} />
    </div>
  );
}

type CheckboxFieldProps = FieldParts & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'type'>;

export function CheckboxField({ label, errors, hint, className, ...input }: CheckboxFieldProps) {
  const wiring = useFieldWiring({ label, errors, hint });
  return (
    <div className={['field field-checkbox', className].filter(Boolean).join(' ')}>
      <span className="checkbox-row">
        <input type="checkbox" className="checkbox" {...wiring.control} {...input} />
        <label htmlFor={wiring.id} className="field-label">
          {label}
        </label>
      </span>
      <FieldMessages errors={errors} errorId={wiring.errorId} hint={hint} hintId={wiring.hintId} />
    </div>
  );
}
