import { routes } from '@stint/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, readCookie, REFRESH_LOCK, sessionStore } from '@/api/client';
import { aTokenResponse, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';

function headerOf(init: RequestInit | undefined, name: string): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.[name];
}

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    document.cookie = 'other=1; path=/';
    document.cookie = `stint_csrf=${encodeURIComponent('a b=c')}; path=/`;
    expect(readCookie('stint_csrf')).toBe('a b=c');
    expect(readCookie('missing')).toBeNull();
  });
});

describe('api client with the session store', () => {
  const lockRequest = vi.fn();

  beforeEach(() => {
    // jsdom has no Web Locks; this one grants at once but lets a test act "while waiting".
    lockRequest.mockImplementation((_name: string, task: () => Promise<unknown>) => task());
    Object.defineProperty(navigator, 'locks', { value: { request: lockRequest }, configurable: true });
  });

  afterEach(() => {
    sessionStore.signOut(null);
    Reflect.deleteProperty(navigator, 'locks');
    lockRequest.mockReset();
  });

  it('sends the in-memory bearer token', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => jsonResponse(aUser()));
    vi.stubGlobal('fetch', fetchMock);
    sessionStore.signIn(aTokenResponse({ token: 'access-1' }));

    await api.call(routes.users.me);

    expect(fetchMock).toHaveBeenCalledWith('/api/v1/users/me', expect.objectContaining({ method: 'GET' }));
    expect(headerOf(fetchMock.mock.calls[0][1], 'authorization')).toBe('Bearer access-1');
  });

  it('on a 401, refreshes once under the cross-tab lock with the current CSRF cookie, then retries', async () => {
    document.cookie = 'stint_csrf=csrf-before; path=/';
    // Another tab rotates the session (and so the CSRF cookie) while this one waits for the lock.
    lockRequest.mockImplementation((_name: string, task: () => Promise<unknown>) => {
      document.cookie = 'stint_csrf=csrf-after; path=/';
      return task();
    });
    const fetchMock = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      if (url === '/api/v1/auth/refresh') return jsonResponse(aTokenResponse({ token: 'access-2' }));
      return headerOf(init, 'authorization') === 'Bearer access-2'
        ? jsonResponse(aUser({ full_name: 'Ada King' }))
        : jsonResponse(anErrorEnvelope('AUTHENTICATION_ERROR', 'Token expired'), 401);
    });
    vi.stubGlobal('fetch', fetchMock);
    sessionStore.signIn(aTokenResponse({ token: 'access-1' }));

    const me = await api.call(routes.users.me);

    expect(me.full_name).toBe('Ada King');
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/v1/users/me', '/api/v1/auth/refresh', '/api/v1/users/me']);
    expect(lockRequest).toHaveBeenCalledTimes(1);
    expect(lockRequest).toHaveBeenCalledWith(REFRESH_LOCK, expect.any(Function));
    const refreshInit = fetchMock.mock.calls[1][1];
    expect(refreshInit?.method).toBe('POST');
    expect(headerOf(refreshInit, 'x-csrf-token')).toBe('csrf-after');
    expect(headerOf(refreshInit, 'authorization')).toBeUndefined();
    expect(sessionStore.getToken()).toBe('access-2');
  });

  it('signs out when the refresh after a 401 is refused, and surfaces the 401', async () => {
    document.cookie = 'stint_csrf=csrf-1; path=/';
    const fetchMock = vi.fn(async (url: RequestInfo | URL) =>
      url === '/api/v1/auth/refresh'
        ? jsonResponse(anErrorEnvelope('AUTHENTICATION_ERROR', 'The session has expired or ended; sign in again'), 401)
        : jsonResponse(anErrorEnvelope('AUTHENTICATION_ERROR', 'Token expired'), 401),
    );
    vi.stubGlobal('fetch', fetchMock);
    sessionStore.signIn(aTokenResponse());

    await expect(api.call(routes.users.me)).rejects.toMatchObject({ status: 401 });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(sessionStore.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(sessionStore.getToken()).toBeNull();
  });
});
