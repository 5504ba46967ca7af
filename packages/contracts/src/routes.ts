import type { paths } from './generated/openapi.js';
import type { PrivacyExport } from './privacy.js';
import type { OperationQuery } from './schemas.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API route. The type parameters carry the body, response and query types to the
 * typed client; `path` may hold `:name` parameters.
 */
export interface Route<TBody = undefined, TResponse = unknown, TQuery = undefined> {
  readonly method: HttpMethod;
  readonly path: string;
  /** Phantom field: never set at run time, only read by the type checker. */
  readonly _types?: { body: TBody; response: TResponse; query: TQuery };
}

export type BodyOf<R> = R extends Route<infer B, unknown, unknown> ? B : never;
export type ResponseOf<R> = R extends Route<unknown, infer T, unknown> ? T : never;
export type QueryOf<R> = R extends Route<unknown, unknown, infer Q> ? Q : never;

/** The OpenAPI document's spelling of a route path: `/projects/:id` → `/projects/{id}`. */
type DocumentPath<P extends string> = P extends `${infer Head}:${infer Name}/${infer Tail}`
  ? `${Head}{${Name}}/${DocumentPath<Tail>}`
  : P extends `${infer Head}:${infer Name}`
    ? `${Head}{${Name}}`
    : P;
/** The route path's spelling of a document path: `/projects/{id}` → `/projects/:id`. */
type RoutePath<P extends string> = P extends `${infer Head}{${infer Name}}${infer Tail}` ? `${Head}:${Name}${RoutePath<Tail>}` : P;

type OperationMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Operations<P extends keyof paths> = { [M in OperationMethod]: paths[P][M] extends undefined ? never : M }[OperationMethod];
/** Every "METHOD /path" the OpenAPI document describes, in the route table's spelling. */
export type DocumentedRoute = { [P in keyof paths]: `${Uppercase<Operations<P>>} ${RoutePath<P>}` }[keyof paths];
/** The paths the document describes for `M`; any other path doesn't compile. */
type PathFor<M extends HttpMethod> = {
  [P in DocumentedRoute as P extends `${M} ${infer Path}` ? Path : never]: true;
};

type OperationOf<M extends HttpMethod, P extends string> = DocumentPath<P> extends keyof paths ? NonNullable<paths[DocumentPath<P>][Lowercase<M>]> : never;
type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type RequestBodyOf<O> = O extends { requestBody?: infer B } ? ([NonNullable<B>] extends [never] ? undefined : JsonOf<NonNullable<B>>) : undefined;
/** The JSON answer of the success status (200, else 201); undefined for 204; never for streams and downloads. */
type SuccessOf<O> = O extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? JsonOf<Ok>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : R extends { 204: unknown }
        ? undefined
        : never
  : never;

/** The route `method path` with its body, answer and query types read from the OpenAPI document. */
type DocumentedRouteOf<M extends HttpMethod, P extends string> = Route<RequestBodyOf<OperationOf<M, P>>, SuccessOf<OperationOf<M, P>>, OperationQuery<OperationOf<M, P>>> & {
  readonly method: M;
  readonly path: P;
};

function route<M extends HttpMethod, P extends keyof PathFor<M> & string>(method: M, path: P): DocumentedRouteOf<M, P> {
  return { method, path };
}

/** A download the document describes without a JSON schema: its type is named here. */
function download<T>(route: Route<undefined, never, undefined> & { readonly method: HttpMethod; readonly path: string }): Route<undefined, T, undefined> {
  return route;
}

export const API_PREFIX = '/api/v1';

export const routes = {
  health: route('GET', '/api/v1/health'),
  auth: {
    register: route('POST', '/api/v1/auth/register'),
    login: route('POST', '/api/v1/auth/login'),
    refresh: route('POST', '/api/v1/auth/refresh'),
    logout: route('POST', '/api/v1/auth/logout'),
  },
  users: {
    me: route('GET', '/api/v1/users/me'),
    updateMe: route('PATCH', '/api/v1/users/me'),
    changePassword: route('POST', '/api/v1/users/me/password'),
    list: route('GET', '/api/v1/users'),
    update: route('PATCH', '/api/v1/users/:id'),
    /** Admins: clears every sign-in failure counter and lock of the account (audited). */
    unlock: route('POST', '/api/v1/users/:id/unlock'),
    /** The caller's recent failed sign-ins (the last 90 days), newest first. */
    signInFailures: route('GET', '/api/v1/users/me/sign-in-failures'),
  },
  projects: {
    list: route('GET', '/api/v1/projects'),
    create: route('POST', '/api/v1/projects'),
    get: route('GET', '/api/v1/projects/:id'),
    update: route('PATCH', '/api/v1/projects/:id'),
    remove: route('DELETE', '/api/v1/projects/:id'),
    members: route('GET', '/api/v1/projects/:id/members'),
    addMember: route('POST', '/api/v1/projects/:id/members'),
    removeMember: route('DELETE', '/api/v1/projects/:id/members/:userId'),
  },
  tasks: {
    list: route('GET', '/api/v1/tasks'),
    create: route('POST', '/api/v1/tasks'),
    get: route('GET', '/api/v1/tasks/:id'),
    update: route('PATCH', '/api/v1/tasks/:id'),
    updateStatus: route('PATCH', '/api/v1/tasks/:id/status'),
    remove: route('DELETE', '/api/v1/tasks/:id'),
  },
  timeTracking: {
    /** start/pause/resume/stop honour an Idempotency-Key header (IDEMPOTENCY_KEY_HEADER). */
    start: route('POST', '/api/v1/time-tracking/start'),
    pause: route('POST', '/api/v1/time-tracking/pause'),
    resume: route('POST', '/api/v1/time-tracking/resume'),
    stop: route('POST', '/api/v1/time-tracking/stop'),
    status: route('GET', '/api/v1/time-tracking/status'),
    logs: route('GET', '/api/v1/time-tracking/logs'),
    heartbeat: route('POST', '/api/v1/time-tracking/heartbeat'),
    streamTicket: route('POST', '/api/v1/time-tracking/stream-ticket'),
    /** Server-Sent Events (`event: timer`, data: TimerStreamEvent); `?ticket=` or a bearer header. */
    stream: route('GET', '/api/v1/time-tracking/stream'),
    taskLogs: route('GET', '/api/v1/tasks/:id/time-logs'),
  },
  timeEntries: {
    list: route('GET', '/api/v1/time-entries'),
    create: route('POST', '/api/v1/time-entries'),
    get: route('GET', '/api/v1/time-entries/:id'),
    update: route('PATCH', '/api/v1/time-entries/:id'),
    remove: route('DELETE', '/api/v1/time-entries/:id'),
  },
  rates: {
    set: route('PUT', '/api/v1/users/:id/rate'),
    history: route('GET', '/api/v1/users/:id/rates'),
    mine: route('GET', '/api/v1/users/me/rate'),
    apply: route('POST', '/api/v1/users/:id/rates/:rateId/apply'),
  },
  settings: {
    get: route('GET', '/api/v1/settings'),
    update: route('PATCH', '/api/v1/settings'),
  },
  budgets: {
    /** Admins get `view: "full"`; members of the project `view: "progress"` (no money). */
    get: route('GET', '/api/v1/projects/:id/budget'),
    /** Admins; 201 when created, 200 when replaced. */
    set: route('PUT', '/api/v1/projects/:id/budget'),
    list: route('GET', '/api/v1/budgets'),
    statistics: route('GET', '/api/v1/projects/:id/statistics'),
    alerts: route('GET', '/api/v1/budget-alerts'),
    acknowledge: route('POST', '/api/v1/budget-alerts/:id/acknowledge'),
    /** Server-Sent Events (`event: budget_alert`, data: BudgetAlertStreamEvent); admins; `?ticket=` (POST /time-tracking/stream-ticket) or a bearer header. */
    alertStream: route('GET', '/api/v1/budget-alerts/stream'),
  },
  analytics: {
    dashboard: route('GET', '/api/v1/analytics/dashboard'),
    trend: route('GET', '/api/v1/analytics/trend'),
    tasks: route('GET', '/api/v1/analytics/tasks'),
    timeDistribution: route('GET', '/api/v1/analytics/time-distribution'),
    /** Admins. */
    users: route('GET', '/api/v1/analytics/users'),
    /** Admins. */
    taskTimeSummary: route('GET', '/api/v1/analytics/task-time-summary'),
  },
  privacy: {
    /** The caller's data as a JSON download (`stint-export-<date>.json`), streamed; use the client's `raw`. */
    export: download<PrivacyExport>(route('GET', '/api/v1/users/me/export')),
    /** Erases the caller's account (password confirmation); the session ends at once. */
    deleteMe: route('DELETE', '/api/v1/users/me'),
    /** Admins: erases another account, confirmed with the admin's own password. */
    deleteUser: route('DELETE', '/api/v1/users/:id'),
  },
  audit: {
    /** Admins; newest first. */
    list: route('GET', '/api/v1/audit-log'),
  },
  reports: {
    /** `format=csv` answers text/csv (use the client's `raw`). */
    project: route('GET', '/api/v1/reports/projects/:id'),
    /** `format=csv` answers text/csv (use the client's `raw`). */
    user: route('GET', '/api/v1/reports/users/:id'),
  },
} as const;

type RoutesIn<T> = T extends { readonly method: infer M extends string; readonly path: infer P extends string } ? `${M} ${P}` : { [K in keyof T]: RoutesIn<T[K]> }[keyof T];
/** Every operation of the OpenAPI document has a route here (and `route` accepts no other). */
export type UnroutedOperations = Exclude<DocumentedRoute, RoutesIn<typeof routes>>;
const everyOperationHasARoute: [UnroutedOperations] extends [never] ? true : UnroutedOperations = true;
void everyOperationHasARoute;

/** Fills `:name` parameters of a route path, URI-encoding each value. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([a-zA-Z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Serialises a query object, skipping undefined/null/empty values; arrays repeat the key. */
export function buildQuery(query: object | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value))
      value.forEach((v) => {
        search.append(key, String(v));
      });
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
