import { routes } from '@stint/contracts';
import * as bcrypt from 'bcrypt';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { storedCost, sumMoney, Money } from '../../src/common/money';
import { searchMatches } from '../../src/tasks/task-sql';
import { createDatabase, dropDatabase } from '../../src/database/scratch-database';
import { createLogger } from '../../src/observability/logger';
import { createApiClient } from '@stint/contracts';
import { CookieJar, injectFetch } from '../support/inject-fetch';

/**
 * scripts/seed-bulk.js at a small scale on this file's own database: the data it writes
 * keeps the app's invariants (checked here with the app's own functions), looks like real
 * use (two years ending now, working hours in each user's zone, some work past local
 * midnight), the app signs its accounts in and reads its figures, and a rerun with the
 * same seed gives the same data.
 */
const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'seed-bulk.js');
const SIZE = { users: 20, projects: 5, tasks: 300, entries: 20_000 };
const PASSWORD = 'Bench-Stint-2024!';
const DAY_MS = 86_400_000;

describe('seed:bulk (scripts/seed-bulk.js)', () => {
  const adminUrl = process.env.STINT_TEST_ADMIN_URL!;
  const template = process.env.STINT_TEST_TEMPLATE!;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  let database: { name: string; url: string };
  let sql: Client;
  let firstRun: string;

  const seed = async () => {
    const args = ['--users', SIZE.users, '--projects', SIZE.projects, '--tasks', SIZE.tasks, '--entries', SIZE.entries].map(String);
    const { stdout } = await run(
      process.execPath,
      [SCRIPT, ...args, '--seed', 'int-spec', '--now', now.toISOString(), '--database-url', database.url, '--results', 'none', '--no-vacuum', '--quiet'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`seed-bulk failed: ${error.stderr || error.message}`);
    });
    return stdout;
  };
  const rows = async <T>(query: string, params: unknown[] = []) => (await sql.query(query, params)).rows as T[];
  /** One fingerprint of everything seeded that the seed decides. */
  const fingerprint = async () =>
    (
      await rows<{ users: string; entries: string; tasks: string; budgets: string }>(`
        SELECT (SELECT md5(string_agg(concat_ws('|', id, email, timezone), ',' ORDER BY id)) FROM users) AS users,
               (SELECT md5(string_agg(concat_ws('|', id, user_id, task_id, start_time, end_time, total_cost, rate_amount), ',' ORDER BY id)) FROM time_entries) AS entries,
               (SELECT md5(string_agg(concat_ws('|', id, title, number), ',' ORDER BY id)) FROM tasks) AS tasks,
               (SELECT md5(string_agg(concat_ws('|', id, total_budget, total_cost, status), ',' ORDER BY id)) FROM project_budgets) AS budgets`)
    )[0];

  beforeAll(async () => {
    database = await createDatabase(adminUrl, 'stint_test_seed', template);
    firstRun = await seed();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    if (database) await dropDatabase(adminUrl, database.name);
  });

  it('writes the sizes asked for and reports its invariant checks passing', async () => {
    const [counts] = await rows<Record<string, number>>(`
      SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM projects)::int AS projects,
             (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM time_entries)::int AS entries,
             (SELECT count(*) FROM tasks WHERE project_id IS NULL)::int AS personal,
             (SELECT count(*) FROM users WHERE role = 'admin')::int AS admins`);
    expect(counts).toMatchObject({ ...SIZE, admins: 1 });
    expect(counts.personal).toBeGreaterThan(0);
    expect(firstRun).not.toMatch(/FAIL/);
    expect(firstRun.match(/^ {2}ok {3}/gm)?.length).toBeGreaterThanOrEqual(8);
  });

  it('costs every stopped entry exactly as the app does, at the rate effective on its local start day', async () => {
    const entries = await rows<{
      duration_seconds: number;
      rate_type: 'hourly' | 'minutely' | 'secondly';
      rate_amount: string;
      total_cost: string;
      grid: number;
      paused_seconds: number;
    }>(`
      SELECT duration_seconds, rate_type, rate_amount::text, total_cost::text, paused_seconds,
             floor(extract(epoch FROM end_time - start_time))::int AS grid
        FROM time_entries WHERE status = 'stopped'`);
    expect(entries.length).toBe(SIZE.entries - (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM time_entries WHERE status <> 'stopped'`))[0].n);
    const wrongCost = entries.filter((e) => storedCost(e.duration_seconds, e.rate_type, e.rate_amount) !== e.total_cost);
    const wrongDuration = entries.filter((e) => e.duration_seconds !== e.grid - e.paused_seconds);
    expect(wrongCost).toEqual([]);
    expect(wrongDuration).toEqual([]);
    expect(new Set(entries.map((e) => e.rate_type)).size).toBeGreaterThan(1);
    expect(entries.filter((e) => e.paused_seconds > 0).length).toBeGreaterThan(SIZE.entries * 0.05);

    const [snapshots] = await rows<{ wrong: number; wrong_currency: number }>(`
      SELECT count(*) FILTER (WHERE r.id IS NULL OR r.rate_type <> te.rate_type OR r.rate_amount <> te.rate_amount OR r.currency <> te.currency)::int AS wrong,
             count(*) FILTER (WHERE p.currency <> te.currency)::int AS wrong_currency
        FROM time_entries te JOIN users u ON u.id = te.user_id LEFT JOIN projects p ON p.id = te.project_id
        LEFT JOIN user_rates r ON r.user_id = te.user_id AND r.effective_from <= (te.start_time AT TIME ZONE u.timezone)::date
         AND (r.effective_until IS NULL OR r.effective_until > (te.start_time AT TIME ZONE u.timezone)::date)`);
    expect(snapshots).toEqual({ wrong: 0, wrong_currency: 0 });
    const [rates] = await rows<{ users_with_changes: number; overlapping: number }>(`
      SELECT (SELECT count(*) FROM (SELECT user_id FROM user_rates GROUP BY user_id HAVING count(*) > 1) m)::int AS users_with_changes,
             (SELECT count(*) FROM user_rates a JOIN user_rates b ON a.user_id = b.user_id AND a.id < b.id
               AND daterange(a.effective_from, a.effective_until) && daterange(b.effective_from, b.effective_until))::int AS overlapping`);
    expect(rates.overlapping).toBe(0);
    expect(rates.users_with_changes).toBeGreaterThan(SIZE.users / 2);
  });

  it("keeps every budget's total at the exact sum of its project's stopped entries, with status and alerts to match", async () => {
    const budgets = await rows<{
      project_id: string;
      total_cost: string;
      total_budget: string;
      alert_threshold: string;
      critical_threshold: string;
      status: string;
      alerts: string[];
    }>(`
      SELECT b.project_id, b.total_cost::text, b.total_budget::text, b.alert_threshold::text, b.critical_threshold::text, b.status,
             coalesce(array_agg(a.alert_type::text) FILTER (WHERE a.id IS NOT NULL), '{}') AS alerts
        FROM project_budgets b LEFT JOIN budget_alerts a ON a.project_budget_id = b.id GROUP BY b.id`);
    expect(budgets.length).toBeGreaterThan(0);
    for (const budget of budgets) {
      const costs = await rows<{ total_cost: string }>(`SELECT total_cost::text FROM time_entries WHERE project_id = $1 AND status = 'stopped'`, [budget.project_id]);
      expect(new Money(budget.total_cost).eq(sumMoney(costs.map((c) => c.total_cost)))).toBe(true);
      const used = new Money(budget.total_cost).times(100);
      const levels = [
        ['warning', budget.alert_threshold],
        ['critical', budget.critical_threshold],
        ['exceeded', '100'],
      ].filter(([, percent]) => used.gte(new Money(percent).times(budget.total_budget)));
      expect([...budget.alerts].sort()).toEqual(levels.map(([type]) => type).sort());
      if (levels.some(([type]) => type === 'exceeded')) expect(budget.status).toBe('exceeded');
      else expect(['active', 'planning']).toContain(budget.status);
    }
  });

  it('looks like two years of real use: inside the window, working hours in each zone, some past local midnight', async () => {
    const [shape] = await rows<{ first: Date; last: Date; total: number; across_midnight: number; weekend: number; working_hours: number; zones: number }>(`
      SELECT min(te.start_time) AS first, max(coalesce(te.end_time, te.start_time)) AS last, count(*)::int AS total,
             count(*) FILTER (WHERE (te.start_time AT TIME ZONE u.timezone)::date <> (te.end_time AT TIME ZONE u.timezone)::date)::int AS across_midnight,
             count(*) FILTER (WHERE extract(isodow FROM te.start_time AT TIME ZONE u.timezone) >= 6)::int AS weekend,
             count(*) FILTER (WHERE extract(hour FROM te.start_time AT TIME ZONE u.timezone) BETWEEN 6 AND 23)::int AS working_hours,
             count(DISTINCT u.timezone)::int AS zones
        FROM time_entries te JOIN users u ON u.id = te.user_id`);
    expect(shape.first.getTime()).toBeGreaterThanOrEqual(now.getTime() - 730 * DAY_MS);
    expect(shape.first.getTime()).toBeLessThan(now.getTime() - 700 * DAY_MS);
    expect(shape.last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(shape.last.getTime()).toBeGreaterThan(now.getTime() - 3 * DAY_MS);
    expect(shape.across_midnight).toBeGreaterThan(shape.total * 0.002);
    expect(shape.across_midnight).toBeLessThan(shape.total * 0.1);
    expect(shape.weekend).toBeLessThan(shape.total * 0.15);
    expect(shape.working_hours).toBe(shape.total);
    expect(shape.zones).toBeGreaterThanOrEqual(5);

    const [timers] = await rows<{ active: number; most: number }>(`
      SELECT count(*)::int AS active, coalesce(max(n), 0)::int AS most
        FROM (SELECT count(*)::int AS n FROM time_entries WHERE status <> 'stopped' GROUP BY user_id) a`);
    expect(timers).toEqual({ active: 1, most: 1 });

    const [tasks] = await rows<{ beyond: number; found: number; keys: number }>(`
      SELECT (SELECT count(*) FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.number >= p.next_task_number)::int AS beyond,
             (SELECT count(*) FROM tasks t WHERE ${searchMatches(`'invoice OR timezone OR checkout'`)})::int AS found,
             (SELECT count(DISTINCT key) FROM projects)::int AS keys`);
    expect(tasks.beyond).toBe(0);
    expect(tasks.found).toBeGreaterThan(0);
    expect(tasks.keys).toBe(SIZE.projects);
  });

  it('the app signs the seeded accounts in with the one password and reads the seeded figures', async () => {
    const [admin] = await rows<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = 'admin@bench.stint.local' AND role = 'admin'`);
    expect(await bcrypt.compare(PASSWORD, admin.password_hash)).toBe(true);

    const config = loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET_KEY: 'test-secret-that-is-long-enough-for-hs256-signing',
      STINT_DATA_DIR: mkdtempSync(join(tmpdir(), 'stint-seed-')),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_AUTH: '1000/minute',
      REDIS_URL: '',
      DATABASE_POOL_SIZE: '4',
    });
    const app: NestFastifyApplication = await createApp({ config, databaseUrl: database.url, logger: createLogger('silent') });
    await app.init();
    try {
      const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
      const client = (token?: string) => createApiClient({ fetch: injectFetch(fastify, new CookieJar()), getToken: () => token });
      const signedIn = await client().call(routes.auth.login, { body: { email: 'admin@bench.stint.local', password: PASSWORD } });
      expect(signedIn.user.role).toBe('admin');

      const [budget] = await rows<{ project_id: string; total_cost: string }>(`SELECT project_id, total_cost::text FROM project_budgets ORDER BY total_cost DESC LIMIT 1`);
      const view = await client(signedIn.token).call(routes.budgets.get, { params: { id: budget.project_id } });
      expect(view.view === 'full' && view.total_cost_exact).toBe(budget.total_cost);

      const [owner] = await rows<{ email: string; status: string }>(
        `SELECT u.email, te.status FROM time_entries te JOIN users u ON u.id = te.user_id WHERE te.status <> 'stopped'`,
      );
      const member = await client().call(routes.auth.login, { body: { email: owner.email, password: PASSWORD } });
      const status = await client(member.token).call(routes.timeTracking.status);
      expect(status.status).toBe(owner.status);
    } finally {
      await app.close();
    }
  });

  it('a rerun with the same seed empties and refills to the same data', async () => {
    const before = await fingerprint();
    await sql.query(`INSERT INTO projects (name, key, currency) VALUES ('Left over', 'LEFTOVER', 'USD')`);
    await seed();
    expect(await fingerprint()).toEqual(before);
    const [{ n }] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM projects`);
    expect(n).toBe(SIZE.projects);
  });
});
