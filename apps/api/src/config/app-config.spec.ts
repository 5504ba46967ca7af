import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseRateLimit } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'stint-config-'));

describe('loadConfig', () => {
  it('uses the spec defaults', () => {
    const config = loadConfig({ STINT_DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      databaseUrl: undefined,
      redisUrl: undefined,
      redisCacheTtlSeconds: 300,
      port: 3000,
      jwt: { algorithm: 'HS256', accessTokenMinutes: 15, refreshTokenDays: 7 },
      rateLimit: { auth: { limit: 5, ttlMs: 60_000 }, read: { limit: 100, ttlMs: 60_000 }, write: { limit: 50, ttlMs: 60_000 } },
      logLevel: 'info',
    });
  });

  it('generates a JWT secret once outside production and keeps it in the data dir', () => {
    const dir = dataDir();
    const first = loadConfig({ STINT_DATA_DIR: dir });
    const second = loadConfig({ STINT_DATA_DIR: dir });
    expect(first.jwt.secret).toHaveLength(64);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first.jwt.secret);
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'JWT_SECRET_KEY is required when NODE_ENV=production'],
    [{ JWT_SECRET_KEY: 'short' }, 'JWT_SECRET_KEY must be at least 32 characters'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [{ DATABASE_POOL_SIZE: 'lots' }, 'DATABASE_POOL_SIZE must be a whole number (got "lots")'],
    [{ API_PORT: '70000' }, 'API_PORT must be between 0 and 65535 (got 70000)'],
    [{ JWT_ALGORITHM: 'none' }, 'JWT_ALGORITHM must be one of HS256, HS384, HS512 (got "none")'],
    [{ RATE_LIMIT_AUTH: 'five per minute' }, 'RATE_LIMIT_AUTH must look like "100/minute" (got "five per minute")'],
    [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS must be a comma-separated list of origins'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL must start with redis:// or rediss://'],
    [
      { DATABASE_URL: 'postgresql://db/stint', DATABASE_REPLICA_URLS: 'postgresql://r1/stint,mysql://r2' },
      'DATABASE_REPLICA_URLS item 2 must start with postgres:// or postgresql://',
    ],
    [{ DATABASE_URL: 'postgresql://db/stint', DATABASE_REPLICA_URLS: 'not a url' }, 'DATABASE_REPLICA_URLS item 1 is not a valid URL'],
    [{ DATABASE_URL: 'postgresql://db/stint', DATABASE_MIGRATION_URL: 'mysql://owner@db/stint' }, 'DATABASE_MIGRATION_URL must start with postgres:// or postgresql://'],
    [{ DATABASE_MIGRATION_URL: 'postgresql://owner@db/stint' }, 'DATABASE_MIGRATION_URL needs DATABASE_URL too'],
  ])('names the variable and the problem: %j', (env, message) => {
    expect(() => loadConfig({ STINT_DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ STINT_DATA_DIR: dataDir(), ...env })).toThrow(message);
  });

  it('reads DATABASE_REPLICA_URLS as a comma-separated list, empty by default', () => {
    expect(loadConfig({ STINT_DATA_DIR: dataDir() }).databaseReplicaUrls).toEqual([]);
    const config = loadConfig({ STINT_DATA_DIR: dataDir(), DATABASE_URL: 'postgresql://db/stint', DATABASE_REPLICA_URLS: ' postgresql://r1/stint , postgres://r2:5433/stint,' });
    expect(config.databaseReplicaUrls).toEqual(['postgresql://r1/stint', 'postgres://r2:5433/stint']);
  });

  it('reads DATABASE_MIGRATION_URL, unset by default (DATABASE_URL then runs the migrations too)', () => {
    expect(loadConfig({ STINT_DATA_DIR: dataDir(), DATABASE_URL: 'postgresql://app@db/stint' }).databaseMigrationUrl).toBeUndefined();
    const config = loadConfig({ STINT_DATA_DIR: dataDir(), DATABASE_URL: 'postgresql://app@db/stint', DATABASE_MIGRATION_URL: 'postgresql://owner@db/stint' });
    expect(config.databaseMigrationUrl).toBe('postgresql://owner@db/stint');
  });

  it('maps the spec log level names', () => {
    expect(loadConfig({ STINT_DATA_DIR: dataDir(), LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(loadConfig({ STINT_DATA_DIR: dataDir(), LOG_LEVEL: 'WARNING' }).logLevel).toBe('warn');
  });
});

describe('parseRateLimit', () => {
  it.each([
    ['5/minute', { limit: 5, ttlMs: 60_000 }],
    ['100/minutes', { limit: 100, ttlMs: 60_000 }],
    ['10 / second', { limit: 10, ttlMs: 1_000 }],
    ['1000/hour', { limit: 1000, ttlMs: 3_600_000 }],
  ])('%s', (value, expected) => expect(parseRateLimit('X', value)).toEqual(expected));

  it('refuses zero', () => expect(() => parseRateLimit('X', '0/minute')).toThrow('at least 1'));
});
