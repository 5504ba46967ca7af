import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the entities can't express: the spec's updated_at triggers, its GIN indexes (tags,
 * full-text search) and the settings row. Hand-written; the entities mark these indexes
 * `synchronize: false` so the drift check leaves them alone.
 */
export class SpecIndexesAndTriggers1795314377123 implements MigrationInterface {
  name = 'SpecIndexesAndTriggers1795314377123';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
      BEGIN
        NEW.updated_at = CURRENT_TIMESTAMP;
        RETURN NEW;
      END;
      $$ LANGUAGE plpgsql`);
    for (const table of ['users', 'projects', 'tasks', 'time_entries', 'project_budgets', 'time_tracking_settings']) {
      await queryRunner.query(
        `CREATE TRIGGER update_${table}_updated_at BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()`,
      );
    }
    await queryRunner.query(`CREATE INDEX "idx_tasks_tags" ON "tasks" USING GIN ("tags")`);
    await queryRunner.query(
      `CREATE INDEX "idx_tasks_search" ON "tasks" USING GIN (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '')))`,
    );
    await queryRunner.query(`INSERT INTO "time_tracking_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "time_tracking_settings"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_tasks_search"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_tasks_tags"`);
    for (const table of ['users', 'projects', 'tasks', 'time_entries', 'project_budgets', 'time_tracking_settings']) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS update_${table}_updated_at ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS update_updated_at_column()`);
  }
}
