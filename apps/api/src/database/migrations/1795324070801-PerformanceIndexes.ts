import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PerformanceIndexes1795324070801 implements MigrationInterface {
  name = 'PerformanceIndexes1795324070801';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"idx_time_entries_user_last_stop\" ON \"time_entries\"  (\"user_id\", \"start_time\") WHERE status = 'stopped' AND stop_reason IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"idx_time_entries_project_end_stopped\" ON \"time_entries\"  (\"project_id\", \"end_time\", \"id\", \"total_cost\") WHERE status = 'stopped'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"idx_time_entries_project_end_stopped\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_time_entries_user_last_stop\"");
  }
}
