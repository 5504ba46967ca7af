/** Shared by the security tests: the OpenAPI operations, raw in-process calls, the envelope check. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext, TestUser } from '../support/test-app';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  $ref?: string;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

export interface Operation {
  /** `GET /api/v1/tasks/{id}`: the key of the expectation table and of reports. */
  key: string;
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: SchemaObject }>;
  /** The resolved JSON body schema, when the operation takes one. */
  body: SchemaObject | null;
  /** No security requirement: callable anonymously. */
  public: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Array<{ name: string; in: string; schema?: SchemaObject }>; requestBody?: { content: Record<string, { schema: SchemaObject }> }; security?: unknown[] }
    >
  >;
  components: { schemas: Record<string, SchemaObject> };
}

/** The committed snapshot, regenerated from the code by `openapi:write` and checked by `check:openapi`. */
export const OPENAPI: OpenApiDocument = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));

export function resolveSchema(schema: SchemaObject | undefined, depth = 0): SchemaObject {
  if (!schema) return {};
  if (depth > 8) return schema;
  if (schema.$ref) return resolveSchema(OPENAPI.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
  if (schema.allOf?.length === 1) return resolveSchema(schema.allOf[0], depth + 1);
  return schema;
}

export function operations(): Operation[] {
  const result: Operation[] = [];
  for (const [path, methods] of Object.entries(OPENAPI.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const upper = method.toUpperCase() as Method;
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
      const parameters = operation.parameters ?? [];
      const json = operation.requestBody?.content['application/json'];
      result.push({
        key: `${upper} ${path}`,
        method: upper,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolveSchema(p.schema) })),
        body: json ? resolveSchema(json.schema) : null,
        public: !operation.security?.length,
      });
    }
  }
  return result;
}

/** `/api/v1/tasks/{id}` with `{id: 'x'}` → `/api/v1/tasks/x` (values are inserted as given: encode them first). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

export interface RawRequest {
  method: Method;
  url: string;
  token?: string | null;
  /** An object is sent as JSON; a string is sent verbatim (with `contentType`). */
  payload?: unknown;
  contentType?: string | null;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  body: any;
}

/** One call through Fastify's inject (no socket), answered raw so every status stays visible. */
export async function raw(ctx: TestContext, request: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let payload: string | undefined;
  if (typeof request.payload === 'string') payload = request.payload;
  else if (request.payload !== undefined) payload = JSON.stringify(request.payload);
  if (payload !== undefined && request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
  const response = await ctx.fastify.inject({ method: request.method, url: request.url, headers, payload });
  let body: unknown;
  try {
    body = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text: response.body, body };
}

export const as = (user: TestUser | null) => user?.token ?? null;

/** The statuses each envelope code may come with (spec error format + HTTP semantics). */
export const STATUSES_OF_CODE: Record<string, number[]> = {
  VALIDATION_ERROR: [400, 408, 413, 414, 415, 422, 431],
  AUTHENTICATION_ERROR: [401],
  AUTHORIZATION_ERROR: [403],
  NOT_FOUND: [404, 405],
  CONFLICT: [409],
  RATE_LIMIT_EXCEEDED: [429],
};

/** Markers of internals that must never reach a client. */
const LEAKS = /QueryFailedError|TypeORM|\bat [\w.<>]+ \(|node_modules|syntax error at or near|relation "\w+"|duplicate key value|violates .* constraint/i;

/**
 * What is wrong with an answer to hostile input, or null when it is acceptable: never a 5xx,
 * and every non-2xx is the envelope with a code that matches the status.
 */
export function envelopeProblem(response: RawResponse): string | null {
  const { status, body } = response;
  if (status >= 500) return `status ${status}: ${response.text.slice(0, 300)}`;
  if (status < 400) return status >= 300 ? `unexpected redirect ${status}` : null;
  if (!body || typeof body !== 'object') return `status ${status} without a JSON envelope: ${response.text.slice(0, 200)}`;
  if (body.success !== false) return `status ${status}: success is not false`;
  const error = body.error;
  if (!error || typeof error !== 'object') return `status ${status}: no error object`;
  const allowed = STATUSES_OF_CODE[error.code];
  if (!allowed) return `status ${status}: unknown error code ${String(error.code)}`;
  if (!allowed.includes(status)) return `status ${status} with code ${error.code}`;
  if (typeof error.message !== 'string' || !error.message) return `status ${status}: no message`;
  if (!('details' in error) || (error.details !== null && typeof error.details !== 'object')) return `status ${status}: details is neither an object nor null`;
  if (typeof body.meta?.request_id !== 'string' || Number.isNaN(Date.parse(body.meta?.timestamp))) return `status ${status}: meta lacks request_id/timestamp`;
  if (LEAKS.test(response.text)) return `status ${status}: leaks internals: ${response.text.slice(0, 200)}`;
  return null;
}
