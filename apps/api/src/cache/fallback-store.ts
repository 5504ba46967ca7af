/**
 * A small in-process store of cached answers with one fixed TTL, for while Redis is
 * unavailable. Entries are kept in insertion order (a re-set moves an entry to the end), so
 * with one TTL the oldest, first to expire, are always at the front: each write drops the
 * expired ones there and, past `maxEntries`, the oldest live ones — no timers, no scans.
 */
export class FallbackStore {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set(key: string, value: unknown): void {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    for (const [oldest, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
