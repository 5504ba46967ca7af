import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the overlap setting (an admin may forbid overlapping entries) and the cap schedule's
 * notifications.
 *
 * Item 6: every committed change that can move the moment a running timer reaches a
 * cap — a timer started, paused, resumed or stopped, an entry's cost or project changed, a
 * budget's amount, cost or lock changed, the settings changed — sends one NOTIFY on
 * `stint_cap_schedule`, so each API process re-arms its cap timer (timers/cap-schedule.ts).
 * Statement-level triggers limited to the columns that matter: heartbeats and descriptions
 * don't fire it, and PostgreSQL folds identical notifications of one transaction into one.
 */
export class CapScheduleAndOverlaps1796000004000 implements MigrationInterface {
  name = 'CapScheduleAndOverlaps1796000004000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "time_tracking_settings" ADD "forbid_overlapping_entries" boolean NOT NULL DEFAULT false');
    await queryRunner.query(`
      CREATE FUNCTION stint_notify_cap_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('stint_cap_schedule', '{}');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER cap_schedule_entries
        AFTER INSERT OR DELETE OR UPDATE OF status, start_time, paused_at, paused_seconds, total_cost, project_id, rate_type, rate_amount
        ON time_entries FOR EACH STATEMENT EXECUTE FUNCTION stint_notify_cap_schedule()`);
    await queryRunner.query(`
      CREATE TRIGGER cap_schedule_budgets
        AFTER INSERT OR DELETE OR UPDATE OF total_budget, total_cost, is_locked
        ON project_budgets FOR EACH STATEMENT EXECUTE FUNCTION stint_notify_cap_schedule()`);
    await queryRunner.query(`
      CREATE TRIGGER cap_schedule_settings
        AFTER UPDATE OF max_timer_hours, enable_budget_tracking
        ON time_tracking_settings FOR EACH STATEMENT EXECUTE FUNCTION stint_notify_cap_schedule()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER cap_schedule_settings ON time_tracking_settings');
    await queryRunner.query('DROP TRIGGER cap_schedule_budgets ON project_budgets');
    await queryRunner.query('DROP TRIGGER cap_schedule_entries ON time_entries');
    await queryRunner.query('DROP FUNCTION stint_notify_cap_schedule()');
    await queryRunner.query('ALTER TABLE "time_tracking_settings" DROP COLUMN "forbid_overlapping_entries"');
  }
}
