import {
  ApiError,
  IDEMPOTENCY_KEY_HEADER,
  PAGE_SIZE_MAX,
  routes,
  type HeartbeatResponse,
  type LastStoppedTimer,
  type StopReason,
  type TimeEntryCreateRequest,
  type TimeEntryUpdateRequest,
  type TimeEntryWriteResponse,
  type TimeLogListQuery,
  type TimeLogPage,
  type TimerActionRequest,
  type TimerActionResponse,
  type TimerStartRequest,
  type TimerStatusResponse,
  type TimerStopRequest,
  type TimerView,
} from '@stint/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type MutateOptions, type QueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { api } from '@/api/client';
import { newIdempotencyKey } from '@/api/idempotency';
import { queryKeys } from '@/api/query-keys';

/* ------------------------------------------------------------------ calls */

export function fetchTimerStatus(signal?: AbortSignal): Promise<TimerStatusResponse> {
  return api.call(routes.timeTracking.status, { signal });
}

const withKey = (key: string) => ({ [IDEMPOTENCY_KEY_HEADER]: key });

export function startTimer(body: TimerStartRequest, key: string): Promise<TimerActionResponse> {
  return api.call(routes.timeTracking.start, { body, headers: withKey(key) });
}

export function pauseTimer(body: TimerActionRequest, key: string): Promise<TimerActionResponse> {
  return api.call(routes.timeTracking.pause, { body, headers: withKey(key) });
}

export function resumeTimer(body: TimerActionRequest, key: string): Promise<TimerActionResponse> {
  return api.call(routes.timeTracking.resume, { body, headers: withKey(key) });
}

export function stopTimer(body: TimerStopRequest, key: string): Promise<TimerActionResponse> {
  return api.call(routes.timeTracking.stop, { body, headers: withKey(key) });
}

export function sendHeartbeat(): Promise<HeartbeatResponse> {
  return api.call(routes.timeTracking.heartbeat);
}

export function fetchTimeLogs(query: TimeLogListQuery, signal?: AbortSignal): Promise<TimeLogPage> {
  return api.call(routes.timeTracking.logs, { query, signal });
}

export function createTimeEntry(body: TimeEntryCreateRequest): Promise<TimeEntryWriteResponse> {
  return api.call(routes.timeEntries.create, { body });
}

export function updateTimeEntry(id: string, body: TimeEntryUpdateRequest): Promise<TimeEntryWriteResponse> {
  return api.call(routes.timeEntries.update, { params: { id }, body });
}

export async function deleteTimeEntry(id: string): Promise<void> {
  await api.call(routes.timeEntries.remove, { params: { id } });
}

/* --------------------------------------------------------- status cache */

/** The server's status and when this browser received it: the anchor the widget ticks from. */
export interface TimerSnapshot {
  status: TimerStatusResponse;
  receivedAt: number;
}

export function toSnapshot(status: TimerStatusResponse, receivedAt = Date.now()): TimerSnapshot {
  return { status, receivedAt };
}

/**
 * The later of two snapshots by the server's clock, so a slow poll answered before a stream
 * event can't put an older state back on screen.
 */
export function newerSnapshot(current: TimerSnapshot | undefined, next: TimerSnapshot): TimerSnapshot {
  if (!current) return next;
  return Date.parse(next.status.server_time) >= Date.parse(current.status.server_time) ? next : current;
}

/** Writes a status from the server (an answer, a stream event) into the cache, unless the cache already holds a later one. */
export function storeTimerStatus(queryClient: QueryClient, status: TimerStatusResponse, receivedAt = Date.now()) {
  queryClient.setQueryData<TimerSnapshot>(queryKeys.timeTracking.status(), (current) => newerSnapshot(current, toSnapshot(status, receivedAt)));
}

/** The timer part of an action's answer. */
export function timerViewOf(response: TimerActionResponse): TimerView {
  const view: Partial<TimerActionResponse> = { ...response };
  delete view.success;
  delete view.server_time;
  delete view.switched_from;
  return view as TimerView;
}

function stoppedSummary(timer: TimerView, reason: StopReason): LastStoppedTimer {
  return {
    time_log_id: timer.time_log_id,
    reason,
    end_time: timer.end_time ?? timer.last_heartbeat ?? timer.start_time,
    elapsed_seconds: timer.elapsed_seconds,
    cost: timer.cost,
    currency: timer.currency,
  };
}

/** A status with these active timers (most recently started first): idle when there are none. */
export function statusWithTimers(base: TimerStatusResponse, timers: TimerView[], serverTime: string, lastStopped: LastStoppedTimer | null): TimerStatusResponse {
  const common = { success: true as const, server_time: serverTime, timers, last_stopped: lastStopped, limits: base.limits };
  const [latest] = timers;
  if (!latest) return { ...common, status: 'stopped', time_log_id: null, stale: false };
  return { ...latest, ...common, status: latest.status === 'paused' ? 'paused' : 'running' };
}

/** The status after an action, from the action's answer alone (the stream or the next poll confirms it). */
export function applyTimerAction(current: TimerStatusResponse, response: TimerActionResponse): TimerStatusResponse {
  const view = timerViewOf(response);
  const switchedId = response.switched_from?.time_log_id;
  const others = current.timers.filter((timer) => timer.time_log_id !== view.time_log_id && timer.time_log_id !== switchedId);
  let timers = others;
  if (view.status !== 'stopped') {
    const known = current.timers.some((timer) => timer.time_log_id === view.time_log_id);
    timers = known ? current.timers.filter((timer) => timer.time_log_id !== switchedId).map((timer) => (timer.time_log_id === view.time_log_id ? view : timer)) : [view, ...others];
  }
  let lastStopped = current.last_stopped;
  if (response.switched_from) lastStopped = stoppedSummary(response.switched_from, 'switched');
  if (view.status === 'stopped') lastStopped = stoppedSummary(view, view.stop_reason ?? 'user');
  return statusWithTimers(current, timers, response.server_time, lastStopped);
}

/** Entries, task totals and the figures derived from them change whenever a timer or an entry does. */
export function invalidateTimeRecords(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.logLists() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.tasks.details() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.analytics.all });
}

/** After an answer to start/pause/resume/stop: the status cache takes it at once. */
export function afterTimerAction(queryClient: QueryClient, response: TimerActionResponse, receivedAt = Date.now()) {
  const current = queryClient.getQueryData<TimerSnapshot>(queryKeys.timeTracking.status());
  if (current) storeTimerStatus(queryClient, applyTimerAction(current.status, response), receivedAt);
  else void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.status() });
  invalidateTimeRecords(queryClient);
}

/* ---------------------------------------------------------------- hooks */

/**
 * The caller's timers. The server is the truth: the stream (useTimerSync) writes every change
 * here, polling takes over while it is down, and focus or a reconnect fetches again.
 */
export function useTimerStatus({ enabled = true }: { enabled?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.timeTracking.status(),
    queryFn: async ({ signal }) => {
      const next = toSnapshot(await fetchTimerStatus(signal));
      return newerSnapshot(queryClient.getQueryData<TimerSnapshot>(queryKeys.timeTracking.status()), next);
    },
    enabled,
    staleTime: 5_000,
    refetchOnWindowFocus: 'always',
    refetchOnReconnect: 'always',
  });
}

/**
 * While a page is open and a timer is active, tells the server every `intervalSeconds` (from
 * the status' limits), so a timer whose pages were all closed shows up as stale.
 */
export function useTimerHeartbeat(active: boolean, intervalSeconds: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!active) return;
    const beat = () => {
      sendHeartbeat()
        .then(() => {
          // The stale flag clears on the server now; show that without waiting for the next change.
          const current = queryClient.getQueryData<TimerSnapshot>(queryKeys.timeTracking.status());
          if (current?.status.timers.some((timer) => timer.stale)) void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.status() });
        })
        .catch(() => undefined);
    };
    beat();
    const timer = setInterval(beat, Math.max(5, intervalSeconds) * 1000);
    return () => clearInterval(timer);
  }, [active, intervalSeconds, queryClient]);
}

export const TIMER_ACTION_RETRIES = 3;

/**
 * Timer actions retry what a flaky connection causes (no answer, 5xx, 429). Safe because every
 * retry carries the same Idempotency-Key: the server answers a replay with the first answer.
 */
export function shouldRetryTimerAction(failureCount: number, error: unknown): boolean {
  if (failureCount >= TIMER_ACTION_RETRIES || !(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function timerActionRetryDelay(attempt: number): number {
  return Math.min(4_000, 500 * 2 ** attempt);
}

interface Keyed<Body> {
  body: Body;
  key: string;
}

type KeyedMutation<Body> = Omit<UseMutationResult<TimerActionResponse, unknown, Keyed<Body>>, 'mutate' | 'mutateAsync'> & {
  /** Runs the action with a new Idempotency-Key; the automatic retries of this run reuse it. */
  mutate: (body: Body, options?: MutateOptions<TimerActionResponse, unknown, Keyed<Body>>) => void;
  mutateAsync: (body: Body, options?: MutateOptions<TimerActionResponse, unknown, Keyed<Body>>) => Promise<TimerActionResponse>;
};

function useTimerAction<Body>(send: (body: Body, key: string) => Promise<TimerActionResponse>): KeyedMutation<Body> {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ body, key }: Keyed<Body>) => send(body, key),
    retry: shouldRetryTimerAction,
    retryDelay: timerActionRetryDelay,
    onSuccess: (response) => afterTimerAction(queryClient, response),
    // Refused (e.g. 409: another tab already paused it) or given up: what this tab shows is out of date.
    onError: () => void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.status() }),
  });
  const { mutate, mutateAsync } = mutation;
  return {
    ...mutation,
    mutate: useCallback((body: Body, options?: MutateOptions<TimerActionResponse, unknown, Keyed<Body>>) => mutate({ body, key: newIdempotencyKey() }, options), [mutate]),
    mutateAsync: useCallback(
      (body: Body, options?: MutateOptions<TimerActionResponse, unknown, Keyed<Body>>) => mutateAsync({ body, key: newIdempotencyKey() }, options),
      [mutateAsync],
    ),
  };
}

export function useStartTimer() {
  return useTimerAction(startTimer);
}

export function usePauseTimer() {
  return useTimerAction(pauseTimer);
}

export function useResumeTimer() {
  return useTimerAction(resumeTimer);
}

export function useStopTimer() {
  return useTimerAction(stopTimer);
}

/* --------------------------------------------------------- time entries */

/** A date range rarely holds more; beyond this the page says the list is cut short. */
export const MAX_RANGE_PAGES = 10;

export interface TimeLogRange extends TimeLogPage {
  /** True when the range holds more entries than were fetched. */
  truncated: boolean;
}

/** Every entry matching the filters (pages fetched together), with the API's summary over all of them. */
export async function fetchAllTimeLogs(query: Omit<TimeLogListQuery, 'page' | 'per_page'>, signal?: AbortSignal): Promise<TimeLogRange> {
  const first = await fetchTimeLogs({ ...query, page: 1, per_page: PAGE_SIZE_MAX }, signal);
  const pageCount = Math.min(MAX_RANGE_PAGES, Math.ceil(first.meta.total / PAGE_SIZE_MAX));
  const rest = await Promise.all(Array.from({ length: Math.max(0, pageCount - 1) }, (_, index) => fetchTimeLogs({ ...query, page: index + 2, per_page: PAGE_SIZE_MAX }, signal)));
  const data = [first, ...rest].flatMap((page) => page.data);
  return { data, meta: { ...first.meta, page: 1, per_page: data.length }, summary: first.summary, truncated: data.length < first.meta.total };
}

/** The entries of a date range, for the Time page; the previous range stays on screen while the next loads. */
export function useTimeEntries(filters: Omit<TimeLogListQuery, 'page' | 'per_page'>) {
  return useQuery({
    queryKey: queryKeys.timeTracking.range(filters),
    queryFn: ({ signal }) => fetchAllTimeLogs(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCreateEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTimeEntry,
    onSuccess: () => invalidateTimeRecords(queryClient),
  });
}

export function useUpdateEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: TimeEntryUpdateRequest }) => updateTimeEntry(id, changes),
    onSuccess: () => invalidateTimeRecords(queryClient),
  });
}

export function useDeleteEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteTimeEntry(id),
    onSuccess: () => invalidateTimeRecords(queryClient),
  });
}
