import { LRUCache } from 'lru-cache';

/**
 * Cached answers kept in this process, bounded by bytes: each answer is stored as its JSON
 * text and counted at two bytes a character (a V8 string never takes more), key included,
 * plus a fixed overhead. The least recently used go first once `maxBytes` is reached;
 * expired ones are never returned and are swept on writes and by `purgeExpired` (the cache
 * calls it on a timer, so an idle process frees them too). Answers are parsed on every hit,
 * so a caller can never change what another one gets.
 */
export class MemoryAnswers {
  private readonly answers: LRUCache<string, string>;

  constructor(
    readonly maxBytes: number,
    readonly ttlMs: number,
    now: () => number,
  ) {
    this.answers = new LRUCache<string, string>({
      maxSize: maxBytes,
      // One answer may take at most an eighth of the budget: a huge one is computed each time rather than evicting everything else.
      maxEntrySize: Math.floor(maxBytes / 8),
      sizeCalculation: (value, key) => 2 * (value.length + key.length) + ENTRY_OVERHEAD_BYTES,
      // lru-cache serves an answer while its age is at most `ttl`; ours expire at `ttlMs`.
      ttl: ttlMs - 1,
      // Expiry follows the injectable clock (so tests can move time), read on every check.
      perf: { now },
      ttlResolution: 0,
    });
  }

  /** Answers held (expired ones not yet swept included). */
  get size(): number {
    return this.answers.size;
  }

  /** Bytes the held answers count for (at most `maxBytes`). */
  get bytes(): number {
    return this.answers.calculatedSize;
  }

  get<T>(key: string): T | undefined {
    const text = this.answers.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  set(key: string, value: unknown): void {
    const text = JSON.stringify(value);
    if (text !== undefined) this.answers.set(key, text);
  }

  purgeExpired(): void {
    this.answers.purgeStale();
  }

  clear(): void {
    this.answers.clear();
  }
}

/** Per answer beside its text: the LRU's slots, the key's entry, the string headers. */
const ENTRY_OVERHEAD_BYTES = 200;
