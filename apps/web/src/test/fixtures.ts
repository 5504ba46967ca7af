import type { ErrorEnvelope, TokenResponse, UserResponse } from '@stint/contracts';

export function aUser(overrides: Partial<UserResponse> = {}): UserResponse {
  return {
    id: '5f0c1b8e-7d7a-4c55-9f0e-2a7d3c1b9e01',
    email: 'ada@example.com',
    full_name: 'Ada Lovelace',
    role: 'member',
    timezone: 'UTC',
    is_active: true,
    created_at: '2026-01-05T09:00:00.000Z',
    last_login: null,
    ...overrides,
  };
}

export function aTokenResponse(overrides: Partial<TokenResponse> = {}): TokenResponse {
  return { token: 'access-1', token_type: 'bearer', expires_in: 900, user: aUser(), ...overrides };
}

export function anErrorEnvelope(code: ErrorEnvelope['error']['code'], message: string, details: Record<string, unknown> | null = null): ErrorEnvelope {
  return { success: false, error: { code, message, details }, meta: { request_id: 'req-test-1', timestamp: '2026-01-05T09:00:00.000Z' } };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
