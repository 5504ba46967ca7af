import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox's bookkeeping beside graphile-worker's own schema (which
 * database/migrate.ts installs after these migrations, as the same owner):
 *
 * - outbox_workers: each API process's graphile-worker ids and the PostgreSQL backend of the
 *   connection it holds open; a row whose backend is gone marks a dead process whose locked
 *   jobs are released at once instead of after graphile-worker's 4 hours (events/outbox.ts).
 * - outbox_probe_effects: the effects of the test-only consumer (STINT_OUTBOX_PROBE), one
 *   row per event id; empty unless that consumer is turned on.
 */
export class OutboxWorkers1797000001000 implements MigrationInterface {
  name = 'OutboxWorkers1797000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_workers" ("worker_id" text NOT NULL, "backend_pid" integer NOT NULL, "backend_start" TIMESTAMP WITH TIME ZONE NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_outbox_workers" PRIMARY KEY ("worker_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_probe_effects" ("event_id" uuid NOT NULL, "event_type" text NOT NULL, "subject_id" uuid, "attempts" integer NOT NULL, "deliveries" integer NOT NULL, "first_delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_outbox_probe_effects" PRIMARY KEY ("event_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_probe_effects"`);
    await queryRunner.query(`DROP TABLE "outbox_workers"`);
  }
}
