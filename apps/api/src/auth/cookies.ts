import { CSRF_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '@stint/contracts';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { IssuedRefreshToken } from './sessions.service';

/**
 * The refresh token travels only in an httpOnly, SameSite=Strict cookie scoped to the auth
 * routes. The CSRF cookie is readable by the SPA, which echoes it in a header
 * (double submit) on the cookie-authenticated routes.
 */
export function setSessionCookies(reply: FastifyReply, refresh: IssuedRefreshToken, secure: boolean): void {
  reply.setCookie(REFRESH_COOKIE, refresh.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: REFRESH_COOKIE_PATH,
    expires: refresh.expiresAt,
  });
  reply.setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
    httpOnly: false,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: refresh.expiresAt,
  });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure });
  reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'strict', secure });
}
