import { Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { RedisConnection } from '../redis/redis-connection';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Fixed-window counters in Redis, shared by every API process; in memory when Redis is
 * not configured or not answering, so a Redis outage never fails or stalls a request.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new ThrottlerStorageService();
  private usingMemory = false;

  constructor(private readonly redis: RedisConnection) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
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
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  private async incrementInRedis(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const [hits, , remainingMs] = (await this.redis.run((client) =>
      client.multi().incr(key).pExpire(key, ttl, 'NX').pTTL(key).exec(),
    )) as unknown as [number, number, number];
    const timeToExpire = Math.max(1, Math.ceil(Math.max(remainingMs, 0) / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
  }
}
