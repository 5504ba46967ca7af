import { FallbackStore } from './fallback-store';

describe('FallbackStore', () => {
  let now = 0;
  const store = (ttlMs = 10_000, max = 3) => new FallbackStore(ttlMs, max, () => now);
  beforeEach(() => {
    now = 0;
  });

  it('serves an answer until its TTL has passed', () => {
    const s = store();
    s.set('a', { seconds: 1 });
    now = 9_999;
    expect(s.get('a')).toEqual({ seconds: 1 });
    now = 10_000;
    expect(s.get('a')).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it('drops expired answers on the next write, and the oldest past the size bound', () => {
    const s = store(10_000, 3);
    s.set('a', 1);
    now = 5_000;
    s.set('b', 2);
    now = 10_000; // 'a' expired, nobody read it
    s.set('c', 3);
    expect(s.size).toBe(2);
    s.set('d', 4);
    s.set('e', 5); // four live answers over a bound of three: 'b', the oldest, goes
    expect(s.size).toBe(3);
    expect(s.get('b')).toBeUndefined();
    expect([s.get('c'), s.get('d'), s.get('e')]).toEqual([3, 4, 5]);
  });

  it('a re-set answer starts a new TTL and counts as the newest', () => {
    const s = store(10_000, 2);
    s.set('a', 1);
    s.set('b', 2);
    now = 4_000;
    s.set('a', 10);
    s.set('c', 3); // over the bound: 'b' is now the oldest
    expect(s.get('b')).toBeUndefined();
    now = 13_000;
    expect(s.get('a')).toBe(10);
    s.clear();
    expect(s.size).toBe(0);
  });
});
