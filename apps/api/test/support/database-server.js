#!/usr/bin/env node
// Runs beside an integration test run, outside jest's module system: provides a PostgreSQL
// server (DATABASE_URL's, or an embedded one) with a migrated template database, prints
// {"adminUrl","template"} as one JSON line, and cleans up when its stdin closes.
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', 'dist', 'database');
const { postgresServer, createDatabase, dropDatabase } = require(join(dist, 'scratch-database.js'));
const { migrate } = require(join(dist, 'migrate.js'));

async function main() {
  const server = await postgresServer();
  const template = await createDatabase(server.adminUrl, 'stint_test_template');
  await migrate(template.url);
  process.stdout.write(`${JSON.stringify({ adminUrl: server.adminUrl, template: template.name })}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await dropDatabase(server.adminUrl, template.name).catch(() => undefined);
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
