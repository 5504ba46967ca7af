import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { createLogger } from '../../src/observability/logger';
import { LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS, SIGN_IN_FAILED } from '../../src/auth/auth.service';
import { createTestContext, STRONG_PASSWORD, type TestContext } from '../support/test-app';

/**
 * Password brute force against several API processes (OWASP ASVS 5.0 V6.1.1 / V6.3.1).
 *
 * The policy in the code (auth/sign-in-throttle.ts, rate-limit/): failures are counted per
 * account AND client address in PostgreSQL (sign_in_throttles), so every process sees the
 * same count. After MAX_FAILED_ATTEMPTS (5) in 15 minutes that address is locked out of that
 * account for LOCKOUT_MINUTES (15) — the owner, from anywhere else, is not. While locked,
 * sign-ins from it fail with the wrong-password answer and are not counted, so they can't
 * extend the lock. Across all addresses, failures since the last success past
 * ACCOUNT_BACKOFF_AFTER start an account-wide back-off (1 s doubling to 5 minutes) that holds
 * unfamiliar addresses only. Separately, RATE_LIMIT_AUTH (5/minute by default) caps
 * credential requests per client IP, counted in Redis across processes.
 */
const REDIS_URL = process.env.REDIS_URL || process.env.TEST_REDIS_URL;
const LOCK_MS = LOCKOUT_MINUTES * 60_000;

interface Instance {
  app: NestFastifyApplication;
  fastify: FastifyInstance;
}

/** A second API process over the first one's database, its clock and (when given) Redis. */
async function secondInstance(first: TestContext, env: Record<string, string>): Promise<Instance> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET_KEY: first.config.jwt.secret,
    STINT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stint-data-')),
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '4',
    RATE_LIMIT_AUTH: '10000/minute',
    RATE_LIMIT_READ: '100000/minute',
    RATE_LIMIT_WRITE: '100000/minute',
    REDIS_URL: '',
    ...env,
  });
  const app = await createApp({ config, databaseUrl: first.databaseUrl, logger: createLogger('silent'), clock: first.clock });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.ready();
  return { app, fastify };
}

/** A label for inject's remote address: no traffic goes anywhere. */
const randomIp = () => `10.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`;

function login(fastify: FastifyInstance, email: string, password: string, ip = randomIp(), headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip, headers });
}

describe('sign-in lockout shared by two API processes over one database', () => {
  let first: TestContext;
  let second: Instance;
  let instances: FastifyInstance[];
  beforeAll(async () => {
    first = await createTestContext();
    second = await secondInstance(first, {});
    instances = [first.fastify, second.fastify];
  });
  afterAll(async () => {
    await second.app.close();
    await first.close();
  });
  afterEach(() => first.clock.reset());

  const lockState = async (userId: string, ip: string) =>
    (await first.sql<{ failures: number; locked_until: Date | null }>('SELECT failures, locked_until FROM sign_in_throttles WHERE user_id = $1 AND client = $2', [userId, ip]))[0];

  it(`locks an address after ${MAX_FAILED_ATTEMPTS} wrong passwords alternating between the processes, on both processes, and no one else`, async () => {
    const user = await first.newUser();
    const attacker = randomIp();
    const codes: number[] = [];
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) codes.push((await login(instances[i % 2], user.email, 'Wrong-Password-1', attacker)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401]);
    expect(await lockState(user.id, attacker)).toEqual({ failures: MAX_FAILED_ATTEMPTS - 1, locked_until: null });

    const before = first.clock.now().getTime();
    const last = await login(second.fastify, user.email, 'Wrong-Password-1', attacker);
    expect(last.statusCode).toBe(401);
    const locked = await lockState(user.id, attacker);
    expect(locked.failures).toBe(MAX_FAILED_ATTEMPTS);
    expect(locked.locked_until!.getTime() - before).toBeGreaterThanOrEqual(LOCK_MS - 1_000);
    expect(locked.locked_until!.getTime() - before).toBeLessThanOrEqual(LOCK_MS + 5_000);

    // From that address the right password is refused on either process, with the wrong-password message.
    for (const fastify of instances) {
      const response = await login(fastify, user.email, user.password, attacker);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'AUTHENTICATION_ERROR', message: SIGN_IN_FAILED } });
    }
    // The owner, from another address, signs in on either process.
    for (const fastify of instances) expect((await login(fastify, user.email, user.password, randomIp())).statusCode).toBe(200);
  });

  it('does not let attempts during the lock extend it, and signs that address in with the right password once it expires', async () => {
    const user = await first.newUser();
    const attacker = randomIp();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await login(instances[i % 2], user.email, 'Wrong-Password-1', attacker);
    const { locked_until: lockedUntil } = await lockState(user.id, attacker);

    // The attacker keeps going on both processes through the lock, every three minutes.
    for (let minute = 3; minute < LOCKOUT_MINUTES; minute += 3) {
      first.clock.advance(3 * 60_000);
      await Promise.all(instances.map((fastify) => login(fastify, user.email, 'Wrong-Password-1', attacker)));
    }
    expect(await lockState(user.id, attacker)).toEqual({ failures: MAX_FAILED_ATTEMPTS, locked_until: lockedUntil });

    // One second before expiry it still holds; one second after, the right password gets in on the other process.
    first.clock.set(new Date(lockedUntil!.getTime() - 1_000));
    expect((await login(second.fastify, user.email, user.password, attacker)).statusCode).toBe(401);
    first.clock.set(new Date(lockedUntil!.getTime() + 1_000));
    const success = await login(second.fastify, user.email, user.password, attacker);
    expect(success.statusCode).toBe(200);
    expect(success.json().user.id).toBe(user.id);
    expect(await lockState(user.id, attacker)).toEqual({ failures: 0, locked_until: null });
    // And the count really restarted: four more failures don't lock.
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await login(instances[i % 2], user.email, 'Wrong-Password-1', attacker);
    expect((await login(first.fastify, user.email, user.password, attacker)).statusCode).toBe(200);
  }, 120_000);

  it('is no denial-of-service switch: an attacker hammering for 80 minutes never keeps the owner out', async () => {
    const user = await first.newUser();
    const owner = randomIp();
    expect((await login(first.fastify, user.email, user.password, owner)).statusCode).toBe(200);
    const start = new Date('2031-03-01T09:00:00Z');
    first.clock.set(start);
    const ATTACK_STEPS = 40;
    const ATTACK_EVERY_MS = 120_000;
    const attacker = randomIp();
    // Every 2 minutes the attacker sends a wrong password on one process, alternately from one
    // fixed address and from a fresh one (a botnet); after each, the owner signs in on the other.
    for (let step = 0; step < ATTACK_STEPS; step++) {
      first.clock.set(new Date(start.getTime() + step * ATTACK_EVERY_MS));
      expect((await login(instances[step % 2], user.email, 'Wrong-Password-1', step % 2 ? randomIp() : attacker)).statusCode).toBe(401);
      expect((await login(instances[(step + 1) % 2], user.email, user.password, owner)).statusCode).toBe(200);
    }
  }, 180_000);
});

const redisSuite = REDIS_URL ? describe : describe.skip;
redisSuite(
  REDIS_URL
    ? 'the auth rate limit shared by two API processes through Redis'
    : 'the auth rate limit shared by two API processes through Redis — skipped: REDIS_URL is unset (counters shared across processes need Redis)',
  () => {
    const AUTH_LIMIT = 4;
    let first: TestContext;
    let second: Instance;
    beforeAll(async () => {
      const env = { REDIS_URL: REDIS_URL!, RATE_LIMIT_AUTH: `${AUTH_LIMIT}/minute` };
      first = await createTestContext(env);
      second = await secondInstance(first, env);
    });
    afterAll(async () => {
      await second.app.close();
      await first.close();
    });

    it(`allows ${AUTH_LIMIT} credential requests per IP across both processes, then answers 429 with Retry-After on either`, async () => {
      const ip = randomIp();
      const codes: number[] = [];
      // Sign-in and registration draw on the same per-IP budget.
      for (let i = 0; i < AUTH_LIMIT; i++) {
        const fastify = i % 2 ? second.fastify : first.fastify;
        const response =
          i === 1
            ? await fastify.inject({
                method: 'POST',
                url: '/api/v1/auth/register',
                remoteAddress: ip,
                payload: { email: `rl.${Date.now()}@example.com`, password: STRONG_PASSWORD, full_name: 'Rate Limited' },
              })
            : await login(fastify, 'nobody@example.com', 'Wrong-Password-1', ip);
        codes.push(response.statusCode);
      }
      expect(codes).toEqual([401, 201, 401, 401]);

      for (const fastify of [first.fastify, second.fastify]) {
        const refused = await login(fastify, 'nobody@example.com', 'Wrong-Password-1', ip);
        expect(refused.statusCode).toBe(429);
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(refused.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMIT_EXCEEDED', details: { limit: AUTH_LIMIT, window_seconds: 60 } } });
      }
      // Another client keeps its own budget.
      expect((await login(second.fastify, 'nobody@example.com', 'Wrong-Password-1', randomIp())).statusCode).toBe(401);
    });

    it('is not bypassed by a spoofed X-Forwarded-For (TRUST_PROXY is off by default)', async () => {
      const ip = randomIp();
      const codes: number[] = [];
      for (let i = 0; i <= AUTH_LIMIT; i++) {
        codes.push((await login(i % 2 ? second.fastify : first.fastify, 'nobody@example.com', 'Wrong-Password-1', ip, { 'x-forwarded-for': randomIp() })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 401, 429]);
    });

    it('keeps the counter in Redis with an expiry, so the block lifts by itself', async () => {
      const ip = randomIp();
      await login(first.fastify, 'nobody@example.com', 'Wrong-Password-1', ip);
      const { createClient } = await import('redis');
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      try {
        const key = `stint:rl:auth:ip:${ip}`;
        expect(await redis.get(key)).toBe('1');
        const ttl = await redis.pTTL(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      } finally {
        await redis.quit();
      }
    });
  },
);
