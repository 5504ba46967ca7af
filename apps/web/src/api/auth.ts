import { routes, type LoginRequest, type RegisterRequest, type TokenResponse } from '@stint/contracts';
import { useMutation, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, sessionStore } from '@/api/client';
import { queryKeys } from '@/api/query-keys';
import type { SessionState } from '@/api/session-store';

export function login(body: LoginRequest): Promise<TokenResponse> {
  return api.call(routes.auth.login, { body });
}

export function register(body: RegisterRequest): Promise<TokenResponse> {
  return api.call(routes.auth.register, { body });
}

export async function logout(): Promise<void> {
  await api.call(routes.auth.logout);
}

/** Tries again to restore the session from the refresh cookie (after the server was unreachable). */
export function restoreSession(): Promise<void> {
  return sessionStore.restore();
}

/** The session: restoring, signed in (with the user from the last TokenResponse) or signed out. */
export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getState);
}

export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => sessionStore.signIn(response),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: register,
    onSuccess: (response) => sessionStore.signIn(response),
  });
}

/** Ends the session on the server and locally; RequireAuth then sends the user to sign-in. */
export function useLogout() {
  return useMutation({
    mutationFn: logout,
    // Sign out locally even if the server could not be told: the user asked to leave.
    onSettled: () => sessionStore.signOut('signedOut'),
  });
}

/**
 * Keeps React Query's cache in step with the session: the signed-in user's profile comes
 * with each TokenResponse, and nothing cached for one user may be shown to the next.
 */
export function bindSessionToQueryClient(queryClient: QueryClient, store = sessionStore): () => void {
  let userId: string | null = null;
  return store.subscribe(() => {
    const state = store.getState();
    if (state.status === 'signedIn') {
      if (userId !== null && userId !== state.user.id) queryClient.clear();
      userId = state.user.id;
      queryClient.setQueryData(queryKeys.users.me(), state.user);
    } else if (state.status === 'signedOut') {
      userId = null;
      queryClient.clear();
    }
  });
}
