const { join } = require('node:path');

module.exports = async function globalTeardown() {
  const state = globalThis.__STINT_PG__;
  if (!state) return;
  const { dropDatabase } = require(join(__dirname, '..', '..', 'dist', 'database', 'scratch-database.js'));
  await dropDatabase(state.server.adminUrl, state.template.name);
  await state.server.stop();
};
