import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { CredentialsModule } from '../auth/credentials.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProjectsModule } from '../projects/projects.module';
import { BudgetAlertEvents } from './budget-alert-events';
import { BudgetAlertStream } from './budget-alert-stream';
import { BudgetAlertsController } from './budget-alerts.controller';
import { BudgetAlertsService } from './budget-alerts.service';
import { BudgetLedger } from './budget-ledger';
import { BudgetsController } from './budgets.controller';
import { BudgetsService } from './budgets.service';
import { CostStatisticsService } from './cost-statistics.service';

/**
 * Budgets, alerts, cost statistics and the dashboard. Exports the seam the time-tracking
 * code calls inside its own transactions (BudgetLedger) and the alert publisher; it imports
 * nothing from timers or entries, so those modules can import it without a cycle.
 */
@Module({
  imports: [
    ProjectsModule,
    CredentialsModule,
    // Checks access tokens and stream tickets on the alert stream (EventSource sends no headers).
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: config.jwt.algorithm },
        verifyOptions: { algorithms: [config.jwt.algorithm] },
      }),
    }),
  ],
  controllers: [BudgetsController, BudgetAlertsController],
  providers: [BudgetLedger, BudgetAlertEvents, BudgetAlertsService, BudgetAlertStream, BudgetsService, CostStatisticsService],
  exports: [BudgetLedger, BudgetAlertEvents],
})
export class BudgetsModule {}
