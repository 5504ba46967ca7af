import type { Schemas } from './schemas.js';

export type RegisterRequest = Schemas['RegisterDto'];

export type LoginRequest = Schemas['LoginDto'];

/**
 * The spec's TokenResponse, except that the refresh token never travels in a body:
 * it lives in an httpOnly cookie scoped to /api/v1/auth.
 */
export type TokenResponse = Schemas['TokenResponseDto'];

export type OkResponse = Schemas['OkResponseDto'];

/** Name of the double-submit CSRF cookie; its value goes back in CSRF_HEADER. */
export const CSRF_COOKIE = 'stint_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const REFRESH_COOKIE = 'stint_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
