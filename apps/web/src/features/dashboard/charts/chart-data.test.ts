import { describe, expect, it } from 'vitest';
import {
  NO_PROJECT_SERIES_KEY,
  OTHER_SERIES_KEY,
  shapeDailyHours,
  shapeDistribution,
  shapeHourly,
  shapeTaskCounts,
  shapeTrend,
  TOTAL_SERIES_KEY,
  type DailyProjectTime,
} from '@/features/dashboard/charts/chart-data';
import { aDay, aDistribution, aTaskStatistics, aTrend } from '@/features/dashboard/analytics-fixtures';

const days = [aDay('2026-03-09', 9_000), aDay('2026-03-10', 3_600), aDay('2026-03-11', 0)];

describe('shapeDailyHours', () => {
  it('without a per-project split has one series, every day of the range in order', () => {
    const { series, rows } = shapeDailyHours(days);
    expect(series.map((item) => item.key)).toEqual([TOTAL_SERIES_KEY]);
    expect(series[0].totalSeconds).toBe(12_600);
    expect(rows.map((row) => [row.date, row.hours[TOTAL_SERIES_KEY], row.totalHours])).toEqual([
      ['2026-03-09', 2.5, 2.5],
      ['2026-03-10', 1, 1],
      ['2026-03-11', 0, 0],
    ]);
  });

  it('stacks each day by project, biggest project first, zeros filled in', () => {
    const split: DailyProjectTime[] = [
      { date: '2026-03-09', project_id: 'a', project_name: 'Alpha', seconds: 5_400 },
      { date: '2026-03-09', project_id: 'b', project_name: 'Beta', seconds: 1_800 },
      { date: '2026-03-09', project_id: null, project_name: null, seconds: 1_800 },
      { date: '2026-03-10', project_id: 'b', project_name: 'Beta', seconds: 3_600 },
    ];
    const { series, rows } = shapeDailyHours(days, split);
    // Alpha and Beta tie at 5,400 s and go by name; "No project" (1,800 s) comes last.
    expect(series.map((item) => [item.key, item.label, item.totalSeconds])).toEqual([
      ['project:a', 'Alpha', 5_400],
      ['project:b', 'Beta', 5_400],
      [NO_PROJECT_SERIES_KEY, 'No project', 1_800],
    ]);
    expect(rows[0].hours).toEqual({ 'project:a': 1.5, 'project:b': 0.5, [NO_PROJECT_SERIES_KEY]: 0.5 });
    expect(rows[1].hours).toEqual({ 'project:a': 0, 'project:b': 1, [NO_PROJECT_SERIES_KEY]: 0 });
    expect(rows[2].hours).toEqual({ 'project:a': 0, 'project:b': 0, [NO_PROJECT_SERIES_KEY]: 0 });
    // Each day's stack adds up to the API's daily total.
    for (const row of rows) expect(Object.values(row.seconds).reduce((sum, value) => sum + value, 0)).toBe(row.totalSeconds);
    // "No project" is drawn as a catch-all (grey), not as one more project.
    expect(series[2].style.colour).toBe('var(--chart-other)');
  });

  it('merges the smallest projects into "Other projects" beyond the series limit', () => {
    const split: DailyProjectTime[] = ['a', 'b', 'c', 'd'].map((id, index) => ({
      date: '2026-03-09',
      project_id: id,
      project_name: id.toUpperCase(),
      seconds: 4_000 - index * 1_000,
    }));
    const { series, rows } = shapeDailyHours([aDay('2026-03-09', 10_000)], split, 3);
    expect(series.map((item) => item.key)).toEqual(['project:a', 'project:b', OTHER_SERIES_KEY]);
    expect(series[2]).toMatchObject({ label: 'Other projects (2)', totalSeconds: 3_000 });
    expect(rows[0].seconds).toEqual({ 'project:a': 4_000, 'project:b': 3_000, [OTHER_SERIES_KEY]: 3_000 });
  });
});

describe('shapeTrend', () => {
  it('puts day n of this period beside day n of the previous one', () => {
    const rows = shapeTrend(aTrend());
    expect(rows[0]).toEqual({ day: 1, currentDate: '2026-03-09', previousDate: '2026-03-06', currentHours: 2.5, previousHours: 2, currentTasks: 1, previousTasks: 1 });
    expect(rows).toHaveLength(3);
  });
});

describe('shapeDistribution', () => {
  it('keeps the API order and shares, "No project" as a catch-all', () => {
    const slices = shapeDistribution(aDistribution());
    expect(slices.map((slice) => [slice.label, slice.hours, slice.percentage, slice.isOther])).toEqual([
      ['Billing Platform', 2.5, 71.43, false],
      ['No project', 1, 28.57, true],
    ]);
  });

  it('merges the smallest slices into "Other"', () => {
    const distribution = aDistribution({
      total_seconds: 10_000,
      distribution: [4_000, 3_000, 2_000, 1_000].map((seconds, index) => ({
        key: `k${index}`,
        label: `L${index}`,
        task_key: null,
        seconds,
        hours: seconds / 3600,
        percentage: seconds / 100,
      })),
    });
    const slices = shapeDistribution(distribution, 3);
    expect(slices.map((slice) => [slice.label, slice.seconds, slice.percentage])).toEqual([
      ['L0', 4_000, 40],
      ['L1', 3_000, 30],
      ['Other (2)', 3_000, 30],
    ]);
  });
});

describe('shapeHourly', () => {
  it('has all 24 hours with the top ones ranked', () => {
    const rows = shapeHourly(aDistribution({ hourly: [{ hour: 9, seconds: 7_200, hours: 2 }], top_productive_hours: [9] }));
    expect(rows).toHaveLength(24);
    expect(rows[9]).toMatchObject({ label: '09:00', slot: '09:00–10:00', hours: 2, rank: 1 });
    expect(rows[10]).toMatchObject({ hours: 0, rank: null });
  });
});

describe('shapeTaskCounts', () => {
  it('lists every status and priority in order', () => {
    const counts = shapeTaskCounts(aTaskStatistics());
    expect(counts.status.map((row) => [row.label, row.count])).toEqual([
      ['To do', 4],
      ['In progress', 2],
      ['Done', 3],
      ['Archived', 0],
    ]);
    expect(counts.priority.map((row) => row.count)).toEqual([1, 5, 2, 1]);
  });
});
