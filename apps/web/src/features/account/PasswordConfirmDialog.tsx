import { useRef, type ReactNode } from 'react';
import { describeError } from '@/api/errors';
import { confirmationPasswordError } from '@/api/privacy';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TextField } from '@/components/TextField';
import { useForm } from '@/components/useForm';

interface PasswordConfirmDialogProps {
  title: string;
  /** What will happen, read with the title when the dialog opens. */
  warning: ReactNode;
  passwordLabel: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: (password: string) => void;
  onCancel: () => void;
  pending: boolean;
  /** The last attempt's error: a wrong password shows on the field, anything else above the buttons. */
  error: unknown;
}

/** An irreversible action confirmed by typing a password. Focus starts in the password field. */
export function PasswordConfirmDialog({ title, warning, passwordLabel, confirmLabel, pendingLabel, onConfirm, onCancel, pending, error }: PasswordConfirmDialogProps) {
  const input = useRef<HTMLInputElement>(null);
  const form = useForm({
    initial: { password: '' },
    labels: { password: passwordLabel },
    validate: ({ password }) => (password ? {} : { password: ['Enter your password to confirm.'] }),
    // A wrong password shows on the field, anything else above the buttons.
    toErrors: (failure) => {
      const wrongPassword = confirmationPasswordError(failure);
      return wrongPassword ? { fields: { password: [wrongPassword] }, form: null } : { fields: {}, form: describeError(failure) };
    },
    request: { pending, error },
  });
  const submit = form.handleSubmit(({ password }) => onConfirm(password));

  return (
    <Modal title={title} description={warning} onClose={onCancel} initialFocus={input} size="small">
      <form className="modal-form" onSubmit={submit} noValidate>
        <TextField
          label={passwordLabel}
          type="password"
          autoComplete="current-password"
          {...form.text('password')}
          ref={(element) => {
            input.current = element;
            form.register('password').ref(element);
          }}
          required
        />
        {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={form.submitting} aria-busy={form.submitting || undefined}>
            {form.submitting ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
