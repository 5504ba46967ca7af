import { User } from './users/entities/user.entity';
import { Session } from './auth/entities/session.entity';
import { RefreshToken } from './auth/entities/refresh-token.entity';
import { StreamTicketUse } from './streams/entities/stream-ticket-use.entity';
import { Project } from './projects/entities/project.entity';
import { ProjectMember } from './projects/entities/project-member.entity';
import { Task } from './tasks/entities/task.entity';
import { TimeEntry } from './time-tracking/entities/time-entry.entity';
import { UserRate } from './rates/entities/user-rate.entity';
import { ProjectBudget } from './budgets/entities/project-budget.entity';
import { BudgetAlert } from './budgets/entities/budget-alert.entity';
import { ProjectCostDay, ProjectHourTotal, ProjectTaskDay, ProjectUserDay } from './budgets/entities/project-rollups.entity';
import { TimeTrackingSettings } from './settings/entities/time-tracking-settings.entity';
import { IdempotencyKey } from './time-tracking/entities/idempotency-key.entity';
import { AuditLogEntry } from './audit/entities/audit-log-entry.entity';
import { SignInThrottle } from './auth/entities/sign-in-throttle.entity';

/** Every entity of the schema; the data source and the migration generator share this list. */
export const ENTITIES = [
  User,
  Session,
  RefreshToken,
  StreamTicketUse,
  Project,
  ProjectMember,
  Task,
  TimeEntry,
  UserRate,
  ProjectBudget,
  BudgetAlert,
  ProjectCostDay,
  ProjectHourTotal,
  ProjectUserDay,
  ProjectTaskDay,
  TimeTrackingSettings,
  IdempotencyKey,
  AuditLogEntry,
  SignInThrottle,
];
