import { Inject, Injectable, Logger } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import { REDIS_COMMAND_TIMEOUT_MS, RedisConnection } from '../redis/redis-connection';
import { FallbackStore } from './fallback-store';

/**
 * What a cached answer depends on. Each scope has a version counter kept in the cache's
 * store (Redis when REDIS_URL is set, so every API process sees the same counters; memory
 * otherwise); the versions are part of the cache key, so bumping a counter makes every
 * answer under it unreachable at once (O(1), no key scans) and it simply expires.
 *
 * - `user:<id>`  the user's own entries, tasks and profile (time zone)
 * - `project:<id>` a project's own data (name, its tasks' titles, tags, estimates)
 * - `catalog`    names, titles and tags of any project or task (bumped with every project)
 * - `team`       anyone's data (bumped with every user and project): team-wide answers
 * - `all`        everything (invalidateAll)
 */
export type CacheScope = `user:${string}` | `project:${string}` | 'catalog' | 'team';

const VERSION_PREFIX = 'stint:analytics:version:';
const VALUE_PREFIX = 'analytics:';
/** Memory store only: answers kept at most (oldest dropped first), and how often expired ones are swept. */
const MEMORY_MAX_ANSWERS = 5_000;
const MEMORY_SWEEP_MS = 60_000;
/**
 * While Redis is configured but unavailable, answers are kept in this process's memory for
 * at most this long. Short on purpose: with several API processes, an invalidation made by
 * one of them during the outage can't reach the others (Redis was the only channel), so a
 * process may serve an answer another one has made stale — for at most these 10 s. Long
 * enough still to absorb the repeated dashboard reads of a busy minute.
 */
export const FALLBACK_TTL_MS = 10_000;
/** After a Redis failure, how long lookups stay on memory before Redis is tried again (in the background). */
const REDIS_RETRY_MS = 1_000;

/**
 * Reads versions; a missing counter (never bumped, or evicted) starts at the given seed
 * (the clock in ms), so a counter that comes back after an eviction can't reuse a value
 * that old answers may still be stored under.
 */
const READ_VERSIONS = `
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if not v then
    redis.call('SET', key, ARGV[1], 'NX')
    v = redis.call('GET', key)
  end
  out[i] = v
end
return out`;

const BUMP_VERSIONS = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('INCR', key) else redis.call('SET', key, ARGV[1]) end
end
return 1`;

class CacheUnavailableError extends Error {}

/**
 * Cache of analytics answers, and the seam through which the code that changes data
 * invalidates them.
 *
 * With REDIS_URL, Redis holds the answers and the version counters for every process.
 * When Redis stops answering (not connected, or a command fails or takes over 250 ms) the
 * cache moves to an in-memory fallback at once (FALLBACK_TTL_MS, own version counters), so a
 * Redis outage costs neither errors nor waiting nor all caching. Once Redis is ready again
 * (tried at most every REDIS_RETRY_MS, beside the requests, which never wait for it) the
 * cache bumps the global `all` version there before using it: whatever was cached in Redis
 * before the outage may have missed invalidations made during it, so none of it is served.
 *
 * Call after the change has committed:
 *
 * - a time entry created, changed, stopped, deleted or re-rated → `invalidateUser(entry.user_id)`
 *   (and `invalidateProject(project_id)` when it has a project, for project-wide answers)
 * - a task changed (status, due date, estimate, tags, title) → `invalidateUser(task.user_id)`
 *   and `invalidateProject(task.project_id)` when it has one
 * - a project renamed, members changed → `invalidateProject(project.id)`
 * - a user's time zone or name changed → `invalidateUser(user.id)`
 * - anything broader (settings, imports, migrations) → `invalidateAll()`
 *
 * Every call is safe to make too often (it only costs a recomputation). A cache failure
 * never fails a request: with Redis, lookups and invalidations move to the memory fallback
 * (above); without it, a lookup whose memory store fails computes the answer.
 */
@Injectable()
export class AnalyticsCache {
  private readonly logger = new Logger('AnalyticsCache');
  /** Version counters when there is no Redis (one process: memory is the store). */
  private readonly memoryVersions = new Map<string, number>();
  /**
   * Memory store only: the keys written and when they expire. The memory store forgets an
   * expired answer only when it is read again, and an answer whose versions have moved on
   * never is; without this sweep every invalidation would leave garbage behind for good.
   * (Redis expires keys by itself.)
   */
  private readonly memoryKeys = new Map<string, number>();
  private lastSweep = 0;
  private readonly ttlMs: number;
  /** Redis configured but unavailable: answers and versions live in `fallback` until it is back. */
  private onFallback = false;
  private readonly fallback: FallbackStore;
  private readonly fallbackVersions = new Map<string, number>();
  /** Part of every fallback key: bumped on each return to Redis, so a later outage never finds an earlier one's answers. */
  private fallbackGeneration = 0;
  /** Monotonic ms (not the business clock): when Redis may be tried again. */
  private retryRedisAt = 0;
  private returning: Promise<void> | null = null;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.redisCacheTtlSeconds * 1000;
    if (this.redis.configured) this.metrics.cacheFallbackActive.set({ cache: 'analytics' }, 0);
    this.fallback = new FallbackStore(Math.min(FALLBACK_TTL_MS, this.ttlMs), MEMORY_MAX_ANSWERS, () => this.clock.now().getTime());
  }

  /** Whether answers are being kept in memory because Redis is unavailable. */
  get usingFallback(): boolean {
    return this.onFallback;
  }

  /** Number of answers the Redis-outage fallback holds. */
  get fallbackAnswers(): number {
    return this.fallback.size;
  }

  invalidateUser(userId: string): Promise<void> {
    return this.bump([`user:${userId}`, 'team']);
  }

  invalidateProject(projectId: string): Promise<void> {
    return this.bump([`project:${projectId}`, 'catalog', 'team']);
  }

  invalidateAll(): Promise<void> {
    return this.bump(['all']);
  }

  /**
   * The cached answer of `kind` for `params` under `scopes`, or `compute()`'s, stored for
   * the TTL. `params` must hold everything the answer depends on besides the scopes' data
   * (caller, time zone, range, role…).
   */
  async remember<T>(kind: string, scopes: CacheScope[], params: Record<string, string | number | boolean | undefined>, compute: () => Promise<T>): Promise<T> {
    if (this.redis.configured && !this.redisAvailable()) return this.rememberInFallback(kind, scopes, params, compute);
    let key: string;
    try {
      const versions = await this.versions(['all', ...scopes]);
      key = `${VALUE_PREFIX}${kind}:${versions.join('.')}:${canonical(params)}`;
    } catch (error) {
      return this.failed(error, () => this.rememberInFallback(kind, scopes, params, compute), compute);
    }
    let cached: T | undefined;
    try {
      cached = await withDeadline(this.cache.get<T>(key));
    } catch (error) {
      return this.failed(error, () => this.rememberInFallback(kind, scopes, params, compute), compute);
    }
    if (cached !== undefined && cached !== null) {
      this.count('hit');
      return cached;
    }
    this.count('miss');
    const value = await compute();
    try {
      await withDeadline(this.cache.set(key, value, this.ttlMs));
      if (!this.redis.configured) await this.trackMemoryKey(key);
    } catch (error) {
      this.count('error', error);
      if (this.redis.configured) this.enterFallback(error);
    }
    return value;
  }

  /** A store call failed mid-lookup: with Redis, move to the fallback and answer from there; without, compute. */
  private failed<T>(error: unknown, fromFallback: () => Promise<T>, compute: () => Promise<T>): Promise<T> {
    this.count('error', error);
    if (!this.redis.configured) return compute();
    this.enterFallback(error);
    return fromFallback();
  }

  private async rememberInFallback<T>(kind: string, scopes: string[], params: Record<string, string | number | boolean | undefined>, compute: () => Promise<T>): Promise<T> {
    const versions = ['all', ...scopes].map((scope) => this.fallbackVersions.get(scope) ?? 0);
    const key = `${this.fallbackGeneration}:${kind}:${versions.join('.')}:${canonical(params)}`;
    const cached = this.fallback.get<T>(key);
    if (cached !== undefined) {
      this.countFallback('hit');
      return cached;
    }
    this.countFallback('miss');
    const value = await compute();
    this.fallback.set(key, value);
    return value;
  }

  /**
   * Redis to be used now? On the fallback, a ready client past the retry time starts one
   * return attempt in the background; lookups stay on memory until it has succeeded.
   */
  private redisAvailable(): boolean {
    if (!this.onFallback) {
      if (this.redis.ready) return true;
      this.enterFallback(new Error('not connected'));
      return false;
    }
    if (this.redis.ready && !this.returning && performance.now() >= this.retryRedisAt) {
      this.returning = this.returnToRedis().finally(() => (this.returning = null));
    }
    return false;
  }

  private enterFallback(error: unknown): void {
    this.retryRedisAt = performance.now() + REDIS_RETRY_MS;
    if (this.onFallback) return;
    this.onFallback = true;
    this.metrics.cacheFallbackActive.set({ cache: 'analytics' }, 1);
    this.logger.warn(`Analytics cache falls back to memory (answers kept ${this.fallback.ttlMs / 1000} s): Redis ${(error as Error).message}`);
  }

  private async returnToRedis(): Promise<void> {
    try {
      // Answers cached in Redis before the outage may have missed invalidations made during it.
      await this.redis.run((client) => client.eval(BUMP_VERSIONS, { keys: [`${VERSION_PREFIX}all`], arguments: [String(this.clock.now().getTime())] }));
    } catch {
      this.retryRedisAt = performance.now() + REDIS_RETRY_MS;
      return;
    }
    this.onFallback = false;
    this.fallbackGeneration += 1;
    this.fallback.clear();
    this.fallbackVersions.clear();
    this.metrics.cacheFallbackActive.set({ cache: 'analytics' }, 0);
    this.logger.log('Analytics cache back in Redis (answers cached there before the outage invalidated)');
  }

  /** Number of answers the memory store holds for this cache (for tests and debugging). */
  get memoryAnswers(): number {
    return this.memoryKeys.size;
  }

  private async trackMemoryKey(key: string): Promise<void> {
    const now = this.clock.now().getTime();
    this.memoryKeys.delete(key);
    this.memoryKeys.set(key, now + this.ttlMs);
    const drop = new Set<string>();
    if (now - this.lastSweep >= MEMORY_SWEEP_MS || now < this.lastSweep) {
      this.lastSweep = now;
      for (const [known, expiresAt] of this.memoryKeys) if (expiresAt <= now) drop.add(known);
    }
    // Map order is insertion order: the first keys are the oldest.
    for (const known of this.memoryKeys.keys()) {
      if (this.memoryKeys.size - drop.size <= MEMORY_MAX_ANSWERS) break;
      drop.add(known);
    }
    for (const known of drop) this.memoryKeys.delete(known);
    if (drop.size) await this.cache.mdel([...drop]);
  }

  private count(result: 'hit' | 'miss' | 'error', error?: unknown): void {
    this.metrics.cacheRequests.inc({ cache: 'analytics', result });
    if (error && !this.redis.configured) this.logger.warn(`Analytics cache unavailable, computing instead: ${(error as Error).message}`);
  }

  /** A lookup answered by the Redis-outage fallback: counted as usual, and apart so the fallback's work can be seen. */
  private countFallback(result: 'hit' | 'miss'): void {
    this.metrics.cacheRequests.inc({ cache: 'analytics', result });
    this.metrics.cacheFallbackRequests.inc({ cache: 'analytics', result });
  }

  /** Current versions of `scopes` (each key's part of the cache key). */
  private async versions(scopes: string[]): Promise<string[]> {
    const seed = String(this.clock.now().getTime());
    if (!this.redis.configured) return scopes.map((scope) => String(this.memoryVersions.get(scope) ?? 0));
    const reply = await this.redis.run((client) => client.eval(READ_VERSIONS, { keys: scopes.map((s) => VERSION_PREFIX + s), arguments: [seed] }));
    if (!Array.isArray(reply) || reply.length !== scopes.length) throw new CacheUnavailableError('unexpected version reply');
    return reply.map((v) => String(v));
  }

  private async bump(scopes: string[]): Promise<void> {
    if (!this.redis.configured) {
      for (const scope of scopes) this.memoryVersions.set(scope, (this.memoryVersions.get(scope) ?? 0) + 1);
      return;
    }
    if (this.redisAvailable()) {
      try {
        const seed = String(this.clock.now().getTime());
        await this.redis.run((client) => client.eval(BUMP_VERSIONS, { keys: scopes.map((s) => VERSION_PREFIX + s), arguments: [seed] }));
        return;
      } catch (error) {
        // Not lost: the return to Redis bumps `all`, which covers this scope too.
        this.enterFallback(error);
      }
    }
    for (const scope of scopes) this.fallbackVersions.set(scope, (this.fallbackVersions.get(scope) ?? 0) + 1);
  }
}

/** `a=1&b=x` with sorted keys, undefined left out: the same parameters always give the same key. */
function canonical(params: Record<string, string | number | boolean | undefined>): string {
  return Object.keys(params)
    .filter((name) => params[name] !== undefined)
    .sort()
    .map((name) => `${name}=${encodeURIComponent(String(params[name]))}`)
    .join('&');
}

/** A store call may not hold a request longer than a Redis command may. */
async function withDeadline<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheUnavailableError('cache store timed out')), REDIS_COMMAND_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
