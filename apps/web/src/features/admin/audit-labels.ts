import type { AuditAction, AuditLogEntryResponse, AuditSubjectType } from '@stint/contracts';

/** Each audit action in words, as the admin reads it in the table and the filter. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.lockout': 'Address locked out of account',
  'auth.logout': 'Signed out',
  'auth.password_changed': 'Password changed',
  'user.role_changed': 'Role changed',
  'user.activation_changed': 'Account activation changed',
  'user.unlocked': 'Sign-in locks cleared',
  'rate.set': 'Rate set',
  'rate.applied': 'Re-rate applied',
  'budget.set': 'Budget set',
  'budget.lock_changed': 'Budget lock changed',
  'budget_alert.acknowledged': 'Budget alert acknowledged',
  'privacy.export': 'Personal data exported',
  'privacy.account_deleted': 'Account deleted',
};

export const AUDIT_SUBJECT_LABELS: Record<AuditSubjectType, string> = {
  user: 'User',
  project: 'Project',
  budget: 'Budget',
  budget_alert: 'Budget alert',
  rate: 'Rate',
  session: 'Session',
};

const FAILURE_REASONS: Record<string, string> = {
  wrong_password: 'wrong password',
  unknown_email: 'no account with that email',
  locked: 'address locked or account backing off',
  deactivated: 'account deactivated',
};

const text = (value: unknown) => (value === null || value === undefined ? '—' : String(value));

/** The useful part of an event's details in one line, e.g. "member → admin"; empty when there is nothing to add. */
export function describeAuditDetails(event: Pick<AuditLogEntryResponse, 'action' | 'details'>): string {
  const d = event.details;
  switch (event.action) {
    case 'auth.login_failed': {
      const reason = FAILURE_REASONS[text(d.reason)] ?? text(d.reason);
      return typeof d.failed_attempts === 'number' ? `${reason} (attempt ${d.failed_attempts})` : reason;
    }
    case 'auth.lockout':
      return `after ${text(d.failed_attempts)} failed attempts, for ${text(d.lockout_minutes)} min`;
    case 'auth.password_changed':
      return typeof d.other_sessions_ended === 'number' && d.other_sessions_ended > 0 ? `${d.other_sessions_ended} other sessions ended` : '';
    case 'user.role_changed':
      return `${text(d.from)} → ${text(d.to)}`;
    case 'user.activation_changed': {
      if (d.to === true) return 'reactivated';
      if (d.to !== false) return '';
      return typeof d.timers_stopped === 'number' && d.timers_stopped > 0 ? `deactivated, ${d.timers_stopped} timers stopped` : 'deactivated';
    }
    case 'user.unlocked':
      return `${text(d.addresses_locked)} locked addresses, ${text(d.account_failures)} failures cleared`;
    case 'rate.set': {
      const rate = `${text(d.rate_amount)} ${text(d.currency)} ${text(d.rate_type)} from ${text(d.effective_from)}`;
      const replaced = d.replaced as { rate_amount?: unknown; currency?: unknown } | null | undefined;
      return replaced ? `${rate} (was ${text(replaced.rate_amount)} ${text(replaced.currency)})` : rate;
    }
    case 'rate.applied':
      return `${text(d.entries_updated)} entries re-rated at ${text(d.rate_amount)} ${text(d.currency)}`;
    case 'budget.set': {
      const to = d.to as { total_budget?: unknown } | undefined;
      const from = d.from as { total_budget?: unknown } | null | undefined;
      return from ? `total ${text(from.total_budget)} → ${text(to?.total_budget)} ${text(d.currency)}` : `new budget of ${text(to?.total_budget)} ${text(d.currency)}`;
    }
    case 'budget.lock_changed':
      return d.to === true ? 'hard cap on' : 'hard cap off';
    case 'budget_alert.acknowledged':
      return `${text(d.alert_type)} alert at ${text(d.threshold_percentage)}%`;
    default:
      return '';
  }
}
