import { addDays, EACH_DAY_MAX, eachDay, isIsoDate, localDate, previousPeriod, rangeDays, resolveRange } from './date-range';
import { AppError } from '../common/errors/app-error';

function refusal(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('date ranges', () => {
  it('recognises real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-2-01')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
  });

  it('counts days across month ends and DST changes (calendar days have no zone)', () => {
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(eachDay({ start: '2025-10-25', end: '2025-10-28' })).toEqual(['2025-10-25', '2025-10-26', '2025-10-27', '2025-10-28']);
    expect(rangeDays({ start: '2025-01-01', end: '2025-12-31' })).toBe(365);
  });

  it('never loops without bound: the day helpers throw outside the four-digit years or past EACH_DAY_MAX days', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
    expect(eachDay({ start: '9999-12-31', end: '9999-12-31' })).toEqual(['9999-12-31']);
    expect(() => eachDay({ start: '1970-01-01', end: '2200-12-31' })).toThrow(RangeError);
    expect(() => eachDay({ start: '2025-01-01', end: '+010000-01' })).toThrow(RangeError);
    expect(eachDay({ start: '2025-01-01', end: addDays('2025-01-01', EACH_DAY_MAX - 1) })).toHaveLength(EACH_DAY_MAX);
  });

  it('reads today in the user’s zone', () => {
    const at = new Date('2025-10-25T23:30:00Z');
    expect(localDate(at, 'Europe/Berlin')).toBe('2025-10-26');
    expect(localDate(at, 'America/Los_Angeles')).toBe('2025-10-25');
  });

  it('defaults to the 7 days ending today, or ending on `end`', () => {
    expect(resolveRange({}, '2025-10-28')).toEqual({ start: '2025-10-22', end: '2025-10-28' });
    expect(resolveRange({ end: '2025-03-31' }, '2025-10-28')).toEqual({ start: '2025-03-25', end: '2025-03-31' });
    expect(resolveRange({ start: '2025-10-01' }, '2025-10-28')).toEqual({ start: '2025-10-01', end: '2025-10-28' });
  });

  it('refuses end before start and ranges over 366 days with field details', () => {
    const backwards = refusal(() => resolveRange({ start: '2025-10-02', end: '2025-10-01' }, '2025-10-28'));
    expect([backwards.status, backwards.details]).toEqual([422, { end: ['end must not be before start'] }]);
    const future = refusal(() => resolveRange({ start: '2025-11-01' }, '2025-10-28'));
    expect(future.details).toEqual({ start: ['start must not be after today (2025-10-28)'] });
    expect(resolveRange({ start: '2024-01-01', end: '2024-12-31' }, '2025-10-28')).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    const wide = refusal(() => resolveRange({ start: '2024-01-01', end: '2025-01-01' }, '2025-10-28'));
    expect(wide.details).toEqual({ end: ['The range may span at most 366 days (got 367)'] });
  });

  it('finds the previous period of the same length', () => {
    expect(previousPeriod({ start: '2025-03-28', end: '2025-04-03' })).toEqual({ start: '2025-03-21', end: '2025-03-27' });
    expect(previousPeriod({ start: '2025-03-01', end: '2025-03-01' })).toEqual({ start: '2025-02-28', end: '2025-02-28' });
  });
});
