import { isOffsetDateTime } from './offset-date-time';

describe('isOffsetDateTime', () => {
  it.each(['2026-05-01T17:00:00Z', '2026-05-01T17:00Z', '2026-05-01T17:00:00.123Z', '2026-05-01T17:00:00+02:00', '2026-05-01t17:00:00z', '2024-02-29T00:00:00-05:30', '2000-02-29T23:59:59Z'])(
    'accepts %s',
    (value) => expect(isOffsetDateTime(value)).toBe(true),
  );

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
  ])('refuses %s', (_, value) => expect(isOffsetDateTime(value)).toBe(false));
});
