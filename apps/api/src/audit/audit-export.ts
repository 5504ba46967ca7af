/**
 * The audit events by or about the person, for the personal data export (privacy/): `$1` is
 * their id, one `doc` (JSON text) per row, ordered. The IP and user agent only for what they
 * did themselves (an admin's address on an event *about* them is the admin's data).
 */
export const auditExportSql = (iso: (column: string) => string): string => `
    SELECT json_build_object(
             'id', l.id, 'occurred_at', ${iso('l.occurred_at')}, 'action', l.action,
             'by_me', coalesce(l.actor_user_id = $1, false),
             'subject_type', l.subject_type, 'subject_id', l.subject_id,
             'ip', CASE WHEN l.actor_user_id = $1 THEN l.ip END,
             'user_agent', CASE WHEN l.actor_user_id = $1 THEN l.user_agent END,
             -- What they did to another person's account says things about that person: the event, not its details.
             'details', CASE WHEN l.subject_type = 'user' AND l.subject_id <> $1::text THEN '{}'::jsonb ELSE l.details END)::text AS doc
      FROM audit_log l
     WHERE l.actor_user_id = $1 OR (l.subject_type = 'user' AND l.subject_id = $1::text)
     ORDER BY l.occurred_at, l.id`;

/** Whether the audit trail exists (an instance migrated before it has none: the export says null). */
export const AUDIT_LOG_PRESENT_SQL = `SELECT to_regclass('audit_log') IS NOT NULL AS audited`;
