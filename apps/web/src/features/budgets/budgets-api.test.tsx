import { BUDGET_ALERT_STREAM_EVENT } from '@stint/contracts';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { BUDGET_POLL_INTERVAL_MS, useAcknowledgeAlert, useBudgetAlertSync } from '@/api/budgets';
import { queryKeys } from '@/api/query-keys';
import { mockApi } from '@/test/api-mock';
import { FakeEventSource } from '@/test/fake-event-source';
import { jsonResponse } from '@/test/fixtures';
import { createTestQueryClient } from '@/test/render';

const alert = {
  id: 'a1',
  project_id: 'p1',
  project_name: 'Apollo',
  project_key: 'APL',
  alert_type: 'warning',
  threshold_percentage: 80,
  actual_percentage: 82.5,
  cost_at_alert: '825.00',
  currency: 'EUR',
  is_acknowledged: true,
  acknowledged_by_user_id: 'u1',
  acknowledged_by_name: 'Ada Admin',
  acknowledged_at: '2026-03-02T10:00:00.000Z',
  created_at: '2026-03-02T09:00:00.000Z',
};

describe('useAcknowledgeAlert', () => {
  it('posts the acknowledgement and invalidates every budgets query (lists, alerts, the project budget) and nothing else', async () => {
    const { calls } = mockApi((request) => (request.method === 'POST' && request.url.pathname === '/api/v1/budget-alerts/a1/acknowledge' ? jsonResponse(alert) : undefined));
    const queryClient = createTestQueryClient();
    const seeded = [queryKeys.budgets.list({}), queryKeys.budgets.alerts({ project_id: 'p1' }), queryKeys.budgets.detail('p1'), queryKeys.projects.detail('p1')];
    for (const key of seeded) queryClient.setQueryData(key, { seeded: true });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useAcknowledgeAlert(), { wrapper });

    act(() => result.current.mutate('a1'));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));

    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual(['POST /api/v1/budget-alerts/a1/acknowledge']);
    expect(queryClient.getQueryState(queryKeys.budgets.list({}))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(queryKeys.budgets.alerts({ project_id: 'p1' }))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(queryKeys.budgets.detail('p1'))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(queryKeys.projects.detail('p1'))?.isInvalidated).toBe(false);
  });

  it('invalidates nothing when the API refuses', async () => {
    mockApi(() => jsonResponse({ error: { code: 'FORBIDDEN', message: 'Admins only' } }, 403));
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(queryKeys.budgets.list({}), { seeded: true });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useAcknowledgeAlert(), { wrapper });
    act(() => result.current.mutate('a1'));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(queryClient.getQueryState(queryKeys.budgets.list({}))?.isInvalidated).toBe(false);
  });
});

describe('useBudgetAlertSync', () => {
  it('polls every 10 s until the stream is open; a raised alert refreshes the budgets and is announced', async () => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    mockApi((request) => (request.url.pathname === '/api/v1/time-tracking/stream-ticket' ? jsonResponse({ ticket: 'tk', expires_in: 60 }) : undefined));
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(queryKeys.budgets.list({}), { seeded: true });
    const onRaised = vi.fn();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result, unmount } = renderHook(() => useBudgetAlertSync(onRaised), { wrapper });
    expect(result.current).toBe(BUDGET_POLL_INTERVAL_MS);

    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/v1/budget-alerts/stream?ticket=tk');
    act(() => source.open());
    expect(result.current).toBe(false);
    // Open (again): whatever was raised meanwhile is fetched.
    expect(queryClient.getQueryState(queryKeys.budgets.list({}))?.isInvalidated).toBe(true);

    queryClient.setQueryData(queryKeys.budgets.list({}), { seeded: true });
    act(() => source.emit(BUDGET_ALERT_STREAM_EVENT, { type: 'ready', alert: null }));
    expect([onRaised.mock.calls.length, queryClient.getQueryState(queryKeys.budgets.list({}))?.isInvalidated]).toEqual([0, false]);
    act(() => source.emit(BUDGET_ALERT_STREAM_EVENT, { type: 'raised', alert }));
    expect(onRaised).toHaveBeenCalledWith(alert);
    expect(queryClient.getQueryState(queryKeys.budgets.list({}))?.isInvalidated).toBe(true);

    act(() => source.fail());
    expect([source.closed, result.current]).toEqual([true, BUDGET_POLL_INTERVAL_MS]);
    unmount();
  });
});
