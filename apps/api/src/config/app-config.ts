import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A rate limit such as the spec's `5/minute`. */
export interface RateLimit {
  limit: number;
  ttlMs: number;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface AppConfig {
  nodeEnv: string;
  isProduction: boolean;
  /** Unset: start an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  /** The role that owns the tables and runs migrations (DATABASE_MIGRATION_URL); unset: DATABASE_URL does both. */
  databaseMigrationUrl: string | undefined;
  databasePoolSize: number;
  /** Read replicas of DATABASE_URL (streaming standbys) for analytics and reports; empty: the primary serves everything. */
  databaseReplicaUrls: string[];
  /** Unset: cache and rate-limit counters live in memory. */
  redisUrl: string | undefined;
  redisCacheTtlSeconds: number;
  jwt: {
    secret: string;
    algorithm: JwtAlgorithm;
    accessTokenMinutes: number;
    refreshTokenDays: number;
  };
  host: string;
  port: number;
  corsOrigins: string[];
  rateLimit: { auth: RateLimit; read: RateLimit; write: RateLimit };
  logLevel: LogLevel;
  dataDir: string;
  /** Built SPA to serve at `/`; absent when the directory doesn't exist. */
  webDistDir: string;
  /** Trust X-Forwarded-For from a reverse proxy when resolving client IPs. */
  trustProxy: boolean;
  /** Admission control of API requests (common/admission): in flight at once, waiting, and how long one may wait. */
  admission: { maxInFlight: number; maxQueued: number; queueTimeoutMs: number };
  /**
   * The transactional outbox's worker (events/outbox.ts): jobs delivered at once. `probe*`
   * turn on the test-only consumer (events/outbox-probe.ts) the fault and integration tests count.
   */
  outbox: { concurrency: number; probe: boolean; probeDelayMs: number; probeFailAttempts: number };
}

/** A bad environment variable: the process stops with this one-line message. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const UNITS_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseRateLimit(variable: string, value: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(second|minute|hour|day)s?\s*$/i.exec(value);
  if (!match) throw new ConfigError(variable, `must look like "100/minute" (got "${value}")`);
  const limit = Number(match[1]);
  if (limit < 1) throw new ConfigError(variable, 'must allow at least 1 request');
  return { limit, ttlMs: UNITS_MS[match[2].toLowerCase()] };
}

function integer(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(variable, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(variable, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function boolean(env: Env, variable: string, fallback: boolean): boolean {
  const raw = env[variable]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(variable, `must be true or false (got "${env[variable]}")`);
}

function url(env: Env, variable: string, protocols: string[]): string | undefined {
  const raw = env[variable]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(variable, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(variable, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** A comma-separated list of PostgreSQL URLs (DATABASE_REPLICA_URLS). */
function urlList(env: Env, variable: string, protocols: string[]): string[] {
  const items = (env[variable] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.map((item, i) => {
    try {
      return url({ [variable]: item }, variable, protocols) as string;
    } catch (error) {
      throw new ConfigError(variable, `item ${i + 1} ${(error as ConfigError).message.replace(`Invalid configuration: ${variable} `, '')}`);
    }
  });
}

const LOG_LEVELS: Record<string, LogLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  critical: 'fatal',
  fatal: 'fatal',
  silent: 'silent',
};

/**
 * Outside production a missing JWT_SECRET_KEY is generated once and kept in the data
 * dir, so sessions survive restarts; in production it must be given.
 */
function jwtSecret(env: Env, isProduction: boolean, dataDir: string): string {
  const given = env.JWT_SECRET_KEY;
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError('JWT_SECRET_KEY', 'must be at least 32 characters');
    return given;
  }
  if (isProduction) throw new ConfigError('JWT_SECRET_KEY', 'is required when NODE_ENV=production');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads and validates the environment once; every other module takes the result. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const isProduction = nodeEnv === 'production';
  const dataDir = resolve(env.STINT_DATA_DIR?.trim() || join(env.INIT_CWD ?? process.cwd(), '.data'));

  const algorithm = (env.JWT_ALGORITHM?.trim() || 'HS256').toUpperCase();
  if (!(JWT_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new ConfigError('JWT_ALGORITHM', `must be one of ${JWT_ALGORITHMS.join(', ')} (got "${env.JWT_ALGORITHM}")`);
  }
  const logLevel = LOG_LEVELS[(env.LOG_LEVEL?.trim() || 'info').toLowerCase()];
  if (!logLevel) throw new ConfigError('LOG_LEVEL', `must be one of ${Object.keys(LOG_LEVELS).join(', ')}`);

  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins like https://app.example.com (got "${origin}")`);
    }
  }

  const host = env.API_HOST?.trim() || '0.0.0.0';
  const databasePoolSize = integer(env, 'DATABASE_POOL_SIZE', 20, 1, 1000);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseMigrationUrl = url(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']);
  if (databaseMigrationUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_MIGRATION_URL', 'needs DATABASE_URL too (without DATABASE_URL Stint runs its embedded PostgreSQL and its own roles)');
  }
  // Twice the pool: a request spends part of its time off the database (auth, JSON), so the
  // pool stays busy, yet no admitted request waits long for a connection.
  const maxInFlight = integer(env, 'MAX_IN_FLIGHT_REQUESTS', 2 * databasePoolSize, 1, 100_000);
  return {
    nodeEnv,
    isProduction,
    databaseUrl,
    databaseMigrationUrl,
    databasePoolSize,
    databaseReplicaUrls: urlList(env, 'DATABASE_REPLICA_URLS', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisCacheTtlSeconds: integer(env, 'REDIS_CACHE_TTL', 300, 1, 86_400 * 7),
    jwt: {
      secret: jwtSecret(env, isProduction, dataDir),
      algorithm: algorithm as JwtAlgorithm,
      accessTokenMinutes: integer(env, 'JWT_ACCESS_TOKEN_EXPIRE_MINUTES', 15, 1, 24 * 60),
      refreshTokenDays: integer(env, 'JWT_REFRESH_TOKEN_EXPIRE_DAYS', 7, 1, 365),
    },
    host,
    port: integer(env, 'API_PORT', 3000, 0, 65_535),
    corsOrigins,
    rateLimit: {
      auth: parseRateLimit('RATE_LIMIT_AUTH', env.RATE_LIMIT_AUTH || '5/minute'),
      read: parseRateLimit('RATE_LIMIT_READ', env.RATE_LIMIT_READ || '100/minute'),
      write: parseRateLimit('RATE_LIMIT_WRITE', env.RATE_LIMIT_WRITE || '50/minute'),
    },
    logLevel,
    dataDir,
    webDistDir: resolve(env.STINT_WEB_DIST?.trim() || join(__dirname, '..', '..', '..', 'web', 'dist')),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    admission: {
      maxInFlight,
      // Deep: a waiting request costs a few KB; one turned away that retries at once costs CPU.
      maxQueued: integer(env, 'MAX_QUEUED_REQUESTS', 100 * maxInFlight, 0, 1_000_000),
      queueTimeoutMs: integer(env, 'QUEUE_TIMEOUT_MS', 1_000, 1, 60_000),
    },
    outbox: {
      concurrency: integer(env, 'OUTBOX_CONCURRENCY', 2, 1, 64),
      probe: boolean(env, 'STINT_OUTBOX_PROBE', false),
      probeDelayMs: integer(env, 'STINT_OUTBOX_PROBE_DELAY_MS', 0, 0, 60_000),
      probeFailAttempts: integer(env, 'STINT_OUTBOX_PROBE_FAIL_ATTEMPTS', 0, 0, 24),
    },
  };
}

/** Injection token for the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
