import { routes, TIMER_STREAM_EVENT, type TimerStreamEvent } from '@stint/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { openLiveStream } from '@/api/live-stream';
import { queryKeys } from '@/api/query-keys';
import { invalidateTimeRecords, storeTimerStatus } from '@/api/time-tracking';

/**
 * Live timer sync: one Server-Sent Events stream per tab pushes every change of the user's
 * timers into the status cache, so every tab shows the same state within a second. While
 * the stream is down the status is polled every 5 seconds (the timer module's sync) — and
 * only then; a reconnect fetches it once more.
 */

export const POLL_INTERVAL_MS = 5_000;

/** Mounted once (by the floating timer): keeps the status cache live while the user is signed in. */
export function useTimerSync(enabled = true) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.timeTracking.status() });
    if (typeof EventSource === 'undefined') {
      // No SSE in this browser: the stream is always "down", so poll.
      const poll = setInterval(refresh, POLL_INTERVAL_MS);
      return () => clearInterval(poll);
    }
    const connection = openLiveStream<TimerStreamEvent>({
      path: routes.timeTracking.stream.path,
      event: TIMER_STREAM_EVENT,
      accepts: (event) => Boolean(event.status),
      onEvent: (event) => {
        storeTimerStatus(queryClient, event.status);
        if (event.type !== 'snapshot') invalidateTimeRecords(queryClient);
      },
      // Changes made while the stream was down: the snapshot event brings them too, this is belt and braces.
      onReconnect: refresh,
      poll: { run: refresh, everyMs: POLL_INTERVAL_MS },
    });
    return () => connection.close();
  }, [enabled, queryClient]);
}
