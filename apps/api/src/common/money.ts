import Decimal from 'decimal.js';
import type { RateType } from './enums';

/**
 * Money is decimal end to end: no binary floating point touches an amount. Costs are
 * stored with 4 decimals (DECIMAL(12,4)); the API shows 2, rounded half-up, and totals are
 * summed from the stored values and rounded once.
 */
export const Money = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export const STORED_COST_DECIMALS = 4;
export const SHOWN_MONEY_DECIMALS = 2;

const SECONDS_PER_UNIT: Record<RateType, number> = { hourly: 3600, minutely: 60, secondly: 1 };

/** Exact cost of `seconds` at a rate (hourly: s/3600 × amount, minutely: s/60 × amount, secondly: s × amount). */
export function exactCost(seconds: number, rateType: RateType, rateAmount: string | Decimal): Decimal {
  if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError(`seconds must be a whole non-negative number, got ${seconds}`);
  return new Money(rateAmount).times(seconds).dividedBy(SECONDS_PER_UNIT[rateType]);
}

/** The cost as stored on an entry: exact cost rounded half-up to 4 decimals. */
export function storedCost(seconds: number, rateType: RateType, rateAmount: string | Decimal): string {
  return exactCost(seconds, rateType, rateAmount).toDecimalPlaces(STORED_COST_DECIMALS, Decimal.ROUND_HALF_UP).toFixed(STORED_COST_DECIMALS);
}

/** An amount as the API shows it: 2 decimals, half-up ("50.00"). */
export function shownMoney(amount: string | Decimal): string {
  return new Money(amount).toDecimalPlaces(SHOWN_MONEY_DECIMALS, Decimal.ROUND_HALF_UP).toFixed(SHOWN_MONEY_DECIMALS);
}

/** Sum of stored amounts, exact. */
export function sumMoney(amounts: Iterable<string | Decimal>): Decimal {
  let total = new Money(0);
  for (const amount of amounts) total = total.plus(amount);
  return total;
}

/**
 * Figures shown side by side with their total, rounded so they add up as shown: the total is
 * rounded once (half-up) and each part is its exact value rounded down or up, the ups going
 * to the largest remainders (Hamilton's method), so no part moves by a unit or more. Rounding
 * every part on its own made 856.93 + 143.08 show as 1,000.01. Parts must be non-negative.
 */
export function apportion(exacts: readonly Decimal.Value[], decimals = SHOWN_MONEY_DECIMALS): string[] {
  const scale = new Money(10).pow(decimals);
  const scaled = exacts.map((value) => new Money(value).times(scale));
  const total = scaled.reduce((sum, value) => sum.plus(value), new Money(0)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const units = scaled.map((value) => value.floor());
  let left = total.minus(units.reduce((sum, value) => sum.plus(value), new Money(0))).toNumber();
  const byRemainder = scaled.map((value, index) => ({ index, remainder: value.minus(units[index]) })).sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    units[index] = units[index].plus(1);
    left -= 1;
  }
  return units.map((value) => value.dividedBy(scale).toFixed(decimals));
}
