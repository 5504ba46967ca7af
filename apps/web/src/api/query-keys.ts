import type { UserListQuery } from '@stint/contracts';

/**
 * Every React Query key of the app. Keys are hierarchical so `invalidateQueries({ queryKey:
 * queryKeys.users.all })` reaches every users query, and they include every parameter.
 */
export const queryKeys = {
  users: {
    all: ['users'] as const,
    me: () => [...queryKeys.users.all, 'me'] as const,
    list: (query: UserListQuery = {}) => [...queryKeys.users.all, 'list', query] as const,
  },
};
