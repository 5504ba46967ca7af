import { ApiError, type TokenResponse, type UserResponse } from '@stint/contracts';

/** Why the user is signed out; the sign-in page words its notice from this. */
export type SignedOutReason =
  /** The user pressed "Sign out" (here or in another tab). */
  | 'signedOut'
  /** The server refused to refresh: the session expired, was revoked or ended elsewhere. */
  | 'expired'
  /** The session could not be restored because the server was unreachable. */
  | 'unreachable';

export type SessionState = { status: 'restoring' } | { status: 'signedIn'; user: UserResponse } | { status: 'signedOut'; reason: SignedOutReason | null };

export interface SessionStoreOptions {
  /** Calls POST /auth/refresh. Runs while the cross-tab lock is held. */
  requestRefresh: () => Promise<TokenResponse>;
  /** Whether the browser still holds a session (the readable CSRF cookie travels with the refresh cookie). */
  hasSessionCookie: () => boolean;
  /** Runs `task` while holding a lock shared by every tab; defaults to running it directly. */
  withRefreshLock?: <T>(task: () => Promise<T>) => Promise<T>;
  now?: () => number;
}

export interface SessionStore {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** The access token, kept in memory only. */
  getToken(): string | null;
  /** Stores a fresh TokenResponse (sign-in, register, refresh) and schedules the next refresh. */
  signIn(response: TokenResponse): void;
  signOut(reason?: SignedOutReason | null): void;
  /** Restores the session after a page load from the refresh cookie, if there is one. */
  restore(): Promise<void>;
  /** Exchanges the refresh cookie for a new access token; resolves to whether that worked. */
  refresh(): Promise<boolean>;
  /** Refreshes now if the scheduled time has passed (timers stall while a laptop sleeps). */
  refreshIfDue(): Promise<boolean>;
}

/** Refresh this long before the access token expires. */
export const REFRESH_LEAD_SECONDS = 60;
/** After a failed refresh that may be temporary (offline, 5xx, 429), try again this soon. */
export const REFRESH_RETRY_SECONDS = 30;
// setTimeout fires at once for delays above 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A refresh failure the user can't fix by signing in again: no network, server down or busy.
 * Anything else (401, 403, …) means the session is gone.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/** When to refresh a token that lives `expiresIn` seconds: a minute early, or half-way for short-lived tokens. */
export function refreshDelaySeconds(expiresIn: number): number {
  return Math.max(expiresIn - REFRESH_LEAD_SECONDS, expiresIn / 2);
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const now = options.now ?? (() => Date.now());
  const withLock = options.withRefreshLock ?? ((task) => task());
  const listeners = new Set<() => void>();

  let state: SessionState = { status: 'signedOut', reason: null };
  let token: string | null = null;
  let expiresAt = 0;
  let refreshDueAt = Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | null = null;
  // Bumped on every sign-in/out so a refresh that was already running can't undo it.
  let generation = 0;

  function setState(next: SessionState) {
    state = next;
    listeners.forEach((listener) => {
      listener();
    });
  }

  function schedule(delaySeconds: number) {
    clearTimeout(timer);
    refreshDueAt = now() + delaySeconds * 1000;
    timer = setTimeout(() => void refresh(), Math.min(delaySeconds * 1000, MAX_TIMER_MS));
  }

  function clearSession() {
    clearTimeout(timer);
    timer = undefined;
    token = null;
    expiresAt = 0;
    refreshDueAt = Infinity;
  }

  function signIn(response: TokenResponse) {
    generation += 1;
    token = response.token;
    expiresAt = now() + response.expires_in * 1000;
    schedule(refreshDelaySeconds(response.expires_in));
    setState({ status: 'signedIn', user: response.user });
  }

  function signOut(reason: SignedOutReason | null = 'signedOut') {
    generation += 1;
    clearSession();
    setState({ status: 'signedOut', reason });
  }

  async function runRefresh(): Promise<boolean> {
    const startedIn = generation;
    let response: TokenResponse | null;
    try {
      response = await withLock(async () => {
        // Checked inside the lock: another tab may have signed out while we waited.
        if (!options.hasSessionCookie()) return null;
        return options.requestRefresh();
      });
    } catch (error) {
      // Someone signed in or out meanwhile; their result stands.
      if (startedIn !== generation) return token !== null;
      if (isTransientFailure(error)) {
        // Keep a still-valid token and try again soon; without one there is nothing to keep.
        if (token && now() < expiresAt) {
          schedule(REFRESH_RETRY_SECONDS);
          return false;
        }
        signOut(state.status === 'restoring' ? 'unreachable' : 'expired');
        return false;
      }
      signOut('expired');
      return false;
    }
    if (startedIn !== generation) return token !== null;
    if (!response) {
      signOut(state.status === 'restoring' ? null : 'expired');
      return false;
    }
    signIn(response);
    return true;
  }

  /** One refresh at a time per tab: concurrent 401s share it. */
  function refresh(): Promise<boolean> {
    inFlight ??= runRefresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getToken: () => token,
    signIn,
    signOut,
    async restore() {
      if (!options.hasSessionCookie()) {
        if (state.status !== 'signedOut') signOut(null);
        return;
      }
      if (state.status !== 'signedIn') setState({ status: 'restoring' });
      await refresh();
    },
    refresh,
    refreshIfDue() {
      if (state.status !== 'signedIn' || now() < refreshDueAt) return Promise.resolve(state.status === 'signedIn');
      return refresh();
    },
  };
}
