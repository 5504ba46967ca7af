import type { ChangePasswordRequest, AdminUpdateUserRequest, UpdateMeRequest, UserListQuery, UserResponse } from './users.js';
import type { LoginRequest, OkResponse, RegisterRequest, TokenResponse } from './auth.js';
import type { HealthResponse } from './health.js';
import type { Paginated } from './common.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API route. The type parameters carry the body, response and query types to the
 * typed client; `path` may hold `:name` parameters.
 */
export interface Route<TBody = undefined, TResponse = unknown, TQuery = undefined> {
  readonly method: HttpMethod;
  readonly path: string;
  /** Phantom field: never set at run time, only read by the type checker. */
  readonly _types?: { body: TBody; response: TResponse; query: TQuery };
}

export type BodyOf<R> = R extends Route<infer B, unknown, unknown> ? B : never;
export type ResponseOf<R> = R extends Route<unknown, infer T, unknown> ? T : never;
export type QueryOf<R> = R extends Route<unknown, unknown, infer Q> ? Q : never;

function route<TBody = undefined, TResponse = unknown, TQuery = undefined>(
  method: HttpMethod,
  path: string,
): Route<TBody, TResponse, TQuery> {
  return { method, path };
}

export const API_PREFIX = '/api/v1';

export const routes = {
  health: route<undefined, HealthResponse>('GET', '/api/v1/health'),
  auth: {
    register: route<RegisterRequest, TokenResponse>('POST', '/api/v1/auth/register'),
    login: route<LoginRequest, TokenResponse>('POST', '/api/v1/auth/login'),
    refresh: route<undefined, TokenResponse>('POST', '/api/v1/auth/refresh'),
    logout: route<undefined, OkResponse>('POST', '/api/v1/auth/logout'),
  },
  users: {
    me: route<undefined, UserResponse>('GET', '/api/v1/users/me'),
    updateMe: route<UpdateMeRequest, UserResponse>('PATCH', '/api/v1/users/me'),
    changePassword: route<ChangePasswordRequest, OkResponse>('POST', '/api/v1/users/me/password'),
    list: route<undefined, Paginated<UserResponse>, UserListQuery>('GET', '/api/v1/users'),
    update: route<AdminUpdateUserRequest, UserResponse>('PATCH', '/api/v1/users/:id'),
  },
} as const;

/** Fills `:name` parameters of a route path, URI-encoding each value. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([a-zA-Z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Serialises a query object, skipping undefined/null/empty values; arrays repeat the key. */
export function buildQuery(query: object | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, String(v)));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
