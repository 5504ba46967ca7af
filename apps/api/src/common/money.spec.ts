import fc from 'fast-check';
import { apportion, exactCost, Money, shownMoney, storedCost, sumMoney } from './money';

describe('money', () => {
  it.each([
    [3600, 'hourly', '50', '50.0000'],
    [1, 'hourly', '50', '0.0139'],
    [5400, 'hourly', '33.3333', '50.0000'], // 49.99995 rounds half-up
    [90, 'minutely', '1.5', '2.2500'],
    [1, 'minutely', '0.01', '0.0002'],
    [3, 'secondly', '0.0125', '0.0375'],
    [0, 'hourly', '99.9999', '0.0000'],
  ] as const)('%i s at %s %s costs %s as stored', (seconds, type, amount, expected) => {
    expect(storedCost(seconds, type, amount)).toBe(expected);
  });

  it('shows 2 decimals rounded half-up, never binary floating point', () => {
    expect(shownMoney('0.125')).toBe('0.13');
    expect(shownMoney('0.1249')).toBe('0.12');
    expect(shownMoney('1.005')).toBe('1.01');
    expect(shownMoney(sumMoney(['0.1', '0.2']))).toBe('0.30');
    expect(sumMoney(['0.1', '0.2']).toFixed()).toBe('0.3');
  });

  it('refuses fractional or negative seconds', () => {
    expect(() => exactCost(1.5, 'hourly', '1')).toThrow(RangeError);
    expect(() => exactCost(-1, 'hourly', '1')).toThrow(RangeError);
  });

  it('splitting a duration into parts changes the stored total by at most half a unit of the 4th decimal per part', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 86_400 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('hourly' as const, 'minutely' as const, 'secondly' as const),
        fc.integer({ min: 1, max: 99_999_999 }).map((n) => (n / 10_000).toFixed(4)),
        (parts, type, amount) => {
          const whole = storedCost(
            parts.reduce((a, b) => a + b, 0),
            type,
            amount,
          );
          const summed = sumMoney(parts.map((p) => storedCost(p, type, amount)));
          const difference = summed.minus(whole).abs();
          return difference.lte(sumMoney(parts.map(() => '0.00005')).plus('0.00005'));
        },
      ),
    );
  });
});

describe('apportion', () => {
  const cents = (values: string[]) => values.reduce((sum, value) => sum + Math.round(Number(value) * 100), 0);

  it('makes the parts add up to the total as shown (856.925 + 143.075: 856.93 + 143.07, not 143.08)', () => {
    expect(apportion(['856.925', '143.075'])).toEqual(['856.93', '143.07']);
    expect(apportion(['0.005', '0.005', '0.005'])).toEqual(['0.01', '0.01', '0.00']);
    expect(apportion(['1.333333', '1.333333', '1.333334'])).toEqual(['1.33', '1.33', '1.34']);
    expect(apportion([])).toEqual([]);
  });

  it('keeps every part within one unit of its exact value and the sum equal to the total rounded once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 30 }), (tenThousandths) => {
        const exacts = tenThousandths.map((units) => new Money(units).dividedBy(10_000));
        const shown = apportion(exacts);
        const total = shownMoney(sumMoney(exacts));
        return cents(shown) === Math.round(Number(total) * 100) && shown.every((value, i) => new Money(value).minus(exacts[i]).abs().lessThan('0.01'));
      }),
    );
  });
});
