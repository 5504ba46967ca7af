import type { Schemas } from './schemas.js';
import type { IsoDateTime, Uuid } from './common.js';
import type { BudgetAlertType } from './budgets.js';
import type { TaskPriority, TaskStatus, TimeEntryStatus } from './tasks.js';
import type { DecimalString, IsoDate, RateType } from './time-tracking.js';
import type { UserResponse } from './users.js';

/**
 * Data protection (platform spec, Security › Data Protection: "GDPR compliance (data export,
 * right to be forgotten)").
 *
 * Erasure keeps the record of work that other people rely on and removes the person from it:
 * time entries on projects stay with their exact cost (budgets' total_cost and other people's
 * project reports don't change) but lose their description and point to an anonymised user
 * row ("Deleted user"). Everything personal is removed: sessions, rates, memberships, personal
 * tasks (no project) and the time tracked without a project, which no budget counts.
 */

/** Shown instead of a deleted person's name everywhere (reports, member lists, the audit trail). */
export const DELETED_USER_NAME = 'Deleted user';
/** A deleted person's email becomes `deleted-<id>@` this domain (reserved, never deliverable: RFC 2606). */
export const DELETED_USER_EMAIL_DOMAIN = 'deleted.invalid';

/** DELETE /users/me: the caller's current password confirms an erasure that can't be undone. */
export type DeleteMeRequest = Schemas['DeleteMeDto'];

/** DELETE /users/:id (admins): the admin confirms with their own password (step-up, like a sign-in). */
export type AdminDeleteUserRequest = Schemas['AdminDeleteUserDto'];

/** What an erasure did. */
export type AccountDeletionResponse = Schemas['AccountDeletionResponseDto'];

/* ------------------------------------------------------------ the export document */

/** Version of the export document's shape. */
export const PRIVACY_EXPORT_VERSION = 1;

export interface ExportedSession {
  id: Uuid;
  created_at: IsoDateTime;
  last_used_at: IsoDateTime | null;
  expires_at: IsoDateTime;
  revoked_at: IsoDateTime | null;
  revoke_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface ExportedProjectMembership {
  project_id: Uuid;
  project_key: string;
  project_name: string;
  joined_at: IsoDateTime;
}

export interface ExportedTask {
  id: Uuid;
  project_id: Uuid | null;
  key: string | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  due_date: IsoDateTime | null;
  tags: string[];
  estimated_hours: DecimalString | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  completed_at: IsoDateTime | null;
}

export interface ExportedTimeEntry {
  id: Uuid;
  task_id: Uuid | null;
  project_id: Uuid | null;
  status: TimeEntryStatus;
  start_time: IsoDateTime;
  end_time: IsoDateTime | null;
  paused_at: IsoDateTime | null;
  paused_seconds: number;
  duration_seconds: number | null;
  description: string | null;
  rate_type: RateType;
  rate_amount: DecimalString;
  currency: string;
  /** Exact stored cost (4 decimals). */
  total_cost: DecimalString;
  is_billable: boolean;
  stop_reason: string | null;
  last_heartbeat: IsoDateTime | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
}

export interface ExportedRate {
  id: Uuid;
  rate_type: RateType;
  rate_amount: DecimalString;
  currency: string;
  effective_from: IsoDate;
  effective_until: IsoDate | null;
  created_by: Uuid | null;
  created_at: IsoDateTime;
}

export interface ExportedBudgetAlert {
  id: Uuid;
  project_id: Uuid;
  alert_type: BudgetAlertType;
  threshold_percentage: DecimalString;
  actual_percentage: DecimalString;
  cost_at_alert: DecimalString;
  created_at: IsoDateTime;
  acknowledged_at: IsoDateTime | null;
}

export interface ExportedAuditEvent {
  id: Uuid;
  occurred_at: IsoDateTime;
  action: string;
  /** True when the person did it; false when someone else did it to their account. */
  by_me: boolean;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
}

/**
 * GET /users/me/export: everything Stint holds about the caller, one JSON document sent as a
 * download (`stint-export-<date>.json`), streamed section by section in this key order.
 * Never: the password hash, refresh-token hashes, other people's data.
 */
export interface PrivacyExport {
  format: 'stint-export';
  version: typeof PRIVACY_EXPORT_VERSION;
  exported_at: IsoDateTime;
  profile: UserResponse;
  sessions: ExportedSession[];
  project_memberships: ExportedProjectMembership[];
  /** Tasks the person created. */
  tasks: ExportedTask[];
  time_entries: ExportedTimeEntry[];
  rates: ExportedRate[];
  /** Budget alerts the person acknowledged. */
  acknowledged_budget_alerts: ExportedBudgetAlert[];
  /** The audit trail's events done by or to the person; null when the instance keeps no audit trail. */
  audit_events: ExportedAuditEvent[] | null;
}
