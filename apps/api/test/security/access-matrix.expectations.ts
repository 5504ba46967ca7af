/**
 * The access matrix: for every operation that acts on an object (or on a collection with
 * object semantics), the status each persona gets. The objects belong to the `owner`:
 * - owner: created the object (a task, an entry, a timer) or, for projects, is a member of it;
 *   for `/users/me…` routes every persona acts on itself;
 * - member: another member of the owner's project;
 * - other: a member of another project only;
 * - admin: an admin who is not a member of the owner's project;
 * - anonymous: no token.
 * Objects a persona may not see answer 404 (BOLA: their existence isn't revealed), role
 * violations on objects they can see answer 403, no token 401.
 * Keys are `METHOD /path` as in openapi.json, with an optional ` — variant`. Rows for
 * operations not (yet) in openapi.json are skipped; operations in openapi.json with no row
 * and no exclusion fail the completeness check.
 */
export const PERSONAS = ['owner', 'member', 'other', 'admin', 'anonymous'] as const;
export type Persona = (typeof PERSONAS)[number];

/** One status, or the few a not-yet-landed endpoint may choose between (e.g. 200 or 204). */
export type Expected = number | readonly number[];
export type Row = Record<Persona, Expected>;

const everyone = (status: number): Row => ({ owner: status, member: status, other: status, admin: status, anonymous: 401 });
const adminOnly = (status: number): Row => ({ owner: 403, member: 403, other: 403, admin: status, anonymous: 401 });
/** Visible to the project's members and admins; changing it is for admins. */
const projectRead = (status: number): Row => ({ owner: status, member: status, other: 404, admin: status, anonymous: 401 });
const projectAdminAction = (status: number): Row => ({ owner: 403, member: 403, other: 404, admin: status, anonymous: 401 });

export const EXPECTATIONS: Record<string, Row> = {
  // Users: the caller's own account, and the admin's user management.
  'GET /api/v1/users/me': everyone(200),
  'PATCH /api/v1/users/me': everyone(200),
  'POST /api/v1/users/me/password': everyone(200),
  'GET /api/v1/users/me/export': everyone(200),
  'DELETE /api/v1/users/me': everyone(200),
  'GET /api/v1/users': adminOnly(200),
  'PATCH /api/v1/users/{id}': adminOnly(200),
  'PATCH /api/v1/users/{id} — unknown user': adminOnly(404),
  'DELETE /api/v1/users/{id}': adminOnly(200),
  'DELETE /api/v1/users/{id} — unknown user': adminOnly(404),
  'GET /api/v1/users/me/sign-in-failures': everyone(200),
  'POST /api/v1/users/{id}/unlock': adminOnly(200),
  'POST /api/v1/users/{id}/unlock — unknown user': adminOnly(404),
  'POST /api/v1/users/{id}/unlock — erased user': adminOnly(404),
  'GET /api/v1/audit-log': adminOnly(200),

  // Rates: the caller's own rate; everyone's rates are the admin's.
  'GET /api/v1/users/me/rate': everyone(200),
  'PUT /api/v1/users/{id}/rate': adminOnly(200),
  'GET /api/v1/users/{id}/rates': adminOnly(200),
  'POST /api/v1/users/{id}/rates/{rateId}/apply': adminOnly(200),
  'GET /api/v1/settings': adminOnly(200),
  'PATCH /api/v1/settings': adminOnly(200),

  // Projects (owner and member are both members of P).
  'GET /api/v1/projects': everyone(200),
  'POST /api/v1/projects': adminOnly(201),
  'GET /api/v1/projects/{id}': projectRead(200),
  'PATCH /api/v1/projects/{id}': projectAdminAction(200),
  'DELETE /api/v1/projects/{id}': projectAdminAction(200),
  'GET /api/v1/projects/{id}/members': projectRead(200),
  'POST /api/v1/projects/{id}/members': projectAdminAction(201),
  'DELETE /api/v1/projects/{id}/members/{userId}': projectAdminAction(204),

  // Tasks: project members work on them; deleting is for the creator and admins.
  'GET /api/v1/tasks': everyone(200),
  'POST /api/v1/tasks': projectRead(201),
  'GET /api/v1/tasks/{id}': projectRead(200),
  'GET /api/v1/tasks/{id} — personal task': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
  'PATCH /api/v1/tasks/{id}': projectRead(200),
  'PATCH /api/v1/tasks/{id} — personal task': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
  'PATCH /api/v1/tasks/{id}/status': projectRead(200),
  'DELETE /api/v1/tasks/{id}': { owner: 204, member: 403, other: 404, admin: 204, anonymous: 401 },
  'GET /api/v1/tasks/{id}/time-logs': projectRead(200),

  // Time entries are personal: admins read them but never change them.
  'GET /api/v1/time-entries': everyone(200),
  'GET /api/v1/time-entries — user_id of the owner': { owner: 200, member: 403, other: 403, admin: 200, anonymous: 401 },
  'POST /api/v1/time-entries': projectRead(201),
  'GET /api/v1/time-entries/{id}': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
  'PATCH /api/v1/time-entries/{id}': { owner: 200, member: 404, other: 404, admin: 403, anonymous: 401 },
  'DELETE /api/v1/time-entries/{id}': { owner: 204, member: 404, other: 404, admin: 403, anonymous: 401 },

  // Timers: starting on a task needs access to the task; a running timer is its owner's alone.
  'POST /api/v1/time-tracking/start': projectRead(200),
  'POST /api/v1/time-tracking/pause': { owner: 200, member: 404, other: 404, admin: 404, anonymous: 401 },
  'POST /api/v1/time-tracking/resume': { owner: 200, member: 404, other: 404, admin: 404, anonymous: 401 },
  'POST /api/v1/time-tracking/stop': { owner: 200, member: 404, other: 404, admin: 404, anonymous: 401 },
  'GET /api/v1/time-tracking/status': everyone(200),
  'GET /api/v1/time-tracking/logs': everyone(200),
  'POST /api/v1/time-tracking/heartbeat': everyone(200),
  'POST /api/v1/time-tracking/stream-ticket': everyone(200),

  // Issue 12, item 5: the owner was removed from the task's project (their timer there was stopped
  // at removal). Their own task and entries stay readable to them; every write is 403. `member`
  // is still a member of that project.
  'GET /api/v1/tasks/{id} — owner removed from the project': projectRead(200),
  'PATCH /api/v1/tasks/{id} — owner removed from the project': { owner: 403, member: 200, other: 404, admin: 200, anonymous: 401 },
  'PATCH /api/v1/tasks/{id}/status — owner removed from the project': { owner: 403, member: 200, other: 404, admin: 200, anonymous: 401 },
  'DELETE /api/v1/tasks/{id} — owner removed from the project': { owner: 403, member: 403, other: 404, admin: 204, anonymous: 401 },
  'GET /api/v1/tasks/{id}/time-logs — owner removed from the project': projectRead(200),
  'POST /api/v1/time-entries — owner removed from the project': { owner: 403, member: 201, other: 404, admin: 201, anonymous: 401 },
  'GET /api/v1/time-entries/{id} — owner removed from the project': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
  'PATCH /api/v1/time-entries/{id} — owner removed from the project': { owner: 403, member: 404, other: 404, admin: 403, anonymous: 401 },
  'DELETE /api/v1/time-entries/{id} — owner removed from the project': { owner: 403, member: 404, other: 404, admin: 403, anonymous: 401 },
  'POST /api/v1/time-tracking/start — owner removed from the project': { owner: 403, member: 200, other: 404, admin: 200, anonymous: 401 },
  'POST /api/v1/time-tracking/pause — owner removed from the project': { owner: 409, member: 404, other: 404, admin: 404, anonymous: 401 },
  'POST /api/v1/time-tracking/resume — owner removed from the project': { owner: 409, member: 404, other: 404, admin: 404, anonymous: 401 },
  'POST /api/v1/time-tracking/stop — owner removed from the project': { owner: 409, member: 404, other: 404, admin: 404, anonymous: 401 },

  // The task's project is archived (its timers were stopped at archive time): no new or longer
  // time (409); reading, re-describing, shortening and deleting entries stay allowed.
  'GET /api/v1/tasks/{id} — archived project': projectRead(200),
  'PATCH /api/v1/tasks/{id} — archived project': projectRead(200),
  'PATCH /api/v1/tasks/{id}/status — archived project': projectRead(200),
  'DELETE /api/v1/tasks/{id} — archived project': { owner: 204, member: 403, other: 404, admin: 204, anonymous: 401 },
  'GET /api/v1/tasks/{id}/time-logs — archived project': projectRead(200),
  'POST /api/v1/time-entries — archived project': { owner: 409, member: 409, other: 404, admin: 409, anonymous: 401 },
  'GET /api/v1/time-entries/{id} — archived project': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
  'PATCH /api/v1/time-entries/{id} — archived project': { owner: 200, member: 404, other: 404, admin: 403, anonymous: 401 },
  'PATCH /api/v1/time-entries/{id} — archived project, longer': { owner: 409, member: 404, other: 404, admin: 403, anonymous: 401 },
  'DELETE /api/v1/time-entries/{id} — archived project': { owner: 204, member: 404, other: 404, admin: 403, anonymous: 401 },
  'POST /api/v1/time-tracking/start — archived project': { owner: 409, member: 409, other: 404, admin: 409, anonymous: 401 },
  'POST /api/v1/time-tracking/pause — archived project': { owner: 409, member: 404, other: 404, admin: 404, anonymous: 401 },
  'POST /api/v1/time-tracking/resume — archived project': { owner: 409, member: 404, other: 404, admin: 404, anonymous: 401 },
  'POST /api/v1/time-tracking/stop — archived project': { owner: 409, member: 404, other: 404, admin: 404, anonymous: 401 },

  // Budgets: members see progress, money and changes are the admin's.
  'GET /api/v1/projects/{id}/budget': projectRead(200),
  'PUT /api/v1/projects/{id}/budget': projectAdminAction(200),
  'GET /api/v1/projects/{id}/statistics': projectRead(200),
  'GET /api/v1/budgets': adminOnly(200),
  'GET /api/v1/budget-alerts': adminOnly(200),
  'POST /api/v1/budget-alerts/{id}/acknowledge': adminOnly(200),

  // Analytics: one's own numbers for everyone, everyone's for admins.
  'GET /api/v1/analytics/dashboard': everyone(200),
  'GET /api/v1/analytics/trend': everyone(200),
  'GET /api/v1/analytics/tasks': everyone(200),
  'GET /api/v1/analytics/time-distribution': everyone(200),
  'GET /api/v1/analytics/users': adminOnly(200),
  'GET /api/v1/analytics/task-time-summary': adminOnly(200),

  // Reports: a project's for its members (hours) and admins; a user's for themselves and admins.
  'GET /api/v1/reports/projects/{id}': projectRead(200),
  'GET /api/v1/reports/users/{id}': { owner: 200, member: 404, other: 404, admin: 200, anonymous: 401 },
};

/** Operations deliberately outside the matrix, each with the reason and where it is tested instead. */
export const EXCLUDED: Record<string, string> = {
  'GET /api/v1/health': 'public probe without objects or callers (test/platform/health-and-metrics)',
  'POST /api/v1/auth/register': 'public; creates the caller (src/auth/test/auth.int-spec)',
  'POST /api/v1/auth/login': 'public; credentials, not access to objects (src/auth/test/auth.int-spec)',
  'POST /api/v1/auth/refresh': 'authenticated by the refresh cookie + CSRF header, not a bearer token (src/auth/test/auth.int-spec)',
  'POST /api/v1/auth/logout': 'public by design: ends whichever session the caller presents (src/auth/test/auth.int-spec)',
  'GET /api/v1/time-tracking/stream': 'SSE authenticated by a one-time ticket; an open stream never ends an in-process call (src/time-tracking/test/timer-stream.int-spec)',
  'GET /api/v1/budget-alerts/stream': 'SSE authenticated by a one-time ticket or a bearer header; admin only (src/budgets/test/budget-alerts.int-spec)',
};

export const operationOf = (rowKey: string) => rowKey.split(' — ')[0];
