// Once per integration run: starts test/support/database-server.js in its own process (so the
// embedded PostgreSQL and TypeORM load natively, not through jest's transform) and hands its
// server URL and template database to the test files through the environment.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const child = spawn(process.execPath, [join(__dirname, 'database-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(buffer.slice(0, newline)));
    });
    child.once('exit', (code) => reject(new Error(`database server exited with ${code}`)));
  });
  process.env.STINT_TEST_ADMIN_URL = info.adminUrl;
  process.env.STINT_TEST_TEMPLATE = info.template;
  globalThis.__STINT_DATABASE_SERVER__ = child;
};
