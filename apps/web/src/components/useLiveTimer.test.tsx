import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLiveTimer } from '@/components/useLiveTimer';
import { aTimerView } from '@/test/fixtures';

describe('useLiveTimer', () => {
  // The tick lands a few milliseconds after each whole second (timers may fire a hair early).
  const SLACK = 10;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-10T10:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('ticks every second from the server anchor while running, cost included', () => {
    const receivedAt = Date.now();
    const timer = aTimerView({ status: 'running', elapsed_seconds: 3600, cost: '50.00', rate_type: 'hourly', rate_amount: '3600.0000' });
    const { result } = renderHook(() => useLiveTimer(timer, receivedAt));
    expect(result.current).toEqual({ elapsedSeconds: 3600, cost: '50.00' });

    act(() => void vi.advanceTimersByTime(1_000 + SLACK));
    expect(result.current).toEqual({ elapsedSeconds: 3601, cost: '51.00' });
    act(() => void vi.advanceTimersByTime(4_000));
    expect(result.current).toEqual({ elapsedSeconds: 3605, cost: '55.00' });
  });

  it('is frozen while paused', () => {
    const receivedAt = Date.now();
    const timer = aTimerView({ status: 'paused', elapsed_seconds: 1500, cost: '20.83' });
    const { result } = renderHook(() => useLiveTimer(timer, receivedAt));
    act(() => void vi.advanceTimersByTime(60_000));
    expect(result.current).toEqual({ elapsedSeconds: 1500, cost: '20.83' });
  });

  it('re-anchors on a new answer from the server, and freezes when it says paused', () => {
    const first = Date.now();
    const { result, rerender } = renderHook(({ timer, receivedAt }) => useLiveTimer(timer, receivedAt), {
      initialProps: { timer: aTimerView({ status: 'running', elapsed_seconds: 10, cost: '0.14' }), receivedAt: first },
    });
    act(() => void vi.advanceTimersByTime(3_000 + SLACK));
    expect(result.current.elapsedSeconds).toBe(13);

    // The server says 12 s (the local clock ran fast): the display follows the server.
    rerender({ timer: aTimerView({ status: 'paused', elapsed_seconds: 12, cost: '0.17' }), receivedAt: Date.now() });
    expect(result.current).toEqual({ elapsedSeconds: 12, cost: '0.17' });
    act(() => void vi.advanceTimersByTime(10_000));
    expect(result.current.elapsedSeconds).toBe(12);

    rerender({ timer: aTimerView({ status: 'running', elapsed_seconds: 12, cost: '0.17' }), receivedAt: Date.now() });
    act(() => void vi.advanceTimersByTime(2_000 + SLACK));
    expect(result.current.elapsedSeconds).toBe(14);
  });
});
