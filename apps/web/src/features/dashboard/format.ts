/**
 * How the dashboard and reports write their figures. Always as text with fixed decimals, so
 * a screen reader, a copy-paste and a browser test all read the same "3.50 h" the chart shows.
 */

const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wholeNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** The API's 2-decimal hours: 3.5 → "3.50 h". */
export function formatHours(hours: number): string {
  return `${twoDecimals.format(hours)} h`;
}

/** Exact seconds as 2-decimal hours: 12600 → "3.50 h". */
export function formatSecondsAsHours(seconds: number): string {
  return formatHours(Math.round(seconds / 36) / 100);
}

export function formatCount(value: number): string {
  return wholeNumber.format(value);
}

/** 66.666 → "66.67%". */
export function formatPercent(value: number): string {
  return `${twoDecimals.format(value)}%`;
}

/** A productivity score out of 100: 72.5 → "72.50". */
export function formatScore(score: number): string {
  return twoDecimals.format(score);
}

/**
 * A percent change against the previous period: 12.5 → "+12.50%", −5 → "−5.00%". Null (the
 * previous period had nothing, so there is no ratio) is "—", never "∞" or "0%".
 */
export function formatPercentChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  if (change === 0) return formatPercent(0);
  return `${change > 0 ? '+' : '−'}${formatPercent(Math.abs(change))}`;
}

export type ChangeDirection = 'up' | 'down' | 'flat' | 'none';

export function changeDirection(change: number | null): ChangeDirection {
  if (change === null || !Number.isFinite(change)) return 'none';
  if (change === 0) return 'flat';
  return change > 0 ? 'up' : 'down';
}

/** The change in words, for people who can't see the arrow: "up 12.50%", "no change", "no previous figure to compare". */
export function describeChange(change: number | null): string {
  switch (changeDirection(change)) {
    case 'none':
      return 'nothing to compare with';
    case 'flat':
      return 'no change';
    case 'up':
      return `up ${formatPercent(Math.abs(change!))}`;
    case 'down':
      return `down ${formatPercent(Math.abs(change!))}`;
  }
}

/** An hour of the day as a slot: 9 → "09:00–10:00". */
export function formatHourSlot(hour: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(hour)}:00–${pad((hour + 1) % 24)}:00`;
}
