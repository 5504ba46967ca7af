import { TIME_ENTRY_DESCRIPTION_MAX_LENGTH, type TimerStatusResponse } from '@stint/contracts';
import { useState, type FormEvent } from 'react';
import { toFormErrors } from '@/api/errors';
import { useMyRate } from '@/api/rates';
import { useStartTimer } from '@/api/time-tracking';
import { TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TaskPicker, type TaskChoice } from '@/components/TaskPicker';
import { showToast } from '@/components/toast-store';
import { startedMessage, timerShortName } from '@/components/timer-text';
import { formatRate } from '@/lib/money';

interface StartTimerDialogProps {
  status: TimerStatusResponse | undefined;
  onClose: () => void;
}

const FIELDS = { task_id: 'Task', project_id: 'Project', description: 'Description' } as const;

/** Start a timer from the widget: pick a task (or none) and optionally say what it is for. */
export function StartTimerDialog({ status, onClose }: StartTimerDialogProps) {
  const start = useStartTimer();
  const rate = useMyRate();
  const [task, setTask] = useState<TaskChoice | null>(null);
  const [description, setDescription] = useState('');
  const errors = start.isError ? toFormErrors(start.error, FIELDS) : null;
  const timers = status?.timers ?? [];
  const max = status?.limits.max_concurrent_timers ?? 1;
  const replaces = max === 1 ? timers[0] : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    start.mutate(
      { task_id: task?.id ?? null, description: description.trim() || null },
      {
        onSuccess: (response) => {
          onClose();
          showToast(startedMessage(response));
        },
      },
    );
  }

  return (
    <Modal
      title="Start a timer"
      description={replaces ? `${timerShortName(replaces)} is running: it will be stopped and saved first.` : undefined}
      onClose={onClose}
    >
      <form className="modal-form form" onSubmit={submit} noValidate>
        {errors?.form && <FormAlert>{errors.form}</FormAlert>}
        <TaskPicker value={task} onChange={setTask} errors={errors?.fields.task_id ?? errors?.fields.project_id} />
        <TextAreaField
          label="Description"
          hint="Optional."
          value={description}
          maxLength={TIME_ENTRY_DESCRIPTION_MAX_LENGTH}
          onChange={(event) => setDescription(event.target.value)}
          errors={errors?.fields.description}
        />
        {rate.data && (
          <p className="muted">
            Charged at {formatRate(rate.data.rate_amount, rate.data.currency, rate.data.rate_type)}
            {rate.data.source === 'default' ? ' (the default rate)' : ''}.
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : replaces ? 'Switch timer' : 'Start timer'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
