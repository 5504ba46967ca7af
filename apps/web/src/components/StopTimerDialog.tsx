import { TIME_ENTRY_DESCRIPTION_MAX_LENGTH, type TimerView } from '@stint/contracts';
import { useRef } from 'react';
import { TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { timerTitle } from '@/components/timer-text';
import { useForm } from '@/components/useForm';
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
  const form = useForm({ initial: { description: timer.description ?? '' }, labels: FIELDS, request: { pending, error } });
  const live = useLiveTimer(timer, receivedAt);
  const submit = form.handleSubmit(({ description }) => onStop(description.trim() || null));

  return (
    <Modal
      title="Work done?"
      description={`${timerTitle(timer)} · ${formatElapsed(live.elapsedSeconds)} so far, ${formatMoney(live.cost, timer.currency)}`}
      onClose={onClose}
      initialFocus={field}
      size="small"
    >
      <form className="modal-form form" onSubmit={submit} noValidate>
        {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
        <TextAreaField
          label="Description"
          hint={`What did you do? Optional, up to ${TIME_ENTRY_DESCRIPTION_MAX_LENGTH} characters.`}
          maxLength={TIME_ENTRY_DESCRIPTION_MAX_LENGTH}
          {...form.text('description')}
          ref={(element) => {
            field.current = element;
            form.register('description').ref(element);
          }}
        />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Keep running
          </button>
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? 'Stopping…' : 'Stop and log'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
