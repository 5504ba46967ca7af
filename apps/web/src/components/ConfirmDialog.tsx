import { useRef, type ReactNode } from 'react';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  pending?: boolean;
  /** Why the last attempt failed, if it did. */
  error?: string | null;
  tone?: 'danger' | 'primary';
}

/** "Are you sure?" for actions that can't be undone. Focus starts on Cancel, the safe choice. */
export function ConfirmDialog({ title, children, confirmLabel, pendingLabel, onConfirm, onCancel, pending = false, error, tone = 'danger' }: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Modal title={title} description={children} onClose={onCancel} initialFocus={cancel} size="small">
      {error && <FormAlert>{error}</FormAlert>}
      <div className="modal-actions">
        <button ref={cancel} type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={`button button-${tone}`} onClick={onConfirm} disabled={pending}>
          {pending ? pendingLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
