import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '@/api/errors';
import { confirmationPasswordError } from '@/api/privacy';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TextField } from '@/components/TextField';

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
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const wrongPassword = error ? confirmationPasswordError(error) : null;
  const fieldErrors = missing ? ['Enter your password to confirm.'] : wrongPassword ? [wrongPassword] : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setMissing(false);
    onConfirm(password);
  }

  return (
    <Modal title={title} description={warning} onClose={onCancel} initialFocus={input} size="small">
      <form className="modal-form" onSubmit={submit} noValidate>
        <TextField
          ref={input}
          label={passwordLabel}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={fieldErrors}
          required
        />
        {Boolean(error) && !wrongPassword && <FormAlert>{describeError(error)}</FormAlert>}
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={pending} aria-busy={pending || undefined}>
            {pending ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
