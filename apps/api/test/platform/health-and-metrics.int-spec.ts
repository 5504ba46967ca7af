import { routes } from '@stint/contracts';
import { createTestContext, type TestContext } from '../support/test-app';

describe('GET /api/v1/health and /metrics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('reports the database up and the memory cache without REDIS_URL', async () => {
    const health = await ctx.anonymous.call(routes.health);
    expect(health).toMatchObject({ status: 'ok', database: 'up', cache: 'memory' });
  });

  it('answers 503 when the database cannot answer', async () => {
    const dataSource = ctx.app.get(require('typeorm').DataSource);
    const spy = jest.spyOn(dataSource, 'query').mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    const response = await ctx.fastify.inject({ method: 'GET', url: '/api/v1/health' });
    spy.mockRestore();
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'down', database: 'down' });
  });

  it('exposes request counts by route and status, and pool gauges, in Prometheus format', async () => {
    await ctx.fastify.inject({ method: 'GET', url: '/api/v1/health' });
    await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me' });
    const response = await ctx.fastify.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toMatch(/stint_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/);
    expect(response.body).toMatch(/stint_http_requests_total\{method="GET",route="\/api\/v1\/users\/me",status="401"\} \d+/);
    expect(response.body).toMatch(/stint_http_request_duration_seconds_bucket/);
    expect(response.body).toMatch(/stint_db_pool_connections\{state="total"\}/);
    expect(response.body).toMatch(/stint_cache_requests_total/);
  });

  it('serves the OpenAPI document', async () => {
    const response = await ctx.fastify.inject({ method: 'GET', url: '/api/docs-json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.paths['/api/v1/auth/login']).toBeDefined();
    expect(document.paths['/api/v1/users/me'].get.security).toEqual([{ bearer: [] }]);
  });
});
