import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignInThrottlesAndLastAdmin1796000005000 implements MigrationInterface {
  name = 'SignInThrottlesAndLastAdmin1796000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"sign_in_throttles\" (\"user_id\" uuid NOT NULL, \"client\" character varying(64) NOT NULL, \"failures\" integer NOT NULL DEFAULT '0', \"window_started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"locked_until\" TIMESTAMP WITH TIME ZONE, \"last_success_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"sign_in_throttles_failures_non_negative\" CHECK (failures >= 0), CONSTRAINT \"PK_0d654d6f9b423d5b77a972ab78b\" PRIMARY KEY (\"user_id\", \"client\"))");
    await queryRunner.query("ALTER TABLE \"sign_in_throttles\" ADD CONSTRAINT \"FK_059d55a5b9a768f82ef847cd19b\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Until now users.failed_login_attempts / locked_until were the spec's per-account lockout;
    // they now hold the account-wide back-off (auth/sign-in-throttle.ts): old locks are lifted.
    await queryRunner.query('UPDATE "users" SET "failed_login_attempts" = 0, "locked_until" = NULL');
    // Hand-written: the instance always keeps an active admin (users/last-admin.ts). A deferred
    // constraint trigger checks at commit, after taking the lock the API's own check takes:
    // two transactions that each remove a different admin commit one after the other, and in
    // READ COMMITTED the second's check (a new statement, a new snapshot) sees the first.
    await queryRunner.query(`
      CREATE FUNCTION users_keep_an_active_admin() RETURNS TRIGGER AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('stint:active-admins'));
        IF NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND is_active) THEN
          RAISE EXCEPTION 'The last active admin cannot be demoted, deactivated or erased'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'users_keep_an_active_admin';
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER users_keep_an_active_admin AFTER UPDATE OF role, is_active ON "users"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.role = 'admin' AND OLD.is_active AND NOT (NEW.role = 'admin' AND NEW.is_active))
      EXECUTE FUNCTION users_keep_an_active_admin()`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER users_keep_an_active_admin_on_delete AFTER DELETE ON "users"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.role = 'admin' AND OLD.is_active)
      EXECUTE FUNCTION users_keep_an_active_admin()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER users_keep_an_active_admin_on_delete ON "users"');
    await queryRunner.query('DROP TRIGGER users_keep_an_active_admin ON "users"');
    await queryRunner.query('DROP FUNCTION users_keep_an_active_admin()');
    await queryRunner.query("ALTER TABLE \"sign_in_throttles\" DROP CONSTRAINT \"FK_059d55a5b9a768f82ef847cd19b\"");
    await queryRunner.query("DROP TABLE \"sign_in_throttles\"");
  }
}
