import type { UserResponse } from './users.js';

export interface RegisterRequest {
  email: string;
  password: string;
  full_name: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/**
 * The spec's TokenResponse, except that the refresh token never travels in a body:
 * it lives in an httpOnly cookie scoped to /api/v1/auth.
 */
export interface TokenResponse {
  token: string;
  token_type: 'bearer';
  /** Seconds until `token` expires. */
  expires_in: number;
  user: UserResponse;
}

export interface OkResponse {
  success: true;
}

/** Name of the double-submit CSRF cookie; its value goes back in CSRF_HEADER. */
export const CSRF_COOKIE = 'stint_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const REFRESH_COOKIE = 'stint_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
