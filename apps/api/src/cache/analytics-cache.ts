import { Inject, Injectable, Logger } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import { REDIS_COMMAND_TIMEOUT_MS, RedisConnection } from '../redis/redis-connection';

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
 * invalidates them. Call after the change has committed:
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
 * never fails a request: lookups fall back to computing the answer; a failed invalidation
 * is logged, and answers it should have dropped expire within the TTL.
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

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.redisCacheTtlSeconds * 1000;
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
    let key: string;
    try {
      const versions = await this.versions(['all', ...scopes]);
      key = `${VALUE_PREFIX}${kind}:${versions.join('.')}:${canonical(params)}`;
    } catch (error) {
      this.count('error', error);
      return compute();
    }
    let cached: T | undefined;
    try {
      cached = await withDeadline(this.cache.get<T>(key));
    } catch (error) {
      this.count('error', error);
      return compute();
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
    }
    return value;
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
    if (error) this.logger.warn(`Analytics cache unavailable, computing instead: ${(error as Error).message}`);
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
    try {
      const seed = String(this.clock.now().getTime());
      await this.redis.run((client) => client.eval(BUMP_VERSIONS, { keys: scopes.map((s) => VERSION_PREFIX + s), arguments: [seed] }));
    } catch (error) {
      this.logger.warn(`Could not invalidate ${scopes.join(', ')}: ${(error as Error).message}; cached answers expire within the TTL`);
    }
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
