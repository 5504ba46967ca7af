import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Cache } from 'cache-manager';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotifyChannel } from '../database/notify-channel';
import { DomainEvents } from '../events/domain-events';
import { Metrics } from '../observability/metrics';
import { REDIS_COMMAND_TIMEOUT_MS, RedisConnection } from '../redis/redis-connection';
import { CommittedChanges } from './committed-changes';
import { MemoryAnswers } from './memory-answers';

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
/**
 * The process's memory budget for cached answers (no Redis): 32 MiB, least recently used
 * evicted first, each answer kept at most the cache TTL. With it the API's resident memory
 * stays bounded however many distinct answers are asked for (docs/performance.md).
 */
export const MEMORY_MAX_BYTES = 32 * 2 ** 20;
/** The Redis-outage fallback's budget (its answers live 10 s). */
export const FALLBACK_MAX_BYTES = 16 * 2 ** 20;
/** Version counters kept in memory at most (least recently used dropped; a dropped one comes back with a new value). */
const MEMORY_MAX_VERSIONS = 100_000;
/** Expired answers are swept at least this often on writes (business clock), and on this timer while idle. */
const MEMORY_SWEEP_MS = 60_000;
const IDLE_SWEEP_MS = 20_000;
/** The channel the database's triggers announce analytics-relevant changes on (migration 1796000006000). */
export const ANALYTICS_CHANGES_CHANNEL = 'stint_analytics_changes';
const LISTEN_RETRY_MS = 1_000;
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
 * Invalidation is central: database triggers on every table an answer shows (entries,
 * tasks, projects, members, rates, users' shown columns, settings) NOTIFY the scopes a
 * statement made stale, delivered when its transaction commits, and every API process's
 * cache bumps them (`listenForChanges`); the process that made the change has bumped them
 * already, right after its commit (CommittedChanges). No write path has to remember it.
 * While that LISTEN connection is down, answers are computed and not cached (a change could
 * be missed); when it is back, everything cached before is invalidated.
 *
 * No service calls these by hand any more (issue 13): the triggers are the one source. The
 * explicit calls below remain for tests and for a change the triggers can't see:
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
export class AnalyticsCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AnalyticsCache');
  /**
   * Version counters when there is no Redis (and on the fallback). Values come from one
   * process-wide sequence, so a counter dropped from the LRU and made again can never take
   * a value old answers are still stored under.
   */
  private readonly memoryVersions = new LRUCache<string, number>({ max: MEMORY_MAX_VERSIONS });
  private nextVersion = 1;
  /** Answers when there is no Redis: bounded by bytes (MEMORY_MAX_BYTES). */
  readonly memory: MemoryAnswers;
  private lastSweep = 0;
  private readonly ttlMs: number;
  /** Redis configured but unavailable: answers and versions live in `fallback` until it is back. */
  private onFallback = false;
  private readonly fallback: MemoryAnswers;
  private readonly fallbackVersions = new LRUCache<string, number>({ max: MEMORY_MAX_VERSIONS });
  private readonly changes: NotifyChannel;
  /** Whether the triggers' notifications reach this process now; answers are cached only then. */
  private listening = false;
  private listenRetry: NodeJS.Timeout | null = null;
  private idleSweep: NodeJS.Timeout | null = null;
  private destroyed = false;
  /** Part of every fallback key: bumped on each return to Redis, so a later outage never finds an earlier one's answers. */
  private fallbackGeneration = 0;
  /** Monotonic ms (not the business clock): when Redis may be tried again. */
  private retryRedisAt = 0;
  private returning: Promise<void> | null = null;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly redis: RedisConnection,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    events: DomainEvents,
  ) {
    this.ttlMs = config.redisCacheTtlSeconds * 1000;
    if (this.redis.configured) this.metrics.cacheFallbackActive.set({ cache: 'analytics' }, 0);
    const now = () => this.clock.now().getTime();
    this.memory = new MemoryAnswers(MEMORY_MAX_BYTES, this.ttlMs, now);
    this.fallback = new MemoryAnswers(FALLBACK_MAX_BYTES, Math.min(FALLBACK_TTL_MS, this.ttlMs), now);
    this.changes = new NotifyChannel(dataSource, {
      channel: ANALYTICS_CHANGES_CHANNEL,
      applicationName: 'stint-api-analytics-changes',
      logger: this.logger,
      onMessage: (message) => void this.changed(message),
      onResync: () => void this.resumeCaching(),
      onLost: () => (this.listening = false),
      hasListeners: () => !this.destroyed,
    });
    new CommittedChanges(dataSource, (scopes) => this.bump(scopes).catch((error: Error) => this.logger.warn(`Analytics invalidation failed: ${error.message}`)));
    // The one change the triggers can't see: a re-rate that rewrote no row still asks for fresh answers.
    events.afterCommit('rate.changed', (event) => this.invalidateUser((event as { user_id: string }).user_id));
  }

  async onModuleInit(): Promise<void> {
    await this.listenForChanges();
    this.idleSweep = setInterval(() => {
      this.memory.purgeExpired();
      this.fallback.purgeExpired();
    }, IDLE_SWEEP_MS);
    this.idleSweep.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    if (this.idleSweep) clearInterval(this.idleSweep);
    await this.changes.close();
  }

  /** Whether changes announced by the database reach this cache (answers are cached only then). */
  get listeningForChanges(): boolean {
    return this.listening;
  }

  /** Opens the LISTEN connection (retried every second until it works; reconnects are NotifyChannel's). */
  private async listenForChanges(): Promise<void> {
    try {
      await this.changes.listen();
    } catch (error) {
      if (this.destroyed) return;
      this.logger.warn(`Analytics changes can't be heard (${(error as Error).message}); answers are not cached until they can`);
      this.listenRetry = setTimeout(() => void this.listenForChanges(), LISTEN_RETRY_MS);
      this.listenRetry.unref();
      return;
    }
    await this.resumeCaching();
  }

  /** Listening (again): changes made while nobody listened may have been missed, so nothing cached before is used. */
  private async resumeCaching(): Promise<void> {
    await this.invalidateAll().catch(() => undefined);
    this.listening = true;
  }

  /** A trigger's notification: `{ scopes: [...] }`, the cache scopes a committed statement made stale. */
  private async changed(message: unknown): Promise<void> {
    const scopes = (message as { scopes?: unknown })?.scopes;
    if (!Array.isArray(scopes)) return;
    const valid = scopes.filter((scope): scope is string => typeof scope === 'string' && scope.length <= 100);
    if (valid.length) await this.bump(valid).catch((error: Error) => this.logger.warn(`Analytics invalidation failed: ${error.message}`));
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
    if (!this.listening) return compute();
    if (!this.redis.configured) return this.rememberInMemory(kind, scopes, params, compute);
    if (!this.redisAvailable()) return this.rememberInFallback(kind, scopes, params, compute);
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
    } catch (error) {
      this.count('error', error);
      this.enterFallback(error);
    }
    return value;
  }

  /** No Redis: this process's byte-bounded LRU; a failing store never fails the request. */
  private async rememberInMemory<T>(kind: string, scopes: string[], params: Record<string, string | number | boolean | undefined>, compute: () => Promise<T>): Promise<T> {
    const key = `${kind}:${this.localVersions(this.memoryVersions, ['all', ...scopes]).join('.')}:${canonical(params)}`;
    let cached: T | undefined;
    try {
      cached = this.memory.get<T>(key);
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
      const now = this.clock.now().getTime();
      if (now - this.lastSweep >= MEMORY_SWEEP_MS || now < this.lastSweep) {
        this.lastSweep = now;
        this.memory.purgeExpired();
      }
      this.memory.set(key, value);
    } catch (error) {
      this.count('error', error);
    }
    return value;
  }

  /** Current values of in-memory counters; a missing one gets a value never used before. */
  private localVersions(counters: LRUCache<string, number>, scopes: string[]): number[] {
    return scopes.map((scope) => {
      let version = counters.get(scope);
      if (version === undefined) {
        version = this.nextVersion++;
        counters.set(scope, version);
      }
      return version;
    });
  }

  private bumpLocal(counters: LRUCache<string, number>, scopes: string[]): void {
    for (const scope of scopes) counters.set(scope, this.nextVersion++);
  }

  /** A store call failed mid-lookup: with Redis, move to the fallback and answer from there; without, compute. */
  private failed<T>(error: unknown, fromFallback: () => Promise<T>, compute: () => Promise<T>): Promise<T> {
    this.count('error', error);
    if (!this.redis.configured) return compute();
    this.enterFallback(error);
    return fromFallback();
  }

  private async rememberInFallback<T>(kind: string, scopes: string[], params: Record<string, string | number | boolean | undefined>, compute: () => Promise<T>): Promise<T> {
    const versions = this.localVersions(this.fallbackVersions, ['all', ...scopes]);
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
    return this.memory.size;
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
    const reply = await this.redis.run((client) => client.eval(READ_VERSIONS, { keys: scopes.map((s) => VERSION_PREFIX + s), arguments: [seed] }));
    if (!Array.isArray(reply) || reply.length !== scopes.length) throw new CacheUnavailableError('unexpected version reply');
    return reply.map((v) => String(v));
  }

  private async bump(scopes: string[]): Promise<void> {
    if (!this.redis.configured) {
      this.bumpLocal(this.memoryVersions, scopes);
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
    this.bumpLocal(this.fallbackVersions, scopes);
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
