import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiClient, CSRF_COOKIE, type ApiClient } from '@stint/contracts';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { createDatabase, dropDatabase } from '../../src/database/scratch-database';
import { createLogger } from '../../src/observability/logger';
import { createFactories, type Factories } from './factories';
import { CookieJar, injectFetch } from './inject-fetch';
import { TestClock } from './test-clock';

export { STRONG_PASSWORD, type TestUser } from './factories';

export interface TestContext extends Factories {
  app: NestFastifyApplication;
  fastify: FastifyInstance;
  config: AppConfig;
  clock: TestClock;
  databaseUrl: string;
  /** Anonymous typed client. */
  anonymous: ApiClient;
  /** A typed client with its own cookie jar and, optionally, a bearer token. */
  client(options?: { token?: string; jar?: CookieJar; csrf?: boolean }): ApiClient;
  /** Runs SQL on the file's own database (for assertions and setting up states). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * One app per test file on its own database, cloned from the migrated template the
 * global setup made. `env` overrides configuration (e.g. tight rate limits).
 */
export async function createTestContext(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestContext> {
  const adminUrl = process.env.STINT_TEST_ADMIN_URL;
  const template = process.env.STINT_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('Integration tests need the global setup (run them through jest --selectProjects integration)');
  const database = await createDatabase(adminUrl, 'stint_test', template);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET_KEY: 'test-secret-that-is-long-enough-for-hs256-signing',
    STINT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stint-data-')),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_AUTH: '10000/minute',
    RATE_LIMIT_READ: '100000/minute',
    RATE_LIMIT_WRITE: '100000/minute',
    REDIS_URL: '',
    ...env,
  });
  const clock = new TestClock();
  const app = await createApp({ config, databaseUrl: database.url, logger: options.logger ?? createLogger('silent'), clock });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.ready();

  const client = (options: { token?: string; jar?: CookieJar; csrf?: boolean } = {}) => {
    const jar = options.jar ?? new CookieJar();
    return createApiClient({
      fetch: injectFetch(fastify, jar),
      getToken: () => options.token,
      getCsrfToken: () => (options.csrf === false ? undefined : jar.get(CSRF_COOKIE)),
    });
  };
  const pool = new Client({ connectionString: database.url });
  await pool.connect();

  const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> => (await pool.query(query, params)).rows;
  const context: TestContext = {
    ...createFactories({ client, sql }),
    app,
    fastify,
    config,
    clock,
    databaseUrl: database.url,
    anonymous: client(),
    client,
    sql,
    async close() {
      await pool.end();
      await app.close();
      await dropDatabase(adminUrl, database.name);
    },
  };
  return context;
}
