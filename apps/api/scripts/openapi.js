#!/usr/bin/env node
// Writes the OpenAPI document generated from the code to openapi.json, or checks that the
// committed snapshot is current (CI). Needs no database: the app is built, not started.
// Usage: node scripts/openapi.js write | check   (after `pnpm build`)
require('reflect-metadata');
const { readFileSync, writeFileSync, existsSync, mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const dist = join(__dirname, '..', 'dist');
const snapshot = join(__dirname, '..', 'openapi.json');

async function main() {
  const command = process.argv[2];
  if (!['write', 'check'].includes(command)) {
    console.error('usage: openapi.js write | check');
    process.exit(2);
  }
  const { loadConfig } = require(join(dist, 'config', 'app-config.js'));
  const { createApp, openApiDocument } = require(join(dist, 'bootstrap.js'));
  const { createLogger } = require(join(dist, 'observability', 'logger.js'));
  const config = loadConfig({ STINT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stint-openapi-')), LOG_LEVEL: 'silent' });
  const app = await createApp({ config, databaseUrl: 'postgresql://unused@127.0.0.1:1/none', logger: createLogger('silent'), connectDatabase: false });
  const text = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  await app.close().catch(() => undefined);
  if (command === 'write') {
    writeFileSync(snapshot, text);
    console.log(`Wrote ${snapshot}`);
  } else if (!existsSync(snapshot) || readFileSync(snapshot, 'utf8') !== text) {
    console.error('openapi.json is out of date: run "pnpm --filter @stint/api openapi:write" and commit it.');
    process.exitCode = 1;
  } else {
    console.log('openapi.json matches the code.');
  }
  process.exit(process.exitCode ?? 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
