import { Module } from '@nestjs/common';
import { CredentialsModule } from '../auth/credentials.module';
import { BudgetsModule } from '../budgets/budgets.module';
import { ProjectsModule } from '../projects/projects.module';
import { RatesModule } from '../rates/rates.module';
import { SettingsModule } from '../settings/settings.module';
import { TimeEntriesModule } from '../time-entries/time-entries.module';
import { CapSchedule } from './cap-schedule';
import { ProjectTimerStops } from './project-timer-stops';
import { TimerEventHub } from './timer-events';
import { TimerMaintenance } from './timer-maintenance';
import { TimerStream } from './timer-stream';
import { TimersController } from './timers.controller';
import { TimersService } from './timers.service';
import { AccessTokenJwtModule } from '../auth/jwt-key';

@Module({
  imports: [
    BudgetsModule,
    CredentialsModule,
    ProjectsModule,
    RatesModule,
    SettingsModule,
    TimeEntriesModule,
    // Signs and checks stream tickets with the access tokens' key and pinned algorithm.
    AccessTokenJwtModule,
  ],
  controllers: [TimersController],
  providers: [TimersService, TimerEventHub, TimerMaintenance, TimerStream, ProjectTimerStops, CapSchedule],
  exports: [TimersService, TimerMaintenance, TimerEventHub, CapSchedule],
})
export class TimersModule {}
