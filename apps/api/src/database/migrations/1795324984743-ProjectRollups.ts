import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A rollup the triggers keep: its table, its key (column = expression over an entry `e`) and its sums. */
interface Rollup {
  table: string;
  keys: Array<[column: string, expression: string]>;
  sums: Array<[column: string, expression: string]>;
}

const ROLLUPS: Rollup[] = [
  {
    table: 'project_cost_days',
    keys: [['project_id', 'e.project_id'], ['day', "(e.end_time AT TIME ZONE 'UTC')::date"]],
    sums: [['cost', 'e.total_cost'], ['entries', '1']],
  },
  {
    table: 'project_hour_totals',
    keys: [['project_id', 'e.project_id'], ['hour', "date_trunc('hour', e.start_time, 'UTC')"]],
    sums: [['entries', '1'], ['seconds', 'e.duration_seconds::bigint'], ['cost', 'e.total_cost']],
  },
  {
    table: 'project_user_days',
    keys: [['project_id', 'e.project_id'], ['user_id', 'e.user_id'], ['day', "(e.start_time AT TIME ZONE 'UTC')::date"]],
    sums: [
      ['entries', '1'],
      ['seconds', 'e.duration_seconds::bigint'],
      ['cost', 'e.total_cost'],
      ['billable_entries', 'CASE WHEN e.is_billable THEN 1 ELSE 0 END'],
      ['billable_seconds', 'CASE WHEN e.is_billable THEN e.duration_seconds::bigint ELSE 0 END'],
      ['billable_cost', 'CASE WHEN e.is_billable THEN e.total_cost ELSE 0 END'],
    ],
  },
  {
    table: 'project_task_days',
    keys: [['project_id', 'e.project_id'], ['task_id', 'e.task_id'], ['day', "(e.start_time AT TIME ZONE 'UTC')::date"]],
    sums: [['entries', '1'], ['seconds', 'e.duration_seconds::bigint'], ['cost', 'e.total_cost']],
  },
];

/** An updated entry's old (o) and new (n) versions count the same in every rollup. */
const SAME_COUNTED = `(o.project_id, o.user_id, o.task_id, o.status, o.start_time, o.end_time, o.duration_seconds, o.total_cost, o.is_billable)
  IS NOT DISTINCT FROM (n.project_id, n.user_id, n.task_id, n.status, n.start_time, n.end_time, n.duration_seconds, n.total_cost, n.is_billable)`;

/**
 * One statement applying a write's deltas to a rollup: the added and removed entries summed
 * per key (a key whose delta is zero, like a description edit, is left alone), then the
 * key's existing rows that no other transaction holds are taken (FOR UPDATE SKIP LOCKED:
 * never waits, so never deadlocks) and replaced by one row of their sum plus the delta. Rows
 * an in-flight writer holds stay beside it until a later write of the key folds them in.
 */
function applyStatement({ table, keys, sums }: Rollup): string {
  const keyCols = keys.map(([c]) => c);
  const sumCols = sums.map(([c]) => c);
  const cols = [...keyCols, ...sumCols].join(', ');
  const nonZero = (prefix: string) => sumCols.map((c) => `sum(${prefix}${c}) <> 0`).join(' OR ');
  return `
    WITH e AS (
      SELECT x.*, 1 AS sign FROM unnest(added) x
      UNION ALL
      SELECT x.*, -1 AS sign FROM unnest(removed) x),
    delta AS (
      SELECT ${keys.map(([c, expr]) => `${expr} AS ${c}`).join(', ')}, ${sums.map(([c, expr]) => `sum(e.sign * ${expr}) AS ${c}`).join(', ')}
        FROM e GROUP BY ${keyCols.map((_, i) => i + 1).join(', ')}),
    changed AS (SELECT * FROM delta WHERE ${sumCols.map((c) => `${c} <> 0`).join(' OR ')}),
    taken AS (
      DELETE FROM ${table} r WHERE r.ctid = ANY (ARRAY(
        SELECT h.ctid FROM ${table} h JOIN changed d ON ${keyCols.map((c) => (c === 'task_id' ? `h.${c} IS NOT DISTINCT FROM d.${c}` : `h.${c} = d.${c}`)).join(' AND ')}
           FOR UPDATE OF h SKIP LOCKED))
      RETURNING ${[...keyCols, ...sumCols].map((c) => `r.${c}`).join(', ')})
    INSERT INTO ${table} (${cols})
    SELECT ${keyCols.join(', ')}, ${sumCols.map((c) => `sum(${c})`).join(', ')}
      FROM (SELECT ${cols} FROM changed UNION ALL SELECT ${cols} FROM taken) c
     GROUP BY ${keyCols.join(', ')}
    HAVING ${nonZero('')}
     ORDER BY ${keyCols.join(', ')}`;
}

/** The same sums from scratch, for the back-fill and project_rollups_rebuild(). */
function rebuildStatement({ table, keys, sums }: Rollup): string {
  return `
    INSERT INTO ${table} (${[...keys, ...sums].map(([c]) => c).join(', ')})
    SELECT ${keys.map(([, expr]) => expr).join(', ')}, ${sums.map(([, expr]) => `sum(${expr})`).join(', ')}
      FROM time_entries e WHERE e.status = 'stopped' AND e.project_id IS NOT NULL
     GROUP BY ${keys.map((_, i) => i + 1).join(', ')} ORDER BY ${keys.map((_, i) => i + 1).join(', ')}`;
}

export class ProjectRollups1795324984743 implements MigrationInterface {
  name = 'ProjectRollups1795324984743';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"project_cost_days\" (\"id\" BIGSERIAL NOT NULL, \"project_id\" uuid NOT NULL, \"day\" date NOT NULL, \"cost\" numeric(16,4) NOT NULL, \"entries\" integer NOT NULL, CONSTRAINT \"PK_a2d4ccfb4abdc63e53861e64f23\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"idx_project_cost_days_project_day\" ON \"project_cost_days\"  (\"project_id\", \"day\", \"cost\", \"entries\") ");
    await queryRunner.query("CREATE TABLE \"project_hour_totals\" (\"id\" BIGSERIAL NOT NULL, \"project_id\" uuid NOT NULL, \"hour\" TIMESTAMP WITH TIME ZONE NOT NULL, \"entries\" integer NOT NULL, \"seconds\" bigint NOT NULL, \"cost\" numeric(16,4) NOT NULL, CONSTRAINT \"PK_9fa78155d21db8c49154cc4a4eb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"idx_project_hour_totals_project_hour\" ON \"project_hour_totals\"  (\"project_id\", \"hour\", \"entries\", \"seconds\", \"cost\") ");
    await queryRunner.query("CREATE TABLE \"project_user_days\" (\"id\" BIGSERIAL NOT NULL, \"project_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"day\" date NOT NULL, \"entries\" integer NOT NULL, \"seconds\" bigint NOT NULL, \"cost\" numeric(16,4) NOT NULL, \"billable_entries\" integer NOT NULL, \"billable_seconds\" bigint NOT NULL, \"billable_cost\" numeric(16,4) NOT NULL, CONSTRAINT \"PK_f5125d7302582a2a1a3e47ccd72\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"idx_project_user_days_project_day\" ON \"project_user_days\"  (\"project_id\", \"day\", \"user_id\") ");
    await queryRunner.query("CREATE TABLE \"project_task_days\" (\"id\" BIGSERIAL NOT NULL, \"project_id\" uuid NOT NULL, \"task_id\" uuid, \"day\" date NOT NULL, \"entries\" integer NOT NULL, \"seconds\" bigint NOT NULL, \"cost\" numeric(16,4) NOT NULL, CONSTRAINT \"PK_4b6368f5f8f8d139c0e6388a057\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"idx_project_task_days_project_day\" ON \"project_task_days\"  (\"project_id\", \"day\", \"task_id\") ");
    // Hand-written: the triggers that keep the rollups exact, in the transaction of every
    // write of time_entries. Statement-level with transition tables, so a bulk update (a
    // re-rate, a user's erasure) applies one summed delta per key instead of one per row.
    // Only stopped entries with a project count; running timers' heartbeats cost a filter.
    // PL/pgSQL, not SQL, for the apply function: it keeps its four plans per connection (a
    // SQL function re-plans them on every call, measured at ~6 ms a write under load).
    await queryRunner.query(`
      CREATE FUNCTION project_rollups_apply(added time_entries[], removed time_entries[]) RETURNS void AS $$
      BEGIN
        ${ROLLUPS.map(applyStatement).join(';\n')};
      END;
      $$ LANGUAGE plpgsql`);
    await queryRunner.query(`
      CREATE FUNCTION project_rollups_on_change() RETURNS trigger AS $$
      DECLARE
        added time_entries[] := '{}';
        removed time_entries[] := '{}';
      BEGIN
        IF TG_OP = 'INSERT' THEN
          added := ARRAY(SELECT n FROM new_rows n WHERE n.status = 'stopped' AND n.project_id IS NOT NULL);
        ELSIF TG_OP = 'DELETE' THEN
          removed := ARRAY(SELECT o FROM old_rows o WHERE o.status = 'stopped' AND o.project_id IS NOT NULL);
        ELSE
          -- Rows whose counted columns didn't change (heartbeats, descriptions) are left out.
          added := ARRAY(SELECT n FROM new_rows n WHERE n.status = 'stopped' AND n.project_id IS NOT NULL
                            AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND ${SAME_COUNTED}));
          removed := ARRAY(SELECT o FROM old_rows o WHERE o.status = 'stopped' AND o.project_id IS NOT NULL
                              AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id AND ${SAME_COUNTED}));
        END IF;
        IF cardinality(added) > 0 OR cardinality(removed) > 0 THEN
          PERFORM project_rollups_apply(added, removed);
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql`);
    await queryRunner.query(`CREATE TRIGGER project_rollups_on_insert AFTER INSERT ON time_entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_rollups_on_change()`);
    await queryRunner.query(`CREATE TRIGGER project_rollups_on_update AFTER UPDATE ON time_entries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_rollups_on_change()`);
    await queryRunner.query(`CREATE TRIGGER project_rollups_on_delete AFTER DELETE ON time_entries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_rollups_on_change()`);
    // Recomputes every rollup from time_entries: the back-fill below, and for loads that
    // bypass the triggers (the bulk seed) or TRUNCATE time_entries. Blocks entry writes meanwhile.
    await queryRunner.query(`
      CREATE FUNCTION project_rollups_rebuild() RETURNS void AS $$
      BEGIN
        LOCK TABLE time_entries IN SHARE MODE;
        TRUNCATE ${ROLLUPS.map((r) => r.table).join(', ')};
        ${ROLLUPS.map(rebuildStatement).join(';\n')};
      END;
      $$ LANGUAGE plpgsql SET work_mem = '64MB'`);
    await queryRunner.query(`SELECT project_rollups_rebuild()`);
    // Hand-written (TypeORM can't declare INCLUDE): one user's entries by start with every
    // column the time-entry list's totals and the analytics spans read, so both are
    // index-only scans instead of one heap page per entry (docs/performance.md).
    await queryRunner.query(
      `CREATE INDEX "idx_time_entries_user_start_cover" ON "time_entries" ("user_id", "start_time")
         INCLUDE ("id", "status", "end_time", "currency", "total_cost", "duration_seconds", "is_billable", "project_id", "task_id", "paused_at", "paused_seconds")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_time_entries_user_start_cover"`);
    for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER project_rollups_on_${op} ON time_entries`);
    await queryRunner.query(`DROP FUNCTION project_rollups_rebuild()`);
    await queryRunner.query(`DROP FUNCTION project_rollups_on_change()`);
    await queryRunner.query(`DROP FUNCTION project_rollups_apply(time_entries[], time_entries[])`);
    await queryRunner.query("DROP INDEX \"public\".\"idx_project_task_days_project_day\"");
    await queryRunner.query("DROP TABLE \"project_task_days\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_project_user_days_project_day\"");
    await queryRunner.query("DROP TABLE \"project_user_days\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_project_hour_totals_project_hour\"");
    await queryRunner.query("DROP TABLE \"project_hour_totals\"");
    await queryRunner.query("DROP INDEX \"public\".\"idx_project_cost_days_project_day\"");
    await queryRunner.query("DROP TABLE \"project_cost_days\"");
  }
}
