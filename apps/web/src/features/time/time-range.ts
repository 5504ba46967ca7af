import { addDays, isCalendarDate, startOfDayIn, startOfWeek, todayIn, type CalendarDate } from '@/lib/dates';
import type { TimeLogListQuery } from '@stint/contracts';

/** How the Time page groups entries. */
export type TimeGrouping = 'day' | 'week';

/** The Time page's state, kept in the URL (`from`, `to`, `group`, `project`, `task`) so reload and links keep it. */
export interface TimeFilters {
  from: CalendarDate;
  /** Inclusive. */
  to: CalendarDate;
  group: TimeGrouping;
  project: string | null;
  task: string | null;
}

/** The longest range one page shows: a quarter. */
export const MAX_RANGE_DAYS = 92;

export function thisWeek(timeZone: string | undefined, now = Date.now()): Pick<TimeFilters, 'from' | 'to'> {
  const from = startOfWeek(todayIn(timeZone, now));
  return { from, to: addDays(from, 6) };
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Days in the range, both ends included. */
export function rangeLength(filters: Pick<TimeFilters, 'from' | 'to'>): number {
  return daysBetween(filters.from, filters.to) + 1;
}

/** The range of the same length, a whole number of lengths away, that contains `day`. */
export function rangeContaining(filters: Pick<TimeFilters, 'from' | 'to'>, day: CalendarDate): Pick<TimeFilters, 'from' | 'to'> {
  const length = rangeLength(filters);
  const shift = Math.floor(daysBetween(filters.from, day) / length) * length;
  return { from: addDays(filters.from, shift), to: addDays(filters.to, shift) };
}

/** Reads the URL; anything missing or malformed falls back to this week, by day, unfiltered. */
export function parseTimeFilters(search: URLSearchParams, timeZone: string | undefined, now = Date.now()): TimeFilters {
  const week = thisWeek(timeZone, now);
  let from = search.get('from') ?? '';
  let to = search.get('to') ?? '';
  if (!isCalendarDate(from) || !isCalendarDate(to) || to < from || rangeLength({ from, to }) > MAX_RANGE_DAYS) ({ from, to } = week);
  const group = search.get('group') === 'week' ? 'week' : 'day';
  return { from, to, group, project: search.get('project') || null, task: search.get('task') || null };
}

/** Writes the filters; this week and grouping by day are the defaults and stay out of the URL. */
export function writeTimeFilters(filters: TimeFilters, timeZone: string | undefined, now = Date.now()): URLSearchParams {
  const search = new URLSearchParams();
  const week = thisWeek(timeZone, now);
  if (filters.from !== week.from || filters.to !== week.to) {
    search.set('from', filters.from);
    search.set('to', filters.to);
  }
  if (filters.group !== 'day') search.set('group', filters.group);
  if (filters.project) search.set('project', filters.project);
  if (filters.task) search.set('task', filters.task);
  return search;
}

/** The same length of time just before (-1) or after (+1); whole weeks move by weeks. */
export function shiftRange(filters: Pick<TimeFilters, 'from' | 'to'>, direction: -1 | 1): Pick<TimeFilters, 'from' | 'to'> {
  const days = rangeLength(filters) * direction;
  return { from: addDays(filters.from, days), to: addDays(filters.to, days) };
}

/** The API query: entries overlapping [start of `from`, start of the day after `to`) in the user's zone. */
export function toTimeLogQuery(filters: TimeFilters, timeZone: string | undefined): Omit<TimeLogListQuery, 'page' | 'per_page'> {
  return {
    from: startOfDayIn(filters.from, timeZone),
    to: startOfDayIn(addDays(filters.to, 1), timeZone),
    project_id: filters.project ?? undefined,
    task_id: filters.task ?? undefined,
  };
}
