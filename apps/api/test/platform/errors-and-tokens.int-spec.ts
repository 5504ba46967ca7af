import { routes } from '@stint/contracts';
import { createHmac } from 'node:crypto';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';
import { UsersService } from '../../src/users/users.service';

const ENVELOPE = {
  success: false,
  error: { code: expect.any(String), message: expect.any(String), details: expect.anything() },
  meta: { request_id: expect.any(String), timestamp: expect.stringMatching(/Z$/) },
};

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signed(claims: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('the error envelope and access tokens', () => {
  let ctx: TestContext;
  let user: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    user = await ctx.newUser();
  });
  afterAll(() => ctx.close());

  const get = (url: string, headers: Record<string, string> = {}) => ctx.fastify.inject({ method: 'GET', url, headers });

  it('answers an unknown API route with a 404 envelope', async () => {
    const response = await get('/api/v1/does-not-exist');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ ...ENVELOPE, error: { code: 'NOT_FOUND', message: 'Route GET /api/v1/does-not-exist not found', details: null } });
  });

  it('answers malformed JSON with a 422 envelope', async () => {
    const response = await ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('answers a 500 without stack trace or SQL', async () => {
    const spy = jest.spyOn(ctx.app.get(UsersService), 'me').mockRejectedValueOnce(new Error('relation "secret_table" does not exist at SELECT * FROM secret_table'));
    const response = await get('/api/v1/users/me', { authorization: `Bearer ${user.token}` });
    spy.mockRestore();
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ ...ENVELOPE, error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred', details: null } });
    expect(response.body).not.toMatch(/secret_table|SELECT|at .*\.ts/);
  });

  it('puts X-Request-Id on every response, echoing a sane incoming one', async () => {
    const fresh = await get('/api/v1/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await get('/api/v1/does-not-exist', { 'x-request-id': 'trace-abc-12345' });
    expect(echoed.headers['x-request-id']).toBe('trace-abc-12345');
    expect(echoed.json().meta.request_id).toBe('trace-abc-12345');
    const hostile = await get('/api/v1/health', { 'x-request-id': '<script>alert(1)</script>' });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and a CSP', async () => {
    const response = await get('/api/v1/health');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  describe('access tokens', () => {
    const secret = 'test-secret-that-is-long-enough-for-hs256-signing';
    const claims = () => ({ sub: user.id, sid: user.sessionId, type: 'access', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });

    it('accepts a token it signed (control)', async () => {
      expect((await get('/api/v1/users/me', { authorization: `Bearer ${signed(claims(), secret)}` })).statusCode).toBe(200);
    });

    it.each([
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
      ['a wrong signature', () => signed(claims(), 'another-secret-another-secret-another')],
      ['another algorithm', () => signed(claims(), secret, { alg: 'HS512', typ: 'JWT' })],
      ['an expired token', () => signed({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, secret)],
      ['a refresh-type token', () => signed({ ...claims(), type: 'refresh' }, secret)],
      ['a token of an unknown session', () => signed({ ...claims(), sid: '00000000-0000-4000-8000-000000000000' }, secret)],
      ['garbage', () => 'not.a.jwt'],
    ])('refuses %s with a 401 envelope', async (_, token) => {
      const response = await get('/api/v1/users/me', { authorization: `Bearer ${token()}` });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ ...ENVELOPE, error: { code: 'AUTHENTICATION_ERROR' } });
    });

    it('refuses the token of a deleted user', async () => {
      const doomed = await ctx.newUser();
      await ctx.sql('DELETE FROM users WHERE id = $1', [doomed.id]);
      expect((await get('/api/v1/users/me', { authorization: `Bearer ${doomed.token}` })).statusCode).toBe(401);
    });
  });

  it('the typed client sees the same envelope as ApiError', async () => {
    await expect(ctx.anonymous.call(routes.users.me)).rejects.toMatchObject({ status: 401, code: 'AUTHENTICATION_ERROR' });
  });
});
