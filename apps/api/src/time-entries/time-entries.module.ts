import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { RatesModule } from '../rates/rates.module';
import { SettingsModule } from '../settings/settings.module';
import { TimeEntriesController } from './time-entries.controller';
import { TimeEntriesService } from './time-entries.service';
import { WorkTargets } from './work-target';

@Module({
  imports: [BudgetsModule, RatesModule, SettingsModule],
  controllers: [TimeEntriesController],
  providers: [TimeEntriesService, WorkTargets],
  exports: [TimeEntriesService, WorkTargets],
})
export class TimeEntriesModule {}
