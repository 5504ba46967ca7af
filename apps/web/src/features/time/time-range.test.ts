import { describe, expect, it } from 'vitest';
import { parseTimeFilters, rangeContaining, shiftRange, thisWeek, toTimeLogQuery, writeTimeFilters } from '@/features/time/time-range';

// Wednesday 11 March 2026, noon UTC.
const NOW = Date.parse('2026-03-11T12:00:00.000Z');

describe('Time page filters', () => {
  it('defaults to this week (Monday to Sunday) by day, and keeps defaults out of the URL', () => {
    const filters = parseTimeFilters(new URLSearchParams(), 'UTC', NOW);
    expect(filters).toEqual({ from: '2026-03-09', to: '2026-03-15', group: 'day', project: null, task: null });
    expect(writeTimeFilters(filters, 'UTC', NOW).toString()).toBe('');
    expect(thisWeek('UTC', NOW)).toEqual({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('round-trips a custom range, grouping and filters through the URL', () => {
    const search = new URLSearchParams('from=2026-02-01&to=2026-02-28&group=week&project=p1&task=t1');
    const filters = parseTimeFilters(search, 'UTC', NOW);
    expect(filters).toEqual({ from: '2026-02-01', to: '2026-02-28', group: 'week', project: 'p1', task: 't1' });
    expect(writeTimeFilters(filters, 'UTC', NOW).toString()).toBe(search.toString());
  });

  it('falls back to this week for a broken or reversed range', () => {
    expect(parseTimeFilters(new URLSearchParams('from=2026-02-30&to=2026-03-01'), 'UTC', NOW).from).toBe('2026-03-09');
    expect(parseTimeFilters(new URLSearchParams('from=2026-03-05&to=2026-03-01'), 'UTC', NOW).from).toBe('2026-03-09');
  });

  it('moves by the length of the range', () => {
    expect(shiftRange({ from: '2026-03-09', to: '2026-03-15' }, -1)).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(shiftRange({ from: '2026-03-09', to: '2026-03-15' }, 1)).toEqual({ from: '2026-03-16', to: '2026-03-22' });
    expect(rangeContaining({ from: '2026-03-09', to: '2026-03-15' }, '2026-02-28')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(rangeContaining({ from: '2026-03-09', to: '2026-03-15' }, '2026-03-12')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
  });

  it('asks the API for the whole days in the user’s zone', () => {
    const filters = parseTimeFilters(new URLSearchParams('project=p1'), 'Europe/Berlin', NOW);
    expect(toTimeLogQuery(filters, 'Europe/Berlin')).toEqual({
      from: '2026-03-08T23:00:00.000Z',
      to: '2026-03-15T23:00:00.000Z',
      project_id: 'p1',
      task_id: undefined,
    });
  });
});
