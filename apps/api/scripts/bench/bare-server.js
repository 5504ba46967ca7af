#!/usr/bin/env node
// @ts-check
// The benchmark's yardstick: bare Fastify + pg answering GET /api/v1/time-tracking/status and
// GET /api/v1/tasks with the SQL Stint runs for them, imported from the compiled API (the
// caller check, the timer-status statements, the task-list builder) and the same response
// mapping, on a pool of the same size. What Stint spends beyond this is the framework:
// NestJS, guards, validation pipes, rate limiting, TypeORM, helmet, logging, metrics.
// Usage: node scripts/bench/bare-server.js --database-url URL --jwt-secret S [--port 0] [--pool-size 20]
// Prints {"listening":PORT} on stdout once ready.
const { createHmac, timingSafeEqual } = require('node:crypto');
const { join } = require('node:path');
const Fastify = require('fastify');
const { Pool, types } = require('pg');
const { arg } = require('./lib/options');

const dist = join(__dirname, '..', '..', 'dist');
/**
 * An export of the compiled API, from the first of `files` (relative to dist, without .js)
 * that has it: the feature folders move (timers + time-entries became time-tracking), the
 * yardstick must keep importing the same code Stint runs.
 * @param {string} name
 * @param {string[]} files
 * @returns {any}
 */
function fromDist(name, ...files) {
  for (const file of files) {
    let module;
    try {
      module = require(join(dist, `${file}.js`));
    } catch {
      continue;
    }
    if (module[name] !== undefined) return module[name];
  }
  throw new Error(`bare-server: ${name} is not exported by any of ${files.join(', ')} in ${dist} (run pnpm build)`);
}
const CALLER_SQL = fromDist('CALLER_SQL', 'auth/sessions.service', 'auth/caller-sql');
const ACTIVE_OF_USER = fromDist('ACTIVE_OF_USER', 'time-tracking/timer-status-sql', 'timers/timer-status-sql');
const LAST_STOPPED_OF_USER = fromDist('LAST_STOPPED_OF_USER', 'time-tracking/timer-status-sql', 'timers/timer-status-sql');
const limitsOf = fromDist('limitsOf', 'time-tracking/timers.service', 'timers/timers.service');
const toTimerView = fromDist('toTimerView', 'time-tracking/time-log-view', 'time-entries/time-log-view');
const shownMoney = fromDist('shownMoney', 'common/money');
const taskListStatements = fromDist('taskListStatements', 'tasks/task-list-sql');
// The task list's tracked hours: time tracking's subquery, as TaskEntryReads passes it to the list.
const taskTrackedSecondsSql = fromDist('taskTrackedSecondsSql', 'time-tracking/entry-read-sql');
const toTaskResponse = fromDist('toTaskResponse', 'tasks/tasks.service', 'tasks/task-response');
const paginated = fromDist('paginated', 'common/pagination');
const SETTINGS_SQL = `SELECT max_concurrent_timers_per_user AS "maxConcurrentTimersPerUser", max_timer_hours AS "maxTimerHours",
            stale_heartbeat_minutes AS "staleHeartbeatMinutes" FROM time_tracking_settings WHERE id = 1 LIMIT 1`;

const databaseUrl = arg('--database-url', process.env.DATABASE_URL);
const secret = arg('--jwt-secret', process.env.JWT_SECRET_KEY);
const poolSize = Number(arg('--pool-size', '20'));
const port = Number(arg('--port', '0'));
if (!databaseUrl || !secret) {
  console.error('bare-server: --database-url and --jwt-secret are required');
  process.exit(2);
}

// TypeORM leaves pg's type parsing as is; so does this pool (timestamps → Date, NUMERIC → string).
void types;
const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
/**
 * @param {string} sql
 * @param {unknown[]} [values]
 * @returns {Promise<any[]>}
 */
const query = async (sql, values) => (await pool.query(sql, values)).rows;

/** HS256 access-token check (what @nestjs/jwt + jsonwebtoken do for Stint): signature, expiry, claims. */
/**
 * @param {string | undefined} header
 * @returns {{ sub: string, sid: string, type: string, exp: number } | null}
 */
function verify(header) {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!token) return null;
  const [head, body, signature] = token.split('.');
  if (!signature) return null;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (JSON.parse(Buffer.from(head, 'base64url').toString()).alg !== 'HS256') return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  if (claims.type !== 'access' || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
  return claims;
}

/** The caller with the same per-request session check as Stint's guard. */
/**
 * @param {import('fastify').FastifyRequest} request
 * @param {import('fastify').FastifyReply} reply
 */
async function caller(request, reply) {
  const claims = verify(request.headers.authorization);
  const [row] = claims ? await query(CALLER_SQL, [claims.sid, claims.sub, new Date()]) : [];
  if (!row) {
    reply.code(401).send({ success: false, error: { code: 'AUTHENTICATION_ERROR', message: 'Unauthorised', details: null } });
    return null;
  }
  return { id: row.id, email: row.email, role: row.role, timezone: row.timezone, sessionId: /** @type {{ sid: string }} */ (claims).sid };
}

/**
 * The settings row in the entity's shape, kept in memory as Stint's SettingsReader keeps it
 * (Stint re-reads it on a NOTIFY; this server re-reads it every second): since Stint stopped
 * reading the row on every request, neither does its yardstick, so the two run the same SQL.
 * @type {{ row: any, at: number } | null}
 */
let settingsCache = null;
async function settings() {
  if (settingsCache && Date.now() - settingsCache.at < 1000) return settingsCache.row;
  const [row] = await query(SETTINGS_SQL);
  settingsCache = { row, at: Date.now() };
  return row;
}

/** @param {unknown} value */
const list = (value) =>
  value === undefined
    ? undefined
    : String(value)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);

const app = Fastify({ logger: false });

app.get('/api/v1/time-tracking/status', async (request, reply) => {
  const auth = await caller(request, reply);
  if (!auth) return reply;
  const now = new Date();
  const [active, current, [last]] = await Promise.all([query(ACTIVE_OF_USER, [auth.id]), settings(), query(LAST_STOPPED_OF_USER, [auth.id])]);
  const timers = active.map((row) => toTimerView(row, now, current.staleHeartbeatMinutes));
  const lastStopped = last
    ? {
        time_log_id: last.id,
        reason: last.stop_reason,
        end_time: last.end_time.toISOString(),
        elapsed_seconds: last.duration_seconds,
        cost: shownMoney(last.total_cost),
        currency: last.currency,
      }
    : null;
  const common = { success: true, server_time: now.toISOString(), timers, last_stopped: lastStopped, limits: limitsOf(current) };
  if (!timers.length) return { ...common, status: 'stopped', time_log_id: null, stale: false };
  return { ...timers[0], ...common };
});

app.get('/api/v1/tasks', async (request, reply) => {
  const auth = await caller(request, reply);
  if (!auth) return reply;
  const q = /** @type {Record<string, string | undefined>} */ (request.query);
  const statements = taskListStatements(
    auth,
    {
      page: q.page ? Number(q.page) : undefined,
      per_page: q.per_page ? Number(q.per_page) : undefined,
      status: list(q.status),
      priority: list(q.priority),
      project_id: list(q.project_id),
      tag: list(q.tag),
      q: q.q,
      due_before: q.due_before,
      due_after: q.due_after,
      sort: q.sort,
      order: q.order,
    },
    taskTrackedSecondsSql,
  );
  const [rows, [{ total }]] = await Promise.all([query(statements.page.sql, statements.page.values), query(statements.count.sql, statements.count.values)]);
  return paginated(rows.map(toTaskResponse), total, statements.window);
});

app.listen({ port, host: '127.0.0.1' }).then(
  () => console.log(JSON.stringify({ listening: /** @type {import('node:net').AddressInfo} */ (app.server.address()).port })),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, () =>
    app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0)),
  );
