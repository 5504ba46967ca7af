import { ANALYTICS_MAX_RANGE_DAYS, type AnalyticsDateRange } from '@stint/contracts';
import { addDays, formatCalendarDate, isCalendarDate, startOfWeek, todayIn, type CalendarDate } from '@/lib/dates';

/**
 * The range picker of the dashboard and the reports, kept in the URL (`range`, and `start`/
 * `end` for a custom range) so reload, Back and shared links show the same figures. Days
 * are the user's (their `timezone`), as the API counts them.
 */

export const RANGE_PRESETS = ['this-week', 'last-7-days', 'last-30-days', 'this-month', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type FixedRangePreset = Exclude<RangePreset, 'custom'>;

export const PRESET_LABELS: Record<RangePreset, string> = {
  'this-week': 'This week',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'this-month': 'This month',
  custom: 'Custom range',
};

export interface RangeSelection extends AnalyticsDateRange {
  preset: RangePreset;
}

function isFixedPreset(value: string | null): value is FixedRangePreset {
  return value !== null && value !== 'custom' && (RANGE_PRESETS as readonly string[]).includes(value);
}

/**
 * A preset's days, up to and including today in the user's zone. "This week" starts on
 * Monday and "this month" on the 1st; both end today rather than on days still to come, so
 * per-day figures (the productivity score, the trend's previous period) aren't diluted by
 * empty future days.
 */
export function presetRange(preset: FixedRangePreset, timeZone: string | undefined, now = Date.now()): AnalyticsDateRange {
  const today = todayIn(timeZone, now);
  switch (preset) {
    case 'this-week':
      return { start: startOfWeek(today), end: today };
    case 'last-7-days':
      return { start: addDays(today, -6), end: today };
    case 'last-30-days':
      return { start: addDays(today, -29), end: today };
    case 'this-month':
      return { start: `${today.slice(0, 8)}01`, end: today };
  }
}

/** Days in the range, both ends included. */
export function rangeLength(range: AnalyticsDateRange): number {
  return Math.round((Date.parse(`${range.end}T00:00:00Z`) - Date.parse(`${range.start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The period of the same length just before, as the API's trend compares with. */
export function previousRange(range: AnalyticsDateRange): AnalyticsDateRange {
  const days = rangeLength(range);
  return { start: addDays(range.start, -days), end: addDays(range.start, -1) };
}

/** Why a custom range can't be used, or null when it can (the API's own limits). */
export function customRangeError(start: string, end: string): string | null {
  if (!isCalendarDate(start)) return 'Enter the first day of the range.';
  if (!isCalendarDate(end)) return 'Enter the last day of the range.';
  if (end < start) return 'The last day can’t be before the first day.';
  if (rangeLength({ start, end }) > ANALYTICS_MAX_RANGE_DAYS) return `Pick at most ${ANALYTICS_MAX_RANGE_DAYS} days.`;
  return null;
}

/** Reads the URL; a missing, unknown or unusable range falls back to `defaultPreset`. */
export function parseRange(search: URLSearchParams, defaultPreset: FixedRangePreset, timeZone: string | undefined, now = Date.now()): RangeSelection {
  const preset = search.get('range');
  if (preset === 'custom') {
    const start = search.get('start') ?? '';
    const end = search.get('end') ?? '';
    if (customRangeError(start, end) === null) return { preset, start, end };
  } else if (isFixedPreset(preset)) {
    return { preset, ...presetRange(preset, timeZone, now) };
  }
  return { preset: defaultPreset, ...presetRange(defaultPreset, timeZone, now) };
}

/**
 * Writes the range into a copy of `current`, leaving its other parameters alone. The default
 * preset stays out of the URL; presets are stored by name, so a link to "last 7 days" still
 * means the last 7 days when opened next week.
 */
export function writeRange(selection: RangeSelection, defaultPreset: FixedRangePreset, current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(current);
  next.delete('range');
  next.delete('start');
  next.delete('end');
  if (selection.preset === 'custom') {
    next.set('range', 'custom');
    next.set('start', selection.start);
    next.set('end', selection.end);
  } else if (selection.preset !== defaultPreset) {
    next.set('range', selection.preset);
  }
  return next;
}

/** "23 Mar 2026 – 29 Mar 2026", or one date for a one-day range. */
export function formatRange(range: AnalyticsDateRange): string {
  return range.start === range.end ? formatCalendarDate(range.start) : `${formatCalendarDate(range.start)} – ${formatCalendarDate(range.end)}`;
}

/** "Mon 23 Mar": a day of a chart's axis (a calendar date, no zone involved). */
export function formatShortDay(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(Date.UTC(y, m - 1, d)));
}
