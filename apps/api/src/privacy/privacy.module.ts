import { Module } from '@nestjs/common';
import { CredentialsModule } from '../auth/credentials.module';
import { TimeTrackingModule } from '../time-tracking/time-tracking.module';
import { DataExport } from './data-export';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** Data export and account erasure (spec: Data Protection). The audit trail and analytics cache are global. */
@Module({
  imports: [CredentialsModule, TimeTrackingModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, DataExport],
})
export class PrivacyModule {}
