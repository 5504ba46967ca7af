import type { ListQuery, ProjectListQuery, TaskListQuery, UserListQuery } from '@stint/contracts';

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
  projects: {
    all: ['projects'] as const,
    lists: () => [...queryKeys.projects.all, 'list'] as const,
    list: (query: ProjectListQuery = {}) => [...queryKeys.projects.lists(), query] as const,
    detail: (id: string) => [...queryKeys.projects.all, 'detail', id] as const,
    // Beside the detail rather than under it, so refreshing a project's counts leaves its member list alone.
    allMembers: (id: string) => [...queryKeys.projects.all, 'members', id] as const,
    members: (id: string, query: ListQuery = {}) => [...queryKeys.projects.allMembers(id), query] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    lists: () => [...queryKeys.tasks.all, 'list'] as const,
    list: (query: TaskListQuery = {}) => [...queryKeys.tasks.lists(), query] as const,
    detail: (id: string) => [...queryKeys.tasks.all, 'detail', id] as const,
  },
};
