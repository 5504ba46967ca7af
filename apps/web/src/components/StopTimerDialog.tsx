import { TIME_ENTRY_DESCRIPTION_MAX_LENGTH, type TimerView } from '@stint/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { toFormErrors } from '@/api/errors';
import { TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { timerTitle } from '@/components/timer-text';
import { useLiveTimer } from '@/components/useLiveTimer';
import { formatElapsed } from '@/lib/duration';
import { formatMoney } from '@/lib/money';

interface StopTimerDialogProps {
  timer: TimerView;
  receivedAt: number;
  /** Sends the stop. The caller owns the request: the stream may remove this timer (and this dialog) before the answer arrives. */
  onStop: (description: string | null) => void;
  pending: boolean;
  /** Why the last attempt failed, if it did. */
  error: unknown;
  onClose: () => void;
}

const FIELDS = { description: 'Description', time_log_id: 'Timer' } as const;

/**
 * "Work done?": the timer module asks for a description when a timer stops (there with
 * window.prompt; here an accessible dialog). The answer replaces the entry's description.
 */
export function StopTimerDialog({ timer, receivedAt, onStop, pending, error, onClose }: StopTimerDialogProps) {
  const field = useRef<HTMLTextAreaElement>(null);
  const [description, setDescription] = useState(timer.description ?? '');
  const live = useLiveTimer(timer, receivedAt);
  const errors = error ? toFormErrors(error, FIELDS) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    onStop(description.trim() || null);
  }

  return (
    <Modal
      title="Work done?"
      description={`${timerTitle(timer)} · ${formatElapsed(live.elapsedSeconds)} so far, ${formatMoney(live.cost, timer.currency)}`}
      onClose={onClose}
      initialFocus={field}
      size="small"
    >
      <form className="modal-form form" onSubmit={submit} noValidate>
        {errors?.form && <FormAlert>{errors.form}</FormAlert>}
        <TextAreaField
          ref={field}
          label="Description"
          hint={`What did you do? Optional, up to ${TIME_ENTRY_DESCRIPTION_MAX_LENGTH} characters.`}
          value={description}
          maxLength={TIME_ENTRY_DESCRIPTION_MAX_LENGTH}
          onChange={(event) => setDescription(event.target.value)}
          errors={errors?.fields.description}
        />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Keep running
          </button>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Stopping…' : 'Stop and log'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
