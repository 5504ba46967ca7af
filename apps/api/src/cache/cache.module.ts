import { Global, Module } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RedisConnection } from '../redis/redis-connection';
import { AnalyticsCache } from './analytics-cache';

/**
 * cache-manager over Keyv: Redis (through the process's one client) when REDIS_URL is
 * set, memory otherwise. Store errors don't throw; callers recompute on a miss.
 * Global so any feature can inject AnalyticsCache to invalidate analytics after a change.
 */
@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      isGlobal: true,
      inject: [APP_CONFIG, RedisConnection],
      useFactory: (config: AppConfig, redis: RedisConnection) => ({
        ttl: config.redisCacheTtlSeconds * 1000,
        stores: redis.client ? [new Keyv({ store: new KeyvRedis(redis.client, { throwOnConnectError: false, throwOnErrors: false }), namespace: 'stint:cache' })] : undefined,
      }),
    }),
  ],
  providers: [AnalyticsCache],
  exports: [AnalyticsCache],
})
export class AppCacheModule {}
