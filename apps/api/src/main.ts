import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './bootstrap';
import { migrate } from './database/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { createLogger } from './observability/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, (message) => logger.info(message));
    databaseUrl = embedded.url;
  }
  const applied = await migrate(databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, `Applied ${applied.length} migration(s)`);

  const app = await createApp({ config, databaseUrl, logger });
  app.enableShutdownHooks();
  // A deep accept queue (Node's default is 511; the kernel caps it at net.core.somaxconn):
  // thousands of clients connecting within a second otherwise overflow it, and each dropped
  // SYN costs its client a 1, 3 or 7 s retransmit before admission control even sees it.
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info(`Stint is running at http://${shown}:${config.port}/ (API at /api/v1, docs at /api/docs)`);

  const shutdown = async (signal: string) => {
    logger.info(`${signal} received, shutting down`);
    await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  process.stderr.write(`Stint failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
