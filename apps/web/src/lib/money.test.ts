import { describe, expect, it } from 'vitest';
import { addMoney, costInCents, formatMoney, formatRate, fromCents, parseScaled, sumByCurrency, toCents } from '@/lib/money';

describe('decimal money', () => {
  it('adds 2-decimal strings exactly, where floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addMoney('0.10', '0.20')).toBe('0.30');
    expect(addMoney('20.83', '29.17')).toBe('50.00');
    expect(addMoney()).toBe('0.00');
    expect(addMoney('0.01', '0.01', '0.01')).toBe('0.03');
  });

  it('keeps large sums exact beyond float precision', () => {
    expect(addMoney('90071992547409.91', '0.02')).toBe('90071992547409.93');
    const thousandTimes = Array.from({ length: 1000 }, () => '0.10');
    expect(addMoney(...thousandTimes)).toBe('100.00');
  });

  it('reads amounts with fewer or no decimals, and negatives', () => {
    expect(toCents('5')).toBe(500n);
    expect(toCents('5.5')).toBe(550n);
    expect(toCents('-1.25')).toBe(-125n);
    expect(fromCents(-125n)).toBe('-1.25');
    expect(fromCents(7n)).toBe('0.07');
    expect(parseScaled('abc', 2)).toBeNull();
  });

  it('sums per currency and never across currencies', () => {
    expect(
      sumByCurrency([
        { currency: 'USD', amount: '10.10' },
        { currency: 'EUR', amount: '1.00' },
        { currency: 'USD', amount: '0.20' },
      ]),
    ).toEqual([
      { currency: 'USD', amount: '10.30' },
      { currency: 'EUR', amount: '1.00' },
    ]);
  });
});

describe('costInCents', () => {
  it('charges hourly, minutely and secondly rates like the API', () => {
    expect(costInCents(3600, 'hourly', '50.0000')).toBe(5000n);
    expect(costInCents(1500, 'hourly', '50.0000')).toBe(2083n); // 20.8333… → 20.83
    expect(costInCents(90, 'minutely', '0.8333')).toBe(125n); // 1.24995 → 1.25 (half-up)
    expect(costInCents(7, 'secondly', '1.0000')).toBe(700n);
  });

  it('rounds half-up once', () => {
    // 1 s at 18/h = 0.005 → 0.01
    expect(costInCents(1, 'hourly', '18')).toBe(1n);
    // 1 s at 17.99/h = 0.004997… → 0.00
    expect(costInCents(1, 'hourly', '17.99')).toBe(0n);
  });
});

describe('formatting', () => {
  it('shows a currency amount from its string, in the locale', () => {
    expect(formatMoney('50.00', 'USD')).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(50));
    expect(formatMoney('1234567.89', 'USD')).toContain('1,234,567.89');
  });

  it('falls back to the code for a currency the browser does not know', () => {
    expect(formatMoney('5.00', 'X1')).toBe('5.00 X1');
  });

  it('shows rates with up to four decimals and their unit', () => {
    expect(formatRate('0.8333', 'USD', 'minutely')).toBe('$0.8333 per minute');
    expect(formatRate('62.5000', 'USD', 'hourly')).toBe('$62.50 per hour');
  });
});
