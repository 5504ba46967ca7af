import { ApiError } from '@stint/contracts';

/** Awaits a typed-client call that must fail and returns its ApiError (status, code, fieldErrors). */
export async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
