import { TIMER_STREAM_EVENT, type TimerStreamEvent } from '@stint/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '@/api/query-keys';
import type { TimerSnapshot } from '@/api/time-tracking';
import { POLL_INTERVAL_MS, useTimerSync } from '@/api/timer-stream';
import { mockApi } from '@/test/api-mock';
import { FakeEventSource } from '@/test/fake-event-source';
import { aTimerStatus, aTimerView, jsonResponse } from '@/test/fixtures';
import { createTestQueryClient } from '@/test/render';

function renderSync(enabled = true) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(queryKeys.timeTracking.logs({}), { seeded: true });
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  const hook = renderHook(() => useTimerSync(enabled), { wrapper });
  return { queryClient, ...hook };
}

const logsInvalidated = (queryClient: ReturnType<typeof createTestQueryClient>) => queryClient.getQueryState(queryKeys.timeTracking.logs({}))?.isInvalidated;

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  mockApi((request) => (request.url.pathname === '/api/v1/time-tracking/stream-ticket' ? jsonResponse({ ticket: 'tk', expires_in: 60 }) : undefined));
});

afterEach(() => vi.useRealTimers());

describe('useTimerSync', () => {
  it('opens the timer stream with a ticket and stores each status it sends; changes also refresh the time records', async () => {
    const { queryClient, unmount } = renderSync();
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/v1/time-tracking/stream?ticket=tk');
    source.open();

    const snapshot: TimerStreamEvent = { type: 'snapshot', time_log_id: null, stop_reason: null, status: aTimerStatus() };
    source.emit(TIMER_STREAM_EVENT, snapshot);
    expect(queryClient.getQueryData<TimerSnapshot>(queryKeys.timeTracking.status())?.status).toEqual(snapshot.status);
    expect(logsInvalidated(queryClient)).toBe(false);

    const running = aTimerStatus([aTimerView()], { server_time: '2026-03-10T10:00:05.000Z' });
    source.emit(TIMER_STREAM_EVENT, { type: 'started', time_log_id: aTimerView().time_log_id, stop_reason: null, status: running } satisfies TimerStreamEvent);
    expect(queryClient.getQueryData<TimerSnapshot>(queryKeys.timeTracking.status())?.status).toEqual(running);
    expect(logsInvalidated(queryClient)).toBe(true);

    unmount();
    expect(source.closed).toBe(true);
  });

  it('polls the status every 5 seconds while the stream is down', async () => {
    vi.useFakeTimers();
    const { queryClient } = renderSync();
    queryClient.setQueryData(queryKeys.timeTracking.status(), { status: aTimerStatus(), receivedAt: 0 });
    await vi.advanceTimersByTimeAsync(0);
    FakeEventSource.latest().fail();
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(queryClient.getQueryState(queryKeys.timeTracking.status())?.isInvalidated).toBe(true);
  });

  it('opens nothing when disabled', async () => {
    renderSync(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(FakeEventSource.instances).toHaveLength(0);
  });
});
