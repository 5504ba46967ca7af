// Database-level steps of the seed: create the database, run the app's migrations, empty
// the data tables, and take a table's indexes, keys and per-row triggers out of the way of
// a bulk load and put them back exactly as the migrations made them.
//
// The definitions are read from the catalog (pg_indexes, pg_get_constraintdef) right before
// dropping, so they always match the schema, and kept in the table seed_bulk.dropped until
// restored: a seed that dies mid-load leaves them there and the next run restores them first.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

const DIST = join(__dirname, '..', '..', '..', 'dist');
/** Tables the app keeps its own bookkeeping in; everything else in `public` is data. */
const NOT_DATA = new Set(['migrations', 'typeorm_metadata', 'time_tracking_settings']);

function requireDist(relative) {
  const file = join(DIST, relative);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build the API first (pnpm --filter @stint/api build)`);
  }
  return require(file);
}

/** Creates the database of `url` on its server if it doesn't exist; true when created. */
async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing database name "${name}": letters, digits and _ only`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** Runs the app's migrations with its compiled runner; returns the names applied. */
async function runMigrations(url) {
  const { migrate } = requireDist('database/migrate.js');
  return migrate(url);
}

/**
 * The data tables: everything in `public` but the app's bookkeeping. Tables guarded by a
 * trigger on TRUNCATE (the append-only audit trail) are left alone and listed in `kept`.
 */
async function dataTables(client) {
  const { rows } = await client.query(`
    SELECT t.tablename,
           EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = (quote_ident(t.schemaname) || '.' || quote_ident(t.tablename))::regclass
                    AND NOT g.tgisinternal AND (g.tgtype & 32) <> 0) AS guarded
      FROM pg_tables t WHERE t.schemaname = 'public' ORDER BY t.tablename`);
  const data = rows.filter((r) => !NOT_DATA.has(r.tablename));
  return { tables: data.filter((r) => !r.guarded).map((r) => r.tablename), kept: data.filter((r) => r.guarded).map((r) => r.tablename) };
}

/** Empties every data table (ids restart) and resets the settings row to its defaults. */
async function emptyDataTables(client) {
  const { tables, kept } = await dataTables(client);
  await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
  await client.query('DELETE FROM time_tracking_settings');
  await client.query('INSERT INTO time_tracking_settings (id) VALUES (1)');
  return { tables, kept };
}

async function ensureBookkeeping(client) {
  await client.query('CREATE SCHEMA IF NOT EXISTS seed_bulk');
  await client.query(`CREATE TABLE IF NOT EXISTS seed_bulk.dropped (
    position serial PRIMARY KEY, table_name text NOT NULL, kind text NOT NULL, name text NOT NULL, definition text NOT NULL,
    index_definition text)`);
}

/**
 * Takes `table`'s keys, indexes and row-level INSERT triggers out for a bulk load:
 * foreign keys, then the primary/unique constraints, then the remaining indexes (`keep`:
 * names to leave alone); user triggers firing on INSERT are disabled. Returns what was
 * taken out, for the report.
 */
async function dropForLoad(client, table, { keepConstraints = false } = {}) {
  await ensureBookkeeping(client);
  const removed = [];
  await client.query('BEGIN');
  try {
    const constraints = keepConstraints
      ? []
      : (
          await client.query(
            `SELECT conname, contype, pg_get_constraintdef(oid) AS def,
                    CASE WHEN contype IN ('p', 'u') THEN pg_get_indexdef(conindid) END AS index_def
               FROM pg_constraint
              WHERE conrelid = $1::regclass AND contype IN ('f', 'p', 'u')
              ORDER BY CASE contype WHEN 'f' THEN 0 ELSE 1 END, conname`,
            [table],
          )
        ).rows;
    const indexes = (
      await client.query(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = 'public' AND i.tablename = $1
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
          ORDER BY i.indexname`,
        [table],
      )
    ).rows;
    const triggers = (
      await client.query(
        `SELECT tgname FROM pg_trigger
          WHERE tgrelid = $1::regclass AND NOT tgisinternal AND tgenabled <> 'D'
            AND (tgtype & 4) <> 0 -- fires on INSERT
          ORDER BY tgname`,
        [table],
      )
    ).rows;
    const remember = (kind, name, definition, indexDefinition = null) =>
      client.query('INSERT INTO seed_bulk.dropped (table_name, kind, name, definition, index_definition) VALUES ($1, $2, $3, $4, $5)', [
        table,
        kind,
        name,
        definition,
        indexDefinition,
      ]);
    for (const c of constraints) {
      await remember(c.contype === 'f' ? 'foreign key' : 'key', c.conname, c.def, c.index_def);
      await client.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${c.conname}"`);
      removed.push(`${c.contype === 'f' ? 'foreign key' : 'key'} ${c.conname}`);
    }
    for (const i of indexes) {
      await remember('index', i.indexname, i.indexdef);
      await client.query(`DROP INDEX "${i.indexname}"`);
      removed.push(`index ${i.indexname}`);
    }
    for (const t of triggers) {
      await remember('trigger', t.tgname, '');
      await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER "${t.tgname}"`);
      removed.push(`trigger ${t.tgname}`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return removed;
}

/**
 * Puts back everything dropForLoad took out (of every table, or of `table`): the indexes,
 * including those of primary and unique keys, spread over `clients` so several build at
 * once; then the keys are attached to their indexes (ADD CONSTRAINT … USING INDEX, the
 * same constraint a plain ADD CONSTRAINT makes, without its exclusive lock during the
 * build); then foreign keys, then triggers. Each item is forgotten once it is back.
 * `onItem(name, seconds)` is told about each.
 */
/**
 * @param {import('pg').Client[]} clients
 * @param {{ table?: string | null, onItem?: (name: string, seconds: number) => void }} [options]
 */
async function restoreAfterLoad(clients, { table = null, onItem = () => undefined } = {}) {
  const [main] = clients;
  const { rows: exists } = await main.query(`SELECT to_regclass('seed_bulk.dropped') IS NOT NULL AS present`);
  if (!exists[0].present) return [];
  await main.query('ALTER TABLE seed_bulk.dropped ADD COLUMN IF NOT EXISTS index_definition text');
  const { rows } = await main.query(
    `SELECT position, table_name, kind, name, definition, index_definition FROM seed_bulk.dropped
      WHERE $1::text IS NULL OR table_name = $1 ORDER BY position`,
    [table],
  );
  const timed = async (item, work) => {
    const started = Date.now();
    await work();
    onItem(`${item.kind} ${item.name}`, (Date.now() - started) / 1000);
  };
  const forget = (client, item) => client.query('DELETE FROM seed_bulk.dropped WHERE position = $1', [item.position]);
  const constraintExists = async (client, item) =>
    (await client.query('SELECT 1 FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2', [item.table_name, item.name])).rowCount > 0;
  const ifNotExists = (definition) => definition.replace(/^CREATE (UNIQUE )?INDEX /, (m) => `${m}IF NOT EXISTS `);
  // A key built from its index: a plain PRIMARY KEY/UNIQUE column list.
  const attachable = (item) => item.kind === 'key' && Boolean(item.index_definition) && /^(PRIMARY KEY|UNIQUE) \([^()]*\)$/.test(item.definition);
  const indexName = (definition) => definition.match(/^CREATE UNIQUE INDEX (\S+) ON /)[1];

  for (const item of rows.filter((r) => r.kind === 'key' && !attachable(r))) {
    await timed(item, async () => {
      if (!(await constraintExists(main, item))) await main.query(`ALTER TABLE "${item.table_name}" ADD CONSTRAINT "${item.name}" ${item.definition}`);
    });
    await forget(main, item);
  }
  // Biggest first keeps the builders busy until the end.
  const builds = rows.filter((r) => r.kind === 'index' || attachable(r)).map((r) => ({ item: r, sql: ifNotExists(r.kind === 'index' ? r.definition : r.index_definition) }));
  builds.sort((a, b) => indexCost(b.sql) - indexCost(a.sql));
  const keys = [];
  await Promise.all(
    clients.map(async (client) => {
      for (let build = builds.shift(); build; build = builds.shift()) {
        const { item, sql } = build;
        if (item.kind === 'key' && (await constraintExists(client, item))) {
          await forget(client, item);
          continue;
        }
        await timed(item, () => client.query(sql));
        if (item.kind === 'key') keys.push(item);
        else await forget(client, item);
      }
    }),
  );
  for (const item of keys) {
    const type = item.definition.startsWith('PRIMARY KEY') ? 'PRIMARY KEY' : 'UNIQUE';
    await main.query(`ALTER TABLE "${item.table_name}" ADD CONSTRAINT "${item.name}" ${type} USING INDEX ${indexName(item.index_definition)}`);
    await forget(main, item);
  }
  for (const item of rows.filter((r) => r.kind === 'foreign key')) {
    await timed(item, async () => {
      if (!(await constraintExists(main, item))) await main.query(`ALTER TABLE "${item.table_name}" ADD CONSTRAINT "${item.name}" ${item.definition}`);
    });
    await forget(main, item);
  }
  for (const item of rows.filter((r) => r.kind === 'trigger')) {
    await timed(item, () => main.query(`ALTER TABLE "${item.table_name}" ENABLE TRIGGER "${item.name}"`));
    await forget(main, item);
  }
  return rows.map((r) => `${r.kind} ${r.name}`);
}

/** Rough build cost of an index: columns indexed, partial indexes cheaper. */
function indexCost(definition) {
  const columns = (definition.match(/\(([^)]*)\)/)?.[1] ?? '').split(',').length;
  return columns * (/ WHERE /.test(definition) ? 0.2 : 1) + (/USING gin/i.test(definition) ? 3 : 0);
}

/** Drops the seed_bulk schema once nothing is left to restore. */
async function dropBookkeeping(client) {
  const { rows } = await client.query(`SELECT to_regclass('seed_bulk.dropped') IS NOT NULL AS present`);
  if (rows[0].present) {
    const { rows: left } = await client.query('SELECT count(*)::int AS n FROM seed_bulk.dropped');
    if (left[0].n > 0) return;
  }
  await client.query('DROP SCHEMA IF EXISTS seed_bulk CASCADE');
}

module.exports = { requireDist, ensureDatabase, runMigrations, emptyDataTables, dataTables, dropForLoad, restoreAfterLoad, dropBookkeeping };
