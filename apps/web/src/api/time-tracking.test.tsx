import { IDEMPOTENCY_KEY_HEADER } from '@stint/contracts';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '@/api/query-keys';
import { applyTimerAction, newerSnapshot, toSnapshot, useStopTimer, type TimerSnapshot } from '@/api/time-tracking';
import { aTimerActionResponse, aTimerStatus, aTimerView, jsonResponse } from '@/test/fixtures';
import { createTestQueryClient } from '@/test/render';

function headerOf(init: RequestInit | undefined, name: string): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.[name];
}

function wrapperWith(queryClient = createTestQueryClient()) {
  return {
    queryClient,
    wrapper: ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>,
  };
}

afterEach(() => vi.useRealTimers());

describe('timer actions and the Idempotency-Key', () => {
  it('reuses the key when a flaky connection makes it retry, and takes a new one for the next action', async () => {
    const stopped = aTimerActionResponse(aTimerView({ status: 'stopped', end_time: '2026-03-10T10:00:00.000Z', stop_reason: 'user' }));
    let attempt = 0;
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => {
      attempt += 1;
      // The first request never gets an answer back (e.g. the Wi-Fi dropped after it was sent).
      if (attempt === 1) throw new TypeError('Failed to fetch');
      return jsonResponse(stopped);
    });
    vi.stubGlobal('fetch', fetchMock);
    const { wrapper } = wrapperWith();
    const { result } = renderHook(() => useStopTimer(), { wrapper });

    act(() => result.current.mutate({ time_log_id: stopped.time_log_id, description: 'Done' }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true), { timeout: 3_000 });

    expect(fetchMock).toHaveBeenCalledTimes(2);
    const [firstKey, retryKey] = fetchMock.mock.calls.map(([, init]) => headerOf(init, IDEMPOTENCY_KEY_HEADER));
    expect(firstKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retryKey).toBe(firstKey);
    // Same body too: the server refuses a key reused with another body.
    expect(fetchMock.mock.calls[1][1]?.body).toBe(fetchMock.mock.calls[0][1]?.body);

    act(() => result.current.mutate({ time_log_id: stopped.time_log_id }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect(headerOf(fetchMock.mock.calls[2][1], IDEMPOTENCY_KEY_HEADER)).not.toBe(firstKey);
  });

  it('does not retry what the server refused (409: nothing to stop)', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) =>
      jsonResponse({ success: false, error: { code: 'CONFLICT', message: 'No active timer', details: null }, meta: { request_id: 'r', timestamp: '' } }, 409),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { wrapper } = wrapperWith();
    const { result } = renderHook(() => useStopTimer(), { wrapper });
    act(() => result.current.mutate({}));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('writes the answer into the status cache at once', async () => {
    const running = aTimerView();
    const stopped = aTimerActionResponse({ ...running, status: 'stopped', end_time: '2026-03-10T10:00:01.000Z', stop_reason: 'user', elapsed_seconds: 3601, cost: '50.01' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(stopped)),
    );
    const { wrapper, queryClient } = wrapperWith();
    queryClient.setQueryData<TimerSnapshot>(queryKeys.timeTracking.status(), toSnapshot(aTimerStatus([running])));
    const { result } = renderHook(() => useStopTimer(), { wrapper });

    act(() => result.current.mutate({ time_log_id: running.time_log_id }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    const status = queryClient.getQueryData<TimerSnapshot>(queryKeys.timeTracking.status())!.status;
    expect(status.status).toBe('stopped');
    expect(status.timers).toEqual([]);
    expect(status.last_stopped).toMatchObject({ time_log_id: running.time_log_id, reason: 'user', elapsed_seconds: 3601, cost: '50.01' });
  });
});

describe('status bookkeeping', () => {
  it('a start that switched replaces the stopped timer and remembers it', () => {
    const old = aTimerView({ time_log_id: 'old', task_key: 'BP-1' });
    const started = aTimerView({ time_log_id: 'new', task_key: 'BP-2', elapsed_seconds: 0, cost: '0.00' });
    const next = applyTimerAction(
      aTimerStatus([old]),
      aTimerActionResponse(started, { switched_from: { ...old, status: 'stopped', stop_reason: 'switched', end_time: '2026-03-10T10:00:01.000Z' } }),
    );
    expect(next.status).toBe('running');
    expect(next.time_log_id).toBe('new');
    expect(next.timers.map((timer) => timer.time_log_id)).toEqual(['new']);
    expect(next.last_stopped).toMatchObject({ time_log_id: 'old', reason: 'switched' });
  });

  it('a pause keeps the other timers and their order', () => {
    const a = aTimerView({ time_log_id: 'a' });
    const b = aTimerView({ time_log_id: 'b' });
    const next = applyTimerAction(aTimerStatus([a, b]), aTimerActionResponse({ ...b, status: 'paused', paused_at: '2026-03-10T10:00:01.000Z' }));
    expect(next.timers.map((timer) => [timer.time_log_id, timer.status])).toEqual([
      ['a', 'running'],
      ['b', 'paused'],
    ]);
    expect(next.status).toBe('running');
  });

  it('never lets an older answer replace a newer one', () => {
    const newer = toSnapshot(aTimerStatus([], { server_time: '2026-03-10T10:00:05.000Z' }));
    const older = toSnapshot(aTimerStatus([aTimerView()], { server_time: '2026-03-10T10:00:02.000Z' }));
    expect(newerSnapshot(newer, older)).toBe(newer);
    expect(newerSnapshot(older, newer)).toBe(newer);
    expect(newerSnapshot(undefined, older)).toBe(older);
  });
});
