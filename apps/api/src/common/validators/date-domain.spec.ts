import { validateSync } from 'class-validator';
import { IsCalendarDate, IsOffsetDateTime, IsRangeEnd, isCalendarDate, isOffsetDateTime } from './date-domain';

describe('isOffsetDateTime', () => {
  it.each([
    '2026-05-01T17:00:00Z',
    '2026-05-01T17:00Z',
    '2026-05-01T17:00:00.123Z',
    '2026-05-01T17:00:00+02:00',
    '2026-05-01t17:00:00z',
    '2024-02-29T00:00:00-05:30',
    '2000-02-29T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '2200-12-31T23:59:59Z',
  ])('accepts %s', (value) => expect(isOffsetDateTime(value)).toBe(true));

  it.each([
    ['a bare date', '2026-05-01'],
    ['a local time', '2026-05-01T17:00:00'],
    ['February 30', '2026-02-30T10:00:00Z'],
    ['February 29 of a common year', '2026-02-29T10:00:00Z'],
    ['February 29 of 1900', '1900-02-29T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['hour 24', '2026-05-01T24:00:00Z'],
    ['an offset of 25 hours', '2026-05-01T10:00:00+25:00'],
    ['words', 'tomorrow'],
    ['a number', 1714582800000],
    ['a space instead of T', '2026-05-01 10:00:00Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 0001', '0001-01-01T00:00:00Z'],
    ['a moment before 1970 (by its offset)', '1970-01-01T00:30:00+01:00'],
    ['year 2201', '2201-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
    ['an expanded year', '+010000-01-01T00:00:00Z'],
  ])('refuses %s', (_, value) => expect(isOffsetDateTime(value)).toBe(false));
});

describe('isCalendarDate', () => {
  it.each(['1970-01-01', '2024-02-29', '2200-12-31'])('accepts %s', (value) => expect(isCalendarDate(value)).toBe(true));
  it.each(['0000-01-01', '0001-01-01', '1969-12-31', '2201-01-01', '9999-12-31', '+010000-01-01', '2025-02-29', '2025-13-01', '2025-1-01', 20250101])('refuses %s', (value) =>
    expect(isCalendarDate(value)).toBe(false),
  );
});

class Range {
  @IsCalendarDate() start: string;
  @IsCalendarDate() @IsRangeEnd('start', { maxDays: 366 }) end: string;
}

class Window {
  @IsOffsetDateTime() from: string;
  @IsOffsetDateTime() @IsRangeEnd('from', { strictlyAfter: true }) to: string;
}

const messages = (object: object) => Object.fromEntries(validateSync(object).map((e) => [e.property, Object.values(e.constraints ?? {})]));
const range = (start: string, end: string) => Object.assign(new Range(), { start, end });

describe('date validators name the field and the limit', () => {
  it('out of the domain', () => {
    expect(messages(range('0001-01-01', '9999-12-31'))).toEqual({
      start: ['start must be between 1970-01-01 and 2200-12-31'],
      end: ['end must be between 1970-01-01 and 2200-12-31'],
    });
    expect(messages(Object.assign(new Window(), { from: '0001-01-01T00:00:00Z', to: 'soon' }))).toEqual({
      from: ['from must be between 1970-01-01T00:00:00Z and 2200-12-31T23:59:59Z'],
      to: ['to must be an ISO 8601 date-time with an offset, e.g. 2026-05-01T17:00:00Z'],
    });
  });

  it('ranges: order and width', () => {
    expect(messages(range('2025-01-01', '2025-12-31'))).toEqual({});
    expect(messages(range('2024-01-01', '2024-12-31'))).toEqual({});
    expect(messages(range('2025-01-02', '2025-01-01'))).toEqual({ end: ['end must be on or after start'] });
    expect(messages(range('1970-01-01', '2200-12-31'))).toEqual({ end: ['end: the range from start may span at most 366 days (got 84371)'] });
    expect(messages(Object.assign(new Window(), { from: '2025-01-01T10:00:00Z', to: '2025-01-01T11:00:00+01:00' }))).toEqual({ to: ['to must be after from'] });
  });
});
