import {
  routes,
  type Paginated,
  type TaskCreateRequest,
  type TaskDetailResponse,
  type TaskListQuery,
  type TaskResponse,
  type TaskStatus,
  type TaskUpdateRequest,
} from '@stint/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

export function fetchTasks(query: TaskListQuery, signal?: AbortSignal): Promise<Paginated<TaskResponse>> {
  return api.call(routes.tasks.list, { query, signal });
}

export function fetchTask(id: string, signal?: AbortSignal): Promise<TaskDetailResponse> {
  return api.call(routes.tasks.get, { params: { id }, signal });
}

export function createTask(body: TaskCreateRequest): Promise<TaskResponse> {
  return api.call(routes.tasks.create, { body });
}

export function updateTask(id: string, body: TaskUpdateRequest): Promise<TaskResponse> {
  return api.call(routes.tasks.update, { params: { id }, body });
}

export function updateTaskStatus(id: string, status: TaskStatus): Promise<TaskResponse> {
  return api.call(routes.tasks.updateStatus, { params: { id }, body: { status } });
}

export async function deleteTask(id: string): Promise<void> {
  await api.call(routes.tasks.remove, { params: { id } });
}

/** A page of tasks; the previous page stays on screen (not a skeleton) while the next loads. */
export function useTasks(filters: TaskListQuery) {
  return useQuery({
    queryKey: queryKeys.tasks.list(filters),
    queryFn: ({ signal }) => fetchTasks(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: queryKeys.tasks.detail(id), queryFn: ({ signal }) => fetchTask(id, signal), enabled });
}

/** Writes a changed task into its detail entry, keeping the time entries only the detail has. */
function storeTask(queryClient: QueryClient, task: TaskResponse) {
  queryClient.setQueryData<TaskDetailResponse>(queryKeys.tasks.detail(task.id), (detail) => (detail ? { ...detail, ...task } : detail));
}

/** A project's task count changes when a task joins or leaves it. */
function invalidateProjectCounts(queryClient: QueryClient, ...projectIds: (string | null | undefined)[]) {
  const ids = [...new Set(projectIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return Promise.resolve();
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.projects.lists() }),
    ...ids.map((id) => queryClient.invalidateQueries({ queryKey: queryKeys.projects.detail(id) })),
  ]);
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTask,
    onSuccess: (task) => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.tasks.lists() }), invalidateProjectCounts(queryClient, task.project_id)]),
  });
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: TaskUpdateRequest; previousProjectId?: string | null }) => updateTask(id, changes),
    onSuccess: (task, { previousProjectId }) => {
      storeTask(queryClient, task);
      const moved = previousProjectId !== undefined && previousProjectId !== task.project_id;
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tasks.lists() }),
        moved ? invalidateProjectCounts(queryClient, previousProjectId, task.project_id) : undefined,
      ]);
    },
  });
}

interface StatusSnapshot {
  lists: [QueryKey, Paginated<TaskResponse> | undefined][];
  detail: TaskDetailResponse | undefined;
}

/**
 * Quick status change. The new status shows at once in every cached list and the task's
 * page; if the server refuses, they go back to what they were and the error is returned
 * to the caller to show.
 */
export function useUpdateTaskStatus() {
  const queryClient = useQueryClient();
  return useMutation<TaskResponse, unknown, { id: string; status: TaskStatus }, StatusSnapshot>({
    mutationFn: ({ id, status }) => updateTaskStatus(id, status),
    onMutate: async ({ id, status }) => {
      // A fetch already under way would land after this and overwrite the optimistic status.
      await Promise.all([queryClient.cancelQueries({ queryKey: queryKeys.tasks.lists() }), queryClient.cancelQueries({ queryKey: queryKeys.tasks.detail(id) })]);
      const snapshot: StatusSnapshot = {
        lists: queryClient.getQueriesData<Paginated<TaskResponse>>({ queryKey: queryKeys.tasks.lists() }),
        detail: queryClient.getQueryData<TaskDetailResponse>(queryKeys.tasks.detail(id)),
      };
      queryClient.setQueriesData<Paginated<TaskResponse>>({ queryKey: queryKeys.tasks.lists() }, (page) =>
        page ? { ...page, data: page.data.map((task) => (task.id === id ? { ...task, status } : task)) } : page,
      );
      if (snapshot.detail) queryClient.setQueryData(queryKeys.tasks.detail(id), { ...snapshot.detail, status });
      return snapshot;
    },
    onError: (_error, { id }, snapshot) => {
      if (!snapshot) return;
      for (const [key, page] of snapshot.lists) queryClient.setQueryData(key, page);
      queryClient.setQueryData(queryKeys.tasks.detail(id), snapshot.detail);
    },
    // The server's answer carries completed_at and updated_at; the detail takes it as is.
    onSuccess: (task) => storeTask(queryClient, task),
    // Lists filtered or sorted by status may now hold different tasks, whatever the outcome.
    // Not awaited: the outcome (and any error) should show without waiting for the refetch.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks.lists() });
    },
  });
}

/**
 * Deletes a task and forgets its page. A page still showing the task should stop querying
 * it while this runs (see TaskPage), or it would fetch it again and get a 404.
 */
export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; projectId: string | null }) => deleteTask(id),
    // Not awaited: the caller usually leaves the task's page on success and shouldn't wait for the lists.
    onSuccess: (_result, { id, projectId }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks.lists() });
      void invalidateProjectCounts(queryClient, projectId);
      queryClient.removeQueries({ queryKey: queryKeys.tasks.detail(id) });
    },
  });
}
