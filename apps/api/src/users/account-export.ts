/**
 * The person's profile for the personal data export (privacy/): `$1` is their id, one row whose `doc` is the JSON text. No password hash or lockout counters.
 */
export const profileExportSql = (iso: (column: string) => string): string => `
  SELECT json_build_object(
           'id', u.id, 'email', u.email, 'full_name', u.full_name, 'role', u.role, 'timezone', u.timezone,
           'is_active', u.is_active, 'created_at', ${iso('u.created_at')}, 'last_login', ${iso('u.last_login')})::text AS doc
    FROM users u WHERE u.id = $1`;
