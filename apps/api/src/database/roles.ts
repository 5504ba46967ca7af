import { Client } from 'pg';
import { MIGRATION_LOCK_KEY } from './migrate';

/**
 * The privileges of the role the running API connects as, granted by the owner of the tables
 * (the role migrations run as) after every migration run, so new tables are covered. The app
 * reads and writes data; on `audit_log` it may only read and append, so "append-only" holds
 * even against the app's own credentials (it can't UPDATE, DELETE, TRUNCATE, ALTER or disable
 * the trigger). On graphile-worker's schema (the outbox) it may enqueue, take and finish
 * jobs, never migrate it. The same statements are in the README for operators.
 */
export function appPrivilegesSql(appRole: string): string {
  const role = quoteIdentifier(appRole);
  return `
GRANT USAGE ON SCHEMA public TO ${role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role};
REVOKE ALL ON TABLE audit_log FROM ${role};
GRANT SELECT, INSERT ON TABLE audit_log TO ${role};
REVOKE ALL ON TABLE migrations FROM ${role};
GRANT SELECT ON TABLE migrations TO ${role};
GRANT USAGE ON SCHEMA graphile_worker TO ${role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${role};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${role};
REVOKE ALL ON TABLE graphile_worker.migrations FROM ${role};
GRANT SELECT ON TABLE graphile_worker.migrations TO ${role};
DO $$
DECLARE t record;
BEGIN
  -- graphile-worker turns row-level security on for its private tables (only their owner may
  -- touch them): the app role gets a policy letting it use every row.
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'graphile_worker' AND rowsecurity LOOP
    EXECUTE format('DROP POLICY IF EXISTS stint_app_access ON graphile_worker.%I', t.tablename);
    EXECUTE format('CREATE POLICY stint_app_access ON graphile_worker.%I FOR ALL TO %s USING (true) WITH CHECK (true)', t.tablename, ${sqlLiteral(role)});
  END LOOP;
END $$;`;
}

function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The user name of a PostgreSQL URL. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** Run as the owner of the tables (DATABASE_MIGRATION_URL, or the embedded `stint_owner`). */
export async function grantAppPrivileges(ownerUrl: string, appRole: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Processes starting together take turns, as for migrations: two concurrent GRANTs on one
    // table fail with "tuple concurrently updated".
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(appPrivilegesSql(appRole));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * What the API's own database role could do to `audit_log` beyond reading and appending
 * (superuser, owner, UPDATE/DELETE/TRUNCATE/TRIGGER privileges); null when nothing. Checked
 * at start: a role that can rewrite the trail gets one warning line.
 */
export async function auditLogExposure(appUrl: string): Promise<string | null> {
  const client = new Client({ connectionString: appUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string; superuser: boolean; owner: boolean; privileges: string[] }>(`
      SELECT current_user AS role,
             r.rolsuper AS superuser,
             pg_has_role(current_user, c.relowner, 'MEMBER') AS owner,
             array_remove(ARRAY[
               CASE WHEN has_table_privilege(c.oid, 'UPDATE') THEN 'UPDATE' END,
               CASE WHEN has_table_privilege(c.oid, 'DELETE') THEN 'DELETE' END,
               CASE WHEN has_table_privilege(c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
               CASE WHEN has_table_privilege(c.oid, 'TRIGGER') THEN 'TRIGGER' END
             ], NULL) AS privileges
        FROM pg_roles r, pg_class c
       WHERE r.rolname = current_user AND c.oid = to_regclass('public.audit_log')`);
    const found = rows[0];
    if (!found) return null;
    const reasons = [
      ...(found.superuser ? ['is a superuser'] : []),
      ...(!found.superuser && found.owner ? ['owns audit_log'] : []),
      ...(!found.superuser && !found.owner && found.privileges.length ? [`has ${found.privileges.join(', ')} on audit_log`] : []),
    ];
    if (!reasons.length) return null;
    return (
      `The API's database role "${found.role}" ${reasons.join(' and ')}, so it could rewrite or erase the audit log: ` +
      'connect the API as a role with only SELECT and INSERT on audit_log and run migrations with DATABASE_MIGRATION_URL (README: Database roles)'
    );
  } finally {
    await client.end();
  }
}
