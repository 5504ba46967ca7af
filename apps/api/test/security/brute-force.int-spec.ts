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
 * The policy in the code (auth.service.ts, rate-limit/): after MAX_FAILED_ATTEMPTS (5) wrong
 * passwords in a row an account is locked for LOCKOUT_MINUTES (15), counted in PostgreSQL
 * (users.failed_login_attempts / locked_until), so every process sees the same count. While
 * locked, sign-ins fail with the same message as a wrong password and are not counted, so
 * they can't extend the lock; once it expires the right password works and resets the
 * count, and a wrong one starts a fresh count of 5. Separately, RATE_LIMIT_AUTH (5/minute
 * by default) caps credential requests per client IP, counted in Redis across processes.
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

describe('account lockout shared by two API processes over one database', () => {
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

  const lockState = async (userId: string) =>
    (await first.sql<{ failed_login_attempts: number; locked_until: Date | null }>('SELECT failed_login_attempts, locked_until FROM users WHERE id = $1', [userId]))[0];

  it(`locks after ${MAX_FAILED_ATTEMPTS} wrong passwords alternating between the processes (each from another IP), on both processes`, async () => {
    const user = await first.newUser();
    const codes: number[] = [];
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) codes.push((await login(instances[i % 2], user.email, 'Wrong-Password-1')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401]);
    expect(await lockState(user.id)).toEqual({ failed_login_attempts: MAX_FAILED_ATTEMPTS - 1, locked_until: null });

    const before = first.clock.now().getTime();
    const last = await login(second.fastify, user.email, 'Wrong-Password-1');
    expect(last.statusCode).toBe(401);
    const locked = await lockState(user.id);
    expect(locked.failed_login_attempts).toBe(MAX_FAILED_ATTEMPTS);
    expect(locked.locked_until!.getTime() - before).toBeGreaterThanOrEqual(LOCK_MS - 1_000);
    expect(locked.locked_until!.getTime() - before).toBeLessThanOrEqual(LOCK_MS + 5_000);

    // The right password is refused on either process, with the wrong-password message (no hint the account exists or is locked).
    for (const fastify of instances) {
      const response = await login(fastify, user.email, user.password);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ success: false, error: { code: 'AUTHENTICATION_ERROR', message: SIGN_IN_FAILED } });
    }
  });

  it('does not let attempts during the lock extend it, and signs in with the right password once it expires', async () => {
    const user = await first.newUser();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await login(instances[i % 2], user.email, 'Wrong-Password-1');
    const { locked_until: lockedUntil } = await lockState(user.id);

    // The attacker keeps going on both processes through the lock, every three minutes.
    for (let minute = 3; minute < LOCKOUT_MINUTES; minute += 3) {
      first.clock.advance(3 * 60_000);
      await Promise.all(instances.map((fastify) => login(fastify, user.email, 'Wrong-Password-1')));
    }
    expect(await lockState(user.id)).toEqual({ failed_login_attempts: MAX_FAILED_ATTEMPTS, locked_until: lockedUntil });

    // One second before expiry it still holds; one second after, the owner gets in on the other process.
    first.clock.set(new Date(lockedUntil!.getTime() - 1_000));
    expect((await login(second.fastify, user.email, user.password)).statusCode).toBe(401);
    first.clock.set(new Date(lockedUntil!.getTime() + 1_000));
    const success = await login(second.fastify, user.email, user.password);
    expect(success.statusCode).toBe(200);
    expect(success.json().user.id).toBe(user.id);
    expect(await lockState(user.id)).toEqual({ failed_login_attempts: 0, locked_until: null });
    // And the count really restarted: four more failures don't lock.
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await login(instances[i % 2], user.email, 'Wrong-Password-1');
    expect((await login(first.fastify, user.email, user.password)).statusCode).toBe(200);
  }, 120_000);

  it(`can't be turned into a permanent lockout: an attacker hammering for 80 minutes never holds a lock past ${LOCKOUT_MINUTES} minutes`, async () => {
    const user = await first.newUser();
    const start = new Date('2031-03-01T09:00:00Z');
    first.clock.set(start);
    const ATTACK_STEPS = 40;
    const ATTACK_EVERY_MS = 120_000;
    const locks = new Set<number>();
    const ownerTriedAfter = new Set<number>();
    // Every 2 minutes the attacker tries a wrong password on one process. Whenever a lock has
    // expired, the owner tries once (on the other process) before the attacker's next attempt.
    for (let step = 0; step < ATTACK_STEPS; step++) {
      first.clock.set(new Date(start.getTime() + step * ATTACK_EVERY_MS));
      for (const until of locks) {
        if (until < first.clock.now().getTime() && !ownerTriedAfter.has(until)) {
          ownerTriedAfter.add(until);
          expect((await login(instances[(step + 1) % 2], user.email, user.password)).statusCode).toBe(200);
        }
      }
      await login(instances[step % 2], user.email, 'Wrong-Password-1');
      const { locked_until: lockedUntil } = await lockState(user.id);
      if (lockedUntil && !locks.has(lockedUntil.getTime())) {
        // A new lock starts now and ends exactly LOCKOUT_MINUTES later; later attempts never move it.
        expect(lockedUntil.getTime()).toBe(first.clock.now().getTime() + LOCK_MS);
        locks.add(lockedUntil.getTime());
      }
    }
    // 40 attempts over 80 minutes locked the account a few times, each for exactly the policy's
    // duration, and the owner got in after every lock that expired.
    expect(locks.size).toBeGreaterThanOrEqual(3);
    expect(locks.size).toBeLessThanOrEqual(Math.ceil((ATTACK_STEPS * ATTACK_EVERY_MS) / LOCK_MS));
    expect(ownerTriedAfter.size).toBeGreaterThanOrEqual(locks.size - 1);
  }, 120_000);
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
        const response = i === 1
          ? await fastify.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: ip, payload: { email: `rl.${Date.now()}@example.com`, password: STRONG_PASSWORD, full_name: 'Rate Limited' } })
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
