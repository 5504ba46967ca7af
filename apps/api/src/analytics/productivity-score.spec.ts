import fc from 'fast-check';
import { hoursOf, percentChange, percentOf, productivityScore, Ratio } from './productivity-score';

const score = (tasksCompleted: number, tasksOnTime: number, secondsTracked: number, periodDays: number) =>
  productivityScore({ tasksCompleted, tasksOnTime, secondsTracked, periodDays }).round2();

describe('productivityScore (the spec’s calculate_productivity_score)', () => {
  it('adds the four terms', () => {
    // 1 task on time in 7 days with 8.5 h: 20/7 + 30 + (8.5/7/8)·30 + 4 = 41.4107… → 41.41
    expect(score(1, 1, 30_600, 7)).toBe(41.41);
    // 2 tasks, none on time, 4 days, 21000 s: 10 + 0 + 21000/3840 + 8 = 23.46875 → 23.47
    expect(score(2, 0, 21_000, 4)).toBe(23.47);
  });

  it('rounds an exact half up, which floating point would miss', () => {
    // 20/3 + 30 + 22200/2880 + 4 = 48.375 exactly → 48.38
    expect(score(1, 1, 22_200, 3)).toBe(48.38);
    // 20/7 + 30 + 27000/6720 + 4 = 40.875 exactly → 40.88
    expect(score(1, 1, 27_000, 7)).toBe(40.88);
  });

  it('treats a period of zero days as one day and no completed task as an on-time rate of 0', () => {
    expect(score(0, 0, 0, 0)).toBe(0);
    expect(score(0, 0, 4 * 3600, 0)).toBe(15);
    expect(score(0, 0, 4 * 3600, 1)).toBe(15);
  });

  it('caps the time term at 8 hours a day and the total at 100', () => {
    expect(score(0, 0, 24 * 3600, 1)).toBe(30);
    expect(score(50, 50, 100 * 3600, 1)).toBe(100);
  });

  it('stays within 0–100 and never drops when on-time tasks are added (property)', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), fc.nat(400 * 3600), fc.nat(366), (completed, onTimeSeed, seconds, days) => {
        const onTime = Math.min(onTimeSeed, completed);
        const value = score(completed, onTime, seconds, days);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
        if (onTime < completed) expect(score(completed, onTime + 1, seconds, days)).toBeGreaterThanOrEqual(value);
      }),
    );
  });
});

describe('figures', () => {
  it('hours, percent and percent change round half-up from exact values', () => {
    expect(hoursOf(21_000)).toBe(5.83);
    expect(hoursOf(18)).toBe(0.01); // 0.005 h exactly
    expect(percentOf(7200, 21_000)).toBe(34.29);
    expect(percentOf(1, 0)).toBe(0);
    expect(percentChange(30_600, 10_800)).toBe(183.33);
    expect(percentChange(0, 10)).toBe(-100);
    expect(percentChange(5, 0)).toBeNull();
    expect(new Ratio(-1, 200).round2()).toBe(-0.01);
  });
});
