import { Module } from '@nestjs/common';
import { CredentialsModule } from '../auth/credentials.module';
import { BudgetsModule } from '../budgets/budgets.module';
import { ProjectsModule } from '../projects/projects.module';
import { RatesModule } from '../rates/rates.module';
import { SettingsModule } from '../settings/settings.module';
import { TasksModule } from '../tasks/tasks.module';
import { LiveStreamsModule } from '../streams/live-streams.module';
import { UsersModule } from '../users/users.module';
import { EntryCosts } from './entry-costs';
import { EntryReadHooks } from './entry-read-hooks';
import { TimeEntryRewrites } from './entry-rewrites';
import { CapSchedule } from './cap-schedule';
import { ProjectTimerStops } from './project-timer-stops';
import { TimeEntriesController } from './time-entries.controller';
import { TimeEntriesService } from './time-entries.service';
import { TimerEventHub } from './timer-events';
import { TimerMaintenance } from './timer-maintenance';
import { TimerStream } from './timer-stream';
import { TimersController } from './timers.controller';
import { TimersService } from './timers.service';
import { WorkTargets } from './work-target';

/**
 * Time tracking owns `time_entries`: the timer (an active entry *is* the timer), manual
 * entries and the logs. Other features use its exported services and read models.
 */
@Module({
  imports: [BudgetsModule, CredentialsModule, LiveStreamsModule, ProjectsModule, RatesModule, SettingsModule, TasksModule, UsersModule],
  controllers: [TimeEntriesController, TimersController],
  providers: [
    TimersService,
    TimeEntriesService,
    WorkTargets,
    TimerEventHub,
    TimerMaintenance,
    TimerStream,
    ProjectTimerStops,
    CapSchedule,
    TimeEntryRewrites,
    EntryCosts,
    EntryReadHooks,
  ],
  exports: [TimersService, TimeEntriesService, WorkTargets, TimerMaintenance, TimerEventHub, CapSchedule, TimeEntryRewrites],
})
export class TimeTrackingModule {}
