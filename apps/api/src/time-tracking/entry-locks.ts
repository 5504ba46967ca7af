/** SQLSTATEs worth retrying a timer transaction for: unique violation (slot race), serialization failure, deadlock. */
export const RETRYABLE_SQLSTATES = new Set(['23505', '40001', '40P01']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.code ?? (error as { driverError?: { code?: string } })?.driverError?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}
