import { CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, REFRESH_COOKIE_PATH, routes } from '@stint/contracts';
import { createHmac, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SessionsService } from '../../src/auth/sessions.service';
import { openApiDocument } from '../../src/bootstrap';
import { failure } from '../support/failure';
import { CookieJar } from '../support/inject-fetch';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';

/**
 * Attacks on the access/refresh tokens and the cookie-authenticated routes (OWASP ASVS 5.0
 * V9 self-contained tokens, V7 session management, V3.5 CSRF). Tokens are crafted by hand
 * with node:crypto so the test doesn't share a JWT library (or its bugs) with the app.
 */

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function hmacSigned(claims: object, key: string | Buffer, header: object = { alg: 'HS256', typ: 'JWT' }, hash = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac(hash, key).update(unsigned).digest('base64url')}`;
}

function rsaSigned(claims: object, privateKey: string, header: object): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

const ENVELOPE_401 = {
  success: false,
  error: { code: 'AUTHENTICATION_ERROR', message: expect.any(String) },
  meta: { request_id: expect.any(String), timestamp: expect.stringMatching(/Z$/) },
};

/** What a thief who copied the browser's cookies holds. */
function copyJar(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  copy.set(REFRESH_COOKIE, jar.get(REFRESH_COOKIE)!, REFRESH_COOKIE_PATH);
  copy.set(CSRF_COOKIE, jar.get(CSRF_COOKIE)!);
  return copy;
}

function setCookies(response: LightMyRequestResponse): string[] {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []);
}

describe('security: access tokens, refresh tokens and CSRF', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let victim: TestUser;
  let secret: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newAdmin();
    victim = await ctx.newUser();
    secret = ctx.config.jwt.secret;
  });
  afterAll(() => ctx.close());

  /** The claims type every forgery carries: 'access' for bearer tokens, 'stream' when aimed at `?ticket=`. */
  let forgedType = 'access';
  // Stream tickets are single-use, identified by their jti: a well-signed one carries a fresh one.
  const validClaims = (user: TestUser = victim) => ({
    sub: user.id,
    sid: user.sessionId,
    type: forgedType,
    iat: now(),
    exp: now() + 600,
    ...(forgedType === 'stream' ? { jti: randomUUID() } : {}),
  });
  const bearer = (url: string, token: string) => ctx.fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const me = (token: string) => bearer('/api/v1/users/me', token);

  async function expect401(response: LightMyRequestResponse): Promise<void> {
    expect(response.statusCode).toBe(401);
    const body = response.json();
    expect(body).toMatchObject(ENVELOPE_401);
    expect(body.error).toHaveProperty('details');
  }

  describe('forged and misused access tokens', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const attackerJwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });

    it('accepts a hand-signed token with the app key and the right claims (control: the forgeries below differ in one thing each)', async () => {
      const response = await me(hmacSigned(validClaims(), secret));
      expect(response.statusCode).toBe(200);
      expect(response.json().id).toBe(victim.id);
    });

    const forgeries: Array<[string, () => string]> = [
      ['alg "none" with no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`],
      ['alg "None" with no signature', () => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(validClaims())}.`],
      ['alg "NONE" with the real signature kept', () => `${b64({ alg: 'NONE', typ: 'JWT' })}.${b64(validClaims())}.${hmacSigned(validClaims(), secret).split('.')[2]}`],
      ['alg "none" without the trailing dot', () => `${b64({ alg: 'none' })}.${b64(validClaims())}`],
      ['HS256 signed with a wrong key', () => hmacSigned(validClaims(), 'an-attacker-guess-that-is-long-enough-for-hs256')],
      ['HS256 signed with an empty key', () => hmacSigned(validClaims(), '')],
      [
        'a payload tampered after signing (sub swapped to the admin)',
        () => {
          const [header, , signature] = hmacSigned(validClaims(), secret).split('.');
          return `${header}.${b64({ ...validClaims(), sub: admin.id, sid: admin.sessionId })}.${signature}`;
        },
      ],
      ['a signature stripped off a valid token', () => `${hmacSigned(validClaims(), secret).split('.').slice(0, 2).join('.')}.`],
      ['the right key under another HMAC algorithm (HS512)', () => hmacSigned(validClaims(), secret, { alg: 'HS512', typ: 'JWT' }, 'sha512')],
      ['a genuine RS256 token from a key the app never trusted', () => rsaSigned(validClaims(), privateKey, { alg: 'RS256', typ: 'JWT' })],
      ['RS256/HS256 confusion: header RS256, HMAC-signed with the app secret', () => hmacSigned(validClaims(), secret, { alg: 'RS256', typ: 'JWT' })],
      ['RS256/HS256 confusion: HS256 keyed with a public key PEM', () => hmacSigned(validClaims(), publicKey, { alg: 'HS256', typ: 'JWT' })],
      ['an embedded attacker JWK in the header', () => rsaSigned(validClaims(), privateKey, { alg: 'RS256', typ: 'JWT', jwk: attackerJwk })],
      ['a kid pointing at an empty file, signed with an empty key', () => hmacSigned(validClaims(), '', { alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' })],
      ['an expired token (exp one minute ago)', () => hmacSigned({ ...validClaims(), iat: now() - 960, exp: now() - 60 }, secret)],
      ['a token not valid yet (nbf in an hour)', () => hmacSigned({ ...validClaims(), nbf: now() + 3600 }, secret)],
      ['a refresh-type token', () => hmacSigned({ ...validClaims(), type: 'refresh' }, secret)],
      ['a stream-ticket-type token', () => hmacSigned({ ...validClaims(), type: 'stream' }, secret)],
      ['a token without a type claim', () => hmacSigned({ sub: victim.id, sid: victim.sessionId, iat: now(), exp: now() + 600 }, secret)],
      ['a type claim in another case ("ACCESS")', () => hmacSigned({ ...validClaims(), type: 'ACCESS' }, secret)],
      ['a type claim as an array', () => hmacSigned({ ...validClaims(), type: ['access'] }, secret)],
      ["a token naming another user's session", () => hmacSigned({ ...validClaims(), sid: admin.sessionId }, secret)],
      ['a token of an unknown session', () => hmacSigned({ ...validClaims(), sid: randomUUID() }, secret)],
      ['a token of an unknown user', () => hmacSigned({ ...validClaims(), sub: randomUUID() }, secret)],
      ['a sid that is not a UUID (SQL text)', () => hmacSigned({ ...validClaims(), sid: "' OR '1'='1" }, secret)],
      ['garbage', () => 'not.a.jwt'],
      [
        'a JSON payload that is not an object',
        () =>
          `${b64({ alg: 'HS256' })}.${Buffer.from('"x"').toString('base64url')}.${createHmac('sha256', secret)
            .update(`${b64({ alg: 'HS256' })}.${Buffer.from('"x"').toString('base64url')}`)
            .digest('base64url')}`,
      ],
    ];

    const MISMATCHED_CLAIMS = ["a token naming another user's session", 'a token of an unknown user', 'a sid that is not a UUID (SQL text)'];

    it.each(forgeries)('refuses %s with a 401 envelope', async (_, token) => {
      await expect401(await me(token()));
    });

    it('refuses the same forgeries on the routes that verify tokens themselves (both streams, logout)', async () => {
      // A stream that accepts a token stays open: give up on it after two seconds and call it that.
      const within = (promise: Promise<LightMyRequestResponse>) =>
        Promise.race([promise.then((r) => r.statusCode), new Promise<string>((resolve) => setTimeout(() => resolve('stream open'), 2000))]);
      const timerStream = (token: string) => within(bearer('/api/v1/time-tracking/stream', token));
      const alertStream = (token: string) => within(bearer('/api/v1/budget-alerts/stream', token));
      const ticketStream = (token: string) => within(ctx.fastify.inject({ method: 'GET', url: `/api/v1/time-tracking/stream?ticket=${encodeURIComponent(token)}` }));

      // Controls: a well-signed token of the right type opens each stream.
      expect(await timerStream(hmacSigned(validClaims(), secret))).toBe('stream open');
      expect(await alertStream(hmacSigned(validClaims(admin), secret))).toBe('stream open');
      expect(await ticketStream(hmacSigned({ ...validClaims(), type: 'stream', jti: randomUUID() }, secret))).toBe('stream open');

      for (const [name, token] of forgeries) {
        const asBearer = token();
        const asAdmin = asBearer; // the alert stream is for admins: a member's forgery would show as 403, an accepted one never as 401
        forgedType = 'stream';
        const asTicket = name === 'a stream-ticket-type token' ? null : token();
        forgedType = 'access';
        const results = [await timerStream(asBearer), await alertStream(asAdmin), asTicket === null ? 401 : await ticketStream(asTicket)];
        expect([name, ...results]).toEqual([name, 401, 401, 401]);
      }
      // A forged, expired or mistyped bearer can't end a session through logout (which is public).
      // Left out: key-signed tokens pairing a user with a session not theirs, which only a holder of the key could make.
      for (const [name, token] of forgeries) {
        if (MISMATCHED_CLAIMS.includes(name)) continue;
        const response = await ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token()}` } });
        expect([name, response.statusCode]).toEqual([name, 200]);
      }
      expect((await me(victim.token)).statusCode).toBe(200);
      expect((await me(admin.token)).statusCode).toBe(200);
      expect(await ctx.sql('SELECT revoked_at FROM sessions WHERE id = ANY($1)', [[victim.sessionId, admin.sessionId]])).toEqual([{ revoked_at: null }, { revoked_at: null }]);
    });

    it('refuses a stream ticket used as an access token, and an access token used as a ticket', async () => {
      const user = await ctx.newUser();
      const { ticket } = await user.api.call(routes.timeTracking.streamTicket);
      await expect401(await me(ticket));
      await expect401(await ctx.fastify.inject({ method: 'GET', url: `/api/v1/time-tracking/stream?ticket=${encodeURIComponent(user.token)}` }));
    });

    it('takes the access token from the Authorization header only, never from a cookie or the query string', async () => {
      const user = await ctx.newUser();
      await expect401(await ctx.fastify.inject({ method: 'GET', url: `/api/v1/users/me?access_token=${user.token}` }));
      await expect401(await ctx.fastify.inject({ method: 'GET', url: '/api/v1/users/me', headers: { cookie: `access_token=${user.token}; token=${user.token}` } }));
      // Nor on the live streams, which take a single-use ticket in the URL instead (a user's token would open the timer stream, never answer 401).
      for (const stream of ['/api/v1/time-tracking/stream', '/api/v1/budget-alerts/stream']) {
        await expect401(await ctx.fastify.inject({ method: 'GET', url: `${stream}?access_token=${user.token}` }));
      }
    });

    it('refuses the opaque refresh token presented as a bearer token, and an access token presented as the refresh cookie', async () => {
      const user = await ctx.newUser();
      await expect401(await me(user.jar.get(REFRESH_COOKIE)!));
      const jar = new CookieJar();
      jar.set(REFRESH_COOKIE, user.token, REFRESH_COOKIE_PATH);
      jar.set(CSRF_COOKIE, 'csrf-value');
      const error = await failure(ctx.client({ jar }).call(routes.auth.refresh));
      expect([error.status, error.code]).toEqual([401, 'AUTHENTICATION_ERROR']);
    });
  });

  describe('tokens whose session or user has ended', () => {
    it('refuses the access token and the refresh cookie of a deactivated user at once', async () => {
      const user = await ctx.newUser();
      expect((await me(user.token)).statusCode).toBe(200);
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: false } });
      await expect401(await me(user.token));
      // Even a token freshly hand-signed for the old session: the session check, not the signature, is what ends it.
      await expect401(await me(hmacSigned(validClaims(user), secret)));
      const error = await failure(ctx.client({ jar: user.jar }).call(routes.auth.refresh));
      expect(error.status).toBe(401);
      // Reactivation doesn't resurrect the old sessions.
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: true } });
      await expect401(await me(user.token));
    });

    it('refuses a user deactivated directly in the database (no session revocation ran)', async () => {
      const user = await ctx.newUser();
      await ctx.sql('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
      await expect401(await me(user.token));
      expect((await failure(ctx.client({ jar: user.jar }).call(routes.auth.refresh))).status).toBe(401);
    });

    it('refuses the tokens of a user whose row was deleted', async () => {
      const user = await ctx.newUser();
      const refreshJar = user.jar;
      await ctx.sql('DELETE FROM users WHERE id = $1', [user.id]);
      await expect401(await me(user.token));
      await expect401(await me(hmacSigned(validClaims(user), secret)));
      expect((await failure(ctx.client({ jar: refreshJar }).call(routes.auth.refresh))).status).toBe(401);
    });

    it('refuses the tokens of a user who erased their own account (DELETE /users/me)', async () => {
      const user = await ctx.newUser();
      const stolen = copyJar(user.jar);
      const second = await ctx.client().call(routes.auth.login, { body: { email: user.email, password: user.password } });
      await user.api.call(routes.privacy.deleteMe, { body: { password: user.password } });
      for (const token of [user.token, second.token, hmacSigned(validClaims(user), secret)]) await expect401(await me(token));
      expect((await failure(ctx.client({ jar: stolen }).call(routes.auth.refresh))).status).toBe(401);
      expect((await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } }))).status).toBe(401);
    });

    it('refuses the tokens of a user an admin erased (DELETE /users/:id)', async () => {
      const user = await ctx.newUser();
      await admin.api.call(routes.privacy.deleteUser, { params: { id: user.id }, body: { password: admin.password } });
      await expect401(await me(user.token));
      expect((await failure(ctx.client({ jar: user.jar }).call(routes.auth.refresh))).status).toBe(401);
      expect((await failure(ctx.anonymous.call(routes.auth.login, { body: { email: user.email, password: user.password } }))).status).toBe(401);
    });

    it("refuses the tokens of a session ended by logout, while the user's other session lives on", async () => {
      const user = await ctx.newUser();
      const second = await ctx.client().call(routes.auth.login, { body: { email: user.email, password: user.password } });
      await user.api.call(routes.auth.logout);
      await expect401(await me(user.token));
      await expect401(await me(hmacSigned(validClaims(user), secret)));
      expect((await me(second.token)).statusCode).toBe(200);
    });
  });

  describe('refresh token rotation and reuse', () => {
    async function refreshWith(token: string): Promise<LightMyRequestResponse> {
      return ctx.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { cookie: `${REFRESH_COOKIE}=${token}; ${CSRF_COOKIE}=c`, [CSRF_HEADER]: 'c' },
      });
    }
    const refreshCookieOf = (response: LightMyRequestResponse) =>
      setCookies(response)
        .find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!
        .split(';')[0]
        .slice(REFRESH_COOKIE.length + 1);

    it('revokes the whole family when an old refresh token is replayed after several rotations', async () => {
      const user = await ctx.newUser();
      const other = await ctx.client().call(routes.auth.login, { body: { email: user.email, password: user.password } });
      const first = user.jar.get(REFRESH_COOKIE)!;
      const accessTokens = [user.token];
      let current = first;
      for (let i = 0; i < 3; i++) {
        const rotated = await refreshWith(current);
        expect(rotated.statusCode).toBe(200);
        accessTokens.push(rotated.json().token);
        current = refreshCookieOf(rotated);
      }
      for (const token of accessTokens) expect((await me(token)).statusCode).toBe(200);

      const replay = await refreshWith(first);
      await expect401(replay);
      expect(replay.json().error.message).toMatch(/already used/);
      // The replay answer also clears the attacker's cookies.
      expect(setCookies(replay).find((c) => c.startsWith(`${REFRESH_COOKIE}=`))).toMatch(/Expires=Thu, 01 Jan 1970/);

      // Every token of the family is dead: the newest refresh token and every access token.
      await expect401(await refreshWith(current));
      for (const token of accessTokens) await expect401(await me(token));
      const [session] = await ctx.sql<{ revoke_reason: string }>('SELECT revoke_reason FROM sessions WHERE id = $1', [user.sessionId]);
      expect(session.revoke_reason).toBe('refresh_reuse');
      // Another sign-in of the same person is another family and keeps working.
      expect((await me(other.token)).statusCode).toBe(200);
    });

    it('lets at most one of two simultaneous uses of one refresh token win, and then ends the family', async () => {
      const user = await ctx.newUser();
      const token = user.jar.get(REFRESH_COOKIE)!;
      const results = await Promise.all([refreshWith(token), refreshWith(token)]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 401]);
      const winner = results.find((r) => r.statusCode === 200)!;
      await expect401(await me(winner.json().token));
      await expect401(await refreshWith(refreshCookieOf(winner)));
    });

    it('refuses an unknown refresh token and a token of a revoked session without touching other sessions', async () => {
      await expect401(await refreshWith('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
      expect((await me(victim.token)).statusCode).toBe(200);
    });
  });

  describe('CSRF on cookie-authenticated routes', () => {
    /**
     * Finds the routes that authenticate by cookie from the running app itself: every
     * operation of its OpenAPI document is called without credentials and with a live
     * session's cookies (each time a fresh session, never a bearer token), both without
     * and with a matching CSRF pair. A route reads the cookies if its answer changes with
     * them, or if the call used or ended the session.
     */
    async function cookieAuthenticatedRoutes(): Promise<{ found: string[]; refusedWithoutCsrf: string[] }> {
      const document = openApiDocument(ctx.app);
      const probe = await ctx.newUser();
      const sessions = ctx.app.get(SessionsService);
      const found: string[] = [];
      const refusedWithoutCsrf: string[] = [];
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const method of Object.keys(operations)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          const url = path.replace(/\{[^}]+\}/g, randomUUID());
          const request = (headers: Record<string, string>) =>
            ctx.fastify.inject({
              method: method.toUpperCase() as 'GET',
              url,
              headers: { 'content-type': 'application/json', ...headers },
              payload: method === 'get' ? undefined : '{}',
            });
          const session = await sessions.start(probe.id, {});
          const untouched = async () =>
            (
              await ctx.sql<{ n: number }>(
                'SELECT count(*)::int AS n FROM sessions s JOIN refresh_tokens t ON t.session_id = s.id WHERE s.id = $1 AND s.revoked_at IS NULL AND t.used_at IS NULL',
                [session.sessionId],
              )
            )[0].n === 1;
          const anonymous = await request({});
          const cookiesOnly = await request({ cookie: `${REFRESH_COOKIE}=${session.token}; ${CSRF_COOKIE}=probe` });
          const cookiesOnlyLeftSession = await untouched();
          const csrfPairOnly = await request({ cookie: `${CSRF_COOKIE}=probe`, [CSRF_HEADER]: 'probe' });
          const withCsrf = await request({ cookie: `${REFRESH_COOKIE}=${session.token}; ${CSRF_COOKIE}=probe`, [CSRF_HEADER]: 'probe' });
          const readsCookies = anonymous.statusCode !== cookiesOnly.statusCode || csrfPairOnly.statusCode !== withCsrf.statusCode || !(await untouched());
          const name = `${method.toUpperCase()} ${path}`;
          if (readsCookies) found.push(name);
          if (readsCookies && cookiesOnly.statusCode === 403 && cookiesOnlyLeftSession) refusedWithoutCsrf.push(name);
        }
      }
      return { found: found.sort(), refusedWithoutCsrf: refusedWithoutCsrf.sort() };
    }

    it('finds exactly refresh and logout reading the session cookies, and refuses both without the CSRF header', async () => {
      const { found, refusedWithoutCsrf } = await cookieAuthenticatedRoutes();
      expect(found).toEqual(['POST /api/v1/auth/logout', 'POST /api/v1/auth/refresh']);
      expect(refusedWithoutCsrf).toEqual(found);
    });

    it.each([
      ['POST', '/api/v1/auth/refresh'],
      ['POST', '/api/v1/auth/logout'],
    ])('%s %s: 403 without, with a wrong, or with a cookie-less CSRF token; OK with the right one', async (method, url) => {
      const user = await ctx.newUser();
      const csrf = user.jar.get(CSRF_COOKIE)!;
      const refresh = user.jar.get(REFRESH_COOKIE)!;
      const send = (headers: Record<string, string>) => ctx.fastify.inject({ method: method as 'POST', url, headers });
      const attempts: Array<Record<string, string>> = [
        { cookie: `${REFRESH_COOKIE}=${refresh}; ${CSRF_COOKIE}=${csrf}` },
        { cookie: `${REFRESH_COOKIE}=${refresh}; ${CSRF_COOKIE}=${csrf}`, [CSRF_HEADER]: `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
        { cookie: `${REFRESH_COOKIE}=${refresh}; ${CSRF_COOKIE}=${csrf}`, [CSRF_HEADER]: '' },
        { cookie: `${REFRESH_COOKIE}=${refresh}`, [CSRF_HEADER]: csrf },
        { cookie: `${REFRESH_COOKIE}=${refresh}; ${CSRF_COOKIE}=`, [CSRF_HEADER]: '' },
      ];
      for (const headers of attempts) {
        const response = await send(headers);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ success: false, error: { code: 'AUTHORIZATION_ERROR' } });
      }
      // None of the refused attempts used or ended the session.
      expect(await ctx.sql('SELECT revoked_at FROM sessions WHERE id = $1', [user.sessionId])).toEqual([{ revoked_at: null }]);
      expect(await ctx.sql('SELECT count(*)::int AS used FROM refresh_tokens WHERE session_id = $1 AND used_at IS NOT NULL', [user.sessionId])).toEqual([{ used: 0 }]);

      const ok = await send({ cookie: `${REFRESH_COOKIE}=${refresh}; ${CSRF_COOKIE}=${csrf}`, [CSRF_HEADER]: csrf });
      expect(ok.statusCode).toBe(200);
      if (url.endsWith('/logout')) await expect401(await me(user.token));
      else expect((await me(ok.json().token)).statusCode).toBe(200);
    });
  });

  describe('session cookie attributes', () => {
    function attributes(cookie: string): Record<string, string | true> {
      const [, ...parts] = cookie.split(';').map((p) => p.trim());
      return Object.fromEntries(
        parts.map((p) => {
          const [k, v] = p.split('=');
          return [k.toLowerCase(), v ?? true];
        }),
      );
    }

    async function cookiesOf(context: TestContext) {
      const register = await context.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: `cookies.${randomUUID()}@example.com`, password: 'Correct-Horse-9', full_name: 'Cookie Check' },
      });
      expect(register.statusCode).toBe(201);
      const cookies = setCookies(register);
      const refresh = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!;
      const csrf = cookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`))!;
      const logout = await context.fastify.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Bearer ${register.json().token}` },
      });
      return { refresh: attributes(refresh), csrf: attributes(csrf), cleared: setCookies(logout).map(attributes) };
    }

    it('outside production: refresh cookie HttpOnly, SameSite=Strict, Path=/api/v1/auth; CSRF cookie readable by the SPA, SameSite=Strict', async () => {
      const { refresh, csrf } = await cookiesOf(ctx);
      expect(refresh).toMatchObject({ httponly: true, samesite: 'Strict', path: REFRESH_COOKIE_PATH });
      expect(refresh.secure).toBeUndefined();
      expect(csrf).toMatchObject({ samesite: 'Strict', path: '/' });
      expect(csrf.httponly).toBeUndefined();
    });

    it('in production: both cookies are Secure too, and logout clears them with the same attributes', async () => {
      const production = await createTestContext({ NODE_ENV: 'production' });
      try {
        const { refresh, csrf, cleared } = await cookiesOf(production);
        expect(refresh).toMatchObject({ httponly: true, secure: true, samesite: 'Strict', path: REFRESH_COOKIE_PATH });
        expect(csrf).toMatchObject({ secure: true, samesite: 'Strict', path: '/' });
        expect(cleared).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ httponly: true, secure: true, samesite: 'Strict', path: REFRESH_COOKIE_PATH, expires: 'Thu, 01 Jan 1970 00:00:00 GMT' }),
            expect.objectContaining({ secure: true, samesite: 'Strict', path: '/', expires: 'Thu, 01 Jan 1970 00:00:00 GMT' }),
          ]),
        );
      } finally {
        await production.close();
      }
    });
  });
});
