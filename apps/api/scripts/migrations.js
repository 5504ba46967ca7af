#!/usr/bin/env node
// Generates a migration from the entities, or checks that none is pending (CI's drift check).
// Runs against a scratch database: on DATABASE_URL's server when set, else an embedded one.
// Usage: node scripts/migrations.js generate <Name> | check   (after `pnpm build`)
require('reflect-metadata');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { DataSource } = require('typeorm');
const dist = join(__dirname, '..', 'dist', 'database');
const { dataSourceOptions } = require(join(dist, 'data-source-options.js'));
const { ENTITIES } = require(join(dist, '..', 'entities.js'));
const { postgresServer, createDatabase, dropDatabase } = require(join(dist, 'scratch-database.js'));

const [command, name] = process.argv.slice(2);

function migrationSource(className, up, down) {
  const lines = (queries) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main() {
  if (!['generate', 'check'].includes(command) || (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? ''))) {
    console.error('usage: migrations.js generate <PascalCaseName> | check');
    process.exit(2);
  }
  const server = await postgresServer();
  const db = await createDatabase(server.adminUrl, 'stint_migrations');
  const dataSource = new DataSource(dataSourceOptions(db.url, 2, [], ENTITIES));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'all' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (command === 'check') {
      if (sql.upQueries.length) {
        console.error(`The entities and the migrations differ; run "pnpm --filter @stint/api migration:generate <Name>". Pending SQL:`);
        for (const q of sql.upQueries) console.error(`  ${q.query}`);
        process.exitCode = 1;
      } else {
        console.log('Migrations match the entities: nothing to generate.');
      }
      return;
    }
    if (!sql.upQueries.length) {
      console.log('No changes in the entities: no migration generated.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = join(__dirname, '..', 'src', 'database', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(file, migrationSource(className, sql.upQueries, sql.downQueries.reverse()));
    console.log(`Wrote ${file}`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(server.adminUrl, db.name);
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
