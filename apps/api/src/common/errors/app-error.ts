import { ErrorCode } from '@stint/contracts';

const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 422,
  AUTHENTICATION_ERROR: 401,
  AUTHORIZATION_ERROR: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMIT_EXCEEDED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/**
 * Base of every error Stint raises on purpose (spec: AppException). Features subclass it
 * or use the helpers below; the envelope filter turns it into the response.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS_OF[code];
  }
}

export const validationError = (message: string, fields: Record<string, string[]>) => new AppError(ErrorCode.VALIDATION_ERROR, message, fields);

export const authenticationError = (message = 'Invalid credentials') => new AppError(ErrorCode.AUTHENTICATION_ERROR, message);

export const authorizationError = (message = 'Access denied') => new AppError(ErrorCode.AUTHORIZATION_ERROR, message);

/** Spec: "{resource} with id {identifier} not found". Also answers for objects the caller may not see. */
export const notFoundError = (resource: string, id: string) => new AppError(ErrorCode.NOT_FOUND, `${resource} with id ${id} not found`);

export const conflictError = (message: string, details: Record<string, unknown> | null = null) => new AppError(ErrorCode.CONFLICT, message, details);
