import fc from 'fast-check';
import { Money, storedCost, sumMoney } from '../common/money';
import { accruedCost, capReachedAt, capStops, type AccruingTimer } from './budget-math';
import { secondsThatFit } from './budgets.errors';

const T0 = new Date('2026-05-20T12:00:00.000Z');
const running = (id: string, startOffsetMs: number, rateAmount: string, rateType: AccruingTimer['rateType'] = 'hourly'): AccruingTimer => ({
  id,
  status: 'running',
  startTime: new Date(T0.getTime() + startOffsetMs),
  pausedAt: null,
  pausedSeconds: 0,
  rateType,
  rateAmount,
});

describe('capReachedAt (when the cap job must run, issue 12 item 6)', () => {
  it('is the first millisecond the combined cost reaches what is left', () => {
    // 10 at 50/h: 720 s after the start.
    expect(capReachedAt([running('a', 0, '50')], '10', T0, new Date(T0.getTime() + 86_400_000))).toEqual(new Date(T0.getTime() + 720_000));
    // Two timers share it: 25/h + 25/h from a start 300 ms apart.
    const at = capReachedAt([running('a', 0, '25'), running('b', 300, '25')], '10', T0, new Date(T0.getTime() + 86_400_000)) as Date;
    expect(at.getTime()).toBe(T0.getTime() + 720_300);
  });

  it('is `from` when already reached, null when not reached before `until`', () => {
    expect(capReachedAt([running('a', -3_600_000, '50')], '10', T0, new Date(T0.getTime() + 1000))).toEqual(T0);
    expect(capReachedAt([running('a', 0, '50')], '10', T0, new Date(T0.getTime() + 600_000))).toBeNull();
    expect(capReachedAt([], '10', T0, new Date(T0.getTime() + 600_000))).toBeNull();
  });

  it('agrees with the cap job: at that moment capStops stops the timers there, a millisecond before it stops nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 400 }), (cents, offset, rate) => {
        const timers = [running('a', -offset, String(rate))];
        const remaining = new Money(cents).dividedBy(100).toFixed(2);
        const at = capReachedAt(timers, remaining, T0, new Date(T0.getTime() + 100 * 3_600_000));
        if (!at) return;
        expect(capStops(timers, remaining, new Date(at.getTime() - 1))).toBeNull();
        const stops = capStops(timers, remaining, at);
        expect(stops?.[0].endTime.getTime()).toBe(at.getTime());
        expect(sumMoney(timers.map((timer) => accruedCost(timer, at))).gte(remaining)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('secondsThatFit (the room left, said in time)', () => {
  it('is the most whole seconds whose stored cost fits', () => {
    expect(secondsThatFit('10', { rateType: 'hourly', rateAmount: '50' })).toBe(720);
    expect(secondsThatFit('0', { rateType: 'hourly', rateAmount: '50' })).toBe(0);
    expect(secondsThatFit('-3', { rateType: 'hourly', rateAmount: '50' })).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom('hourly', 'minutely', 'secondly') as fc.Arbitrary<'hourly' | 'minutely' | 'secondly'>,
        (roomCents, rateCents, rateType) => {
          const room = new Money(roomCents).dividedBy(100);
          const rate = { rateType, rateAmount: new Money(rateCents).dividedBy(100).toFixed(2) };
          const seconds = secondsThatFit(room, rate);
          expect(new Money(storedCost(seconds, rate.rateType, rate.rateAmount)).lte(room)).toBe(true);
          expect(new Money(storedCost(seconds + 1, rate.rateType, rate.rateAmount)).gt(room)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
