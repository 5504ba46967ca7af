import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createClient, type RedisClientType } from 'redis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** A Redis command never holds a request longer than this; past it the caller falls back. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

export class RedisUnavailableError extends Error {
  constructor(reason: string) {
    super(`Redis unavailable: ${reason}`);
  }
}

/**
 * The process's Redis client when REDIS_URL is set. It reconnects by itself; while it is
 * down `run` fails fast so callers (rate limiter, cache) use their memory fallback.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: RedisClientType | null;
  private wasReady = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.redisUrl) {
      this.client = null;
      return;
    }
    this.client = createClient({
      url: config.redisUrl,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 1_000,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
      },
    });
    this.client.on('error', (error: Error) => {
      if (this.wasReady) this.logger.warn(`Redis connection lost: ${error.message}; using memory until it returns`);
      this.wasReady = false;
    });
    this.client.on('ready', () => {
      if (!this.wasReady) this.logger.log('Redis connected');
      this.wasReady = true;
    });
    this.client.connect().catch((error: Error) => this.logger.warn(`Redis not reachable yet: ${error.message}`));
  }

  get configured(): boolean {
    return this.client !== null;
  }

  get ready(): boolean {
    return this.client?.isReady ?? false;
  }

  /** Runs a command with a deadline; throws RedisUnavailableError when Redis can't answer in time. */
  async run<T>(command: (client: RedisClientType) => Promise<T>): Promise<T> {
    if (!this.client) throw new RedisUnavailableError('not configured');
    if (!this.client.isReady) throw new RedisUnavailableError('not connected');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisUnavailableError('timed out')), REDIS_COMMAND_TIMEOUT_MS);
    });
    try {
      return await Promise.race([command(this.client), deadline]);
    } catch (error) {
      if (error instanceof RedisUnavailableError) throw error;
      throw new RedisUnavailableError((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    // destroy() also stops a reconnect loop to a server that never answered.
    if (this.client.isReady) await this.client.close().catch(() => this.client?.destroy());
    else if (this.client.isOpen) this.client.destroy();
  }
}
