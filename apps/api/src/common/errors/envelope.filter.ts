import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ErrorCode, type ErrorEnvelope } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AppError } from './app-error';

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_ERROR,
  401: ErrorCode.AUTHENTICATION_ERROR,
  403: ErrorCode.AUTHORIZATION_ERROR,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.VALIDATION_ERROR,
  415: ErrorCode.VALIDATION_ERROR,
  422: ErrorCode.VALIDATION_ERROR,
  429: ErrorCode.RATE_LIMIT_EXCEEDED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** PostgreSQL SQLSTATEs that mean "the database is unreachable", not "the request is wrong". */
const CONNECTION_FAILURE = /^(08|57P0)/;

export function envelope(requestId: string, code: ErrorCode, message: string, details: Record<string, unknown> | null): ErrorEnvelope {
  return { success: false, error: { code, message, details }, meta: { request_id: requestId, timestamp: new Date().toISOString() } };
}

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  details: Record<string, unknown> | null;
  headers?: Record<string, string>;
}

/** Maps a constraint violation PostgreSQL raised into a client error; null when it isn't one. */
function fromDatabase(error: QueryFailedError & { code?: string; constraint?: string; detail?: string }): Mapped | null {
  switch (error.code) {
    case '23505':
      return { status: 409, code: ErrorCode.CONFLICT, message: 'A record with these values already exists', details: { constraint: error.constraint ?? null } };
    case '23503':
      return { status: 409, code: ErrorCode.CONFLICT, message: 'The record is referenced by or refers to a missing record', details: { constraint: error.constraint ?? null } };
    case '23514':
    case '23502':
    case '22001':
    case '22003':
    case '22P02':
    case '22007':
    case '22008':
    case '22021':
    case '22P05':
      return { status: 422, code: ErrorCode.VALIDATION_ERROR, message: 'The values break a rule of the data model', details: { constraint: error.constraint ?? null } };
    case '40001':
    case '40P01':
      return { status: 409, code: ErrorCode.CONFLICT, message: 'A concurrent change got there first; try again', details: null };
    case '57014':
      return { status: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database took too long to answer', details: null };
    default:
      return null;
  }
}

function isConnectionFailure(error: unknown): boolean {
  // TypeORM releases a transaction's connection when PostgreSQL drops it (restart, network):
  // the transaction's next query (or its COMMIT) then fails with one of these, not a SQLSTATE.
  if (error instanceof QueryRunnerProviderAlreadyReleasedError || error instanceof QueryRunnerAlreadyReleasedError) return true;
  const e = error as { code?: string; message?: string };
  if (typeof e?.code === 'string' && (CONNECTION_FAILURE.test(e.code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code))) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(e?.message ?? '');
}

/**
 * The one place errors become responses: every error class ends in the spec's
 * envelope, and a 500 never shows a stack trace or SQL.
 */
@Catch()
export class EnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(error, request);
    if (mapped.status >= 500) {
      this.logger.error({ err: error, request_id: request.id, url: request.url }, 'request failed');
    }
    if (mapped.headers) for (const [name, value] of Object.entries(mapped.headers)) reply.header(name, value);
    reply.status(mapped.status).send(envelope(String(request.id), mapped.code, mapped.message, mapped.details));
  }

  private map(error: unknown, request: FastifyRequest): Mapped {
    if (error instanceof AppError) {
      return { status: error.status, code: error.code, message: error.message, details: error.details, headers: error.headers };
    }
    if (error instanceof ThrottlerException) {
      return { status: 429, code: ErrorCode.RATE_LIMIT_EXCEEDED, message: 'Too many requests; slow down and retry later', details: null };
    }
    if (error instanceof HttpException) {
      // Nest's 400s (pipes, malformed input) are validation errors: the spec answers those 422.
      const status = error.getStatus() === HttpStatus.BAD_REQUEST ? HttpStatus.UNPROCESSABLE_ENTITY : error.getStatus();
      const code = CODE_OF_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_ERROR);
      if (status === HttpStatus.NOT_FOUND) {
        return { status, code, message: `Route ${request.method} ${request.url.split('?')[0]} not found`, details: null };
      }
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
      return { status, code, message: Array.isArray(message) ? message.join('; ') : String(message), details: null };
    }
    if (error instanceof QueryFailedError) {
      const mapped = fromDatabase(error as QueryFailedError & { code?: string });
      if (mapped) return mapped;
    }
    if (isConnectionFailure(error) || isConnectionFailure((error as { driverError?: unknown })?.driverError)) {
      return {
        status: 503,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        message: 'The service is temporarily unavailable; try again shortly',
        details: null,
        headers: { 'retry-after': '5' },
      };
    }
    const fastifyError = error as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      // Fastify's own client errors: malformed JSON (422), body too large (413), wrong content type (415).
      const code = CODE_OF_STATUS[fastifyError.statusCode] ?? ErrorCode.VALIDATION_ERROR;
      const status = code === ErrorCode.VALIDATION_ERROR ? ([413, 415].includes(fastifyError.statusCode) ? fastifyError.statusCode : 422) : fastifyError.statusCode;
      return { status, code, message: fastifyError.message ?? 'Bad request', details: null };
    }
    return { status: 500, code: ErrorCode.INTERNAL_ERROR, message: 'An unexpected error occurred', details: null };
  }
}
