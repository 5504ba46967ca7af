import { ApiError } from '@stint/contracts';
import { QueryClient } from '@tanstack/react-query';

const MAX_RETRIES = 2;

/** Retry only what may succeed next time: network failures and server errors, never 4xx. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
