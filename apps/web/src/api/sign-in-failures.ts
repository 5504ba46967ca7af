import { routes, type ListQuery, type Paginated, type SignInFailureResponse, type UserResponse } from '@stint/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

export function fetchSignInFailures(query: ListQuery, signal?: AbortSignal): Promise<Paginated<SignInFailureResponse>> {
  return api.call(routes.users.signInFailures, { query, signal });
}

/** The signed-in user's recent failed sign-ins (the server keeps 90 days), newest first. */
export function useSignInFailures(query: ListQuery) {
  return useQuery({
    queryKey: queryKeys.users.signInFailures(query),
    queryFn: ({ signal }) => fetchSignInFailures(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function unlockUser(id: string): Promise<UserResponse> {
  return api.call(routes.users.unlock, { params: { id } });
}

/** Admins: clears every sign-in lock and failure count of an account (audited). */
export function useUnlockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unlockUser(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
  });
}

/**
 * "Firefox 140 on Linux" from a User-Agent header: enough for a person to recognise their
 * own browser (or not). Unknown agents are shown as sent, cut short.
 */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browsers: Array<[string, RegExp]> = [
    ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
    ['Opera', /OPR\/(\d+)/],
    ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
    ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
    ['Safari', /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//],
    ['curl', /curl\/(\d+)/i],
  ];
  const systems: Array<[string, RegExp]> = [
    ['Android', /Android/],
    ['iOS', /iPhone|iPad|iPod/],
    ['Windows', /Windows/],
    ['macOS', /Mac OS X|Macintosh/],
    ['ChromeOS', /CrOS/],
    ['Linux', /Linux/],
  ];
  const browser = browsers.find(([, pattern]) => pattern.test(userAgent));
  if (!browser) return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
  const version = browser[1].exec(userAgent)?.[1];
  const system = systems.find(([, pattern]) => pattern.test(userAgent))?.[0];
  return `${browser[0]} ${version}${system ? ` on ${system}` : ''}`;
}
