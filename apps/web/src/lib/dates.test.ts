import { describe, expect, it } from 'vitest';
import { isoToLocalDateTime, localDateTimeToIso, startOfWeek } from '@/lib/dates';

describe('datetime-local in the user’s zone', () => {
  it('converts wall-clock input to UTC and back', () => {
    expect(localDateTimeToIso('2026-03-10T09:30', 'Europe/Berlin')).toBe('2026-03-10T08:30:00.000Z');
    expect(isoToLocalDateTime('2026-03-10T08:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-10T09:30');
    expect(localDateTimeToIso('2026-07-10T09:30', 'Europe/Berlin')).toBe('2026-07-10T07:30:00.000Z');
    expect(localDateTimeToIso('2026-03-10T09:30', 'America/New_York')).toBe('2026-03-10T13:30:00.000Z');
  });

  it('handles the hours around a daylight-saving change', () => {
    // Berlin moves from +1 to +2 at 02:00 on 29 March 2026.
    expect(localDateTimeToIso('2026-03-29T01:30', 'Europe/Berlin')).toBe('2026-03-29T00:30:00.000Z');
    expect(localDateTimeToIso('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses incomplete input', () => {
    expect(localDateTimeToIso('', 'UTC')).toBeNull();
    expect(localDateTimeToIso('2026-03-10', 'UTC')).toBeNull();
  });

  it('finds the Monday of a week', () => {
    expect(startOfWeek('2026-03-11')).toBe('2026-03-09');
    expect(startOfWeek('2026-03-09')).toBe('2026-03-09');
    expect(startOfWeek('2026-03-15')).toBe('2026-03-09');
  });
});
