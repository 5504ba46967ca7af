import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795323540059 implements MigrationInterface {
  name = 'AuditLog1795323540059';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_log\" (\"id\" uuid NOT NULL DEFAULT uuid_generate_v4(), \"sequence\" BIGSERIAL NOT NULL, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"action\" character varying(64) NOT NULL, \"actor_user_id\" uuid, \"subject_type\" character varying(32), \"subject_id\" character varying(64), \"ip\" character varying(64), \"user_agent\" character varying(512), \"request_id\" character varying(64), \"details\" jsonb NOT NULL DEFAULT '{}', CONSTRAINT \"PK_07fefa57f7f5ab8fc3f52b3ed0b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"idx_audit_log_subject\" ON \"audit_log\"  (\"subject_type\", \"subject_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"idx_audit_log_actor_occurred_at\" ON \"audit_log\"  (\"actor_user_id\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"idx_audit_log_action_occurred_at\" ON \"audit_log\"  (\"action\", \"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"idx_audit_log_occurred_at\" ON \"audit_log\"  (\"occurred_at\", \"sequence\") ");
    // Hand-written: the trail is append-only, enforced by the database itself so no code
    // path (nor a stray SQL session of the app's role) can rewrite or erase history.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS TRIGGER AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$ LANGUAGE plpgsql`);
    await queryRunner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
    await queryRunner.query("DROP INDEX \"public\".\"idx_audit_log_occurred_at\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_audit_log_action_occurred_at\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_audit_log_actor_occurred_at\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_audit_log_subject\"");
    await queryRunner.query("DROP TABLE \"audit_log\"");
  }
}
