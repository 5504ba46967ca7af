import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  customRangeError,
  formatRange,
  parseRange,
  PRESET_LABELS,
  presetRange,
  RANGE_PRESETS,
  writeRange,
  type FixedRangePreset,
  type RangePreset,
  type RangeSelection,
} from '@/features/dashboard/date-range';
import '@/features/dashboard/dashboard.css';

/** The range in the URL (see date-range.ts), read in the user's zone. */
export function useRangeParam(defaultPreset: FixedRangePreset, timeZone: string | undefined) {
  const [search, setSearch] = useSearchParams();
  const selection = useMemo(() => parseRange(search, defaultPreset, timeZone), [search, defaultPreset, timeZone]);
  const setSelection = useCallback((next: RangeSelection) => setSearch((current) => writeRange(next, defaultPreset, current)), [setSearch, defaultPreset]);
  return [selection, setSelection] as const;
}

interface RangePickerProps {
  value: RangeSelection;
  onChange: (next: RangeSelection) => void;
  timeZone: string | undefined;
}

/**
 * Preset ranges in a select, and a custom first/last day applied with a button (so a half-typed
 * date doesn't fetch anything). Shows the days the figures cover and the zone they're counted in.
 */
export function RangePicker({ value, onChange, timeZone }: RangePickerProps) {
  const selectId = useId();
  const startId = useId();
  const endId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState<{ start: string; end: string } | null>(value.preset === 'custom' ? { start: value.start, end: value.end } : null);
  const [error, setError] = useState<string | null>(null);

  // A new range from outside (Back, a link) replaces any half-edited custom range.
  const valueKey = `${value.preset}:${value.start}:${value.end}`;
  const [shownKey, setShownKey] = useState(valueKey);
  if (shownKey !== valueKey) {
    setShownKey(valueKey);
    setDraft(value.preset === 'custom' ? { start: value.start, end: value.end } : null);
    setError(null);
  }

  function onPresetChange(preset: RangePreset) {
    setError(null);
    if (preset === 'custom') {
      setDraft({ start: value.start, end: value.end });
      return;
    }
    setDraft(null);
    onChange({ preset, ...presetRange(preset, timeZone) });
  }

  function onApply(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const problem = customRangeError(draft.start, draft.end);
    setError(problem);
    if (!problem) onChange({ preset: 'custom', start: draft.start, end: draft.end });
  }

  return (
    <div className="range-picker">
      <form className="range-picker-controls" onSubmit={onApply} noValidate>
        <div className="field range-picker-preset">
          <label htmlFor={selectId} className="field-label">
            Range
          </label>
          <select
            id={selectId}
            className="field-input field-select field-compact"
            value={draft ? 'custom' : value.preset}
            onChange={(event) => onPresetChange(event.target.value as RangePreset)}
          >
            {RANGE_PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {PRESET_LABELS[preset]}
              </option>
            ))}
          </select>
        </div>
        {draft && (
          <>
            <div className="field">
              <label htmlFor={startId} className="field-label">
                From
              </label>
              <input
                id={startId}
                type="date"
                className="field-input field-compact"
                value={draft.start}
                max={draft.end || undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) => setDraft({ ...draft, start: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={endId} className="field-label">
                To
              </label>
              <input
                id={endId}
                type="date"
                className="field-input field-compact"
                value={draft.end}
                min={draft.start || undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) => setDraft({ ...draft, end: event.target.value })}
              />
            </div>
            <button type="submit" className="button button-primary button-small range-picker-apply">
              Apply
            </button>
          </>
        )}
      </form>
      {error && (
        <p id={errorId} className="field-errors range-picker-error" role="alert">
          {error}
        </p>
      )}
      <p className="range-picker-summary muted">
        <span className="range-picker-dates">{formatRange(value)}</span>
        {timeZone && <span> · days in {timeZone}</span>}
      </p>
    </div>
  );
}
