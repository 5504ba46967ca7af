import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each table's changes make stale in the analytics cache, as cache scopes (see
 * AnalyticsCache): an SQL expression over a changed row `r` giving the row's scopes.
 * `users` counts only the columns an answer shows (a sign-in's bookkeeping changes nothing).
 */
const SOURCES: Array<{ table: string; scopes: string; key?: string; shown?: string[] }> = [
  { table: 'time_entries', scopes: "ARRAY['user:' || r.user_id, 'team']" },
  { table: 'tasks', scopes: "ARRAY['user:' || r.user_id, 'project:' || coalesce(r.project_id::text, 'none'), 'catalog', 'team']" },
  { table: 'projects', scopes: "ARRAY['project:' || r.id, 'catalog', 'team']" },
  { table: 'project_members', scopes: "ARRAY['user:' || r.user_id, 'project:' || r.project_id, 'team']" },
  { table: 'user_rates', scopes: "ARRAY['user:' || r.user_id, 'team']" },
  { table: 'users', scopes: "ARRAY['user:' || r.id, 'team']", key: 'id', shown: ['email', 'full_name', 'role', 'timezone', 'is_active'] },
  { table: 'time_tracking_settings', scopes: "ARRAY['all']" },
];

/**
 * Analytics-cache invalidation at the source: every statement that changes something a
 * cached analytics answer shows sends, on channel `stint_analytics_changes`, the cache scopes
 * it made stale. NOTIFY inside the statement's transaction is delivered when it commits
 * (never for a rollback) to every API process, whose AnalyticsCache bumps those scopes — so
 * no write path (service, script, psql) has to remember to invalidate. The same scopes go
 * to the writing connection as a NOTICE, so the writing process invalidates right after its
 * commit, before it answers (CommittedChanges). Statement-level with
 * transition tables: one notification per statement, however many rows. Payloads stay far
 * under NOTIFY's 8000 bytes: past 100 scopes a statement sends `all`.
 *
 * Also: stream_ticket_uses, the spent stream tickets (single use).
 */
export class StreamTicketsAndAnalyticsChanges1796000006000 implements MigrationInterface {
  name = 'StreamTicketsAndAnalyticsChanges1796000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "stream_ticket_uses" ("jti" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a886c662d7c0f6503f84adea650" PRIMARY KEY ("jti"))`);
    await queryRunner.query(`CREATE INDEX "idx_stream_ticket_uses_expires_at" ON "stream_ticket_uses" ("expires_at") `);

    await queryRunner.query(`
      CREATE FUNCTION analytics_changes_publish(scopes text[]) RETURNS void AS $$
      DECLARE
        distinct_scopes text[] := ARRAY(SELECT DISTINCT s FROM unnest(scopes) AS s WHERE s IS NOT NULL ORDER BY s);
        payload text;
      BEGIN
        IF cardinality(distinct_scopes) = 0 THEN RETURN; END IF;
        IF cardinality(distinct_scopes) > 100 THEN distinct_scopes := ARRAY['all']; END IF;
        payload := json_build_object('scopes', distinct_scopes)::text;
        -- Every API process, when the transaction commits.
        PERFORM pg_notify('stint_analytics_changes', payload);
        -- The writing connection, now: its process invalidates right after its commit, before it answers.
        RAISE NOTICE 'stint_analytics_changes %', payload;
      END $$ LANGUAGE plpgsql`);

    for (const source of SOURCES) {
      const updated = source.shown
        ? `SELECT ${source.scopes} AS s FROM old_rows r JOIN new_rows n USING (${source.key})
             WHERE (${source.shown.map((c) => `r.${c}`).join(', ')}) IS DISTINCT FROM (${source.shown.map((c) => `n.${c}`).join(', ')})`
        : `SELECT ${source.scopes} AS s FROM old_rows r UNION ALL SELECT ${source.scopes} FROM new_rows r`;
      await queryRunner.query(`
        CREATE FUNCTION analytics_changes_${source.table}() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM analytics_changes_publish(ARRAY(SELECT unnest(${source.scopes}) FROM new_rows r));
          ELSIF TG_OP = 'DELETE' THEN
            PERFORM analytics_changes_publish(ARRAY(SELECT unnest(${source.scopes}) FROM old_rows r));
          ELSE
            PERFORM analytics_changes_publish(ARRAY(SELECT unnest(c.s) FROM (${updated}) c));
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql`);
      await queryRunner.query(
        `CREATE TRIGGER analytics_changes_on_insert AFTER INSERT ON ${source.table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changes_${source.table}()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER analytics_changes_on_update AFTER UPDATE ON ${source.table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changes_${source.table}()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER analytics_changes_on_delete AFTER DELETE ON ${source.table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changes_${source.table}()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const source of SOURCES) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER analytics_changes_on_${op} ON ${source.table}`);
      await queryRunner.query(`DROP FUNCTION analytics_changes_${source.table}()`);
    }
    await queryRunner.query(`DROP FUNCTION analytics_changes_publish(text[])`);
    await queryRunner.query(`DROP INDEX "public"."idx_stream_ticket_uses_expires_at"`);
    await queryRunner.query(`DROP TABLE "stream_ticket_uses"`);
  }
}
