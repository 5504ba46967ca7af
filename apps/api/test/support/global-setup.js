// Once per integration run: a PostgreSQL server (DATABASE_URL's, or an embedded one) and a
// template database migrated from the built migrations. Each test file clones the template.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const dist = join(__dirname, '..', '..', 'dist', 'database');
  const { postgresServer, createDatabase } = require(join(dist, 'scratch-database.js'));
  const server = await postgresServer();
  const template = await createDatabase(server.adminUrl, 'stint_test_template');
  // A child process runs the migrations so TypeORM loads the compiled files natively.
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(dist, 'migrate.js'))}).migrate(process.argv[1]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`, template.url], { stdio: 'inherit' });
  process.env.STINT_TEST_ADMIN_URL = server.adminUrl;
  process.env.STINT_TEST_TEMPLATE = template.name;
  globalThis.__STINT_PG__ = { server, template };
};
