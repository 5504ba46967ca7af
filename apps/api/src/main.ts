import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './bootstrap';
import { migrate } from './database/migrate';
import { APP_ROLE, EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { auditLogExposure, grantAppPrivileges, roleOf } from './database/roles';
import { createLogger } from './observability/logger';

/** However a request hangs (a slow query, a stuck handler), a shutdown signal ends the process within this. */
const SHUTDOWN_DEADLINE_MS = 5_000;

let embedded: EmbeddedDatabase | undefined;
let started = false;

/** Known causes of a failed start, with the fix. */
const HINTS: Record<string, string> = {
  ECONNREFUSED: 'is the PostgreSQL server in DATABASE_URL running and reachable?',
  ENOTFOUND: 'check the host name in DATABASE_URL',
  '28P01': 'check the user and password in DATABASE_URL (or DATABASE_MIGRATION_URL)',
  '3D000': 'create the database named in DATABASE_URL first',
  '42501': 'the database role lacks a privilege: see "Database roles" in the README',
  EADDRINUSE: 'another process uses API_PORT: stop it or set API_PORT to a free port',
  EACCES: 'permission denied: check the data dir (STINT_DATA_DIR) and API_PORT (ports below 1024 need privileges)',
};

/** One line naming the problem and the fix: never a stack trace at start. */
function startFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof EmbeddedPostgresError) return error.message;
  const failure = error as { message?: string; code?: string };
  const message = String(failure?.message ?? error)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const hint = failure?.code ? HINTS[failure.code] : undefined;
  return `Stint failed to start: ${message}${hint ? ` (${hint})` : ''}`;
}

// The embedded PostgreSQL never outlives this process: its watchdog stops it whatever ends the
// process (embedded-postgres.ts); an uncaught error stops it here first, in order.
process.on('uncaughtException', (error) => {
  if (started) process.stderr.write(`Stint stopped on an unexpected error: ${error.stack ?? error.message}\n`);
  else process.stderr.write(`${startFailure(error)}\n`);
  embedded?.kill();
  process.exit(1);
});

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let databaseUrl = config.databaseUrl;
  let migrationUrl = config.databaseMigrationUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, (message) => logger.info(message));
    databaseUrl = embedded.appUrl;
    migrationUrl = embedded.ownerUrl;
  }
  // Migrations run as the owner of the tables; the API as a role that owns nothing.
  const applied = await migrate(migrationUrl ?? databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, `Applied ${applied.length} migration(s)`);
  if (migrationUrl && migrationUrl !== databaseUrl) await grantAppPrivileges(migrationUrl, embedded ? APP_ROLE : roleOf(databaseUrl));
  const exposure = await auditLogExposure(databaseUrl);
  if (exposure) logger.warn(exposure);

  const app = await createApp({ config, databaseUrl, logger });
  // No app.enableShutdownHooks(): Nest's handler re-raises the signal once its hooks ran,
  // killing the process before the embedded PostgreSQL stops. The handler below calls
  // app.close(), which runs the same hooks, under a deadline.
  // A deep accept queue (Node's default is 511; the kernel caps it at net.core.somaxconn):
  // thousands of clients connecting within a second otherwise overflow it, and each dropped
  // SYN costs its client a 1, 3 or 7 s retransmit before admission control even sees it.
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  started = true;
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info(`Stint is running at http://${shown}:${config.port}/ (API at /api/v1, docs at /api/docs)`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} received again: stopping now`);
      embedded?.kill();
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    // app.close() waits for requests in flight: a stuck one must not keep the process alive.
    const deadline = setTimeout(() => {
      logger.error(`Shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s (a request is still running): stopping now`);
      embedded?.kill();
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    void (async () => {
      await app.close().catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
      clearTimeout(deadline);
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${startFailure(error)}\n`);
  await Promise.race([embedded?.stop(), new Promise((resolve) => setTimeout(resolve, 5_000))]).catch(() => undefined);
  process.exit(1);
});
