import { MemoryAnswers } from './memory-answers';

describe('MemoryAnswers', () => {
  let now = 0;
  const store = (maxBytes = 10_000, ttlMs = 10_000) => new MemoryAnswers(maxBytes, ttlMs, () => now);
  beforeEach(() => {
    now = 1_000;
  });

  it('serves an answer until its TTL has passed, as a fresh copy each time', () => {
    const s = store();
    s.set('a', { seconds: 1 });
    const first = s.get<{ seconds: number }>('a');
    first!.seconds = 99;
    now += 9_999;
    expect(s.get('a')).toEqual({ seconds: 1 });
    now += 1;
    expect(s.get('a')).toBeUndefined();
  });

  it('never holds more bytes than its budget: the least recently used go first', () => {
    const s = store(20_000);
    const answer = { text: 'x'.repeat(1_000) }; // ~2.2 KB counted
    for (let i = 0; i < 100; i += 1) {
      s.set(`k${i}`, answer);
      expect(s.bytes).toBeLessThanOrEqual(20_000);
    }
    expect(s.size).toBe(8); // k92…k99
    s.get('k92'); // read: now the most recent
    s.set('k100', answer);
    s.set('k101', answer);
    expect(s.get('k92')).toEqual(answer);
    expect(s.get('k93')).toBeUndefined();
    expect(s.get('k94')).toBeUndefined();
    expect(s.get('k95')).toEqual(answer);
  });

  it('refuses an answer bigger than an eighth of the budget instead of evicting everything', () => {
    const s = store(80_000);
    s.set('small', { a: 1 });
    s.set('huge', { text: 'y'.repeat(6_000) }); // > 10,000 bytes counted
    expect(s.get('huge')).toBeUndefined();
    expect(s.get('small')).toEqual({ a: 1 });
  });

  it('sweeps expired answers without reading them', () => {
    const s = store();
    s.set('a', 1);
    s.set('b', 2);
    now += 20_000;
    expect(s.size).toBe(2);
    s.purgeExpired();
    expect(s.size).toBe(0);
    expect(s.bytes).toBe(0);
  });
});
