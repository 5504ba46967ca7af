import { describe, expect, it } from 'vitest';
import { barWidth, BURN_DOWN_MAX_DAYS, burnDownSeries, LEVEL_LABELS, progressLevel } from '@/features/budgets/budget-logic';

const thresholds = { alert_threshold: 80, critical_threshold: 90 };

describe('progressLevel: the bar colour and its text label', () => {
  it.each([
    ['planning', 10, 'planning'],
    ['active', 0, 'ok'],
    ['active', 79.99, 'ok'],
    ['active', 80, 'warning'],
    ['active', 89.99, 'warning'],
    ['active', 90, 'critical'],
    ['active', 99.99, 'critical'],
    ['exceeded', 100, 'exceeded'],
    ['exceeded', 140, 'exceeded'],
    // Planning (before the start date) but already past a threshold: the threshold wins.
    ['planning', 85, 'warning'],
  ] as const)('%s at %s%% is %s', (status, percent_used, level) => {
    expect(progressLevel({ status, percent_used, ...thresholds })).toBe(level);
  });

  it('follows the budget’s own thresholds', () => {
    expect(progressLevel({ status: 'active', percent_used: 55, alert_threshold: 50, critical_threshold: 75 })).toBe('warning');
    expect(progressLevel({ status: 'active', percent_used: 75, alert_threshold: 50, critical_threshold: 75 })).toBe('critical');
    // Both thresholds equal: critical wins.
    expect(progressLevel({ status: 'active', percent_used: 60, alert_threshold: 60, critical_threshold: 60 })).toBe('critical');
  });

  it('has a text label for every level, so colour is never the only signal', () => {
    expect(Object.values(LEVEL_LABELS)).toEqual(['Planning', 'On track', 'Warning', 'Critical', 'Exceeded']);
  });

  it('clamps the bar between 0 and 100', () => {
    expect(barWidth(-3)).toBe(0);
    expect(barWidth(Number.NaN)).toBe(0);
    expect(barWidth(42.5)).toBe(42.5);
    expect(barWidth(160)).toBe(100);
  });
});

describe('burnDownSeries', () => {
  it('accumulates cost by day, fills gaps, and runs the forecast from today to the budget on the forecast date', () => {
    const points = burnDownSeries({
      totalBudget: '1000.00',
      totalCost: '300.00',
      byDay: [
        { date: '2026-03-03', cost_exact: '100.0000', cost: '100.00' },
        { date: '2026-03-01', cost_exact: '150.0000', cost: '150.00' },
        { date: '2026-03-03', cost_exact: '50.0000', cost: '50.00' },
      ],
      forecastDate: '2026-03-11',
      today: '2026-03-04',
    });
    expect(points.map((p) => p.date)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
    ]);
    expect(points.map((p) => p.actual)).toEqual([150, 150, 300, 300, null, null, null, null, null, null, null]);
    expect(points.every((p) => p.budget === 1000)).toBe(true);
    // 700 left over 7 days: 100 a day, meeting the budget on the forecast date.
    expect(points.map((p) => p.forecast)).toEqual([null, null, null, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('starts at the cost from before the statistics range so the actual line ends at the total cost', () => {
    const points = burnDownSeries({
      totalBudget: '500.00',
      totalCost: '260.00',
      byDay: [{ date: '2026-03-02', cost_exact: '60.0000', cost: '60.00' }],
      forecastDate: null,
      today: '2026-03-02',
    });
    expect(points).toEqual([{ date: '2026-03-02', budget: 500, actual: 260, forecast: null }]);
  });

  it('has no forecast when there is no forecast date (exceeded or no burn rate), and a single day without time', () => {
    const points = burnDownSeries({ totalBudget: '100', byDay: [], forecastDate: null, today: '2026-03-02' });
    expect(points).toEqual([{ date: '2026-03-02', budget: 100, actual: 0, forecast: null }]);
  });

  it('puts the forecast at the budget when the forecast date is today', () => {
    const points = burnDownSeries({
      totalBudget: '100.00',
      totalCost: '95.00',
      byDay: [{ date: '2026-03-02', cost_exact: '95.0000', cost: '95.00' }],
      forecastDate: '2026-03-02',
      today: '2026-03-02',
    });
    expect(points).toEqual([{ date: '2026-03-02', budget: 100, actual: 95, forecast: 100 }]);
  });
});

describe('burnDownSeries stays bounded', () => {
  it('draws at most BURN_DOWN_MAX_DAYS days on either side of today, with the days before folded into the first point', () => {
    const points = burnDownSeries({
      totalBudget: '1000000.00',
      totalCost: '300.00',
      byDay: [
        { date: '1970-01-02', cost_exact: '100.0000', cost: '100.00' },
        { date: '2026-03-03', cost_exact: '200.0000', cost: '200.00' },
      ],
      // What a tiny burn rate gives: a run-out near the end of the calendar.
      forecastDate: '9999-12-31',
      today: '2026-03-04',
    });
    expect(points.length).toBe(2 * BURN_DOWN_MAX_DAYS + 1);
    expect(points[0].actual).toBe(100);
    expect(points.find((p) => p.date === '2026-03-04')?.actual).toBe(300);
    expect(points.at(-1)?.forecast).toBeLessThan(1_000_000);
  });
});
