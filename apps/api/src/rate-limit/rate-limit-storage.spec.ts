import { MAX_MEMORY_WINDOWS, MemoryWindowCounters } from './rate-limit-storage';

describe('MemoryWindowCounters (the rate limit without Redis)', () => {
  const counters = new MemoryWindowCounters();
  afterAll(() => counters.clear());

  it('allows `limit` hits per window, then blocks until the window ends', () => {
    const start = 1_000_000;
    const results = [0, 1, 2].map((i) => counters.increment('read:user:a', 60_000, 2, start + i * 1_000));
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, true]);
    expect(results[2]).toEqual({ totalHits: 3, timeToExpire: 58, isBlocked: true, timeToBlockExpire: 58 });
    expect(counters.increment('read:user:a', 60_000, 2, start + 59_999).isBlocked).toBe(true);
    expect(counters.increment('read:user:a', 60_000, 2, start + 60_000)).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('counts each key on its own', () => {
    const now = 5_000_000;
    counters.increment('read:user:b', 60_000, 1, now);
    expect(counters.increment('read:user:b', 60_000, 1, now).isBlocked).toBe(true);
    expect(counters.increment('read:user:c', 60_000, 1, now).isBlocked).toBe(false);
  });

  it('forgets expired windows when swept', () => {
    const now = 9_000_000;
    counters.increment('write:user:d', 1_000, 1, now);
    counters.dropExpired(now + 1_000);
    expect(counters.increment('write:user:d', 1_000, 1, now + 500).totalHits).toBe(1);
  });

  it(`holds at most ${MAX_MEMORY_WINDOWS} windows however many clients are counted, keeping the newest`, () => {
    const bounded = new MemoryWindowCounters();
    const now = 20_000_000;
    for (let i = 0; i < MAX_MEMORY_WINDOWS * 2; i += 1) bounded.increment(`read:ip:${i}`, 60_000, 100, now);
    expect(bounded.size).toBeLessThanOrEqual(MAX_MEMORY_WINDOWS);
    // The newest client is still counted.
    expect(bounded.increment(`read:ip:${MAX_MEMORY_WINDOWS * 2 - 1}`, 60_000, 100, now).totalHits).toBe(2);
    bounded.clear();
  });
});
