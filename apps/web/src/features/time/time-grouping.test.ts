import { describe, expect, it } from 'vitest';
import { groupEntries } from '@/features/time/time-grouping';
import { aTimeLog } from '@/test/fixtures';

describe('groupEntries', () => {
  const entries = [
    aTimeLog({ id: 'a', start_time: '2026-03-10T08:00:00.000Z', duration_seconds: 3600, elapsed_seconds: 3600, total_cost: '0.10' }),
    aTimeLog({ id: 'b', start_time: '2026-03-10T06:00:00.000Z', duration_seconds: 1800, elapsed_seconds: 1800, total_cost: '0.20' }),
    aTimeLog({ id: 'c', start_time: '2026-03-09T23:30:00.000Z', duration_seconds: 600, elapsed_seconds: 600, total_cost: '5.00', currency: 'EUR' }),
    aTimeLog({ id: 'd', start_time: '2026-03-16T10:00:00.000Z', duration_seconds: 60, elapsed_seconds: 60, total_cost: '1.00' }),
  ];

  it('groups by day in the user’s zone, newest day first, entries in start order, totals exact per currency', () => {
    const groups = groupEntries(entries, 'day', 'UTC');
    expect(groups.map((group) => group.date)).toEqual(['2026-03-16', '2026-03-10', '2026-03-09']);
    const tenth = groups[1];
    expect(tenth.entries.map((entry) => entry.id)).toEqual(['b', 'a']);
    expect(tenth.seconds).toBe(5400);
    expect(tenth.totals).toEqual([{ currency: 'USD', amount: '0.30' }]);
  });

  it('puts an entry on the day it started in the user’s zone (23:30 UTC is the next day in Berlin)', () => {
    const groups = groupEntries(entries, 'day', 'Europe/Berlin');
    expect(groups.map((group) => group.date)).toEqual(['2026-03-16', '2026-03-10']);
    expect(groups[1].totals).toEqual([
      { currency: 'EUR', amount: '5.00' },
      { currency: 'USD', amount: '0.30' },
    ]);
  });

  it('groups by ISO week (Monday first)', () => {
    const groups = groupEntries(entries, 'week', 'UTC');
    expect(groups.map((group) => [group.date, group.entries.length])).toEqual([
      ['2026-03-16', 1],
      ['2026-03-09', 3],
    ]);
  });

  it('counts running entries so far', () => {
    const running = aTimeLog({ id: 'r', status: 'running', is_active: true, end_time: null, duration_seconds: null, elapsed_seconds: 120 });
    expect(groupEntries([running], 'day', 'UTC')[0].seconds).toBe(120);
  });
});
