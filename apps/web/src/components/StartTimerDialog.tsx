import { TIME_ENTRY_DESCRIPTION_MAX_LENGTH, type TimerStatusResponse } from '@stint/contracts';
import { useMyRate } from '@/api/rates';
import { useStartTimer } from '@/api/time-tracking';
import { TextAreaField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { Modal } from '@/components/Modal';
import { TaskPicker, type TaskChoice } from '@/components/TaskPicker';
import { showToast } from '@/components/toast-store';
import { startedMessage, timerShortName } from '@/components/timer-text';
import { useForm } from '@/components/useForm';
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
  const form = useForm({ initial: { task: null as TaskChoice | null, description: '' }, labels: FIELDS, fieldOf: { task: 'task_id' } });
  const { values, errors } = form;
  const timers = status?.timers ?? [];
  const max = status?.limits.max_concurrent_timers ?? 1;
  const replaces = max === 1 ? timers[0] : undefined;

  const submit = form.handleSubmit(({ task, description }) =>
    start.mutateAsync({ task_id: task?.id ?? null, description: description.trim() || null }).then((response) => {
      onClose();
      showToast(startedMessage(response));
    }),
  );

  return (
    <Modal title="Start a timer" description={replaces ? `${timerShortName(replaces)} is running: it will be stopped and saved first.` : undefined} onClose={onClose}>
      <form className="modal-form form" onSubmit={submit} noValidate>
        {errors.form && <FormAlert>{errors.form}</FormAlert>}
        <TaskPicker value={values.task} onChange={(task) => form.set('task', task)} errors={errors.fields.task_id ?? errors.fields.project_id} />
        <TextAreaField label="Description" hint="Optional." maxLength={TIME_ENTRY_DESCRIPTION_MAX_LENGTH} {...form.text('description')} />
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
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? 'Starting…' : replaces ? 'Switch timer' : 'Start timer'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
