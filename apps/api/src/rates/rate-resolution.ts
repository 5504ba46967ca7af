import type { RateType } from '../common/enums';

/** The rate an entry is charged at, copied onto it (the entry keeps it when rates change). */
export interface RateSnapshot {
  rateType: RateType;
  rateAmount: string;
  currency: string;
}

export interface ResolvedRate extends RateSnapshot {
  source: 'user' | 'default';
  rateId: string | null;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
}

/** Calendar date (YYYY-MM-DD) of `at` in an IANA time zone. */
export function dateIn(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * "The entry's date" for rates: its start's calendar day in the *owner's* time zone, so a
 * rate effective from the 1st applies to work started on the 1st where the person lives,
 * whichever server or admin time zone is involved. `$ts` and `u` (the user row) are the placeholders.
 * A stored zone PostgreSQL doesn't know is read as UTC (stint_time_zone), never an error.
 */
export const entryDate = (ts: string, zone = 'stint_time_zone(u.timezone)') => `((${ts})::timestamptz AT TIME ZONE ${zone})::date`;

/**
 * The time zone of the user whose id is the placeholder `param`, computed once per statement
 * (an uncorrelated subquery): for queries over many of one user's rows, where a per-row
 * stint_time_zone call (a subtransaction, ~30 µs) would add up.
 */
export const zoneOfUser = (param: string) => `(SELECT stint_time_zone(timezone) FROM users WHERE id = ${param})`;
