import {
  routes,
  type AnalyticsRangeQuery,
  type DashboardMetrics,
  type Paginated,
  type ProductivityTrend,
  type ReportResponse,
  type ReportSubjectType,
  type TaskStatistics,
  type TaskTimeSummaryQuery,
  type TaskTimeSummaryRow,
  type TimeDistribution,
  type TimeDistributionQuery,
  type UserProductivityQuery,
  type UserProductivityRow,
} from '@stint/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '@/api/client';
import { queryKeys } from '@/api/query-keys';

/**
 * Productivity analytics and reports (issue 6). The API computes every figure in the
 * user's time zone; nothing here re-derives one, so what the dashboard shows is what the
 * API (and the CSV) says.
 */

/* ------------------------------------------------------------------ calls */

export function fetchDashboardMetrics(range: AnalyticsRangeQuery, signal?: AbortSignal): Promise<DashboardMetrics> {
  return api.call(routes.analytics.dashboard, { query: range, signal });
}

export function fetchProductivityTrend(range: AnalyticsRangeQuery, signal?: AbortSignal): Promise<ProductivityTrend> {
  return api.call(routes.analytics.trend, { query: range, signal });
}

export function fetchTaskStatistics(signal?: AbortSignal): Promise<TaskStatistics> {
  return api.call(routes.analytics.tasks, { signal });
}

export function fetchTimeDistribution(query: TimeDistributionQuery, signal?: AbortSignal): Promise<TimeDistribution> {
  return api.call(routes.analytics.timeDistribution, { query, signal });
}

export function fetchUserProductivity(query: UserProductivityQuery, signal?: AbortSignal): Promise<Paginated<UserProductivityRow>> {
  return api.call(routes.analytics.users, { query, signal });
}

export function fetchTaskTimeSummary(query: TaskTimeSummaryQuery, signal?: AbortSignal): Promise<Paginated<TaskTimeSummaryRow>> {
  return api.call(routes.analytics.taskTimeSummary, { query, signal });
}

const REPORT_ROUTES = { project: routes.reports.project, user: routes.reports.user } as const;

export function fetchReport(type: ReportSubjectType, id: string, range: AnalyticsRangeQuery, signal?: AbortSignal): Promise<ReportResponse> {
  return api.call(REPORT_ROUTES[type], { params: { id }, query: range, signal });
}

export interface DownloadProgress {
  receivedBytes: number;
  /** From Content-Length; null while the server streams without announcing a size. */
  totalBytes: number | null;
}

export interface CsvFile {
  blob: Blob;
  filename: string;
}

/**
 * The server's file name from a Content-Disposition header: RFC 6266's `filename*`
 * (UTF-8, percent-encoded) wins over `filename`. Only the last path segment is kept.
 */
/** A streamed download read chunk by chunk, reporting the bytes received as they arrive. */
export async function readWithProgress(response: Response, onProgress?: (progress: DownloadProgress) => void): Promise<BlobPart[]> {
  const declared = Number(response.headers.get('content-length'));
  const totalBytes = Number.isFinite(declared) && declared > 0 ? declared : null;
  const parts: BlobPart[] = [];
  let receivedBytes = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      receivedBytes += value.byteLength;
      onProgress?.({ receivedBytes, totalBytes });
    }
  } else {
    const whole = await response.arrayBuffer();
    parts.push(whole);
    onProgress?.({ receivedBytes: whole.byteLength, totalBytes });
  }
  return parts;
}

export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2].trim()) : null;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : null;
}

/**
 * A report as CSV (`?format=csv`), through the app's client so the bearer token and the
 * refresh-on-401 apply. The body is read chunk by chunk into a Blob, reporting progress;
 * the file name is the server's (Content-Disposition), else `fallbackName`.
 */
export async function downloadReportCsv(
  type: ReportSubjectType,
  id: string,
  range: AnalyticsRangeQuery,
  { fallbackName, onProgress, signal }: { fallbackName: string; onProgress?: (progress: DownloadProgress) => void; signal?: AbortSignal },
): Promise<CsvFile> {
  const response = await api.raw(REPORT_ROUTES[type], {
    params: { id },
    query: { ...range, format: 'csv' },
    // JSON stays acceptable: errors come in the usual envelope.
    headers: { accept: 'text/csv, application/json;q=0.5' },
    signal,
  });
  const parts = await readWithProgress(response, onProgress);
  const blob = new Blob(parts, { type: response.headers.get('content-type') ?? 'text/csv' });
  return { blob, filename: filenameFromDisposition(response.headers.get('content-disposition')) ?? fallbackName };
}

/* ------------------------------------------------------------------ hooks */

/**
 * While a page of figures is open, any change made in this tab (a timer stopped from the
 * floating timer, an entry edited, a task completed) refetches the analytics and reports
 * on screen, so the dashboard never shows minutes-old totals after the user's own action.
 */
export function useRefetchAnalyticsOnChanges() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'success') return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.analytics.all });
        void queryClient.invalidateQueries({ queryKey: queryKeys.reports.all });
      }),
    [queryClient],
  );
}

/**
 * Figures include running timers and change with every entry, so they are never fresh for
 * long: unlike the app's 30 s default, each visit refetches them (showing the cached figures
 * meanwhile).
 */
const ANALYTICS_STALE_MS = 0;

/**
 * The range's DashboardMetrics. Range-bound queries keep the previous range's figures on
 * screen (marked stale) while the next range loads, rather than flashing skeletons.
 */
export function useDashboardMetrics(range: AnalyticsRangeQuery) {
  return useQuery({
    queryKey: queryKeys.analytics.dashboard(range),
    queryFn: ({ signal }) => fetchDashboardMetrics(range, signal),
    staleTime: ANALYTICS_STALE_MS,
    placeholderData: keepPreviousData,
  });
}

export function useProductivityTrend(range: AnalyticsRangeQuery) {
  return useQuery({
    queryKey: queryKeys.analytics.trend(range),
    queryFn: ({ signal }) => fetchProductivityTrend(range, signal),
    staleTime: ANALYTICS_STALE_MS,
    placeholderData: keepPreviousData,
  });
}

export function useTaskStatistics() {
  return useQuery({ queryKey: queryKeys.analytics.tasks(), queryFn: ({ signal }) => fetchTaskStatistics(signal), staleTime: ANALYTICS_STALE_MS });
}

export function useTimeDistribution(query: TimeDistributionQuery) {
  return useQuery({
    queryKey: queryKeys.analytics.distribution(query),
    queryFn: ({ signal }) => fetchTimeDistribution(query, signal),
    staleTime: ANALYTICS_STALE_MS,
    placeholderData: keepPreviousData,
  });
}

/** Admins only. */
export function useUserProductivity(query: UserProductivityQuery) {
  return useQuery({
    queryKey: queryKeys.analytics.users(query),
    queryFn: ({ signal }) => fetchUserProductivity(query, signal),
    staleTime: ANALYTICS_STALE_MS,
    placeholderData: keepPreviousData,
  });
}

/** Admins only. */
export function useTaskTimeSummary(query: TaskTimeSummaryQuery) {
  return useQuery({
    queryKey: queryKeys.analytics.taskTimeSummary(query),
    queryFn: ({ signal }) => fetchTaskTimeSummary(query, signal),
    staleTime: ANALYTICS_STALE_MS,
    placeholderData: keepPreviousData,
  });
}

/**
 * A project's or a user's report; nothing is fetched until a subject is chosen. The previous
 * range's report stays up while another range of the same subject loads, never another
 * subject's (its figures would show under the wrong name).
 */
export function useReport(type: ReportSubjectType, id: string | null, range: AnalyticsRangeQuery) {
  const queryKey = queryKeys.reports.detail(type, id ?? '', range);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchReport(type, id!, range, signal),
    staleTime: ANALYTICS_STALE_MS,
    enabled: Boolean(id),
    placeholderData: (previous, previousQuery) => (previousQuery && previousQuery.queryKey[1] === type && previousQuery.queryKey[2] === id ? previous : undefined),
  });
}
