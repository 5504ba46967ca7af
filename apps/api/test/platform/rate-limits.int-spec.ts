import { ApiError, routes } from '@stint/contracts';
import { createTestContext, type TestContext } from '../support/test-app';

const REDIS_URL = process.env.REDIS_URL || process.env.TEST_REDIS_URL;

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe('rate limits (memory counters)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ RATE_LIMIT_AUTH: '3/minute', RATE_LIMIT_READ: '4/minute', RATE_LIMIT_WRITE: '100/minute' });
  });
  afterAll(() => ctx.close());

  it('limits credential routes per IP and answers 429 with Retry-After in the envelope', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await status(ctx.anonymous.call(routes.auth.login, { body: { email: 'a@example.com', password: 'Wrong-Pass-1!' } })));
    expect(codes).toEqual([401, 401, 401]);
    const response = await ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com', password: 'x' } });
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.json()).toMatchObject({ success: false, error: { code: 'RATE_LIMIT_EXCEEDED' } });
    // Another client IP has its own budget.
    const other = await ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com', password: 'x' }, remoteAddress: '10.9.9.9' });
    expect(other.statusCode).toBe(401);
  });

  it('limits reads per user, whatever the route, and not across users', async () => {
    const a = await createUserDirect(ctx, 'reader-a@example.com', '10.0.0.1');
    const b = await createUserDirect(ctx, 'reader-b@example.com', '10.0.0.2');
    const results = [];
    for (let i = 0; i < 5; i++) {
      const response = await ctx.fastify.inject({ method: 'GET', url: i % 2 ? '/api/v1/users/me' : '/api/v1/users/me?x=1', headers: { authorization: `Bearer ${a}` } });
      results.push(response.statusCode);
    }
    expect(results).toEqual([200, 200, 200, 200, 429]);
    const forB = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${b}` } });
    expect(forB.statusCode).toBe(200);
  });
});

/** Registers from its own IP so the tight auth limit of the other test doesn't interfere. */
async function createUserDirect(ctx: TestContext, email: string, ip: string): Promise<string> {
  const response = await ctx.fastify.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password: 'Correct-Horse-9', full_name: 'Reader' },
    remoteAddress: ip,
  });
  expect(response.statusCode).toBe(201);
  return response.json().token;
}

(REDIS_URL ? describe : describe.skip)('rate limits (Redis counters shared by processes)', () => {
  let first: TestContext;
  let second: TestContext;
  beforeAll(async () => {
    const env = { REDIS_URL: REDIS_URL!, RATE_LIMIT_AUTH: '4/minute' };
    first = await createTestContext(env);
    second = await createTestContext(env);
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('counts one budget across two API processes', async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const login = (ctx: TestContext) => ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.com', password: 'x' }, remoteAddress: ip });
    const codes = [];
    for (const ctx of [first, second, first, second, first]) codes.push((await login(ctx)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
  });

  it('reports the cache as up', async () => {
    expect((await first.anonymous.call(routes.health)).cache).toBe('up');
  });
});

describe('rate limits when Redis is unreachable', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_AUTH: '2/minute' });
  });
  afterAll(() => ctx.close());

  it('falls back to memory counters: no 500, no hang, the limit still holds', async () => {
    const started = Date.now();
    const codes = [];
    for (let i = 0; i < 3; i++) {
      codes.push((await ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.com', password: 'x' } })).statusCode);
    }
    expect(codes).toEqual([401, 401, 429]);
    expect(Date.now() - started).toBeLessThan(5_000);
    const health = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json()).toMatchObject({ status: 'degraded', database: 'up', cache: 'down' });
  });
});
