import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: API processes keep the settings row in memory (settings/settings-reader.ts); every
 * committed change of it sends one NOTIFY on `stint_settings`, so each process drops its copy.
 */
export class SettingsChangedNotify1797000003000 implements MigrationInterface {
  name = 'SettingsChangedNotify1797000003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION stint_notify_settings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('stint_settings', '{}');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER settings_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
        ON time_tracking_settings FOR EACH STATEMENT EXECUTE FUNCTION stint_notify_settings()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER settings_changed ON time_tracking_settings');
    await queryRunner.query('DROP FUNCTION stint_notify_settings()');
  }
}
