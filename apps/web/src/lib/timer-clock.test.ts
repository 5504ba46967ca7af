import { describe, expect, it } from 'vitest';
import { costAt, elapsedAt, msUntilNextSecond } from '@/lib/timer-clock';
import { aTimerView } from '@/test/fixtures';

describe('the anchor', () => {
  const receivedAt = 1_000_000;

  it('adds whole seconds since the receipt while running', () => {
    const timer = aTimerView({ status: 'running', elapsed_seconds: 100 });
    expect(elapsedAt(timer, receivedAt, receivedAt)).toBe(100);
    expect(elapsedAt(timer, receivedAt, receivedAt + 999)).toBe(100);
    expect(elapsedAt(timer, receivedAt, receivedAt + 1000)).toBe(101);
    expect(elapsedAt(timer, receivedAt, receivedAt + 61_500)).toBe(161);
    // A clock that jumped back never counts down.
    expect(elapsedAt(timer, receivedAt, receivedAt - 5000)).toBe(100);
  });

  it('stays at the server value while paused', () => {
    const timer = aTimerView({ status: 'paused', elapsed_seconds: 100 });
    expect(elapsedAt(timer, receivedAt, receivedAt + 3_600_000)).toBe(100);
  });

  it('is the server cost at the anchor, and adds the cost of the seconds since', () => {
    const timer = aTimerView({ elapsed_seconds: 3600, cost: '50.00', rate_type: 'hourly', rate_amount: '50.0000' });
    expect(costAt(timer, 3600)).toBe('50.00');
    expect(costAt(timer, 3600 + 72)).toBe('51.00');
    expect(costAt(timer, 7200)).toBe('100.00');
  });

  it('keeps the server figure even where a client formula would differ', () => {
    // The server's answer is the truth: it may include what the client can't know (a re-rate, rounding of parts).
    const timer = aTimerView({ elapsed_seconds: 10, cost: '9.99', rate_type: 'secondly', rate_amount: '1.0000' });
    expect(costAt(timer, 10)).toBe('9.99');
    expect(costAt(timer, 12)).toBe('11.99');
  });

  it('schedules the next change on the next whole second after the receipt', () => {
    expect(msUntilNextSecond(1000, 1000)).toBe(1000);
    expect(msUntilNextSecond(1000, 1250)).toBe(750);
    expect(msUntilNextSecond(1000, 2999)).toBe(1);
  });
});
