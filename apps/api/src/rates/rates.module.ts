import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { SettingsModule } from '../settings/settings.module';
import { RatesController } from './rates.controller';
import { RatesService } from './rates.service';

@Module({
  imports: [BudgetsModule, SettingsModule],
  controllers: [RatesController],
  providers: [RatesService],
  exports: [RatesService],
})
export class RatesModule {}
