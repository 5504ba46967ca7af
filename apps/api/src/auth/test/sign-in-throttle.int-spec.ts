import { PASSWORD_MAX_BYTES, routes } from '@stint/contracts';
import * as bcrypt from 'bcrypt';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { failure } from '../../../test/support/failure';
import { SIGN_IN_FAILED } from '../auth.service';
import { ACCOUNT_BACKOFF_AFTER, ACCOUNT_BACKOFF_MAX_SECONDS, clientKey, LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS } from '../sign-in-throttle';

const NOW = new Date('2031-05-06T09:00:00.000Z');
const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.7';
const WRONG = 'Wrong-Password-1';

describe('sign-in throttling that cannot lock the owner out (issue 12, item 7)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.newUser({ full_name: 'First Admin' });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const login = (email: string, password: string, ip: string, userAgent = 'jest-agent'): Promise<LightMyRequestResponse> =>
    ctx.fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip, headers: { 'user-agent': userAgent } });
  const expectFailedSignIn = (response: LightMyRequestResponse) => {
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ success: false, error: { code: 'AUTHENTICATION_ERROR', message: SIGN_IN_FAILED, details: null } });
  };
  const advance = (ms: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + ms));

  describe('POST /api/v1/auth/login', () => {
    it(`locks only the attacker's address after ${MAX_FAILED_ATTEMPTS} failures: the owner signs in from theirs at once`, async () => {
      const owner = await ctx.newUser();
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) expectFailedSignIn(await login(owner.email, WRONG, ATTACKER));
      // The attacker's address is locked, even with the right password (the spec's lockout)…
      expectFailedSignIn(await login(owner.email, owner.password, ATTACKER));
      // …but the owner, from another address, is not.
      expect((await login(owner.email, owner.password, OWNER)).statusCode).toBe(200);
    });

    it('keeps an address locked for 15 minutes whatever it sends meanwhile, then lets the right password in and clears its count', async () => {
      const owner = await ctx.newUser();
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await login(owner.email, WRONG, ATTACKER);
      for (let minute = 3; minute < LOCKOUT_MINUTES; minute += 3) {
        advance(3 * 60_000);
        expectFailedSignIn(await login(owner.email, WRONG, ATTACKER));
      }
      ctx.clock.set(new Date(NOW.getTime() + LOCKOUT_MINUTES * 60_000 - 1_000));
      expectFailedSignIn(await login(owner.email, owner.password, ATTACKER));
      ctx.clock.set(new Date(NOW.getTime() + LOCKOUT_MINUTES * 60_000 + 1_000));
      expect((await login(owner.email, owner.password, ATTACKER)).statusCode).toBe(200);
      // The success cleared this address's count: four more failures don't lock it.
      for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await login(owner.email, WRONG, ATTACKER);
      expect((await login(owner.email, owner.password, ATTACKER)).statusCode).toBe(200);
    });

    it('forgets failures older than the 15-minute window, so occasional typos never add up to a lock', async () => {
      const owner = await ctx.newUser();
      for (let i = 0; i < 3 * MAX_FAILED_ATTEMPTS; i++) {
        await login(owner.email, WRONG, OWNER);
        advance(LOCKOUT_MINUTES * 60_000 + 1_000);
      }
      expect((await login(owner.email, owner.password, OWNER)).statusCode).toBe(200);
    });

    it('counts parallel wrong guesses from one address without losing any', async () => {
      const owner = await ctx.newUser();
      await Promise.all(Array.from({ length: 8 }, () => login(owner.email, WRONG, ATTACKER)));
      const [address] = await ctx.sql<{ failures: number }>('SELECT failures FROM sign_in_throttles WHERE user_id = $1 AND client = $2', [owner.id, ATTACKER]);
      const [account] = await ctx.sql<{ failed_login_attempts: number }>('SELECT failed_login_attempts FROM users WHERE id = $1', [owner.id]);
      // Some of the eight may have been read before the lock started and counted after it: never fewer than the limit.
      expect(address.failures).toBeGreaterThanOrEqual(MAX_FAILED_ATTEMPTS);
      expect(account.failed_login_attempts).toBe(address.failures);
    });

    it(`slows guesses from many addresses account-wide (≤ ${ACCOUNT_BACKOFF_MAX_SECONDS} s), never for an address the owner signed in from`, async () => {
      const owner = await ctx.newUser();
      expect((await login(owner.email, owner.password, OWNER)).statusCode).toBe(200);
      const botnet = (i: number) => `192.0.2.${i + 1}`;
      // Two guesses per address, from 12 addresses, each when the back-off allows: no address ever gets locked.
      const GUESSES = 24;
      let held = 0;
      for (let i = 0; i < GUESSES; i++) {
        const response = await login(owner.email, WRONG, botnet(i % 12));
        expectFailedSignIn(response);
        const [{ locked_until: until }] = await ctx.sql<{ locked_until: Date | null }>('SELECT locked_until FROM users WHERE id = $1', [owner.id]);
        if (until) {
          const wait = until.getTime() - ctx.clock.now().getTime();
          expect(wait).toBeLessThanOrEqual(ACCOUNT_BACKOFF_MAX_SECONDS * 1_000);
          held = Math.max(held, wait);
          advance(Math.max(wait, 0) + 1);
        }
      }
      expect(held).toBe(ACCOUNT_BACKOFF_MAX_SECONDS * 1_000);
      const [{ failed_login_attempts: counted }] = await ctx.sql<{ failed_login_attempts: number }>('SELECT failed_login_attempts FROM users WHERE id = $1', [owner.id]);
      expect(counted).toBe(GUESSES);

      // One more guess starts a back-off: a new address is held, even with the right password…
      await login(owner.email, WRONG, botnet(20));
      expectFailedSignIn(await login(owner.email, owner.password, '192.0.2.200'));
      // …the owner's familiar address is not, and the success ends the back-off for everyone.
      expect((await login(owner.email, owner.password, OWNER)).statusCode).toBe(200);
      expect((await login(owner.email, owner.password, '192.0.2.201')).statusCode).toBe(200);
    }, 120_000);

    it('holds a new address during the back-off only until it ends', async () => {
      const owner = await ctx.newUser();
      for (let i = 0; i < ACCOUNT_BACKOFF_AFTER + 1; i++) {
        await login(owner.email, WRONG, `192.0.2.${i + 1}`);
        advance(2_000);
      }
      advance(-2_000);
      // The 11th failure started a back-off of 1 s.
      expectFailedSignIn(await login(owner.email, owner.password, '192.0.2.250'));
      advance(1_001);
      expect((await login(owner.email, owner.password, '192.0.2.250')).statusCode).toBe(200);
    });

    it("answers a deactivated account's right password exactly like a wrong one", async () => {
      const admin = await ctx.newUser();
      await ctx.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [admin.id]);
      const user = await ctx.newUser();
      await admin.api.call(routes.users.update, { params: { id: user.id }, body: { is_active: false } });
      const right = await login(user.email, user.password, OWNER);
      const wrong = await login(user.email, WRONG, '198.51.100.8');
      expectFailedSignIn(right);
      expectFailedSignIn(wrong);
      expect(Object.keys(right.json().error)).toEqual(Object.keys(wrong.json().error));
    });
  });

  describe('passwords over bcrypt’s 72 bytes', () => {
    const ascii87 = `Aa1!${'x'.repeat(83)}`;
    // 40 characters but 74 bytes: 34 two-byte letters.
    const multiByte = `Aa1!é${'é'.repeat(33)}zz`;

    it('are refused with 422 naming the limit on registration (ASCII and multi-byte)', async () => {
      expect(Buffer.byteLength(multiByte)).toBeGreaterThan(PASSWORD_MAX_BYTES);
      expect(multiByte.length).toBeLessThan(PASSWORD_MAX_BYTES);
      for (const password of [ascii87, multiByte]) {
        const error = await failure(ctx.anonymous.call(routes.auth.register, { body: { email: `long.${password.length}@example.com`, password, full_name: 'Long Password' } }));
        expect([error.status, error.code]).toEqual([422, 'VALIDATION_ERROR']);
        expect(error.fieldErrors.password).toEqual([expect.stringContaining(`at most ${PASSWORD_MAX_BYTES} bytes`)]);
      }
      // Exactly 72 bytes is fine.
      const exact = `Aa1!${'é'.repeat(34)}`;
      expect(Buffer.byteLength(exact)).toBe(PASSWORD_MAX_BYTES);
      await expect(ctx.anonymous.call(routes.auth.register, { body: { email: 'exact72@example.com', password: exact, full_name: 'Exact Fit' } })).resolves.toBeTruthy();
    });

    it('are refused with 422 as a new password', async () => {
      const user = await ctx.newUser();
      const error = await failure(user.api.call(routes.users.changePassword, { body: { current_password: user.password, new_password: ascii87 } }));
      expect([error.status, error.code]).toEqual([422, 'VALIDATION_ERROR']);
      expect(error.fieldErrors.new_password).toEqual([expect.stringContaining(`${PASSWORD_MAX_BYTES} bytes`)]);
    });

    it('never sign in on an existing hash of their first 72 bytes; the stored prefix itself still works', async () => {
      const user = await ctx.newUser();
      // A hash made before the limit from an 87-character password: bcrypt kept only its first 72 bytes.
      await ctx.sql('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, await bcrypt.hash(ascii87, 4)]);
      expectFailedSignIn(await login(user.email, ascii87, OWNER));
      expectFailedSignIn(await login(user.email, `${ascii87.slice(0, 72)}any-other-tail`, OWNER));
      expect((await login(user.email, ascii87.slice(0, 72), OWNER)).statusCode).toBe(200);
    });
  });

  describe('clientKey', () => {
    it('keeps IPv4, unwraps IPv4-mapped IPv6, and groups IPv6 by /64', () => {
      expect(clientKey('203.0.113.5')).toBe('203.0.113.5');
      expect(clientKey('::ffff:203.0.113.5')).toBe('203.0.113.5');
      expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
      expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
      expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
      expect(clientKey(undefined)).toBe('unknown');
    });
  });
});
