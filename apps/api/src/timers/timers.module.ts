import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { ProjectsModule } from '../projects/projects.module';
import { RatesModule } from '../rates/rates.module';
import { SettingsModule } from '../settings/settings.module';
import { LiveStreamsModule } from '../streams/live-streams.module';
import { TimeEntriesModule } from '../time-entries/time-entries.module';
import { CapSchedule } from './cap-schedule';
import { ProjectTimerStops } from './project-timer-stops';
import { TimerEventHub } from './timer-events';
import { TimerMaintenance } from './timer-maintenance';
import { TimerStream } from './timer-stream';
import { TimersController } from './timers.controller';
import { TimersService } from './timers.service';

@Module({
  imports: [
    BudgetsModule,
    LiveStreamsModule,
    ProjectsModule,
    RatesModule,
    SettingsModule,
    TimeEntriesModule,
  ],
  controllers: [TimersController],
  providers: [TimersService, TimerEventHub, TimerMaintenance, TimerStream, ProjectTimerStops, CapSchedule],
  exports: [TimersService, TimerMaintenance, TimerEventHub, CapSchedule],
})
export class TimersModule {}
