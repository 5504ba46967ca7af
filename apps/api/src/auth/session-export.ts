/**
 * The person's sessions for the personal data export (privacy/): `$1` is their id, one `doc` (JSON text) per row, ordered. No token hashes.
 */
export const sessionExportSql = (iso: (column: string) => string): string => `
      SELECT json_build_object(
               'id', s.id, 'created_at', ${iso('s.created_at')}, 'last_used_at', ${iso('s.last_used_at')},
               'expires_at', ${iso('s.expires_at')}, 'revoked_at', ${iso('s.revoked_at')}, 'revoke_reason', s.revoke_reason,
               'user_agent', s.user_agent, 'ip', s.ip)::text AS doc
        FROM sessions s WHERE s.user_id = $1 ORDER BY s.created_at, s.id`;
