import { entrySpansSql } from '../time-tracking/entry-read-sql';

/**
 * SQL that cuts time entries into days (and hours) of a user's time zone.
 *
 * An entry's running seconds R are spread over its wall-clock window [s, e) — e is the end
 * of a stopped entry, the pause start of a paused one, now for a running one. The part of
 * the window before an instant t gets floor(R × (t − s) / W) seconds, W = e − s, so a
 * slice [a, b) gets floor(R × (b − s) / W) − floor(R × (a − s) / W). The slices of an
 * entry telescope: they are whole seconds and always add up to exactly R (and the slices
 * inside a range to exactly the range's share). Without pauses R = W (to the second) and
 * each slice is its wall-clock time; with pauses — entries keep only their total paused
 * seconds, not when each pause was — the paused time is spread in proportion to wall-clock
 * time, an approximation for entries that were paused and span several days or hours.
 * Money is cut the same way at 4 decimals (trunc), so its slices add up to the stored cost.
 *
 * Days are local calendar days: [d 00:00, d+1 00:00) in the zone, each converted with the
 * offset in force at that moment (`timestamp AT TIME ZONE zone`), so a spring-forward day
 * has 23 hours and a fall-back day 25. Hours of the day come from 15-minute UTC slices:
 * every zone's offset is a multiple of 15 minutes, so each slice lies within one local hour
 * — also for zones such as Asia/Kolkata (+05:30) and in the repeated hour of a fall-back.
 *
 * Placeholders are passed in so each statement numbers its own parameters.
 */
export interface SliceParams {
  /** IANA zone name (text). */
  tz: string;
  /** First and last day of the range (text, YYYY-MM-DD), both included. */
  first: string;
  last: string;
  /** The request's now (timestamptz): running timers count up to it. */
  now: string;
}

// The range's instants are scalar subqueries so PostgreSQL computes each once per statement
// (an InitPlan), not once per row: AT TIME ZONE is only stable, so it is never folded.
/** First instant of the range: local midnight starting `first`. */
export const rangeStart = (p: SliceParams) => `(SELECT (${p.first})::date::timestamp AT TIME ZONE ${p.tz})`;
/** End of the range (excluded): local midnight after `last`. */
export const rangeEnd = (p: SliceParams) => `(SELECT ((${p.last})::date + 1)::timestamp AT TIME ZONE ${p.tz})`;

/**
 * CTE `spans`: the entries matching `where` (on alias `te`) that have time in the range,
 * with s, e, w (wall seconds, numeric), running (seconds) and cost (stored total).
 */
export function spansCte(where: string, p: SliceParams): string {
  return `spans AS MATERIALIZED (
    SELECT x.*, extract(epoch FROM x.e - x.s) AS w
      FROM (${entrySpansSql(where, p.now, rangeEnd(p))}) x
     WHERE x.e > ${rangeStart(p)} AND x.e > x.s
  )`;
}

/** Running seconds of `sp` before instant `t`. */
const secondsBefore = (t: string) => `floor(sp.running * extract(epoch FROM (${t}) - sp.s) / sp.w)`;
/** Stored cost of `sp` before instant `t`, cut at 4 decimals. */
const costBefore = (t: string) => `trunc(sp.cost * extract(epoch FROM (${t}) - sp.s) / sp.w, 4)`;

/**
 * Seconds (or cost) of span `sp` in [from, to): the whole when the span lies inside — the
 * common case, and the formula's own answer there — else the difference of the two cuts.
 */
const sliceOf = (whole: string, before: (t: string) => string, from: string, to: string) =>
  `(CASE WHEN sp.s >= ${from} AND sp.e <= ${to} THEN ${whole} ELSE ${before(`least(sp.e, ${to})`)} - ${before(`greatest(sp.s, ${from})`)} END)`;

/** Seconds of span `sp` inside the range. */
export const clippedSeconds = (p: SliceParams) => `${sliceOf('sp.running', secondsBefore, rangeStart(p), rangeEnd(p))}::bigint`;

/** Cost of span `sp` inside the range (exact, 4 decimals). */
export const clippedCost = (p: SliceParams) => sliceOf('sp.cost', costBefore, rangeStart(p), rangeEnd(p));

/** LATERAL `d`: one row per local day of the range the span `sp` touches: day (date), seconds, cost. */
export function dayPieces(p: SliceParams): string {
  const dayStart = `(g AT TIME ZONE ${p.tz})`;
  const dayEnd = `((g + interval '1 day') AT TIME ZONE ${p.tz})`;
  return `CROSS JOIN LATERAL (
      SELECT g::date AS day,
             ${sliceOf('sp.running', secondsBefore, dayStart, dayEnd)}::bigint AS seconds,
             ${sliceOf('sp.cost', costBefore, dayStart, dayEnd)} AS cost
        FROM generate_series(greatest((sp.s AT TIME ZONE ${p.tz})::date, (${p.first})::date)::timestamp,
                             least((sp.e AT TIME ZONE ${p.tz})::date, (${p.last})::date)::timestamp,
                             interval '1 day') AS g
       WHERE ${dayStart} < sp.e) d`;
}

/** LATERAL `h`: the span's running seconds inside the range by local hour of the day (0–23), from 15-minute slices. */
export function hourPieces(p: SliceParams): string {
  const from = `greatest(sp.s, ${rangeStart(p)})`;
  const to = `least(sp.e, ${rangeEnd(p)})`;
  return `CROSS JOIN LATERAL (
      SELECT extract(hour FROM q AT TIME ZONE ${p.tz})::int AS hour,
             (${secondsBefore(`least(sp.e, q + interval '15 minutes')`)} - ${secondsBefore(`greatest(sp.s, q)`)})::bigint AS seconds
        FROM generate_series(to_timestamp(floor(extract(epoch FROM ${from}) / 900) * 900), ${to}, interval '15 minutes') AS q
       WHERE q < ${to}) h`;
}
