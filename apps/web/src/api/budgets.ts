import {
  BUDGET_ALERT_STREAM_EVENT,
  routes,
  type BudgetAlertListQuery,
  type BudgetAlertResponse,
  type BudgetAlertStreamEvent,
  type BudgetListQuery,
  type BudgetOverviewRow,
  type Paginated,
  type ProjectBudgetResponse,
  type ProjectBudgetSetRequest,
  type ProjectBudgetView,
  type ProjectStatisticsQuery,
  type ProjectStatisticsResponse,
} from '@stint/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '@/api/client';
import { isNotFound } from '@/api/errors';
import { openLiveStream, type LiveStreamState } from '@/api/live-stream';
import { queryKeys } from '@/api/query-keys';

/* ------------------------------------------------------------------ calls */

export function fetchProjectBudget(projectId: string, signal?: AbortSignal): Promise<ProjectBudgetView> {
  return api.call(routes.budgets.get, { params: { id: projectId }, signal });
}

export function setProjectBudget(projectId: string, body: ProjectBudgetSetRequest): Promise<ProjectBudgetResponse> {
  return api.call(routes.budgets.set, { params: { id: projectId }, body });
}

export function fetchBudgets(query: BudgetListQuery, signal?: AbortSignal): Promise<Paginated<BudgetOverviewRow>> {
  return api.call(routes.budgets.list, { query, signal });
}

export function fetchProjectStatistics(projectId: string, query: ProjectStatisticsQuery, signal?: AbortSignal): Promise<ProjectStatisticsResponse> {
  return api.call(routes.budgets.statistics, { params: { id: projectId }, query, signal });
}

export function fetchBudgetAlerts(query: BudgetAlertListQuery, signal?: AbortSignal): Promise<Paginated<BudgetAlertResponse>> {
  return api.call(routes.budgets.alerts, { query, signal });
}

export function acknowledgeBudgetAlert(id: string): Promise<BudgetAlertResponse> {
  return api.call(routes.budgets.acknowledge, { params: { id } });
}

/* ------------------------------------------------------------------ hooks */

/** Admin dashboard rows; the previous page stays while the next loads. `refetchInterval` is set while the alert stream is down. */
export function useBudgets(query: BudgetListQuery = {}, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: queryKeys.budgets.list(query),
    queryFn: ({ signal }) => fetchBudgets(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** A project's budget: the full view for admins, progress only for members; null when the project has none (404). */
export function useProjectBudget(projectId: string, enabled = true, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: queryKeys.budgets.detail(projectId),
    queryFn: async ({ signal }) => {
      try {
        return await fetchProjectBudget(projectId, signal);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    enabled,
    refetchInterval,
  });
}

export function useProjectStatistics(projectId: string, query: ProjectStatisticsQuery = {}) {
  return useQuery({
    queryKey: queryKeys.budgets.statistics(projectId, query),
    queryFn: ({ signal }) => fetchProjectStatistics(projectId, query, signal),
  });
}

export function useBudgetAlerts(query: BudgetAlertListQuery = {}, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: queryKeys.budgets.alerts(query),
    queryFn: ({ signal }) => fetchBudgetAlerts(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** Anything that changes a budget or an alert: every budgets query (lists, details, alerts, statistics). */
export function invalidateBudgets(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: queryKeys.budgets.all });
}

export function useSetProjectBudget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, body }: { projectId: string; body: ProjectBudgetSetRequest }) => setProjectBudget(projectId, body),
    onSuccess: (budget) => {
      queryClient.setQueryData(queryKeys.budgets.detail(budget.project_id), budget);
      return invalidateBudgets(queryClient);
    },
  });
}

/** Acknowledging changes the alert lists, the open-alert counts of the dashboard rows and the project's budget. */
export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledgeBudgetAlert,
    onSuccess: () => invalidateBudgets(queryClient),
  });
}

/* ---------------------------------------------------------- alert stream */

export const BUDGET_POLL_INTERVAL_MS = 10_000;

/**
 * Keeps the budget pages live for admins: on `raised`/`acknowledged` every budgets query is
 * invalidated, `raised` also calls `onRaised` (a toast). Returns the polling interval to use:
 * 10 s while the stream is down (or connecting), false while it is open.
 */
export function useBudgetAlertSync(onRaised: (alert: BudgetAlertResponse) => void, enabled = true): number | false {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveStreamState>('connecting');
  const onRaisedRef = useRef(onRaised);
  useEffect(() => {
    onRaisedRef.current = onRaised;
  });
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setState('down');
      return;
    }
    const connection = openLiveStream<BudgetAlertStreamEvent>({
      path: routes.budgets.alertStream.path,
      event: BUDGET_ALERT_STREAM_EVENT,
      accepts: (event) => Boolean(event.type),
      onStateChange: (next) => {
        setState(next);
        // Back after a gap: whatever was raised meanwhile.
        if (next === 'open') void invalidateBudgets(queryClient);
      },
      onEvent: (event) => {
        if (event.type === 'ready') return;
        void invalidateBudgets(queryClient);
        if (event.type === 'raised' && event.alert) onRaisedRef.current(event.alert);
      },
    });
    return () => connection.close();
  }, [enabled, queryClient]);
  return state === 'open' ? false : BUDGET_POLL_INTERVAL_MS;
}
