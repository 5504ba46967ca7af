import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller';
import { SettingsReader } from './settings-reader';
import { SettingsService } from './settings.service';

@Module({
  controllers: [SettingsController],
  providers: [SettingsService, SettingsReader],
  exports: [SettingsReader],
})
export class SettingsModule {}
