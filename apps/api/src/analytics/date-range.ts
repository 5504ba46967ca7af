import { ANALYTICS_DEFAULT_RANGE_DAYS, ANALYTICS_MAX_RANGE_DAYS, type AnalyticsDateRange, type AnalyticsRangeQuery } from '@stint/contracts';
import { validationError } from '../common/errors/app-error';

/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. A calendar date has no time zone: the
 * arithmetic runs on UTC midnights only to count days, never to place a moment in a day
 * (the SQL does that, in the user's zone).
 */

const DAY_MS = 86_400_000;
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for an existing calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The most days any loop over a range may visit: a range and the period before it, with room
 * to spare. Requests are bounded by their DTOs (ANALYTICS_MAX_RANGE_DAYS, DATE_MIN–DATE_MAX);
 * this bound keeps a mistake there from becoming an endless loop (defence in depth).
 */
export const EACH_DAY_MAX = 4 * ANALYTICS_MAX_RANGE_DAYS;

/** `date` + `days`; throws (never loops on) a result outside the four-digit years. */
export function addDays(date: string, days: number): string {
  const result = new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
  const year = result.getUTCFullYear();
  if (Number.isNaN(result.getTime()) || year < 1 || year > 9999) throw new RangeError(`addDays: ${date} + ${days} days leaves the years 0001–9999`);
  return result.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every day from `start` to `end`, both included; throws past EACH_DAY_MAX days. */
export function eachDay(range: AnalyticsDateRange): string[] {
  const count = rangeDays(range);
  if (!isIsoDate(range.start) || !isIsoDate(range.end) || !(count <= EACH_DAY_MAX)) {
    throw new RangeError(`eachDay: ${range.start}..${range.end} is not a range of at most ${EACH_DAY_MAX} days`);
  }
  const days: string[] = [];
  for (let i = 0; i < count; i += 1) days.push(addDays(range.start, i));
  return days;
}

/** Number of days of a range, both ends included. */
export function rangeDays(range: AnalyticsDateRange): number {
  return daysBetween(range.start, range.end) + 1;
}

/** The calendar date of `at` in `timeZone` (IANA). */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The range of `?start=&end=`: `end` defaults to today in the caller's zone, `start` to
 * ANALYTICS_DEFAULT_RANGE_DAYS days ending on `end`. The formats are checked by the DTO;
 * the order and the width need "today", so they are checked here (422 with field details).
 */
export function resolveRange(query: AnalyticsRangeQuery, today: string): AnalyticsDateRange {
  const end = query.end ?? today;
  const start = query.start ?? addDays(end, -(ANALYTICS_DEFAULT_RANGE_DAYS - 1));
  if (start > end) {
    throw validationError('The request has invalid fields', {
      [query.end ? 'end' : 'start']: [query.end ? 'end must not be before start' : `start must not be after today (${today})`],
    });
  }
  const days = rangeDays({ start, end });
  if (days > ANALYTICS_MAX_RANGE_DAYS) {
    throw validationError('The request has invalid fields', {
      [query.end ? 'end' : 'start']: [`The range may span at most ${ANALYTICS_MAX_RANGE_DAYS} days (got ${days})`],
    });
  }
  return { start, end };
}

/** The period of the same length just before `range`. */
export function previousPeriod(range: AnalyticsDateRange): AnalyticsDateRange {
  const days = rangeDays(range);
  return { start: addDays(range.start, -days), end: addDays(range.start, -1) };
}
