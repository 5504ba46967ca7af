import fc from 'fast-check';
import { RATE_TYPES } from '../common/enums';
import { storedCost } from '../common/money';
import { rerate, totalsByCurrency, type RatedEntry } from './rerate';
import type { RateSnapshot } from './rate-resolution';

const rate = fc.record({
  rateType: fc.constantFrom(...RATE_TYPES),
  // DECIMAL(10,4) amounts above 0.
  rateAmount: fc.integer({ min: 1, max: 9_999_999_999 }).map((n) => (n / 10_000).toFixed(4)),
  currency: fc.constantFrom('USD', 'EUR'),
});

describe('re-rating', () => {
  it('is reversible: rating entries at B and then at A again restores every cost and the totals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 7 * 86_400 }), { minLength: 1, maxLength: 30 }), rate, rate, (durations, a, b) => {
        // Entries as stored at rate A: the cost the server computed from their running time.
        const original: RatedEntry[] = durations.map((seconds) => ({ ...a, durationSeconds: seconds, totalCost: storedCost(seconds, a.rateType, a.rateAmount) }));
        const back = original.map((entry) => rerate(entry, b)).map((entry) => rerate(entry, a));
        expect(back).toEqual(original);
        const totals = (entries: RatedEntry[]) => totalsByCurrency(entries.map((e) => ({ currency: e.currency, amount: e.totalCost })));
        expect(totals(back)).toEqual(totals(original));
      }),
    );
  });

  it('recomputes the cost from the running time at the new rate and copies the snapshot', () => {
    const entry: RatedEntry = { rateType: 'hourly', rateAmount: '50.0000', currency: 'USD', durationSeconds: 5400, totalCost: '75.0000' };
    const minutely: RateSnapshot = { rateType: 'minutely', rateAmount: '1.2500', currency: 'USD' };
    expect(rerate(entry, minutely)).toEqual({ ...minutely, durationSeconds: 5400, totalCost: '112.5000' });
  });

  it('sums per currency from the exact values and rounds once', () => {
    expect(
      totalsByCurrency([
        { currency: 'USD', amount: '0.0050' },
        { currency: 'EUR', amount: '1.0000' },
        { currency: 'USD', amount: '0.0050' },
      ]),
    ).toEqual([
      { currency: 'EUR', amount: '1.00' },
      { currency: 'USD', amount: '0.01' },
    ]);
  });
});
