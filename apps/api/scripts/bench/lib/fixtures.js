// @ts-check
// What the run needs from the seeded database and the machine: a check that it is seeded,
// its size, the PostgreSQL settings that matter, signed-in users and ids to request.
const { readFileSync } = require('node:fs');
const os = require('node:os');
const { Client } = require('pg');

/** The bench seed's accounts (scripts/seed-bulk.js): every bench user shares one password. */
const ADMIN_EMAIL = 'admin@bench.stint.local';
const USER_EMAIL_DOMAIN = '@bench.stint.local';

/**
 * @template T
 * @param {string} url
 * @param {(client: Client) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withClient(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Null when the database is seeded for the benchmark, else why not (the message to print).
 * @param {string} url
 * @returns {Promise<string | null>}
 */
async function notSeededReason(url) {
  try {
    return await withClient(url, async (client) => {
      const [{ table }] = (await client.query(`SELECT to_regclass('public.time_entries') IS NOT NULL AS table`)).rows;
      if (!table) return `${url} has no Stint schema`;
      const [{ admin }] = (await client.query('SELECT count(*)::int AS admin FROM users WHERE email = $1', [ADMIN_EMAIL])).rows;
      if (!admin) return `${url} has no ${ADMIN_EMAIL} (not made by the bench seed)`;
      const [{ any }] = (await client.query('SELECT EXISTS (SELECT 1 FROM time_entries) AS any')).rows;
      if (!any) return `${url} has no time entries`;
      return null;
    });
  } catch (error) {
    return `${url} cannot be opened (${/** @type {Error} */ (error).message})`;
  }
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpu_model: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ram_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    load_average_at_start: os.loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

const SETTINGS = [
  'shared_buffers',
  'effective_cache_size',
  'work_mem',
  'maintenance_work_mem',
  'max_connections',
  'random_page_cost',
  'jit',
  'max_parallel_workers_per_gather',
  'synchronous_commit',
  'fsync',
];

/** @param {string} url */
async function databaseInfo(url) {
  return withClient(url, async (client) => {
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    /** @type {Record<string, string>} */
    const settings = {};
    for (const name of SETTINGS) settings[name] = (await client.query(`SHOW ${name}`)).rows[0][name];
    /** @type {Record<string, number>} */
    const counts = {};
    for (const table of ['users', 'projects', 'project_members', 'tasks', 'time_entries', 'project_budgets', 'budget_alerts', 'user_rates']) {
      const exists = (await client.query('SELECT to_regclass($1) IS NOT NULL AS e', [`public.${table}`])).rows[0].e;
      if (exists) counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    }
    const size = (await client.query('SELECT pg_database_size(current_database()) AS bytes')).rows[0].bytes;
    const span = (await client.query(`SELECT min(start_time) AS first, max(start_time) AS last FROM time_entries`)).rows[0];
    return { version, settings, rows: counts, database_bytes: Number(size), entries_from: span.first, entries_to: span.last };
  });
}

/**
 * Ids and words the scenarios request, chosen deterministically: users by a hash of their
 * id among active non-admins with entries, the projects with the most entries, tags and a
 * search word common in task titles.
 * @param {string} url
 * @param {number} userCount
 */
async function pickFixtures(url, userCount) {
  return withClient(url, async (client) => {
    const users = (
      await client.query(
        `SELECT u.id, u.email, u.timezone FROM users u
          WHERE u.role <> 'admin' AND u.is_active AND u.email LIKE $2
            AND EXISTS (SELECT 1 FROM time_entries te WHERE te.user_id = u.id)
          ORDER BY md5(u.id::text) LIMIT $1`,
        [userCount, `%${USER_EMAIL_DOMAIN}`],
      )
    ).rows;
    const projects = (
      await client.query(
        `SELECT p.id, p.key, count(te.id)::int AS entries FROM projects p JOIN time_entries te ON te.project_id = p.id
          GROUP BY p.id, p.key ORDER BY entries DESC, p.id LIMIT 10`,
      )
    ).rows;
    const memberships = (
      await client.query(`SELECT user_id, array_agg(project_id ORDER BY project_id) AS projects FROM project_members WHERE user_id = ANY($1) GROUP BY user_id`, [
        users.map((/** @type {{ id: string }} */ u) => u.id),
      ])
    ).rows;
    const projectsOf = new Map(memberships.map((/** @type {{ user_id: string, projects: string[] }} */ row) => [row.user_id, row.projects]));
    for (const user of users) user.projects = projectsOf.get(user.id) ?? [];
    const tags = (
      await client.query(
        `SELECT tag, count(*)::int AS n FROM (SELECT tags FROM tasks ORDER BY id LIMIT 20000) t, jsonb_array_elements_text(t.tags) tag GROUP BY tag ORDER BY n DESC, tag LIMIT 3`,
      )
    ).rows.map((/** @type {{ tag: string }} */ row) => row.tag);
    const words = (
      await client.query(
        `SELECT word FROM ts_stat($$SELECT to_tsvector('english', coalesce(title, '')) FROM (SELECT title FROM tasks ORDER BY id LIMIT 20000) t$$)
          WHERE length(word) > 3 AND word !~ '^[0-9]+$' ORDER BY ndoc DESC, word LIMIT 5`,
      )
    ).rows.map((/** @type {{ word: string }} */ row) => row.word);
    const last = (await client.query(`SELECT to_char(max(start_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM time_entries WHERE status = 'stopped'`)).rows[0].day;
    const biggest = (
      await client.query(`SELECT 'user' AS type, user_id AS id, count(*)::int AS entries FROM time_entries WHERE status = 'stopped' GROUP BY user_id ORDER BY entries DESC LIMIT 1`)
    ).rows[0];
    const biggestProject = projects[0] ? { type: 'project', id: projects[0].id, entries: projects[0].entries } : null;
    return { users, projects, tags, words, lastDay: last, biggestUser: biggest, biggestProject };
  });
}

/**
 * Signs in `accounts` (bcrypt-checked, so a few at a time per core), returning tokens.
 * @template {{ email: string }} A
 * @param {string} base
 * @param {A[]} accounts
 * @param {string} password
 * @returns {Promise<{ signed: (A & { token: string, role: string })[], seconds: number }>}
 */
async function signIn(base, accounts, password, parallel = 8) {
  /** @type {(A & { token: string, role: string })[]} */
  const signed = [];
  let next = 0;
  const started = Date.now();
  async function worker() {
    while (next < accounts.length) {
      const account = accounts[next++];
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: account.email, password }),
      });
      const body = /** @type {any} */ (await response.json());
      if (!response.ok) throw new Error(`Signing in ${account.email} answered ${response.status}: ${JSON.stringify(body)}`);
      signed.push({ ...account, token: body.token, role: body.user.role });
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return { signed, seconds: (Date.now() - started) / 1000 };
}

/**
 * Stops every active timer of `users` through the API (as they would), so a run leaves no
 * timer running behind it: a connection cut off by the end of the run between its start and
 * its stop. Returns how many were stopped.
 * @param {string} base
 * @param {{ token: string }[]} users
 */
async function stopTimers(base, users) {
  let stopped = 0;
  for (const user of users) {
    const headers = { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' };
    const status = await fetch(`${base}/api/v1/time-tracking/status`, { headers });
    if (!status.ok) continue;
    const body = /** @type {{ timers?: { time_log_id: string }[] }} */ (await status.json());
    for (const timer of body.timers ?? []) {
      const response = await fetch(`${base}/api/v1/time-tracking/stop`, { method: 'POST', headers, body: JSON.stringify({ time_log_id: timer.time_log_id }) });
      if (response.ok) stopped += 1;
    }
  }
  return stopped;
}

module.exports = { ADMIN_EMAIL, USER_EMAIL_DOMAIN, withClient, notSeededReason, machine, databaseInfo, pickFixtures, signIn, stopTimers };
