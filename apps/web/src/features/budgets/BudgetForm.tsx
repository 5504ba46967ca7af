import { BUDGET_DEFAULT_ALERT_THRESHOLD, BUDGET_DEFAULT_CRITICAL_THRESHOLD, CURRENCY_PATTERN, type ProjectBudgetResponse, type ProjectBudgetSetRequest } from '@stint/contracts';
import { useSetProjectBudget } from '@/api/budgets';
import type { FormErrors } from '@/api/errors';
import { CheckboxField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { TextField } from '@/components/TextField';
import { showToast } from '@/components/toast-store';
import { useForm } from '@/components/useForm';

const LABELS = {
  total_budget: 'Total budget',
  allocated_budget: 'Allocated',
  currency: 'Currency',
  alert_threshold: 'Warning at (%)',
  critical_threshold: 'Critical at (%)',
  start_date: 'Start date',
  end_date: 'End date',
  is_locked: 'Hard cap (lock when exceeded)',
} as const;
type Field = keyof typeof LABELS;
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

interface Values {
  total_budget: string;
  allocated_budget: string;
  currency: string;
  alert_threshold: string;
  critical_threshold: string;
  start_date: string;
  end_date: string;
  is_locked: boolean;
}

export function initialValues(budget: ProjectBudgetResponse | null, projectCurrency: string): Values {
  return {
    total_budget: budget?.total_budget ?? '',
    allocated_budget: budget?.allocated_budget ?? '',
    currency: budget?.currency ?? projectCurrency,
    alert_threshold: String(budget?.alert_threshold ?? BUDGET_DEFAULT_ALERT_THRESHOLD),
    critical_threshold: String(budget?.critical_threshold ?? BUDGET_DEFAULT_CRITICAL_THRESHOLD),
    start_date: budget?.start_date ?? '',
    end_date: budget?.end_date ?? '',
    is_locked: budget?.is_locked ?? false,
  };
}

export function validateBudget(values: Values): FormErrors<Field>['fields'] {
  const fields: FormErrors<Field>['fields'] = {};
  const total = values.total_budget.trim();
  if (!AMOUNT.test(total) || Number(total) <= 0) fields.total_budget = ['Enter an amount above 0 with at most 2 decimals, e.g. 5000.00'];
  const allocated = values.allocated_budget.trim();
  if (allocated && !AMOUNT.test(allocated)) fields.allocated_budget = ['Enter an amount with at most 2 decimals'];
  else if (allocated && !fields.total_budget && Number(allocated) > Number(total)) fields.allocated_budget = ["Allocated can't exceed the total budget"];
  if (!CURRENCY_PATTERN.test(values.currency.trim())) fields.currency = ['Currency must be a three-letter ISO 4217 code'];
  const alert = Number(values.alert_threshold);
  const critical = Number(values.critical_threshold);
  if (!Number.isFinite(alert) || alert <= 0 || alert > 100) fields.alert_threshold = ['Enter a percentage above 0 and at most 100'];
  if (!Number.isFinite(critical) || critical <= 0 || critical > 100) fields.critical_threshold = ['Enter a percentage above 0 and at most 100'];
  else if (!fields.alert_threshold && alert > critical) fields.alert_threshold = ["The warning threshold can't be above the critical one"];
  if (values.start_date && values.end_date && values.end_date < values.start_date) fields.end_date = ["The end date can't be before the start date"];
  return fields;
}

/** Set or change a project's budget (admins). Client checks first, then the API's field errors under each field. */
export function BudgetForm({ projectId, budget, projectCurrency }: { projectId: string; budget: ProjectBudgetResponse | null; projectCurrency: string }) {
  const setBudget = useSetProjectBudget();
  const form = useForm({ initial: () => initialValues(budget, projectCurrency), labels: LABELS, validate: validateBudget });
  const { values, set, errors } = form;

  const onSubmit = form.handleSubmit((values) => {
    const body: ProjectBudgetSetRequest = {
      total_budget: values.total_budget.trim(),
      allocated_budget: values.allocated_budget.trim() || null,
      currency: values.currency.trim(),
      alert_threshold: Number(values.alert_threshold),
      critical_threshold: Number(values.critical_threshold),
      start_date: values.start_date || null,
      end_date: values.end_date || null,
      is_locked: values.is_locked,
    };
    // mutateAsync rather than mutate's callbacks: saving remounts this form (keyed by updated_at), and the toast must still show.
    return setBudget.mutateAsync({ projectId, body }).then(() => showToast(budget ? 'Budget saved' : 'Budget set'));
  });

  const field = (name: Exclude<Field, 'is_locked'>, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField label={LABELS[name]} autoComplete="off" {...form.text(name)} {...extra} />
  );

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Budget settings">
      {errors.form && <FormAlert>{errors.form}</FormAlert>}
      <div className="budget-form-grid">
        {field('total_budget', { inputMode: 'decimal', placeholder: '5000.00' })}
        {field('allocated_budget', { inputMode: 'decimal', hint: 'Optional: the part already committed.' })}
        {field('currency', { maxLength: 3, hint: "The project's currency.", onChange: (event) => set('currency', event.target.value.toUpperCase()) })}
        {field('alert_threshold', { inputMode: 'numeric' })}
        {field('critical_threshold', { inputMode: 'numeric' })}
        {field('start_date', { type: 'date' })}
        {field('end_date', { type: 'date' })}
      </div>
      <CheckboxField
        label={LABELS.is_locked}
        checked={values.is_locked}
        hint="While the budget is exceeded no time can be added, and running timers stop at the cap."
        onChange={(event) => set('is_locked', event.target.checked)}
        {...form.register('is_locked')}
      />
      <div className="budget-form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : budget ? 'Save budget' : 'Set budget'}
        </button>
      </div>
    </form>
  );
}
