import {
  MAX_CONCURRENT_TIMERS_MAX,
  MAX_CONCURRENT_TIMERS_MIN,
  MAX_TIMER_HOURS_MAX,
  MAX_TIMER_HOURS_MIN,
  STALE_HEARTBEAT_MINUTES_MAX,
  STALE_HEARTBEAT_MINUTES_MIN,
  type TimeTrackingSettingsResponse,
  type TimeTrackingSettingsUpdateRequest,
} from '@stint/contracts';
import { useState } from 'react';
import { describeError } from '@/api/errors';
import { useSettings, useUpdateSettings } from '@/api/settings';
import { CheckboxField } from '@/components/fields';
import { FormAlert } from '@/components/FormAlert';
import { DetailsSkeleton } from '@/components/Skeleton';
import { TextField } from '@/components/TextField';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useForm } from '@/components/useForm';
import { parseScaled } from '@/lib/money';

const FIELDS = {
  default_hourly_rate: 'Default hourly rate',
  default_minutely_rate: 'Default per-minute rate',
  default_currency: 'Default currency',
  auto_pause_on_logout: 'Pause timers on sign-out',
  max_concurrent_timers_per_user: 'Timers at once',
  enable_budget_tracking: 'Budget tracking',
  enable_budget_alerts: 'Budget alerts',
  max_timer_hours: 'Longest timer',
  stale_heartbeat_minutes: 'Stale after',
  forbid_overlapping_entries: 'Forbid overlapping entries',
} as const;
type Field = keyof typeof FIELDS;
type FlagField = 'auto_pause_on_logout' | 'enable_budget_tracking' | 'enable_budget_alerts' | 'forbid_overlapping_entries';

interface Draft {
  default_hourly_rate: string;
  default_minutely_rate: string;
  default_currency: string;
  auto_pause_on_logout: boolean;
  max_concurrent_timers_per_user: string;
  enable_budget_tracking: boolean;
  enable_budget_alerts: boolean;
  max_timer_hours: string;
  stale_heartbeat_minutes: string;
  forbid_overlapping_entries: boolean;
}

function toDraft(settings: TimeTrackingSettingsResponse): Draft {
  return {
    default_hourly_rate: settings.default_hourly_rate,
    default_minutely_rate: settings.default_minutely_rate ?? '',
    default_currency: settings.default_currency,
    auto_pause_on_logout: settings.auto_pause_on_logout,
    max_concurrent_timers_per_user: String(settings.max_concurrent_timers_per_user),
    enable_budget_tracking: settings.enable_budget_tracking,
    enable_budget_alerts: settings.enable_budget_alerts,
    max_timer_hours: String(settings.max_timer_hours),
    stale_heartbeat_minutes: String(settings.stale_heartbeat_minutes),
    forbid_overlapping_entries: settings.forbid_overlapping_entries,
  };
}

const RATE = /^\d{1,6}(\.\d{1,6})?$/;

function wholeNumberIn(value: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(value.trim())) return null;
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}

/** The changed settings as the PATCH body, or the fields' errors. */
export function settingsChanges(draft: Draft, saved: TimeTrackingSettingsResponse): { changes: TimeTrackingSettingsUpdateRequest; errors: Partial<Record<Field, string[]>> } {
  const errors: Partial<Record<Field, string[]>> = {};
  const changes: TimeTrackingSettingsUpdateRequest = {};
  const original = toDraft(saved);

  const hourly = draft.default_hourly_rate.trim();
  if (!RATE.test(hourly) || (parseScaled(hourly, 6) ?? 0n) <= 0n) errors.default_hourly_rate = ['Enter an amount above 0, such as 50.00.'];
  else if (parseScaled(hourly, 6) !== parseScaled(original.default_hourly_rate, 6)) changes.default_hourly_rate = hourly;

  const minutely = draft.default_minutely_rate.trim();
  if (minutely && (!RATE.test(minutely) || (parseScaled(minutely, 6) ?? 0n) <= 0n)) errors.default_minutely_rate = ['Enter an amount above 0, or leave it empty.'];
  else {
    const before = saved.default_minutely_rate;
    const same = minutely ? before !== null && parseScaled(minutely, 6) === parseScaled(before, 6) : before === null;
    if (!same) changes.default_minutely_rate = minutely || null;
  }

  const currency = draft.default_currency.trim();
  if (!/^[A-Z]{3}$/.test(currency)) errors.default_currency = ['Enter a three-letter ISO 4217 code, e.g. EUR.'];
  else if (currency !== original.default_currency) changes.default_currency = currency;

  const numbers = [
    ['max_concurrent_timers_per_user', MAX_CONCURRENT_TIMERS_MIN, MAX_CONCURRENT_TIMERS_MAX],
    ['max_timer_hours', MAX_TIMER_HOURS_MIN, MAX_TIMER_HOURS_MAX],
    ['stale_heartbeat_minutes', STALE_HEARTBEAT_MINUTES_MIN, STALE_HEARTBEAT_MINUTES_MAX],
  ] as const;
  for (const [field, min, max] of numbers) {
    const value = wholeNumberIn(draft[field], min, max);
    if (value === null) errors[field] = [`Enter a whole number from ${min} to ${max}.`];
    else if (value !== saved[field]) changes[field] = value;
  }

  for (const field of ['auto_pause_on_logout', 'enable_budget_tracking', 'enable_budget_alerts', 'forbid_overlapping_entries'] as const) {
    if (draft[field] !== saved[field]) changes[field] = draft[field];
  }
  return { changes, errors };
}

function SettingsForm({ settings, onSaved }: { settings: TimeTrackingSettingsResponse; onSaved: () => void }) {
  const update = useUpdateSettings();
  const form = useForm({ initial: () => toDraft(settings), labels: FIELDS, validate: (draft: Draft) => settingsChanges(draft, settings).errors });
  const [message, setMessage] = useState<string | null>(null);

  const flag = (field: FlagField) => ({
    checked: form.values[field],
    onChange: (event: { target: { checked: boolean } }) => form.set(field, event.target.checked),
    ...form.register(field),
  });

  const submit = form.handleSubmit((draft) => {
    setMessage(null);
    const { changes } = settingsChanges(draft, settings);
    if (Object.keys(changes).length === 0) return setMessage('Nothing changed.');
    return update.mutateAsync(changes).then(onSaved);
  });

  return (
    <form className="form settings-form" onSubmit={submit} noValidate>
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      {message && <FormAlert tone="info">{message}</FormAlert>}
      <fieldset className="card settings-group">
        <legend className="card-title">Default rate</legend>
        <p className="muted">Charged for people without a rate of their own.</p>
        <div className="form-grid">
          <TextField label="Default hourly rate" inputMode="decimal" autoComplete="off" {...form.text('default_hourly_rate')} />
          <TextField label="Default per-minute rate" inputMode="decimal" autoComplete="off" hint="Empty: the hourly rate ÷ 60." {...form.text('default_minutely_rate')} />
          <TextField
            label="Default currency"
            maxLength={3}
            autoComplete="off"
            {...form.text('default_currency')}
            onChange={(event) => form.set('default_currency', event.target.value.toUpperCase())}
            hint="ISO 4217, e.g. EUR"
          />
        </div>
      </fieldset>
      <fieldset className="card settings-group">
        <legend className="card-title">Timers</legend>
        <div className="form-grid">
          <TextField
            label="Timers at once"
            type="number"
            inputMode="numeric"
            min={MAX_CONCURRENT_TIMERS_MIN}
            max={MAX_CONCURRENT_TIMERS_MAX}
            hint="Per person. With 1, starting a timer stops the running one."
            {...form.text('max_concurrent_timers_per_user')}
          />
          <TextField
            label="Longest timer"
            type="number"
            inputMode="numeric"
            min={MAX_TIMER_HOURS_MIN}
            max={MAX_TIMER_HOURS_MAX}
            hint="Hours; a timer running longer is stopped at this cap."
            {...form.text('max_timer_hours')}
          />
          <TextField
            label="Stale after"
            type="number"
            inputMode="numeric"
            min={STALE_HEARTBEAT_MINUTES_MIN}
            max={STALE_HEARTBEAT_MINUTES_MAX}
            hint="Minutes without an open page before a timer is flagged (never changed)."
            {...form.text('stale_heartbeat_minutes')}
          />
        </div>
        <CheckboxField label="Pause timers on sign-out" hint="Signing out pauses the person's running timer." {...flag('auto_pause_on_logout')} />
        <CheckboxField
          label="Forbid overlapping entries"
          hint="Refuse a manual entry or edit that overlaps another of the person's entries or timers. Off: it is saved with a warning."
          {...flag('forbid_overlapping_entries')}
        />
      </fieldset>
      <fieldset className="card settings-group">
        <legend className="card-title">Budgets</legend>
        <CheckboxField label="Budget tracking" hint="Add the cost of stopped timers to project budgets." {...flag('enable_budget_tracking')} />
        <CheckboxField label="Budget alerts" hint="Alert admins when a project crosses its thresholds." {...flag('enable_budget_alerts')} />
      </fieldset>
      <div>
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

/** The time-tracking settings of the server, with the API's limits checked before saving. */
export function SettingsPage() {
  useDocumentTitle('Settings · Admin');
  const settings = useSettings();
  const [saved, setSaved] = useState(false);

  if (settings.isPending) return <DetailsSkeleton label="settings" />;
  if (settings.isError) {
    return (
      <FormAlert>
        Couldn't load the settings. {describeError(settings.error)}{' '}
        <button type="button" className="link-button" onClick={() => void settings.refetch()}>
          Try again
        </button>
      </FormAlert>
    );
  }
  return (
    <div className="admin-section">
      {saved && <FormAlert tone="info">Settings saved.</FormAlert>}
      {/* Keyed by the saved version, so the form starts again from what the server kept. */}
      <SettingsForm key={settings.data.updated_at} settings={settings.data} onSaved={() => setSaved(true)} />
    </div>
  );
}
