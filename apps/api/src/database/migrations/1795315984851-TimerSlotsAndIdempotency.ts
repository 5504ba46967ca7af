import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TimerSlotsAndIdempotency1795315984851 implements MigrationInterface {
  name = 'TimerSlotsAndIdempotency1795315984851';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"idx_one_active_per_user\"");
    await queryRunner.query("CREATE TABLE \"idempotency_keys\" (\"user_id\" uuid NOT NULL, \"key\" character varying(128) NOT NULL, \"route\" character varying(200) NOT NULL, \"status_code\" smallint NOT NULL, \"response_body\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_392b1af86f210d98d3f0c764728\" PRIMARY KEY (\"user_id\", \"key\"))");
    await queryRunner.query("CREATE INDEX \"idx_idempotency_keys_created_at\" ON \"idempotency_keys\"  (\"created_at\") ");
    await queryRunner.query("ALTER TABLE \"time_entries\" ADD \"timer_slot\" smallint");
    await queryRunner.query("ALTER TABLE \"time_entries\" ADD \"stop_reason\" character varying(16)");
    // Timers active before this migration hold the first slot.
    await queryRunner.query("UPDATE \"time_entries\" SET \"timer_slot\" = 0 WHERE status <> 'stopped'");
    await queryRunner.query("CREATE UNIQUE INDEX \"idx_one_active_per_user\" ON \"time_entries\"  (\"user_id\", \"timer_slot\") WHERE status <> 'stopped'");
    await queryRunner.query("ALTER TABLE \"time_entries\" ADD CONSTRAINT \"timer_slot_range\" CHECK (timer_slot IS NULL OR timer_slot BETWEEN 0 AND 19)");
    await queryRunner.query("ALTER TABLE \"time_entries\" ADD CONSTRAINT \"active_has_slot\" CHECK ((status = 'stopped') = (timer_slot IS NULL))");
    await queryRunner.query("ALTER TABLE \"idempotency_keys\" ADD CONSTRAINT \"FK_4d2181624ba2d61e76a07175198\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"idempotency_keys\" DROP CONSTRAINT \"FK_4d2181624ba2d61e76a07175198\"");
    await queryRunner.query("ALTER TABLE \"time_entries\" DROP CONSTRAINT \"active_has_slot\"");
    await queryRunner.query("ALTER TABLE \"time_entries\" DROP CONSTRAINT \"timer_slot_range\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_one_active_per_user\"");
    await queryRunner.query("ALTER TABLE \"time_entries\" DROP COLUMN \"stop_reason\"");
    await queryRunner.query("ALTER TABLE \"time_entries\" DROP COLUMN \"timer_slot\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_idempotency_keys_created_at\"");
    await queryRunner.query("DROP TABLE \"idempotency_keys\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"idx_one_active_per_user\" ON \"time_entries\" USING btree (\"user_id\") WHERE (status <> 'stopped'::time_entry_status)");
  }
}
