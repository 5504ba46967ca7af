import { Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RateLimitStorage } from './rate-limit-storage';
import { throttlers } from './rate-limit';

@Module({ providers: [RateLimitStorage], exports: [RateLimitStorage] })
class RateLimitStorageModule {}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, Reflector, RateLimitStorage],
      useFactory: (config: AppConfig, reflector: Reflector, storage: RateLimitStorage) => ({
        throttlers: throttlers(config, reflector),
        storage,
        setHeaders: false,
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
