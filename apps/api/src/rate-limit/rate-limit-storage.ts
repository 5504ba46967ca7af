import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RedisConnection } from '../redis/redis-connection';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often expired in-memory windows are dropped. */
const SWEEP_INTERVAL_MS = 60_000;
/**
 * Windows kept at most (~100 bytes each: ~10 MB). Past it the expired ones go first, then
 * the oldest live ones: a client whose window is dropped starts a fresh one, which only
 * happens while more than this many clients (keys) are being counted at once.
 */
export const MAX_MEMORY_WINDOWS = 100_000;

/**
 * Fixed-window counters in one process's memory, the same rule as the Redis ones. (The
 * throttler's own memory store keeps a timestamp per hit and filters them all on every
 * request: O(hits in the window) per request, which grows with the limit.)
 */
export class MemoryWindowCounters {
  private readonly windows = new Map<string, { hits: number; expiresAt: number }>();
  private sweep: NodeJS.Timeout | undefined;

  increment(key: string, ttl: number, limit: number, now = Date.now()): ThrottlerStorageRecord {
    let window = this.windows.get(key);
    if (!window || window.expiresAt <= now) {
      window = { hits: 0, expiresAt: now + ttl };
      this.windows.delete(key);
      if (this.windows.size >= MAX_MEMORY_WINDOWS) this.makeRoom(now);
      this.windows.set(key, window);
      this.sweep ??= setInterval(() => this.dropExpired(), SWEEP_INTERVAL_MS).unref();
    }
    window.hits += 1;
    const timeToExpire = Math.max(1, Math.ceil((window.expiresAt - now) / 1000));
    const isBlocked = window.hits > limit;
    return { totalHits: window.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  dropExpired(now = Date.now()): void {
    for (const [key, window] of this.windows) if (window.expiresAt <= now) this.windows.delete(key);
  }

  /** Windows held (tests, metrics). */
  get size(): number {
    return this.windows.size;
  }

  /** At the bound: expired windows go, then (insertion order: oldest first) the oldest tenth. */
  private makeRoom(now: number): void {
    this.dropExpired(now);
    if (this.windows.size < MAX_MEMORY_WINDOWS) return;
    let drop = Math.ceil(MAX_MEMORY_WINDOWS / 10);
    for (const key of this.windows.keys()) {
      if (drop-- <= 0) break;
      this.windows.delete(key);
    }
  }

  clear(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.windows.clear();
  }
}

/**
 * Fixed-window counters in Redis, shared by every API process; in memory when Redis is
 * not configured or not answering, so a Redis outage never fails or stalls a request.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new MemoryWindowCounters();
  private usingMemory = false;

  constructor(private readonly redis: RedisConnection) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    if (this.redis.configured) {
      try {
        const record = await this.incrementInRedis(`stint:rl:${key}`, ttl, limit);
        if (this.usingMemory) this.logger.log('Rate-limit counters back in Redis');
        this.usingMemory = false;
        return record;
      } catch (error) {
        if (!this.usingMemory) this.logger.warn(`Rate-limit counters fall back to memory: ${(error as Error).message}`);
        this.usingMemory = true;
      }
    }
    return this.memory.increment(key, ttl, limit);
  }

  private async incrementInRedis(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const [hits, , remainingMs] = (await this.redis.run((client) => client.multi().incr(key).pExpire(key, ttl, 'NX').pTTL(key).exec())) as unknown as [number, number, number];
    const timeToExpire = Math.max(1, Math.ceil(Math.max(remainingMs, 0) / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  onApplicationShutdown(): void {
    this.memory.clear();
  }
}
