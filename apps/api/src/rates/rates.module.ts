import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { RatesController } from './rates.controller';
import { RatesService } from './rates.service';
import { EntryRerating } from './entry-rerating';

@Module({
  imports: [SettingsModule],
  controllers: [RatesController],
  providers: [RatesService, EntryRerating],
  exports: [RatesService, EntryRerating],
})
export class RatesModule {}
