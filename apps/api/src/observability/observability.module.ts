import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { ObservabilityController } from './observability.controller';

@Global()
@Module({ controllers: [ObservabilityController], providers: [Metrics], exports: [Metrics] })
export class ObservabilityModule {}
