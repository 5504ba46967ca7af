import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time zones are the ones PostgreSQL knows (issue 12, item 9). Names Node accepts but
 * PostgreSQL doesn't (US/Pacific-New, Canada/East-Saskatchewan) were saved and then failed
 * every query of their user: stored ones become UTC. `stint_time_zone(zone)` reads a stored
 * zone for SQL that takes it from `users` (a later tzdata update may drop a name again):
 * the zone, or UTC when PostgreSQL doesn't know it.
 */
export class TimeZonesPostgresKnows1796000003000 implements MigrationInterface {
  name = 'TimeZonesPostgresKnows1796000003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE users SET timezone = 'UTC' WHERE timezone NOT IN (SELECT name FROM pg_timezone_names)`);
    await queryRunner.query(`
      CREATE FUNCTION stint_time_zone(zone text) RETURNS text
        LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        PERFORM now() AT TIME ZONE zone;
        RETURN zone;
      EXCEPTION WHEN invalid_parameter_value THEN
        RETURN 'UTC';
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION stint_time_zone(text)`);
  }
}
