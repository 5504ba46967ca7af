import { registerDecorator, type ValidationOptions } from 'class-validator';

/** `2026-05-01T17:00:00Z`, `2026-05-01T17:00+02:00`, with optional seconds and fraction. */
const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * An ISO 8601 date-time that names its offset. A bare date or a local time would be read in
 * some server time zone; refusing them keeps "due" unambiguous. Calendar-checked (no Feb 30).
 */
export function isOffsetDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = OFFSET_DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0', offsetHour = '0', offsetMinute = '0'] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  if (Number(offsetHour) > 23 || Number(offsetMinute) > 59) return false;
  return !Number.isNaN(Date.parse(value));
}

export function IsOffsetDateTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOffsetDateTime',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 date-time with an offset, e.g. 2026-05-01T17:00:00Z`, ...options },
      validator: { validate: isOffsetDateTime },
    });
}
