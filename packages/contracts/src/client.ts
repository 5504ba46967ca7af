import { ErrorCode, isErrorEnvelope, type ErrorBody } from './errors.js';
import { buildPath, buildQuery, type BodyOf, type QueryOf, type ResponseOf, type Route } from './routes.js';
import { CSRF_HEADER } from './auth.js';

/** An error answered by the API (in the envelope) or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorBody['code'];
  readonly details: Record<string, unknown> | null;
  readonly requestId: string | null;

  constructor(status: number, body: ErrorBody, requestId: string | null) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
    this.requestId = requestId;
  }

  /** Per-field messages of a VALIDATION_ERROR (or a CONFLICT naming its field), or an empty object. */
  get fieldErrors(): Record<string, string[]> {
    if ((this.code !== ErrorCode.VALIDATION_ERROR && this.code !== ErrorCode.CONFLICT) || !this.details) return {};
    const fields: Record<string, string[]> = {};
    for (const [field, messages] of Object.entries(this.details)) {
      if (Array.isArray(messages) && messages.every((m) => typeof m === 'string')) fields[field] = messages;
    }
    return fields;
  }
}

export interface ClientOptions {
  /** Origin the API is served from; '' for same-origin (the web app). */
  baseUrl?: string;
  /** Returns the current access token, if any. */
  getToken?: () => string | null | undefined;
  /** Returns the CSRF token to send with cookie-authenticated calls. */
  getCsrfToken?: () => string | null | undefined;
  fetch?: typeof fetch;
  /** Called once per 401 on an authenticated call; return true to retry it once. */
  onUnauthorized?: () => Promise<boolean>;
}

export type CallOptions<R> = (BodyOf<R> extends undefined ? { body?: undefined } : { body: BodyOf<R> }) & {
  params?: Record<string, string | number>;
  query?: QueryOf<R> extends undefined ? undefined : QueryOf<R>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** Any route: Route's type parameters only appear in a readonly phantom field, so unknown accepts them all. */
type AnyRoute = Route<unknown, unknown, unknown>;

export interface ApiClient {
  call<R extends AnyRoute>(route: R, options?: CallOptions<R>): Promise<ResponseOf<R>>;
  /** The raw Response, for downloads and streams. */
  raw<R extends AnyRoute>(route: R, options?: CallOptions<R>): Promise<Response>;
}

export function createApiClient(options: ClientOptions = {}): ApiClient {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const baseUrl = options.baseUrl ?? '';

  async function send<R extends AnyRoute>(route: R, call: CallOptions<R> | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...(call?.headers ?? {}) };
    const token = options.getToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    const csrf = options.getCsrfToken?.();
    if (csrf) headers[CSRF_HEADER] = csrf;
    const body = (call as { body?: unknown } | undefined)?.body;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = baseUrl + buildPath(route.path, call?.params) + buildQuery(call?.query as object | undefined);
    try {
      return await doFetch(url, {
        method: route.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'include',
        signal: call?.signal,
      });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError(0, { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'Cannot reach the server', details: null }, null);
    }
  }

  async function raw<R extends AnyRoute>(route: R, call?: CallOptions<R>): Promise<Response> {
    let response = await send(route, call);
    if (response.status === 401 && options.onUnauthorized && options.getToken?.()) {
      if (await options.onUnauthorized()) response = await send(route, call);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  return {
    raw,
    async call(route, call) {
      const response = await raw(route, call);
      if (response.status === 204) return undefined as never;
      return (await response.json()) as never;
    },
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id');
  const payload: unknown = await response.json().catch(() => null);
  if (isErrorEnvelope(payload)) return new ApiError(response.status, payload.error, requestId);
  return new ApiError(response.status, { code: ErrorCode.INTERNAL_ERROR, message: `Unexpected response (${response.status})`, details: null }, requestId);
}
