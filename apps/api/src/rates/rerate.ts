import type { CurrencyAmount } from '@stint/contracts';
import { shownMoney, storedCost, sumMoney } from '../common/money';
import type { RateSnapshot } from './rate-resolution';

export interface RatedEntry extends RateSnapshot {
  durationSeconds: number;
  /** Stored exact cost (4 decimals). */
  totalCost: string;
}

/**
 * An entry re-rated: new snapshot, cost recomputed from the running time. Pure, so re-rating
 * is reversible by construction — applying the old rate again restores the old cost.
 */
export function rerate<T extends RatedEntry>(entry: T, rate: RateSnapshot): T {
  return {
    ...entry,
    rateType: rate.rateType,
    rateAmount: rate.rateAmount,
    currency: rate.currency,
    totalCost: storedCost(entry.durationSeconds, rate.rateType, rate.rateAmount),
  };
}

/** Exact sums per currency, each rounded once for display; never mixes currencies. */
export function totalsByCurrency(items: Iterable<{ currency: string; amount: string }>): CurrencyAmount[] {
  const byCurrency = new Map<string, string[]>();
  for (const item of items) {
    const list = byCurrency.get(item.currency) ?? [];
    list.push(item.amount);
    byCurrency.set(item.currency, list);
  }
  return [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amounts]) => ({ currency, amount: shownMoney(sumMoney(amounts)) }));
}
