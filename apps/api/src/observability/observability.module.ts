import { Global, Module } from '@nestjs/common';
import { IdleMemory } from './idle-memory';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';

@Global()
@Module({ controllers: [ObservabilityController], providers: [Metrics, IdleMemory], exports: [Metrics] })
export class ObservabilityModule {}
