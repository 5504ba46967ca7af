import type { CurrencyAmount, TimeLogResponse } from '@stint/contracts';
import { calendarDateIn, startOfWeek, type CalendarDate } from '@/lib/dates';
import { sumByCurrency } from '@/lib/money';
import type { TimeGrouping } from '@/features/time/time-range';

export interface EntryGroup {
  /** The day, or the Monday of the week. */
  date: CalendarDate;
  entries: TimeLogResponse[];
  /** Running time of the group's entries (so far, for active ones). */
  seconds: number;
  /** Per currency: the exact sum of the 2-decimal costs shown on the rows. */
  totals: CurrencyAmount[];
}

/** Running time of an entry: its duration once stopped, else so far. */
export function entrySeconds(entry: TimeLogResponse): number {
  return entry.duration_seconds ?? entry.elapsed_seconds;
}

/**
 * Entries by the day (or ISO week) they started on in the user's zone; newest group first,
 * entries in a group in the order they started. An entry over midnight belongs to the day it began.
 */
export function groupEntries(entries: readonly TimeLogResponse[], grouping: TimeGrouping, timeZone: string | undefined): EntryGroup[] {
  const groups = new Map<CalendarDate, TimeLogResponse[]>();
  for (const entry of entries) {
    const day = calendarDateIn(entry.start_time, timeZone);
    const key = grouping === 'week' ? startOfWeek(day) : day;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([date, list]) => {
      const sorted = [...list].sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
      return {
        date,
        entries: sorted,
        seconds: sorted.reduce((sum, entry) => sum + entrySeconds(entry), 0),
        totals: sumByCurrency(sorted.map((entry) => ({ currency: entry.currency, amount: entry.total_cost }))),
      };
    });
}
