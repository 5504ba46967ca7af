import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { ENTITIES } from './entities';
import { Clock } from './common/clock';
import { EnvelopeFilter } from './common/errors/envelope.filter';
import { TimeZoneCatalog } from './database/time-zone-catalog';
import { AccessGuard } from './common/auth/auth.guard';
import { RedisModule } from './redis/redis.module';
import { AppCacheModule } from './cache/cache.module';
import { EventsModule } from './events/events.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RateLimitGuard } from './rate-limit/rate-limit';
import { ObservabilityModule } from './observability/observability.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { UsersModule } from './users/users.module';
import { ProjectsModule } from './projects/projects.module';
import { TasksModule } from './tasks/tasks.module';
import { SettingsModule } from './settings/settings.module';
import { RatesModule } from './rates/rates.module';
import { TimeTrackingModule } from './time-tracking/time-tracking.module';
import { BudgetsModule } from './budgets/budgets.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { ReportsModule } from './reports/reports.module';
import { PrivacyModule } from './privacy/privacy.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL or the embedded server's URL. */
  databaseUrl: string;
  clock: Clock;
  /** False only to generate the OpenAPI document, which needs no database. */
  connectDatabase?: boolean;
}

@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}

@Module({})
export class AppModule {
  static register({ config, databaseUrl, clock, connectDatabase = true }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, clock),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.databasePoolSize, config.databaseReplicaUrls, ENTITIES), manualInitialization: !connectDatabase }),
        RedisModule,
        AppCacheModule,
        EventsModule,
        RateLimitModule,
        ObservabilityModule,
        AuditModule,
        AuthModule,
        UsersModule,
        ProjectsModule,
        TasksModule,
        SettingsModule,
        RatesModule,
        TimeTrackingModule,
        BudgetsModule,
        AnalyticsModule,
        ReportsModule,
        PrivacyModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: EnvelopeFilter },
        // Zone names come from PostgreSQL, loaded once before the first request.
        TimeZoneCatalog,
        // Order matters: the caller is known before the per-user rate limit counts them.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
