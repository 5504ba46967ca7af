import { ApiError, ErrorCode, type TokenResponse } from '@stint/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionStore, refreshDelaySeconds, type SessionStoreOptions } from '@/api/session-store';
import { aTokenResponse, aUser } from '@/test/fixtures';

const sessionEnded = () => new ApiError(401, { code: ErrorCode.AUTHENTICATION_ERROR, message: 'The session has expired or ended; sign in again', details: null }, 'r1');
const offline = () => new ApiError(0, { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'Cannot reach the server', details: null }, null);

/** A promise the test settles by hand, to hold a request "in flight". */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(overrides: Partial<SessionStoreOptions> = {}) {
  let cookie = true;
  let issued = 1;
  const requestRefresh = vi.fn<() => Promise<TokenResponse>>(async () => aTokenResponse({ token: `access-${++issued}` }));
  const store = createSessionStore({ requestRefresh, hasSessionCookie: () => cookie, ...overrides });
  return { store, requestRefresh, dropCookie: () => (cookie = false) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-02T09:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('refreshDelaySeconds', () => {
  it('refreshes a minute before expiry, or half-way through a short-lived token', () => {
    expect(refreshDelaySeconds(900)).toBe(840);
    expect(refreshDelaySeconds(60)).toBe(30);
    expect(refreshDelaySeconds(100)).toBe(50);
  });
});

describe('session store', () => {
  it('starts signed out with no token', () => {
    const { store } = setup();
    expect(store.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(store.getToken()).toBeNull();
  });

  it('keeps the token in memory after sign-in and refreshes silently 60 s before it expires', async () => {
    const { store, requestRefresh } = setup();
    store.signIn(aTokenResponse({ token: 'access-1', expires_in: 900 }));
    expect(store.getState()).toEqual({ status: 'signedIn', user: aUser() });
    expect(store.getToken()).toBe('access-1');

    await vi.advanceTimersByTimeAsync(839_999);
    expect(requestRefresh).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(requestRefresh).toHaveBeenCalledTimes(1);
    expect(store.getToken()).toBe('access-2');

    // The next refresh is scheduled from the new token's lifetime.
    await vi.advanceTimersByTimeAsync(839_999);
    expect(requestRefresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requestRefresh).toHaveBeenCalledTimes(2);
    expect(store.getToken()).toBe('access-3');
  });

  it('notifies subscribers on every change', () => {
    const { store } = setup();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.signIn(aTokenResponse());
    store.signOut();
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.signIn(aTokenResponse());
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('shares one refresh between concurrent callers (e.g. several 401s at once)', async () => {
    const pending = deferred<TokenResponse>();
    const { store, requestRefresh } = setup();
    requestRefresh.mockReturnValueOnce(pending.promise);
    store.signIn(aTokenResponse());

    const results = Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    pending.resolve(aTokenResponse({ token: 'access-new' }));

    expect(await results).toEqual([true, true, true]);
    expect(requestRefresh).toHaveBeenCalledTimes(1);
    expect(store.getToken()).toBe('access-new');
  });

  it('refreshes inside the cross-tab lock and re-checks the cookie once it holds it', async () => {
    const order: string[] = [];
    const { store, requestRefresh, dropCookie } = setup({
      withRefreshLock: async (task) => {
        order.push('waiting for lock');
        // Another tab signs out while this one waits for the lock.
        dropCookie();
        order.push('lock acquired');
        return task();
      },
    });
    store.signIn(aTokenResponse());

    await expect(store.refresh()).resolves.toBe(false);
    expect(order).toEqual(['waiting for lock', 'lock acquired']);
    expect(requestRefresh).not.toHaveBeenCalled();
    expect(store.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
  });

  it('signs out and stops refreshing when the server rejects the refresh', async () => {
    const { store, requestRefresh } = setup();
    requestRefresh.mockRejectedValueOnce(sessionEnded());
    store.signIn(aTokenResponse({ expires_in: 900 }));

    await vi.advanceTimersByTimeAsync(840_000);
    expect(store.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(store.getToken()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a still-valid token when the server is unreachable, and retries in 30 s', async () => {
    const { store, requestRefresh } = setup();
    requestRefresh.mockRejectedValueOnce(offline());
    store.signIn(aTokenResponse({ token: 'access-1', expires_in: 900 }));

    await vi.advanceTimersByTimeAsync(840_000);
    expect(requestRefresh).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('signedIn');
    expect(store.getToken()).toBe('access-1');

    await vi.advanceTimersByTimeAsync(30_000);
    expect(requestRefresh).toHaveBeenCalledTimes(2);
    expect(store.getToken()).toBe('access-2');
  });

  it('ignores a refresh that finishes after the user signed out', async () => {
    const pending = deferred<TokenResponse>();
    const { store, requestRefresh } = setup();
    requestRefresh.mockReturnValueOnce(pending.promise);
    store.signIn(aTokenResponse());

    const refreshed = store.refresh();
    store.signOut();
    pending.resolve(aTokenResponse({ token: 'too-late' }));

    await expect(refreshed).resolves.toBe(false);
    expect(store.getState()).toEqual({ status: 'signedOut', reason: 'signedOut' });
    expect(store.getToken()).toBeNull();
  });

  it('cancels the scheduled refresh on sign-out', async () => {
    const { store, requestRefresh } = setup();
    store.signIn(aTokenResponse({ expires_in: 900 }));
    store.signOut();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(requestRefresh).not.toHaveBeenCalled();
  });

  it('refreshes at once when the tab wakes after the refresh came due', async () => {
    const { store, requestRefresh } = setup();
    store.signIn(aTokenResponse({ expires_in: 900 }));

    await expect(store.refreshIfDue()).resolves.toBe(true);
    expect(requestRefresh).not.toHaveBeenCalled();

    // A sleeping laptop: the clock moves on but the timer hasn't fired.
    vi.setSystemTime(Date.now() + 850_000);
    await expect(store.refreshIfDue()).resolves.toBe(true);
    expect(requestRefresh).toHaveBeenCalledTimes(1);
  });

  describe('restore after a page load', () => {
    it('stays signed out without asking the server when there is no session cookie', async () => {
      const { store, requestRefresh, dropCookie } = setup();
      dropCookie();
      await store.restore();
      expect(requestRefresh).not.toHaveBeenCalled();
      expect(store.getState()).toEqual({ status: 'signedOut', reason: null });
    });

    it('is "restoring" while the refresh runs, then signed in', async () => {
      const pending = deferred<TokenResponse>();
      const { store, requestRefresh } = setup();
      requestRefresh.mockReturnValueOnce(pending.promise);

      const restored = store.restore();
      expect(store.getState()).toEqual({ status: 'restoring' });

      pending.resolve(aTokenResponse({ token: 'restored' }));
      await restored;
      expect(store.getState()).toEqual({ status: 'signedIn', user: aUser() });
      expect(store.getToken()).toBe('restored');
    });

    it('says the session ended when the server rejects the cookie', async () => {
      const { store, requestRefresh } = setup();
      requestRefresh.mockRejectedValueOnce(sessionEnded());
      await store.restore();
      expect(store.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    });

    it('says the server was unreachable when it could not be asked', async () => {
      const { store, requestRefresh } = setup();
      requestRefresh.mockRejectedValueOnce(offline());
      await store.restore();
      expect(store.getState()).toEqual({ status: 'signedOut', reason: 'unreachable' });
    });
  });
});
