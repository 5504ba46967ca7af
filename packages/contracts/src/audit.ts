import type { QueryParams, Schemas } from './schemas.js';

/** Security-relevant events of the append-only audit trail (spec: Security Specifications and Data Protection). */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.logout',
  'auth.password_changed',
  'user.role_changed',
  'user.activation_changed',
  'user.unlocked',
  'rate.set',
  'rate.applied',
  'budget.set',
  'budget.lock_changed',
  'budget_alert.acknowledged',
  'privacy.export',
  'privacy.account_deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SUBJECT_TYPES = ['user', 'project', 'budget', 'budget_alert', 'rate', 'session'] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

/** The actor as the account is now (an erased account shows as "Deleted user"); null when the event was anonymous. */
export type AuditActor = Schemas['AuditActorDto'];

export type AuditLogEntryResponse = Schemas['AuditLogEntryResponseDto'];

/** Newest first. `action` may repeat (`?action=a&action=b`); `from` inclusive, `to` exclusive. */
export type AuditLogListQuery = QueryParams<'/api/v1/audit-log'>;
