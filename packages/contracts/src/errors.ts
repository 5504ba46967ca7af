/** Error codes of the platform spec's "Error Handling" section. */
export const ErrorCode = {
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  AUTHENTICATION_ERROR: 'AUTHENTICATION_ERROR',
  AUTHORIZATION_ERROR: 'AUTHORIZATION_ERROR',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ResponseMeta {
  request_id: string;
  timestamp: string;
}

/** Field name → messages, for VALIDATION_ERROR; free-form for other codes. */
export type ValidationDetails = Record<string, string[]>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown> | null;
}

/** Every error the API answers has this shape. */
export interface ErrorEnvelope {
  success: false;
  error: ErrorBody;
  meta: ResponseMeta;
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ErrorEnvelope>;
  return v.success === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string';
}
