import { routes, type UserResponse } from '@stint/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import { useSession } from '@/api/auth';
import { queryKeys } from '@/api/query-keys';

export function fetchMe(signal?: AbortSignal): Promise<UserResponse> {
  return api.call(routes.users.me, { signal });
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
