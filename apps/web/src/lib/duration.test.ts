import { describe, expect, it } from 'vitest';
import { describeElapsed, formatElapsed, secondsToHours } from '@/lib/duration';

describe('formatElapsed', () => {
  it.each([
    [0, '0:00:00'],
    [59, '0:00:59'],
    [60, '0:01:00'],
    [3599, '0:59:59'],
    [3600, '1:00:00'],
    [1500, '0:25:00'],
    [90061, '25:01:01'],
    [12.9, '0:00:12'],
    [-5, '0:00:00'],
  ])('%s seconds → %s', (seconds, text) => {
    expect(formatElapsed(seconds)).toBe(text);
  });
});

describe('describeElapsed', () => {
  it('spells the parts out for screen readers', () => {
    expect(describeElapsed(3661)).toBe('1 hour 1 minute 1 second');
    expect(describeElapsed(7322)).toBe('2 hours 2 minutes 2 seconds');
  });
});

describe('secondsToHours', () => {
  it('rounds to two decimals', () => {
    expect(secondsToHours(5400)).toBe(1.5);
    expect(secondsToHours(1000)).toBe(0.28);
  });
});
