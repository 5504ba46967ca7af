import { createApiClient, CSRF_COOKIE, routes } from '@stint/contracts';
import { createSessionStore, type SessionStore } from '@/api/session-store';
import { withStorageLock } from '@/api/storage-lock';

/** Web Locks name that serialises refreshes across tabs: the refresh token rotates, and reusing an old one ends the session. */
export const REFRESH_LOCK = 'stint-refresh';
const REFRESH_TIMEOUT_MS = 15_000;

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

const readCsrfToken = () => readCookie(CSRF_COOKIE);

function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  // navigator.locks exists only in secure contexts (https or localhost); plain-HTTP installs use the fallback.
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
  return locks ? locks.request(REFRESH_LOCK, task) : withStorageLock(REFRESH_LOCK, task);
}

// Refresh goes through a client without a bearer token or 401 hook, so a failing refresh
// can't trigger another refresh.
const cookieClient = createApiClient({ getCsrfToken: readCsrfToken });

export const sessionStore: SessionStore = createSessionStore({
  // The CSRF header is read when the request is sent, i.e. inside the lock, after any other tab's rotation.
  requestRefresh: () => cookieClient.call(routes.auth.refresh, { signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS) }),
  hasSessionCookie: () => readCsrfToken() !== null,
  withRefreshLock,
});

/** The one API client of the app: bearer token from memory, one refresh-and-retry on 401. */
export const api = createApiClient({
  getToken: sessionStore.getToken,
  getCsrfToken: readCsrfToken,
  onUnauthorized: () => sessionStore.refresh(),
});

type SessionMessage = { type: 'signed-in' } | { type: 'signed-out' };

/**
 * Keeps this tab's session in step with the browser: other tabs signing in or out, and
 * refreshes that came due while the tab was asleep. Returns a cleanup function.
 */
export function startSessionSync(store: SessionStore = sessionStore): () => void {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('stint-session');
  let previous = store.getState().status;

  const unsubscribe = store.subscribe(() => {
    const state = store.getState();
    if (state.status === previous) return;
    if (state.status === 'signedIn') channel?.postMessage({ type: 'signed-in' } satisfies SessionMessage);
    if (state.status === 'signedOut' && state.reason === 'signedOut' && previous === 'signedIn') {
      channel?.postMessage({ type: 'signed-out' } satisfies SessionMessage);
    }
    previous = state.status;
  });

  if (channel) {
    channel.onmessage = (event: MessageEvent<SessionMessage>) => {
      const status = store.getState().status;
      if (event.data.type === 'signed-out' && status === 'signedIn') store.signOut('signedOut');
      if (event.data.type === 'signed-in' && status === 'signedOut') void store.restore();
    };
  }

  const onWake = () => {
    if (document.visibilityState === 'visible') void store.refreshIfDue();
  };
  document.addEventListener('visibilitychange', onWake);
  window.addEventListener('online', onWake);

  return () => {
    unsubscribe();
    channel?.close();
    document.removeEventListener('visibilitychange', onWake);
    window.removeEventListener('online', onWake);
  };
}
