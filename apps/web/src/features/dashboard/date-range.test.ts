import { describe, expect, it } from 'vitest';
import { customRangeError, parseRange, presetRange, previousRange, rangeLength, writeRange } from '@/features/dashboard/date-range';

const at = (iso: string) => Date.parse(iso);

describe('presetRange', () => {
  it('"this week" runs from Monday to today', () => {
    // Wednesday 11 March 2026.
    expect(presetRange('this-week', 'UTC', at('2026-03-11T10:00:00Z'))).toEqual({ start: '2026-03-09', end: '2026-03-11' });
    // On a Sunday the week is still the one that began six days earlier, not a new one.
    expect(presetRange('this-week', 'UTC', at('2026-03-15T12:00:00Z'))).toEqual({ start: '2026-03-09', end: '2026-03-15' });
    // On a Monday it is that day alone.
    expect(presetRange('this-week', 'UTC', at('2026-03-16T08:00:00Z'))).toEqual({ start: '2026-03-16', end: '2026-03-16' });
  });

  it("counts days in the user's zone, not UTC's or the browser's", () => {
    const now = at('2026-03-15T23:30:00Z'); // Sunday in UTC and Los Angeles, already Monday in Berlin
    expect(presetRange('this-week', 'UTC', now)).toEqual({ start: '2026-03-09', end: '2026-03-15' });
    expect(presetRange('this-week', 'Europe/Berlin', now)).toEqual({ start: '2026-03-16', end: '2026-03-16' });
    expect(presetRange('this-week', 'America/Los_Angeles', now)).toEqual({ start: '2026-03-09', end: '2026-03-15' });
    expect(presetRange('this-week', 'Pacific/Auckland', at('2026-03-15T12:30:00Z'))).toEqual({ start: '2026-03-16', end: '2026-03-16' });
  });

  it('gets the week right around the spring daylight-saving change (Berlin, 29 March 2026)', () => {
    // 21:30 UTC is 23:30 CEST on Sunday 29 March, the day the clocks went forward.
    expect(presetRange('this-week', 'Europe/Berlin', at('2026-03-29T21:30:00Z'))).toEqual({ start: '2026-03-23', end: '2026-03-29' });
    // 22:30 UTC is 00:30 CEST on Monday: a new week (with winter's +1 it would still be Sunday).
    expect(presetRange('this-week', 'Europe/Berlin', at('2026-03-29T22:30:00Z'))).toEqual({ start: '2026-03-30', end: '2026-03-30' });
    // The first minute of the DST Sunday itself (00:00 CET) belongs to the old week.
    expect(presetRange('this-week', 'Europe/Berlin', at('2026-03-28T23:00:00Z'))).toEqual({ start: '2026-03-23', end: '2026-03-29' });
  });

  it('gets the week right around the autumn change (Berlin, 25 October 2026)', () => {
    // 22:30 UTC is 23:30 CET on Sunday 25 October (with summer's +2 it would be Monday).
    expect(presetRange('this-week', 'Europe/Berlin', at('2026-10-25T22:30:00Z'))).toEqual({ start: '2026-10-19', end: '2026-10-25' });
    expect(presetRange('this-week', 'Europe/Berlin', at('2026-10-25T23:00:00Z'))).toEqual({ start: '2026-10-26', end: '2026-10-26' });
  });

  it('gets the week right on the US change (Los Angeles, 8 March 2026)', () => {
    // 07:30 UTC on Monday 9 March is 00:30 PDT on Monday; in PST it would still be Sunday.
    expect(presetRange('this-week', 'America/Los_Angeles', at('2026-03-09T07:30:00Z'))).toEqual({ start: '2026-03-09', end: '2026-03-09' });
    expect(presetRange('this-week', 'America/Los_Angeles', at('2026-03-09T06:30:00Z'))).toEqual({ start: '2026-03-02', end: '2026-03-08' });
  });

  it('"last 7 days" and "last 30 days" include today', () => {
    const now = at('2026-03-02T09:00:00Z');
    expect(presetRange('last-7-days', 'UTC', now)).toEqual({ start: '2026-02-24', end: '2026-03-02' });
    expect(presetRange('last-30-days', 'UTC', now)).toEqual({ start: '2026-02-01', end: '2026-03-02' });
    expect(rangeLength(presetRange('last-7-days', 'UTC', now))).toBe(7);
    expect(rangeLength(presetRange('last-30-days', 'UTC', now))).toBe(30);
  });

  it('"this month" starts on the 1st in the user\'s zone', () => {
    // 1 April 00:30 in Berlin is still 31 March in UTC.
    const now = at('2026-03-31T22:30:00Z');
    expect(presetRange('this-month', 'Europe/Berlin', now)).toEqual({ start: '2026-04-01', end: '2026-04-01' });
    expect(presetRange('this-month', 'UTC', now)).toEqual({ start: '2026-03-01', end: '2026-03-31' });
  });
});

describe('previousRange', () => {
  it('is the same number of days just before', () => {
    expect(previousRange({ start: '2026-03-09', end: '2026-03-15' })).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(previousRange({ start: '2026-03-01', end: '2026-03-01' })).toEqual({ start: '2026-02-28', end: '2026-02-28' });
  });
});

describe('customRangeError', () => {
  it('accepts up to the API limit of 366 days, both ends included', () => {
    expect(customRangeError('2026-01-01', '2026-01-01')).toBeNull();
    expect(customRangeError('2024-01-01', '2024-12-31')).toBeNull(); // 366 days, a leap year
    expect(customRangeError('2025-01-01', '2026-01-02')).toMatch(/at most 366 days/);
  });

  it('refuses missing, malformed and reversed dates', () => {
    expect(customRangeError('', '2026-01-01')).toMatch(/first day/);
    expect(customRangeError('2026-01-01', '2026-02-30')).toMatch(/last day/);
    expect(customRangeError('2026-01-02', '2026-01-01')).toMatch(/can’t be before/);
  });
});

describe('parseRange / writeRange', () => {
  const now = at('2026-03-11T10:00:00Z');

  it('falls back to the default preset for a missing, unknown or unusable range', () => {
    const week = { preset: 'this-week', start: '2026-03-09', end: '2026-03-11' };
    expect(parseRange(new URLSearchParams(''), 'this-week', 'UTC', now)).toEqual(week);
    expect(parseRange(new URLSearchParams('range=yesterday'), 'this-week', 'UTC', now)).toEqual(week);
    expect(parseRange(new URLSearchParams('range=custom&start=2026-03-10&end=2026-03-01'), 'this-week', 'UTC', now)).toEqual(week);
  });

  it('reads presets by name and custom days as given', () => {
    expect(parseRange(new URLSearchParams('range=last-30-days'), 'this-week', 'UTC', now)).toEqual({ preset: 'last-30-days', start: '2026-02-10', end: '2026-03-11' });
    expect(parseRange(new URLSearchParams('range=custom&start=2026-01-05&end=2026-01-18'), 'this-week', 'UTC', now)).toEqual({
      preset: 'custom',
      start: '2026-01-05',
      end: '2026-01-18',
    });
  });

  it('leaves the default out of the URL and other parameters alone', () => {
    const current = new URLSearchParams('by=tag&range=last-7-days');
    expect(writeRange({ preset: 'this-week', start: '2026-03-09', end: '2026-03-11' }, 'this-week', current).toString()).toBe('by=tag');
    expect(writeRange({ preset: 'this-month', start: '2026-03-01', end: '2026-03-11' }, 'this-week', current).toString()).toBe('by=tag&range=this-month');
    expect(writeRange({ preset: 'custom', start: '2026-01-05', end: '2026-01-18' }, 'this-week', current).toString()).toBe('by=tag&range=custom&start=2026-01-05&end=2026-01-18');
  });
});
