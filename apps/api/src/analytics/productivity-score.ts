import Decimal from 'decimal.js';

/**
 * An exact fraction of integers. The score's terms are thirds, sevenths, … of whole
 * numbers; computing them exactly and rounding once means a score of exactly 40.875 shows
 * 40.88 (half-up), where binary floating point or a decimal with finite precision may land
 * on 40.87499… and show 40.87.
 */
export class Ratio {
  readonly n: bigint;
  readonly d: bigint;

  constructor(n: bigint | number, d: bigint | number = 1n) {
    let num = BigInt(n);
    let den = BigInt(d);
    if (den === 0n) throw new RangeError('Ratio with a zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    this.n = g > 1n ? num / g : num;
    this.d = g > 1n ? den / g : den;
  }

  plus(other: Ratio): Ratio {
    return new Ratio(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  minus(other: Ratio): Ratio {
    return new Ratio(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  times(other: Ratio): Ratio {
    return new Ratio(this.n * other.n, this.d * other.d);
  }

  dividedBy(other: Ratio): Ratio {
    return new Ratio(this.n * other.d, this.d * other.n);
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  lessThan(other: Ratio): boolean {
    return this.n * other.d < other.n * this.d;
  }

  /** Rounded half away from zero (half-up for positives) to 2 decimals. */
  round2(): number {
    const negative = this.n < 0n;
    const abs = negative ? -this.n : this.n;
    const hundredths = (abs * 200n + this.d) / (2n * this.d);
    const value = Number(hundredths) / 100;
    return negative ? -value : value;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

const min = (a: Ratio, b: Ratio) => (a.lessThan(b) ? a : b);

export interface ScoreInputs {
  tasksCompleted: number;
  tasksOnTime: number;
  /** Tracked time in whole seconds (hours_tracked = seconds / 3600). */
  secondsTracked: number;
  periodDays: number;
}

/**
 * The platform spec's calculate_productivity_score (Time Tracking Logic), term for term,
 * computed exactly:
 *   completion = tasks_completed / max(period_days, 1) × 20      (not capped on its own)
 *   on_time    = tasks_on_time / max(tasks_completed, 1) × 30
 *   time       = min(hours_tracked / max(period_days, 1) / 8, 1) × 30
 *   variety    = min(tasks_completed / 5, 1) × 20
 *   score      = min(completion + on_time + time + variety, 100)
 * Edge cases, as the formula has them: a period of zero days counts as one day; with no
 * completed tasks the on-time rate is 0 / 1 = 0 (no bonus, never a division by zero); eight
 * hours a day or more gives the whole time term. Tasks completed without a due date count
 * as completed but not on time, so they lower the on-time rate.
 */
export function productivityScore({ tasksCompleted, tasksOnTime, secondsTracked, periodDays }: ScoreInputs): Ratio {
  const days = new Ratio(Math.max(periodDays, 1));
  const completed = new Ratio(tasksCompleted);
  const one = new Ratio(1);
  const completion = completed.dividedBy(days).times(new Ratio(20));
  const onTimeRate = new Ratio(tasksOnTime).dividedBy(new Ratio(Math.max(tasksCompleted, 1)));
  const onTime = onTimeRate.times(new Ratio(30));
  const averageHoursPerDay = new Ratio(secondsTracked, 3600).dividedBy(days);
  const time = min(averageHoursPerDay.dividedBy(new Ratio(8)), one).times(new Ratio(30));
  const variety = min(completed.dividedBy(new Ratio(5)), one).times(new Ratio(20));
  return min(completion.plus(onTime).plus(time).plus(variety), new Ratio(100));
}

/** A figure as shown: 2 decimals, half-up (decimal rounding, so 1.005 → 1.01). */
export function round2(value: Decimal.Value): number {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

/** Whole seconds as hours with 2 decimals. */
export function hoursOf(seconds: number): number {
  return new Ratio(seconds, 3600).round2();
}

/** Percent change from `previous` to `current`, exact, then 2 decimals; null when `previous` is 0. */
export function percentChange(current: Ratio | number, previous: Ratio | number): number | null {
  const now = typeof current === 'number' ? new Ratio(current) : current;
  const before = typeof previous === 'number' ? new Ratio(previous) : previous;
  if (before.isZero()) return null;
  return now.minus(before).times(new Ratio(100)).dividedBy(before).round2();
}

/** part / whole in percent, 2 decimals; 0 when whole is 0. */
export function percentOf(part: number, whole: number): number {
  if (whole === 0) return 0;
  return new Ratio(part * 100, whole).round2();
}
