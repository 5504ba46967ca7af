import { routes } from '@stint/contracts';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createTestContext, type TestContext } from '../support/test-app';

describe('boot', () => {
  it('stops with one line naming a bad variable', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'main.js')], {
      env: { PATH: process.env.PATH, API_PORT: 'eighty', STINT_DATA_DIR: '/tmp/stint-boot-test' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: API_PORT must be a whole number (got "eighty")');
  });
});

describe('logs and CORS', () => {
  let ctx: TestContext;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'info', redact: ['req.headers.authorization'] }, sink);
    ctx = await createTestContext({ CORS_ORIGINS: 'https://app.example.com' }, { logger });
  });
  afterAll(() => ctx.close());

  it('writes one JSON line per request with request_id and user_id, and never a password, hash or token', async () => {
    const user = await ctx.newUser({ password: 'Very-Secret-Pass-77' });
    await ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: 'Very-Secret-Pass-77' } });
    await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${user.token}`, 'x-request-id': 'log-check-0001' } });
    const entries = lines.map((line) => JSON.parse(line));
    const me = entries.find((e) => e.request_id === 'log-check-0001');
    expect(me).toMatchObject({ msg: 'request completed', user_id: user.id, route: '/api/v1/users/me', status: 200, method: 'GET' });
    const [{ password_hash }] = await ctx.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    const all = lines.join('\n');
    expect(all).not.toContain('Very-Secret-Pass-77');
    expect(all).not.toContain(password_hash);
    expect(all).not.toContain(user.token);
    expect(all).not.toContain(user.jar.get('stint_refresh')!);
  });

  it('answers CORS preflights for the configured origins only', async () => {
    const allowed = await ctx.fastify.inject({
      method: 'OPTIONS',
      url: '/api/v1/users/me',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await ctx.fastify.inject({ method: 'OPTIONS', url: '/api/v1/users/me', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
