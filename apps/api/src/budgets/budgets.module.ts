import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { SettingsModule } from '../settings/settings.module';
import { LiveStreamsModule } from '../streams/live-streams.module';
import { BudgetAlertEvents } from './budget-alert-events';
import { BudgetAlertStream } from './budget-alert-stream';
import { BudgetAlertsController } from './budget-alerts.controller';
import { BudgetAlertsService } from './budget-alerts.service';
import { BudgetLedger } from './budget-ledger';
import { BudgetsController } from './budgets.controller';
import { BudgetsService } from './budgets.service';
import { CostStatisticsService } from './cost-statistics.service';
import { ProjectBudgetReads } from './project-budget-reads';
import { ProjectEntryCosts } from './project-entry-costs';

/**
 * Budgets, alerts, cost statistics and the dashboard. Exports the seam the time-tracking
 * code calls inside its own transactions (BudgetLedger) and the alert publisher; it imports
 * nothing from timers or entries, so those modules can import it without a cycle.
 */
@Module({
  imports: [ProjectsModule, LiveStreamsModule, SettingsModule],
  controllers: [BudgetsController, BudgetAlertsController],
  providers: [BudgetLedger, BudgetAlertEvents, BudgetAlertsService, BudgetAlertStream, BudgetsService, CostStatisticsService, ProjectEntryCosts, ProjectBudgetReads],
  exports: [BudgetLedger, BudgetAlertEvents, ProjectEntryCosts],
})
export class BudgetsModule {}
