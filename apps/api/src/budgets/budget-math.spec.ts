import fc from 'fast-check';
import { Money, storedCost, sumMoney } from '../common/money';
import {
  accruedCost,
  budgetStatus,
  burnRatePerDay,
  capStops,
  crossedLevels,
  forecastRunOut,
  hasReached,
  localDate,
  percentUsed,
  reachedLevels,
  runningSecondsAt,
  shownPercent,
  type AccruingTimer,
  type BudgetPoint,
} from './budget-math';

const levels = { totalBudget: '1000.00', alertThreshold: '80.00', criticalThreshold: '90.00' };
const at = (totalCost: string, overrides: Partial<BudgetPoint> = {}): BudgetPoint => ({ ...levels, totalCost, ...overrides });

/** Costs in ten-thousandths: exact decimals with the stored 4 places. */
const cost4 = (max: number) => fc.integer({ min: 0, max: max * 10_000 }).map((n) => new Money(n).dividedBy(10_000).toFixed(4));

describe('percent used', () => {
  it.each([
    ['0', '1000', 0],
    ['800', '1000', 80],
    ['799.9999', '1000', 79.99],
    ['999.9999', '1000', 99.99],
    ['1000', '1000', 100],
    ['1500.5', '1000', 150.05],
    ['1', '3', 33.33],
  ])('%s of %s shows %d %% (rounded down)', (cost, budget, shown) => {
    expect(shownPercent(cost, budget)).toBe(shown);
  });

  it('treats a zero budget as used up and caps what a DECIMAL(9,2) can hold', () => {
    expect(percentUsed('0', '0').toNumber()).toBe(100);
    expect(percentUsed('5', '0').toFixed(2)).toBe('9999999.99');
    expect(percentUsed('99999999', '0.01').toFixed(2)).toBe('9999999.99');
  });

  it('a shown percent reaches a 2-decimal threshold exactly when the exact cost does', () => {
    fc.assert(
      fc.property(
        cost4(2000),
        fc.integer({ min: 1, max: 200_000 }).map((n) => (n / 100).toFixed(2)),
        fc.integer({ min: 1, max: 10_000 }),
        (cost, budget, t) => {
          const threshold = new Money(t).dividedBy(100);
          return shownPercent(cost, budget) >= threshold.toNumber() === hasReached(cost, budget, threshold);
        },
      ),
    );
  });
});

describe('threshold crossings', () => {
  it.each<[string, string | null, string, string[]]>([
    ['below everything', '0', '500', []],
    ['exactly at the warning threshold', '500', '800', ['warning']],
    ['one cent under the warning threshold', '500', '799.9999', []],
    ['already past warning, on to critical', '800', '900', ['critical']],
    ['jumping every level at once', '100', '1200', ['warning', 'critical', 'exceeded']],
    ['exactly at 100 %', '950', '1000', ['exceeded']],
    ['staying above: nothing again', '850', '880', []],
    ['falling back: nothing', '1200', '100', []],
    ['a new budget already past two levels', null, '905', ['warning', 'critical']],
  ])('%s', (_, before, after, expected) => {
    expect(crossedLevels(before === null ? null : at(before), at(after))).toEqual(expected);
  });

  it('falling back under a threshold re-arms it: the next crossing fires again', () => {
    const path = ['700', '850', '750', '820', '990', '700', '1000'];
    const fired = path.slice(1).flatMap((cost, i) => crossedLevels(at(path[i]), at(cost)));
    expect(fired).toEqual(['warning', 'warning', 'critical', 'warning', 'critical', 'exceeded']);
  });

  it('thresholds changed after the fact: lowered below usage fires now, raised above it re-arms', () => {
    expect(crossedLevels(at('850'), at('850', { alertThreshold: '70.00', criticalThreshold: '85.00' }))).toEqual(['critical']);
    expect(crossedLevels(at('850'), at('850', { alertThreshold: '86.00', criticalThreshold: '95.00' }))).toEqual([]);
    expect(crossedLevels(at('850', { alertThreshold: '86.00' }), at('870', { alertThreshold: '86.00' }))).toEqual(['warning']);
  });

  it('a smaller budget crosses levels too', () => {
    expect(crossedLevels(at('850'), at('850', { totalBudget: '850.00' }))).toEqual(['critical', 'exceeded']);
  });

  it('equal thresholds fire together', () => {
    expect(crossedLevels(at('0', { alertThreshold: '100.00', criticalThreshold: '100.00' }), at('1000', { alertThreshold: '100.00', criticalThreshold: '100.00' }))).toEqual([
      'warning',
      'critical',
      'exceeded',
    ]);
  });

  it('along any path each level fires exactly once per upward crossing', () => {
    fc.assert(
      fc.property(fc.array(cost4(1500), { minLength: 2, maxLength: 40 }), (path) => {
        const fired = path.slice(1).flatMap((cost, i) => crossedLevels(at(path[i]), at(cost)));
        for (const [type, percent] of [
          ['warning', 80],
          ['critical', 90],
          ['exceeded', 100],
        ] as const) {
          const line = new Money(1000).times(percent).dividedBy(100);
          const upward = path.slice(1).filter((cost, i) => new Money(path[i]).lt(line) && new Money(cost).gte(line)).length;
          if (fired.filter((t) => t === type).length !== upward) return false;
        }
        return true;
      }),
    );
  });

  it('after any path the reached levels are exactly those fired and not fallen back from', () => {
    fc.assert(
      fc.property(fc.array(cost4(1500), { minLength: 1, maxLength: 30 }), (path) => {
        const armed = new Set(['warning', 'critical', 'exceeded']);
        let previous: BudgetPoint | null = null;
        for (const cost of path) {
          const point = at(cost);
          for (const type of crossedLevels(previous, point)) {
            if (!armed.has(type)) return false;
            armed.delete(type);
          }
          for (const type of ['warning', 'critical', 'exceeded'] as const) if (!reachedLevels(point).has(type)) armed.add(type);
          previous = point;
        }
        return true;
      }),
    );
  });
});

describe('status', () => {
  it.each([
    ['0', null, 'active'],
    ['999.99', '2026-01-01', 'active'],
    ['10', '2026-06-02', 'planning'],
    ['1000', '2026-06-02', 'exceeded'],
    ['1000', null, 'exceeded'],
  ] as const)('cost %s, start %s → %s on 2026-06-01', (cost, start, status) => {
    expect(budgetStatus(cost, '1000', start, '2026-06-01')).toBe(status);
  });
});

describe('burn rate and forecast', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('spends the window cost over 14 days', () => {
    expect(burnRatePerDay('140').toFixed(2)).toBe('10.00');
    expect(burnRatePerDay('100').toFixed(4)).toBe('7.1429');
  });

  it('runs out after remaining / burn rate days', () => {
    // 700 left at 10 a day: 70 days.
    expect(forecastRunOut(now, { totalBudget: '1000', totalCost: '300' }, '140')?.toISOString()).toBe('2026-05-10T12:00:00.000Z');
    // 1 left at 10 a day: 2.4 hours.
    expect(forecastRunOut(now, { totalBudget: '1000', totalCost: '999' }, '140')?.toISOString()).toBe('2026-03-01T14:24:00.000Z');
  });

  it('has no forecast without spending, once exceeded, or beyond year 9999', () => {
    expect(forecastRunOut(now, { totalBudget: '1000', totalCost: '300' }, '0')).toBeNull();
    expect(forecastRunOut(now, { totalBudget: '1000', totalCost: '1000' }, '140')).toBeNull();
    expect(forecastRunOut(now, { totalBudget: '9999999999.99', totalCost: '0' }, '0.0001')).toBeNull();
  });

  it('the cost at the forecast moment, at the burn rate, covers what was left — and a millisecond earlier it did not', () => {
    fc.assert(
      fc.property(
        cost4(10_000),
        cost4(10_000),
        fc.integer({ min: 1, max: 100_000_000 }).map((n) => new Money(n).dividedBy(10_000).toFixed(4)),
        (budget, cost, window) => {
          const forecast = forecastRunOut(now, { totalBudget: budget, totalCost: cost }, window);
          const remaining = new Money(budget).minus(cost);
          if (remaining.lte(0)) return forecast === null;
          if (!forecast) return true;
          // Compared multiplied out (window × elapsed vs remaining × 14 days), so no division rounds.
          const covers = (ms: number) => new Money(window).times(ms - now.getTime()).gte(remaining.times(14 * 86_400_000));
          return covers(forecast.getTime()) && !covers(forecast.getTime() - 1);
        },
      ),
    );
  });

  it('dates the forecast in the caller’s time zone', () => {
    const instant = new Date('2026-05-10T22:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-05-10');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-05-11');
    expect(localDate(instant, 'America/New_York')).toBe('2026-05-10');
  });
});

describe('the cap', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  const timer = (overrides: Partial<AccruingTimer> = {}): AccruingTimer => ({
    id: 't1',
    status: 'running',
    startTime: new Date('2026-03-01T11:00:00.000Z'),
    pausedAt: null,
    pausedSeconds: 0,
    rateType: 'hourly',
    rateAmount: '36.0000',
    ...overrides,
  });

  it('counts running seconds on the timer’s grid, without pauses', () => {
    expect(runningSecondsAt(timer({ startTime: new Date('2026-03-01T11:00:00.600Z') }), now)).toBe(3599);
    expect(runningSecondsAt(timer({ pausedSeconds: 600 }), now)).toBe(3000);
    expect(runningSecondsAt(timer({ status: 'paused', pausedAt: new Date('2026-03-01T11:30:00Z') }), now)).toBe(1800);
    expect(accruedCost(timer(), now)).toBe('36.0000');
  });

  it('leaves timers under the remaining budget running', () => {
    expect(capStops([timer()], '36.0001', now)).toBeNull();
  });

  it('stops a lone timer at the second its cost reached what was left', () => {
    // 36 an hour is 0.01 a second: 35.99 left is reached after 3599 s, one second ago.
    const [stop] = capStops([timer()], '35.99', now)!;
    expect(stop).toMatchObject({ timeLogId: 't1', durationSeconds: 3599, pausedSeconds: 0, cost: '35.9900' });
    expect(stop.endTime.toISOString()).toBe('2026-03-01T11:59:59.000Z');
  });

  it('shares what was left among the project’s timers', () => {
    const second = timer({ id: 't2', startTime: new Date('2026-03-01T11:30:00.000Z'), rateAmount: '72.0000' });
    // 36 + 36 spent by now at 0.01 + 0.02 a second: 71.10 left was reached 30 s ago, by both together.
    const stops = capStops([timer(), second], '71.10', now)!;
    expect(stops.map((s) => [s.timeLogId, s.durationSeconds, s.cost])).toEqual([
      ['t1', 3570, '35.7000'],
      ['t2', 1770, '35.4000'],
    ]);
    expect(stops.every((s) => s.endTime.toISOString() === '2026-03-01T11:59:30.000Z')).toBe(true);
  });

  it('never places a stop more than a minute back, so work tracked before the budget ran out elsewhere is kept', () => {
    const [stop] = capStops([timer()], '0', now)!;
    expect(stop.durationSeconds).toBe(3540);
    expect(stop.endTime.toISOString()).toBe('2026-03-01T11:59:00.000Z');
  });

  it('keeps the end after the start for a timer with nothing counted yet', () => {
    const fresh = timer({ id: 't2', startTime: new Date('2026-03-01T11:59:59.500Z') });
    const stops = capStops([timer(), fresh], '0', now)!;
    expect(stops[1].durationSeconds).toBe(0);
    expect(stops[1].endTime.getTime()).toBe(fresh.startTime.getTime() + 1);
  });

  it('stops at the earliest moment the combined stored cost covers what was left (when within the minute)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ startOffset: fc.integer({ min: 60, max: 7200 }), rate: fc.integer({ min: 1, max: 2_000_000 }), paused: fc.integer({ min: 0, max: 30 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer({ min: 0, max: 10_000 }),
        (specs, remainingCents) => {
          const timers = specs.map((spec, i) =>
            timer({
              id: `t${i}`,
              startTime: new Date(now.getTime() - spec.startOffset * 1000 - 123),
              rateAmount: new Money(spec.rate).dividedBy(10_000).toFixed(4),
              pausedSeconds: spec.paused,
            }),
          );
          const remaining = new Money(remainingCents).dividedBy(100);
          const stops = capStops(timers, remaining, now);
          const totalNow = sumMoney(timers.map((t) => accruedCost(t, now)));
          if (totalNow.lt(remaining)) return stops === null;
          if (!stops) return false;
          const charged = sumMoney(stops.map((s) => s.cost));
          const earliest = now.getTime() - 60_000;
          const end = Math.max(...stops.map((s) => s.endTime.getTime()));
          const atLimit = charged.gte(remaining) || end <= earliest + 1000;
          const never_more = stops.every(
            (s, i) => s.durationSeconds <= runningSecondsAt(timers[i], now) && s.cost === storedCost(s.durationSeconds, 'hourly', timers[i].rateAmount),
          );
          return atLimit && never_more && stops.every((s, i) => s.endTime > timers[i].startTime);
        },
      ),
    );
  });
});
