/**
 * The person's project memberships for the personal data export (privacy/): `$1` is their id, one `doc` (JSON text) per row, ordered.
 */
export const membershipExportSql = (iso: (column: string) => string): string => `
      SELECT json_build_object('project_id', p.id, 'project_key', p.key, 'project_name', p.name, 'joined_at', ${iso('pm.created_at')})::text AS doc
        FROM project_members pm JOIN projects p ON p.id = pm.project_id
       WHERE pm.user_id = $1 ORDER BY pm.created_at, p.id`;
