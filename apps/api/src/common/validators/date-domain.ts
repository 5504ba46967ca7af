import { DATE_MAX, DATE_MIN } from '@stint/contracts';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * The domain of every date and date-time a request may carry (DATE_MIN–DATE_MAX, 1970–2200).
 * Past it, day arithmetic leaves the four-digit years (`addDays('9999-12-31', 1)` is
 * `+010000-01-01`), and a loop over days never ends: every DTO uses these validators, so a
 * request out of the domain is a 422 naming the field and the limit, never a loop.
 */
export const MOMENT_MIN = `${DATE_MIN}T00:00:00Z`;
export const MOMENT_MAX = `${DATE_MAX}T23:59:59Z`;
const MOMENT_MIN_MS = Date.parse(MOMENT_MIN);
const MOMENT_MAX_MS = Date.parse(`${DATE_MAX}T23:59:59.999999Z`);

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `2026-05-01T17:00:00Z`, `2026-05-01T17:00+02:00`, with optional seconds and fraction. */
const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** An existing calendar date written YYYY-MM-DD (no 2026-02-30), of any four-digit year. */
export function isCalendarDateShape(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** An existing calendar date written YYYY-MM-DD within DATE_MIN–DATE_MAX. */
export function isCalendarDate(value: unknown): value is string {
  return isCalendarDateShape(value) && value >= DATE_MIN && value <= DATE_MAX;
}

/**
 * An ISO 8601 date-time that names its offset (a bare date or a local time would be read in
 * some server time zone), calendar-checked, any four-digit year.
 */
export function isOffsetDateTimeShape(value: unknown): value is string {
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

/** An offset date-time (see above) whose moment lies within MOMENT_MIN–MOMENT_MAX (UTC). */
export function isOffsetDateTime(value: unknown): value is string {
  if (!isOffsetDateTimeShape(value)) return false;
  const at = Date.parse(value);
  return at >= MOMENT_MIN_MS && at <= MOMENT_MAX_MS;
}

function shapeOrDomain(shapeOk: boolean, field: string, shape: string, domain: string): string {
  return shapeOk ? `${field} must be between ${domain}` : `${field} must be ${shape}`;
}

/** A calendar date YYYY-MM-DD within DATE_MIN–DATE_MAX; the message names the field and the limit. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) => shapeOrDomain(isCalendarDateShape(args.value), propertyName, 'a date written YYYY-MM-DD', `${DATE_MIN} and ${DATE_MAX}`),
        ...options,
      },
      validator: { validate: isCalendarDate },
    });
}

/** An ISO 8601 date-time with an offset, within MOMENT_MIN–MOMENT_MAX; the message names the field and the limit. */
export function IsOffsetDateTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOffsetDateTime',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          shapeOrDomain(isOffsetDateTimeShape(args.value), propertyName, 'an ISO 8601 date-time with an offset, e.g. 2026-05-01T17:00:00Z', `${MOMENT_MIN} and ${MOMENT_MAX}`),
        ...options,
      },
      validator: { validate: isOffsetDateTime },
    });
}

const DAY_MS = 86_400_000;

/** Whole days from one date or date-time to another (fractions count as a day); NaN when unreadable. */
function spanDays(from: string, to: string): number {
  const parse = (value: string) => Date.parse(CALENDAR_DATE.test(value) ? `${value}T00:00:00Z` : value);
  return Math.ceil((parse(to) - parse(from)) / DAY_MS);
}

export interface RangeEndOptions {
  /** The widest range, in days with both ends included for dates (end − start + 1), or elapsed days for date-times. */
  maxDays?: number;
  /** For date-times: the end must be strictly later (an empty [from, to) window is refused). */
  strictlyAfter?: boolean;
}

/**
 * The end of a range whose start is `startField` (checked only when both are valid in
 * themselves): not before the start and, with `maxDays`, at most that long.
 */
export function IsRangeEnd(startField: string, { maxDays, strictlyAfter = false }: RangeEndOptions = {}, options?: ValidationOptions) {
  const problem = (end: unknown, start: unknown): string | null => {
    const valid = (v: unknown) => isCalendarDate(v) || isOffsetDateTime(v);
    if (!valid(end) || !valid(start)) return null;
    const endText = end as string;
    const startText = start as string;
    const bothDates = CALENDAR_DATE.test(endText) && CALENDAR_DATE.test(startText);
    const order = bothDates ? (endText < startText ? -1 : 1) : Date.parse(endText) - Date.parse(startText);
    if (order < 0 || (strictlyAfter && order === 0)) return 'order';
    if (maxDays !== undefined) {
      const days = spanDays(startText, endText) + (bothDates ? 1 : 0);
      if (days > maxDays) return `width:${days}`;
    }
    return null;
  };
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isRangeEnd',
      target: target.constructor,
      propertyName,
      constraints: [startField],
      options: {
        message: (args: ValidationArguments) => {
          const found = problem(args.value, (args.object as Record<string, unknown>)[startField]) ?? '';
          if (found.startsWith('width:')) return `${propertyName}: the range from ${startField} may span at most ${maxDays} days (got ${found.slice(6)})`;
          return `${propertyName} must be ${strictlyAfter ? 'after' : 'on or after'} ${startField}`;
        },
        ...options,
      },
      validator: { validate: (value: unknown, args: ValidationArguments) => problem(value, (args.object as Record<string, unknown>)[startField]) === null },
    });
}
