import { PAGE_SIZE_MAX, RATE_AMOUNT_DECIMALS, RATE_TYPES, type RateApplyResponse, type RateType, type UserRateResponse, type UserResponse } from '@stint/contracts';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '@/api/errors';
import { useApplyRate, useSetRate, useUserRates } from '@/api/rates';
import { useSettings } from '@/api/settings';
import { useCurrentUser, useUsers } from '@/api/users';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { SelectField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { TableSkeleton } from '@/components/Skeleton';
import { TextField } from '@/components/TextField';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useForm } from '@/components/useForm';
import { formatCalendarDate, todayIn } from '@/lib/dates';
import { formatRate, formatTotals, parseScaled } from '@/lib/money';

export const RATE_TYPE_LABELS: Record<RateType, string> = { hourly: 'Hourly', minutely: 'Per minute', secondly: 'Per second' };

const FIELDS = { rate_type: 'Type', rate_amount: 'Amount', currency: 'Currency', effective_from: 'Effective from' } as const;
type Field = keyof typeof FIELDS;

const AMOUNT = new RegExp(`^\\d{1,6}(\\.\\d{1,${RATE_AMOUNT_DECIMALS}})?$`);
const CURRENCY = /^[A-Z]{3}$/;

/** Checks what the API would refuse anyway, to answer before a round trip. */
export function validateRate(values: { rate_amount: string; currency: string; effective_from: string }): Partial<Record<Field, string[]>> {
  const errors: Partial<Record<Field, string[]>> = {};
  const amount = values.rate_amount.trim();
  if (!AMOUNT.test(amount)) errors.rate_amount = [`Enter an amount such as 62.50, with at most ${RATE_AMOUNT_DECIMALS} decimals.`];
  else if ((parseScaled(amount, RATE_AMOUNT_DECIMALS) ?? 0n) <= 0n) errors.rate_amount = ['The amount must be more than 0.'];
  if (!CURRENCY.test(values.currency)) errors.currency = ['Enter a three-letter ISO 4217 code, e.g. EUR.'];
  if (!values.effective_from) errors.effective_from = ['Choose the first day the rate applies.'];
  return errors;
}

function SetRateForm({ user, defaultCurrency, timeZone }: { user: UserResponse; defaultCurrency: string; timeZone: string | undefined }) {
  const setRate = useSetRate();
  const form = useForm({
    initial: () => ({ rate_type: 'hourly' as RateType, rate_amount: '', currency: defaultCurrency, effective_from: todayIn(timeZone) }),
    labels: FIELDS,
    validate: validateRate,
  });
  const [saved, setSaved] = useState<string | null>(null);

  const submit = form.handleSubmit(({ rate_type, rate_amount, currency, effective_from }) => {
    setSaved(null);
    return setRate.mutateAsync({ userId: user.id, rate: { rate_type, rate_amount: rate_amount.trim(), currency, effective_from } }).then((rate) => {
      form.set('rate_amount', '');
      setSaved(`${user.full_name}'s rate is ${formatRate(rate.rate_amount, rate.currency, rate.rate_type)} from ${formatCalendarDate(rate.effective_from)}.`);
    });
  });

  return (
    <form className="card form rate-form" onSubmit={submit} noValidate aria-labelledby="set-rate-title">
      <h2 id="set-rate-title" className="card-title">
        Set a new rate
      </h2>
      <p className="muted">
        It applies to timers started from its first day; the previous rate ends the day before. Entries already saved keep their rate unless you re-rate them.
      </p>
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      {saved && <FormAlert tone="info">{saved}</FormAlert>}
      <div className="form-grid">
        <SelectField label="Type" {...form.text('rate_type')}>
          {RATE_TYPES.map((type) => (
            <option key={type} value={type}>
              {RATE_TYPE_LABELS[type]}
            </option>
          ))}
        </SelectField>
        <TextField label="Amount" inputMode="decimal" autoComplete="off" {...form.text('rate_amount')} hint="e.g. 62.50" />
        <TextField
          label="Currency"
          maxLength={3}
          autoComplete="off"
          {...form.text('currency')}
          onChange={(event) => form.set('currency', event.target.value.toUpperCase())}
          hint="ISO 4217, e.g. EUR"
        />
        <TextField label="Effective from" type="date" {...form.text('effective_from')} />
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : 'Set rate'}
        </button>
      </div>
    </form>
  );
}

function ApplyResult({ result }: { result: RateApplyResponse }) {
  return (
    <div className="alert alert-info" role="status">
      <p>
        Re-rated {result.entries_updated} {result.entries_updated === 1 ? 'entry' : 'entries'} from {formatCalendarDate(result.effective_from)}
        {result.effective_until ? ` until ${formatCalendarDate(result.effective_until)}` : ''}.
        {result.entries_skipped_currency > 0 && ` ${result.entries_skipped_currency} in another currency were left alone.`}
      </p>
      <p>
        Total before: <strong>{formatTotals(result.totals_before)}</strong>; after: <strong>{formatTotals(result.totals_after)}</strong>.
      </p>
    </div>
  );
}

function RateHistory({ user }: { user: UserResponse }) {
  const rates = useUserRates(user.id);
  const apply = useApplyRate();
  const [confirming, setConfirming] = useState<UserRateResponse | null>(null);
  const [result, setResult] = useState<RateApplyResponse | null>(null);
  const list = rates.data ?? [];

  return (
    <section className="section" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {result && <ApplyResult result={result} />}
      {rates.isError ? (
        <FormAlert>
          Couldn't load the rates. {describeError(rates.error)}{' '}
          <button type="button" className="link-button" onClick={() => void rates.refetch()}>
            Try again
          </button>
        </FormAlert>
      ) : rates.isSuccess && list.length === 0 ? (
        <div className="empty-state empty-state-compact">
          <p className="empty-state-title">No rates yet</p>
          <p className="muted">{user.full_name}'s time is charged at the default hourly rate from the settings.</p>
        </div>
      ) : (
        <div className="table-scroll" role="region" aria-label="Rate history table" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Rates of {user.full_name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Effective from</th>
                <th scope="col">Until</th>
                <th scope="col">Type</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col">Currency</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rates.isPending ? (
                <TableSkeleton columns={6} rows={3} label="rates" />
              ) : (
                list.map((rate) => (
                  <tr key={rate.id}>
                    <td>
                      {formatCalendarDate(rate.effective_from)}
                      {rate.is_current && <span className="badge badge-current">Current</span>}
                    </td>
                    <td>{rate.effective_until ? formatCalendarDate(rate.effective_until) : <span className="muted">Open-ended</span>}</td>
                    <td>{RATE_TYPE_LABELS[rate.rate_type]}</td>
                    <td className="numeric">{rate.rate_amount}</td>
                    <td>{rate.currency}</td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-ghost button-small"
                        onClick={() => {
                          apply.reset();
                          setConfirming(rate);
                        }}
                        aria-label={`Apply the rate from ${formatCalendarDate(rate.effective_from)} to past entries`}
                      >
                        Apply to past entries
                      </button>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Re-rate past entries?"
          confirmLabel="Re-rate entries"
          pendingLabel="Re-rating…"
          tone="primary"
          pending={apply.isPending}
          error={apply.isError ? describeError(apply.error) : null}
          onCancel={() => setConfirming(null)}
          onConfirm={() =>
            apply.mutate(
              { userId: user.id, rateId: confirming.id },
              {
                onSuccess: (response) => {
                  setResult(response);
                  setConfirming(null);
                },
              },
            )
          }
        >
          Every stopped entry of {user.full_name} from {formatCalendarDate(confirming.effective_from)}
          {confirming.effective_until ? ` until ${formatCalendarDate(confirming.effective_until)}` : ''} will be charged at{' '}
          {formatRate(confirming.rate_amount, confirming.currency, confirming.rate_type)}. Entries in another currency are left alone. Reports and budgets change with them; the
          totals before and after are shown when it is done.
        </ConfirmDialog>
      )}
    </section>
  );
}

function CurrentRate({ user, rates, defaultRate }: { user: UserResponse; rates: UserRateResponse[] | undefined; defaultRate: { amount: string; currency: string } | null }) {
  if (!rates) return null;
  const current = rates.find((rate) => rate.is_current);
  return (
    <div className="card current-rate">
      <h2 className="card-title">Current rate</h2>
      {current ? (
        <p className="current-rate-value">{formatRate(current.rate_amount, current.currency, current.rate_type)}</p>
      ) : (
        <p>
          <span className="current-rate-value">{defaultRate ? formatRate(defaultRate.amount, defaultRate.currency, 'hourly') : 'The default rate'}</span>{' '}
          <span className="muted">— the settings' default: {user.full_name} has no rate of their own today.</span>
        </p>
      )}
    </div>
  );
}

/** Rates per person: the current one, the history, a new rate, and re-rating past entries. */
export function RatesPage() {
  useDocumentTitle('Rates · Admin');
  const me = useCurrentUser();
  const userSelectId = useId();
  const [search, setSearch] = useSearchParams();
  const users = useUsers({ per_page: PAGE_SIZE_MAX });
  const settings = useSettings();
  const people = users.data?.data ?? [];
  const userId = search.get('user') ?? me?.id ?? '';
  const user = people.find((person) => person.id === userId) ?? (me?.id === userId ? me : undefined);
  const rates = useUserRates(user?.id ?? null);
  const defaultRate = settings.data ? { amount: settings.data.default_hourly_rate, currency: settings.data.default_currency } : null;
  const latest = rates.data?.[0];

  return (
    <div className="admin-section">
      <div className="field person-picker">
        <label htmlFor={userSelectId} className="field-label">
          Person
        </label>
        <select
          id={userSelectId}
          className="field-input field-select"
          value={userId}
          onChange={(event) => setSearch(event.target.value ? { user: event.target.value } : {})}
          aria-busy={users.isPending || undefined}
        >
          {!user && <option value={userId}>Choose a person</option>}
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.full_name} ({person.email}){person.is_active ? '' : ' — deactivated'}
            </option>
          ))}
        </select>
      </div>
      {users.isError && <FormAlert>Couldn't load people. {describeError(users.error)}</FormAlert>}
      {user && (
        <div key={user.id} className="rates">
          <CurrentRate user={user} rates={rates.data} defaultRate={defaultRate} />
          {/* Once the currency to suggest is known: the form's fields start from it. */}
          {!rates.isPending && !settings.isPending && (
            <SetRateForm user={user} defaultCurrency={latest?.currency ?? settings.data?.default_currency ?? 'EUR'} timeZone={me?.timezone} />
          )}
          <RateHistory user={user} />
        </div>
      )}
    </div>
  );
}
