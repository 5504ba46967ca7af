import {
  PAGE_SIZE_MAX,
  routes,
  type ListQuery,
  type Paginated,
  type ProjectCreateRequest,
  type ProjectListQuery,
  type ProjectMemberResponse,
  type ProjectResponse,
  type ProjectUpdateRequest,
} from '@stint/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

export function fetchProjects(query: ProjectListQuery, signal?: AbortSignal): Promise<Paginated<ProjectResponse>> {
  return api.call(routes.projects.list, { query, signal });
}

export function fetchProject(id: string, signal?: AbortSignal): Promise<ProjectResponse> {
  return api.call(routes.projects.get, { params: { id }, signal });
}

export function createProject(body: ProjectCreateRequest): Promise<ProjectResponse> {
  return api.call(routes.projects.create, { body });
}

export function updateProject(id: string, body: ProjectUpdateRequest): Promise<ProjectResponse> {
  return api.call(routes.projects.update, { params: { id }, body });
}

export function fetchProjectMembers(id: string, query: ListQuery, signal?: AbortSignal): Promise<Paginated<ProjectMemberResponse>> {
  return api.call(routes.projects.members, { params: { id }, query, signal });
}

export function addProjectMember(projectId: string, userId: string): Promise<ProjectMemberResponse> {
  return api.call(routes.projects.addMember, { params: { id: projectId }, body: { user_id: userId } });
}

export async function removeProjectMember(projectId: string, userId: string): Promise<void> {
  await api.call(routes.projects.removeMember, { params: { id: projectId, userId } });
}

/** A page of projects; the previous page stays on screen while the next one loads. */
export function useProjects(query: ProjectListQuery = {}) {
  return useQuery({
    queryKey: queryKeys.projects.list(query),
    queryFn: ({ signal }) => fetchProjects(query, signal),
    placeholderData: keepPreviousData,
  });
}

/**
 * The projects the user can see, for pickers and for naming a task's project: one page of
 * the maximum size. Archived ones are included so existing tasks still show their project.
 */
export const PROJECT_OPTIONS_QUERY: ProjectListQuery = { include_archived: true, per_page: PAGE_SIZE_MAX, sort: 'name', order: 'asc' };

export function useProjectOptions() {
  return useQuery({
    queryKey: queryKeys.projects.list(PROJECT_OPTIONS_QUERY),
    queryFn: ({ signal }) => fetchProjects(PROJECT_OPTIONS_QUERY, signal),
    select: (page) => page.data,
  });
}

export function useProject(id: string) {
  return useQuery({ queryKey: queryKeys.projects.detail(id), queryFn: ({ signal }) => fetchProject(id, signal) });
}

export function useProjectMembers(id: string, query: ListQuery = { per_page: PAGE_SIZE_MAX }) {
  return useQuery({
    queryKey: queryKeys.projects.members(id, query),
    queryFn: ({ signal }) => fetchProjectMembers(id, query, signal),
  });
}

/** After a project changes: its lists (names, counts, archived) and its own page. */
function invalidateProject(queryClient: QueryClient, project: ProjectResponse) {
  queryClient.setQueryData(queryKeys.projects.detail(project.id), project);
  return queryClient.invalidateQueries({ queryKey: queryKeys.projects.lists() });
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: (project) => invalidateProject(queryClient, project),
  });
}

export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: ProjectUpdateRequest }) => updateProject(id, changes),
    onSuccess: (project) => invalidateProject(queryClient, project),
  });
}

/**
 * Archives or restores a project. PATCH rather than DELETE: DELETE removes a project that
 * has no tasks yet, and "archive" should never lose anything.
 */
export function useArchiveProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) => updateProject(id, { archived }),
    onSuccess: (project) => invalidateProject(queryClient, project),
  });
}

/** Membership changes the member list and the project's member count. */
function invalidateMembership(queryClient: QueryClient, projectId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.projects.allMembers(projectId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.projects.detail(projectId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.projects.lists() }),
  ]);
}

export function useAddMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, userId }: { projectId: string; userId: string }) => addProjectMember(projectId, userId),
    onSuccess: (_member, { projectId }) => invalidateMembership(queryClient, projectId),
  });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, userId }: { projectId: string; userId: string }) => removeProjectMember(projectId, userId),
    onSuccess: (_result, { projectId }) => invalidateMembership(queryClient, projectId),
  });
}
