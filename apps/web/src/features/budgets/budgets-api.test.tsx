import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { openAlertStream, useAcknowledgeAlert } from '@/api/budgets';
import { queryKeys } from '@/api/query-keys';
import { mockApi } from '@/test/api-mock';
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
    const { calls } = mockApi((request) =>
      request.method === 'POST' && request.url.pathname === '/api/v1/budget-alerts/a1/acknowledge' ? jsonResponse(alert) : undefined,
    );
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

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  listeners = new Map<string, (event: MessageEvent<string>) => void>();
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(name, listener);
  }
  emit(data: unknown) {
    this.listeners.get('budget_alert')?.({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
  close() {
    this.closed = true;
  }
}

describe('openAlertStream', () => {
  it('connects with a fresh ticket, passes events on, and on error reconnects with a new ticket after reporting "down"', async () => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    let ticket = 0;
    const states: string[] = [];
    const events: unknown[] = [];
    const close = openAlertStream({
      getTicket: async () => `t${++ticket}`,
      url: (t) => `/stream?ticket=${t}`,
      onEvent: (event) => events.push(event),
      onStateChange: (state) => states.push(state),
      retryDelayMs: () => 1_000,
      createEventSource: (url) => new FakeEventSource(url) as unknown as EventSource,
    });
    await vi.advanceTimersByTimeAsync(0);
    const first = FakeEventSource.instances[0];
    expect(first.url).toBe('/stream?ticket=t1');
    first.onopen?.();
    first.emit({ type: 'raised', alert });
    expect(events).toEqual([{ type: 'raised', alert }]);

    first.onerror?.();
    expect(first.closed).toBe(true);
    expect(states).toEqual(['open', 'down']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeEventSource.instances[1].url).toBe('/stream?ticket=t2');
    close();
    expect(FakeEventSource.instances[1].closed).toBe(true);
    vi.useRealTimers();
  });
});
