import { CSRF_COOKIE, REFRESH_COOKIE, routes } from '@stint/contracts';
import { createTestContext, STRONG_PASSWORD, type TestContext } from '../../../test/support/test-app';
import { failure } from '../../../test/support/failure';
import { CookieJar } from '../../../test/support/inject-fetch';
import { LOCKOUT_MINUTES, SIGN_IN_FAILED } from '../auth.service';

describe('auth', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());
  afterEach(() => ctx.clock.reset());

  describe('POST /api/v1/auth/register', () => {
    it('makes the first account admin and later ones members, ignoring a role in the body', async () => {
      const jar = new CookieJar();
      const first = await ctx.client({ jar }).call(routes.auth.register, {
        body: { email: 'Founder@Example.com', password: STRONG_PASSWORD, full_name: 'Founder', role: 'member' } as never,
      });
      expect(first).toMatchObject({
        token_type: 'bearer',
        expires_in: 900,
        user: { email: 'founder@example.com', role: 'admin', full_name: 'Founder', timezone: 'UTC', is_active: true },
      });
      expect(typeof first.token).toBe('string');
      expect(jar.get(REFRESH_COOKIE)).toBeTruthy();
      expect(jar.get(CSRF_COOKIE)).toBeTruthy();

      const second = await ctx.anonymous.call(routes.auth.register, {
        body: { email: 'second@example.com', password: STRONG_PASSWORD, full_name: 'Second', role: 'admin' } as never,
      });
      expect(second.user.role).toBe('member');
    });

    it('answers 201 and sets the refresh cookie httpOnly, SameSite=Strict, scoped to the auth routes', async () => {
      const response = await ctx.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: 'cookie@example.com', password: STRONG_PASSWORD, full_name: 'Cookie Monster' },
      });
      expect(response.statusCode).toBe(201);
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      const refresh = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!;
      expect(refresh).toMatch(/HttpOnly/);
      expect(refresh).toMatch(/SameSite=Strict/);
      expect(refresh).toMatch(/Path=\/api\/v1\/auth/);
      expect(response.json().refresh_token).toBeUndefined();
      const [{ token_hash }] = await ctx.sql<{ token_hash: string }>(
        `SELECT token_hash FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id JOIN users u ON u.id = s.user_id WHERE u.email = 'cookie@example.com'`,
      );
      const raw = refresh.split(';')[0].split('=')[1];
      expect(token_hash).not.toBe(raw);
      expect(token_hash).toHaveLength(64);
    });

    it('refuses a duplicate email whatever its case with 409', async () => {
      await ctx.newUser({ email: 'dup@example.com' });
      const error = await failure(ctx.anonymous.call(routes.auth.register, { body: { email: 'DUP@Example.COM', password: STRONG_PASSWORD, full_name: 'Dup' } }));
      expect(error.status).toBe(409);
      expect(error.code).toBe('CONFLICT');
    });

    it('lists every broken password rule and bad field in a 422', async () => {
      const error = await failure(ctx.anonymous.call(routes.auth.register, { body: { email: 'not-an-email', password: 'short', full_name: 'X' } }));
      expect(error.status).toBe(422);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(error.fieldErrors).sort()).toEqual(['email', 'full_name', 'password']);
      expect(error.fieldErrors.password).toEqual([
        'Password must be at least 8 characters',
        'Password must contain an uppercase letter',
        'Password must contain a digit',
        expect.stringMatching(/^Password must contain a special character/),
      ]);
    });

    it('says which fields are missing', async () => {
      const error = await failure(ctx.anonymous.call(routes.auth.register, { body: {} as never }));
      expect(error.fieldErrors).toEqual({ email: ['email is required'], password: ['password is required'], full_name: ['full_name is required'] });
    });
  });

  describe('POST /api/v1/auth/login', () => {
    it('signs in, sets last_login and returns the token response', async () => {
      const user = await ctx.newUser();
      await ctx.sql('UPDATE users SET last_login = NULL WHERE id = $1', [user.id]);
      const tokens = await ctx.anonymous.call(routes.auth.login, { body: { email: user.email.toUpperCase(), password: user.password } });
      expect(tokens.user.id).toBe(user.id);
      expect(tokens.user.last_login).not.toBeNull();
      const me = await ctx.client({ token: tokens.token }).call(routes.users.me);
      expect(me.email).toBe(user.email);
    });

    it('answers an unknown email and a wrong password identically', async () => {
      const user = await ctx.newUser();
      const unknown = await failure(ctx.anonymous.call(routes.auth.login, { body: { email: 'nobody@example.com', password: user.password } }));
      const wrong = await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: 'Wrong-Password-1' } }));
      expect([unknown.status, unknown.code, unknown.message]).toEqual([401, 'AUTHENTICATION_ERROR', SIGN_IN_FAILED]);
      expect([wrong.status, wrong.code, wrong.message]).toEqual([401, 'AUTHENTICATION_ERROR', SIGN_IN_FAILED]);
    });

    // Per account and address: the typed client always comes from the same address (inject's 127.0.0.1).
    const addressState = async (userId: string) =>
      (
        await ctx.sql<{ failures: number; locked_until: Date | null }>('SELECT failures, locked_until FROM sign_in_throttles WHERE user_id = $1 AND client = $2', [
          userId,
          '127.0.0.1',
        ])
      )[0];

    it('locks the account for this address for 15 minutes after five failures, even for the right password, then lets it in', async () => {
      const user = await ctx.newUser();
      for (let i = 0; i < 5; i++) {
        await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: 'Wrong-Password-1' } }));
      }
      const row = await addressState(user.id);
      expect(row.failures).toBe(5);
      expect(row.locked_until!.getTime()).toBeGreaterThan(ctx.clock.now().getTime() + (LOCKOUT_MINUTES - 1) * 60_000);

      const locked = await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } }));
      expect(locked.status).toBe(401);

      ctx.clock.advance(LOCKOUT_MINUTES * 60_000 + 1_000);
      const tokens = await ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } });
      expect(tokens.user.id).toBe(user.id);
      expect(await addressState(user.id)).toEqual({ failures: 0, locked_until: null });
      const [after] = await ctx.sql<{ failed_login_attempts: number; locked_until: Date | null }>('SELECT failed_login_attempts, locked_until FROM users WHERE id = $1', [user.id]);
      expect(after).toEqual({ failed_login_attempts: 0, locked_until: null });
    });

    it('starts a fresh count after a lock expires instead of locking again at once', async () => {
      const user = await ctx.newUser();
      for (let i = 0; i < 5; i++) await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: 'Wrong-Password-1' } }));
      ctx.clock.advance(LOCKOUT_MINUTES * 60_000 + 1_000);
      await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: 'Wrong-Password-1' } }));
      expect(await addressState(user.id)).toEqual({ failures: 1, locked_until: null });
      await expect(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } })).resolves.toBeTruthy();
    });

    it('counts parallel wrong guesses from many addresses without losing any', async () => {
      const user = await ctx.newUser();
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'Wrong-Password-1' }, remoteAddress: `192.0.2.${i + 1}` }),
        ),
      );
      const [row] = await ctx.sql<{ failed_login_attempts: number }>('SELECT failed_login_attempts FROM users WHERE id = $1', [user.id]);
      expect(row.failed_login_attempts).toBe(8);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('needs the CSRF header echoing the cookie', async () => {
      const user = await ctx.newUser();
      const error = await failure(ctx.client({ jar: user.jar, csrf: false }).call(routes.auth.refresh));
      expect([error.status, error.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
      const forged = await ctx.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { cookie: user.jar.header('/api/v1/auth'), 'x-csrf-token': 'guessed-value' },
      });
      expect(forged.statusCode).toBe(403);
    });

    it('answers 401 without a session cookie', async () => {
      const jar = new CookieJar();
      jar.set(CSRF_COOKIE, 'abc');
      const error = await failure(ctx.client({ jar }).call(routes.auth.refresh));
      expect(error.status).toBe(401);
    });

    it('rotates the refresh token on every use and gives a working access token', async () => {
      const user = await ctx.newUser();
      const before = user.jar.get(REFRESH_COOKIE);
      const refreshed = await ctx.client({ jar: user.jar }).call(routes.auth.refresh);
      expect(user.jar.get(REFRESH_COOKIE)).not.toBe(before);
      const me = await ctx.client({ token: refreshed.token }).call(routes.users.me);
      expect(me.id).toBe(user.id);
    });

    it('revokes the whole session when a rotated token is presented again', async () => {
      const user = await ctx.newUser();
      const stolen = user.jar.get(REFRESH_COOKIE)!;
      const refreshed = await ctx.client({ jar: user.jar }).call(routes.auth.refresh);

      const attacker = new CookieJar();
      attacker.set(REFRESH_COOKIE, stolen, '/api/v1/auth');
      attacker.set(CSRF_COOKIE, 'x');
      const reuse = await failure(ctx.client({ jar: attacker }).call(routes.auth.refresh));
      expect(reuse.status).toBe(401);
      expect(reuse.message).toMatch(/already used/);

      // The legitimate holder's newer token and access token die with the family.
      const legit = await failure(ctx.client({ jar: user.jar }).call(routes.auth.refresh));
      expect(legit.status).toBe(401);
      const access = await failure(ctx.client({ token: refreshed.token }).call(routes.users.me));
      expect(access.status).toBe(401);
      const [session] = await ctx.sql<{ revoke_reason: string }>('SELECT revoke_reason FROM sessions WHERE id = $1', [user.sessionId]);
      expect(session.revoke_reason).toBe('refresh_reuse');
    });

    it('refuses an expired refresh token', async () => {
      const user = await ctx.newUser();
      ctx.clock.advance(ctx.config.jwt.refreshTokenDays * 86_400_000 + 60_000);
      const error = await failure(ctx.client({ jar: user.jar }).call(routes.auth.refresh));
      expect(error.status).toBe(401);
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('makes the access and refresh tokens unusable at once', async () => {
      const user = await ctx.newUser();
      const refreshToken = user.jar.get(REFRESH_COOKIE)!;
      await expect(user.api.call(routes.auth.logout)).resolves.toEqual({ success: true });
      expect(user.jar.get(REFRESH_COOKIE)).toBeUndefined();
      expect((await failure(user.api.call(routes.users.me))).status).toBe(401);
      const replay = new CookieJar();
      replay.set(REFRESH_COOKIE, refreshToken, '/api/v1/auth');
      replay.set(CSRF_COOKIE, 'csrf');
      expect((await failure(ctx.client({ jar: replay }).call(routes.auth.refresh))).status).toBe(401);
    });

    it('ends the session by cookie (with CSRF) when the access token has expired', async () => {
      const user = await ctx.newUser();
      const noCsrf = await ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: user.jar.header('/api/v1/auth') } });
      expect(noCsrf.statusCode).toBe(403);
      await ctx.client({ jar: user.jar }).call(routes.auth.logout);
      const [session] = await ctx.sql<{ revoke_reason: string }>('SELECT revoke_reason FROM sessions WHERE id = $1', [user.sessionId]);
      expect(session.revoke_reason).toBe('logout');
    });
  });
});
