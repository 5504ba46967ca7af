import { describe, expect, it } from 'vitest';
import { describeChange, formatHourSlot, formatHours, formatPercentChange, formatSecondsAsHours } from '@/features/dashboard/format';

describe('formatPercentChange', () => {
  it('writes null (no previous figure to compare with) as a dash, never infinity or zero', () => {
    expect(formatPercentChange(null)).toBe('—');
    expect(describeChange(null)).toBe('nothing to compare with');
  });

  it('signs the change and keeps two decimals', () => {
    expect(formatPercentChange(12.5)).toBe('+12.50%');
    expect(formatPercentChange(-5)).toBe('−5.00%');
    expect(formatPercentChange(0)).toBe('0.00%');
    expect(formatPercentChange(233.33)).toBe('+233.33%');
    expect(describeChange(12.5)).toBe('up 12.50%');
    expect(describeChange(-5)).toBe('down 5.00%');
    expect(describeChange(0)).toBe('no change');
  });
});

describe('hours', () => {
  it('always shows two decimals', () => {
    expect(formatHours(3.5)).toBe('3.50 h');
    expect(formatHours(0)).toBe('0.00 h');
    expect(formatSecondsAsHours(12_600)).toBe('3.50 h');
    expect(formatSecondsAsHours(59)).toBe('0.02 h');
  });

  it('names an hour of the day as its slot', () => {
    expect(formatHourSlot(9)).toBe('09:00–10:00');
    expect(formatHourSlot(23)).toBe('23:00–00:00');
  });
});
