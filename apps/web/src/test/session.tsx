import type { UserResponse } from '@stint/contracts';
import { useLocation } from 'react-router';
import { sessionStore } from '@/api/client';
import { queryKeys } from '@/api/query-keys';
import { aTokenResponse, aUser } from '@/test/fixtures';
import { createTestQueryClient } from '@/test/render';

/** Signs `user` in and returns a query client whose profile cache already holds them, as the app's would. */
export function signedInQueryClient(user: UserResponse = aUser()) {
  sessionStore.signIn(aTokenResponse({ user }));
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(queryKeys.users.me(), user);
  return queryClient;
}

/** Shows the current path and query string, so tests can check what the URL holds. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}
