import { routes, type Paginated, type UserListQuery, type UserResponse } from '@stint/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import { useSession } from '@/api/auth';
import { queryKeys } from '@/api/query-keys';

export function fetchMe(signal?: AbortSignal): Promise<UserResponse> {
  return api.call(routes.users.me, { signal });
}

export function fetchUsers(query: UserListQuery, signal?: AbortSignal): Promise<Paginated<UserResponse>> {
  return api.call(routes.users.list, { query, signal });
}

/**
 * The signed-in user. The cache is seeded from every TokenResponse (see
 * bindSessionToQueryClient), so this rarely needs a request of its own.
 */
export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: queryKeys.users.me(),
    queryFn: ({ signal }) => fetchMe(signal),
    enabled: session.status === 'signedIn',
    staleTime: 5 * 60_000,
  });
}

/** The signed-in user from the profile query, else from the session; null when signed out. */
export function useCurrentUser(): UserResponse | null {
  const session = useSession();
  const me = useMe();
  return me.data ?? (session.status === 'signedIn' ? session.user : null);
}

/** Users of the instance (admins only); for pickers such as "add a project member". */
export function useUsers(query: UserListQuery) {
  return useQuery({
    queryKey: queryKeys.users.list(query),
    queryFn: ({ signal }) => fetchUsers(query, signal),
    placeholderData: keepPreviousData,
  });
}
