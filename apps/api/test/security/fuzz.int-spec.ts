import fc from 'fast-check';
import { routes } from '@stint/contracts';
import { createTestContext, STRONG_PASSWORD, type TestContext, type TestUser } from '../support/test-app';
import { deepJson, encode, hostileObject, hostileString, hostileValue, plausible, RAW_URL_PIECES } from './hostile';
import { envelopeProblem, fillPath, operations, raw, resolveSchema, type Operation, type RawRequest, type SchemaObject } from './support';

/**
 * Every operation of openapi.json gets generated invalid and hostile path parameters, query
 * parameters and bodies (wrong types, huge and control-character strings, prototype keys,
 * deep nesting, out-of-range numbers and dates, injection payloads, malformed JSON, wrong
 * content types), as a member and as an admin. No answer may be a 5xx, and every error is
 * the envelope with a code that matches its status. Replay a run with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MIN_REQUESTS = 10_000;
const CONCURRENCY = 4;
const OPERATIONS = operations();
/**
 * Operations that check a password spend a bcrypt comparison (cost 12) on most well-shaped
 * bodies: they get fewer runs, the others make up the total of at least MIN_REQUESTS.
 */
const checksPassword = (operation: Operation) => Object.keys(operation.body?.properties ?? {}).some((name) => /password/i.test(name));
const CREDENTIAL_RUNS = 30;
const CREDENTIAL_OPERATIONS = OPERATIONS.filter(checksPassword).length;
const RUNS = Math.max(60, Math.ceil((MIN_REQUESTS * 1.05 - CREDENTIAL_OPERATIONS * CREDENTIAL_RUNS * 2) / ((OPERATIONS.length - CREDENTIAL_OPERATIONS) * 2)));
const runsFor = (operation: Operation) => (checksPassword(operation) ? CREDENTIAL_RUNS : RUNS);

const REQUEST_DEADLINE_MS = 15_000;

type Persona = 'member' | 'admin';

/** The promise's value, or null when it takes longer than `ms` (a hung request is a finding, not a stalled run). */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface Generated {
  request: Omit<RawRequest, 'token'>;
  /** What was sent, for the report of a failure. */
  shown: string;
}

describe(`fuzzing every OpenAPI operation (FUZZ_SEED=${SEED})`, () => {
  let ctx: TestContext;
  const users = {} as Record<Persona, TestUser>;
  const knownIds: string[] = [];
  let sent = 0;
  const started = Date.now();

  beforeAll(async () => {
    ctx = await createTestContext({ DATABASE_POOL_SIZE: '6' });
    users.admin = await ctx.newAdmin({ full_name: 'Fuzz Admin' });
    users.member = await ctx.newUser({ full_name: 'Fuzz Member' });
    const outsider = await ctx.newUser({ full_name: 'Fuzz Outsider' });
    const project = await ctx.newProject(users.admin, { name: 'Fuzzed' });
    const hidden = await ctx.newProject(users.admin, { name: 'Hidden' });
    await ctx.addMembers(users.admin, project.id, users.member);
    await ctx.addMembers(users.admin, hidden.id, outsider);
    const task = await ctx.newTask(users.member, { title: 'Fuzzed task', project_id: project.id });
    const hiddenTask = await ctx.newTask(outsider, { title: 'Hidden task', project_id: hidden.id });
    const entry = await users.member.api.call(routes.timeEntries.create, {
      body: { task_id: task.id, start_time: '2024-03-01T09:00:00Z', end_time: '2024-03-01T10:00:00Z' },
    });
    const rate = await users.admin.api.call(routes.rates.set, { params: { id: users.member.id }, body: { rate_type: 'hourly', rate_amount: '40.00', currency: 'USD' } });
    await users.admin.api.call(routes.budgets.set, { params: { id: project.id }, body: { total_budget: '1000.00' } });
    const [alert] = await ctx.sql<{ id: string }>(
      `INSERT INTO budget_alerts (project_budget_id, project_id, alert_type, threshold_percentage, actual_percentage, cost_at_alert)
       SELECT id, project_id, 'warning', 80, 85, 850 FROM project_budgets WHERE project_id = $1 RETURNING id`,
      [project.id],
    );
    knownIds.push(users.admin.id, users.member.id, outsider.id, project.id, hidden.id, task.id, hiddenTask.id, entry.id, rate.id, alert.id);
  });

  afterAll(async () => {
    console.log(`fuzz: ${sent} requests over ${OPERATIONS.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${SEED})`);
    await ctx?.close();
  });

  /** Fuzzed calls may log a persona out, deactivate or demote them: put them back between operations. */
  async function restorePersonas(): Promise<void> {
    await ctx.sql(`UPDATE users SET is_active = true, role = CASE WHEN id = $1 THEN 'admin'::user_role ELSE 'member'::user_role END WHERE id = ANY($2::uuid[])`, [
      users.admin.id,
      [users.admin.id, users.member.id],
    ]);
    for (const persona of ['admin', 'member'] as const) {
      const me = await raw(ctx, { method: 'GET', url: '/api/v1/users/me', token: users[persona].token });
      if (me.status === 200) continue;
      const login = await raw(ctx, { method: 'POST', url: '/api/v1/auth/login', payload: { email: users[persona].email, password: STRONG_PASSWORD } });
      if (login.status !== 200) throw new Error(`could not sign ${persona} in again after fuzzing: ${login.status} ${login.text}`);
      users[persona] = { ...users[persona], token: login.body.token };
    }
  }

  function generator(operation: Operation): fc.Arbitrary<Generated> {
    const ids = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...knownIds) }, { weight: 1, arbitrary: fc.uuid() });
    const pathValue = fc.oneof({ weight: 3, arbitrary: ids }, { weight: 3, arbitrary: hostileString.map(encode) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES) });
    const path = fc.record(Object.fromEntries(operation.pathParams.map((name) => [name, pathValue])) as Record<string, fc.Arbitrary<string>>);

    const queryValue = (schema: Operation['queryParams'][number]['schema']) =>
      fc.oneof(
        { weight: 2, arbitrary: plausible(schema, ids).map((v) => (Array.isArray(v) ? v.map(String) : [String(v)])) },
        { weight: 3, arbitrary: hostileString.map((v) => [v]) },
        { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 4 }) },
      );
    const queryPairs = fc
      .tuple(
        ...operation.queryParams.map(({ name, schema }) =>
          fc.oneof(
            { weight: 1, arbitrary: fc.constant<Array<[string, string]>>([]) },
            { weight: 2, arbitrary: queryValue(schema).map((vs) => vs.map((v): [string, string] => [name, v])) },
          ),
        ),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant<Array<[string, string]>>([]) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.constantFrom('__proto__', 'constructor[prototype][x]', '__proto__[role]', 'sort[]', 'page[$gt]', 'unknown'), hostileString)
              .map((pair) => [pair]),
          },
        ),
        fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES) }),
      )
      .map((parts) => {
        const raws = parts.pop() as string;
        const pairs = (parts as Array<Array<[string, string]>>).flat();
        const query = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
        return [query, raws ? `raw=${raws}` : ''].filter(Boolean).join('&');
      });

    const jsonBody = operation.body ? hostileObject(operation.body, ids) : fc.constant({});
    const body: fc.Arbitrary<Pick<RawRequest, 'payload' | 'contentType'>> = fc.oneof(
      { weight: operation.body ? 12 : 1, arbitrary: jsonBody.map((payload) => ({ payload })) },
      { weight: operation.body ? 0 : 8, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: hostileValue.map((payload) => ({ payload: JSON.stringify(payload) ?? 'null' })) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('{"title":', '{"a":1}}', "{'a':1}", '{"a":NaN}', '\u0000', '[1,2', 'nul', '', '{"a":"\\ud800"}', '\ufeff{}').map((payload) => ({ payload })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            jsonBody,
            fc.constantFrom(
              'text/plain',
              'application/xml',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/json; charset=utf-16',
              'image/png',
              'application/jsonx',
            ),
          )
          .map(([payload, contentType]) => ({ payload: JSON.stringify(payload), contentType })),
      },
      { weight: 1, arbitrary: fc.constant({ payload: '{"a":1}', contentType: null }) },
      { weight: 1, arbitrary: fc.constant({ payload: deepJson(5_000) }) },
      { weight: 1, arbitrary: fc.constant({ payload: JSON.stringify({ title: 'x'.repeat(1_100_000) }) }) },
    );

    return fc.tuple(path, queryPairs, body).map(([pathValues, query, sentBody]) => {
      const url = `${fillPath(operation.path, pathValues)}${query ? `?${query}` : ''}`;
      const shownBody = typeof sentBody.payload === 'string' ? sentBody.payload : JSON.stringify(sentBody.payload);
      return {
        request: { method: operation.method, url, ...sentBody },
        shown: `${operation.method} ${url.slice(0, 300)}${sentBody.contentType !== undefined ? ` [content-type: ${sentBody.contentType}]` : ''}${shownBody ? ` body: ${shownBody.slice(0, 300)}` : ''}`,
      };
    });
  }

  it.each(OPERATIONS.map((operation, index) => [operation.key, operation, index] as const))(
    '%s',
    async (_key, operation, index) => {
      const problems: string[] = [];
      for (const [personaIndex, persona] of (['member', 'admin'] as const).entries()) {
        const samples = fc.sample(generator(operation), { seed: SEED + index * 2 + personaIndex, numRuns: runsFor(operation) });
        for (let i = 0; i < samples.length; i += CONCURRENCY) {
          await Promise.all(
            samples.slice(i, i + CONCURRENCY).map(async ({ request, shown }) => {
              // A stream authenticates by its query (fuzzed here); a valid bearer would open a stream that never ends.
              const token = operation.path.endsWith('/stream') ? null : users[persona].token;
              const response = await withDeadline(raw(ctx, { ...request, token }), REQUEST_DEADLINE_MS);
              sent += 1;
              if (!response) return void problems.push(`${persona}: no answer within ${REQUEST_DEADLINE_MS} ms\n    ← ${shown}`);
              const problem = envelopeProblem(response);
              if (problem) problems.push(`${persona}: ${problem}\n    ← ${shown}`);
            }),
          );
        }
        await restorePersonas();
      }
      if (process.env.FUZZ_VERBOSE)
        process.stderr.write(`fuzz: ${operation.key} done, ${sent} sent, ${problems.length} problems, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      if (problems.length) {
        throw new Error(`${problems.length} bad answers (replay with FUZZ_SEED=${SEED}):\n${[...new Set(problems)].slice(0, 15).join('\n')}`);
      }
    },
    300_000,
  );

  /**
   * Every date and date-time parameter of every operation (query and body), alone and in
   * ranges, at the edges of the domain (DATE_MIN–DATE_MAX) and far past them: each must be a
   * quick 4xx envelope naming the field (a day loop over `9999-12-31` once hung the process).
   */
  it('answers boundary dates and ranges on every date parameter quickly with a 4xx envelope naming the field', async () => {
    const [adminId, memberId, , projectId, , taskId, , entryId] = knownIds;
    const BOUNDARY_DEADLINE_MS = 5_000;
    const isDateSchema = (name: string, schema: SchemaObject) => schema.format === 'date' || schema.format === 'date-time' || /(^|_)(date|time|from|to|start|end)$/.test(name);
    const outOfDomain = (format: 'date' | 'date-time') =>
      format === 'date'
        ? ['0000-01-01', '0001-01-01', '1969-12-31', '2201-01-01', '9999-12-31', '+010000-01-01']
        : ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2201-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+010000-01-01T00:00:00Z'];
    const formatOf = (schema: SchemaObject, name: string): 'date' | 'date-time' => (schema.format === 'date' || (!schema.format && /date$/.test(name)) ? 'date' : 'date-time');
    const at = (format: 'date' | 'date-time', day: string) => (format === 'date' ? day : `${day}T00:00:00Z`);
    /** The range pairs a request may carry, by their start's name. */
    const PAIRS: Record<string, string> = { start: 'end', from: 'to', start_date: 'end_date', start_time: 'end_time' };
    const idFor = (path: string) =>
      /\/tasks\/\{id\}/.test(path)
        ? taskId
        : /time-entries\/\{id\}/.test(path)
          ? entryId
          : /users\/\{id\}/.test(path)
            ? memberId
            : /projects\/\{id\}/.test(path)
              ? projectId
              : adminId;
    /** A body valid apart from its dates, for every operation whose body has a date field. */
    const BASE_BODIES: Record<string, Record<string, unknown>> = {
      'POST /api/v1/tasks': { title: 'Boundary task' },
      'PATCH /api/v1/tasks/{id}': {},
      'PUT /api/v1/users/{id}/rate': { rate_type: 'hourly', rate_amount: '40.00', currency: 'USD' },
      'POST /api/v1/time-entries': { task_id: taskId, start_time: '2024-03-02T09:00:00Z', end_time: '2024-03-02T10:00:00Z' },
      'PATCH /api/v1/time-entries/{id}': {},
      'PUT /api/v1/projects/{id}/budget': { total_budget: '1000.00' },
    };

    interface Case {
      request: RawRequest;
      fields: string[];
      /** Out of the domain or reversed: a 4xx is required. Otherwise (the widest valid range) any quick non-5xx answer. */
      mustRefuse: boolean;
    }
    const cases: Case[] = [];
    const dateOperations: string[] = [];
    for (const operation of OPERATIONS) {
      if (operation.path.endsWith('/stream')) continue;
      const url = fillPath(operation.path, Object.fromEntries(operation.pathParams.map((name) => [name, idFor(operation.path)])));
      const queryDates = operation.queryParams.filter(({ name, schema }) => isDateSchema(name, schema));
      const bodyDates = Object.entries(operation.body?.properties ?? {})
        .map(([name, schema]) => ({ name, schema: resolveSchema(schema) }))
        .filter(({ name, schema }) => isDateSchema(name, schema) && (schema.type === 'string' || schema.format !== undefined));
      if (!queryDates.length && !bodyDates.length) continue;
      dateOperations.push(operation.key);
      // Entries and tasks are changed by their owner (the member); the rest by the admin.
      const token = /\/(time-entries|tasks)\b/.test(operation.path) ? users.member.token : users.admin.token;
      const send = (values: Record<string, string>, inBody: boolean): RawRequest => {
        if (!inBody) return { method: operation.method, url: `${url}?${new URLSearchParams(values).toString()}`, token };
        const base = BASE_BODIES[operation.key];
        if (!base) throw new Error(`${operation.key} has date fields in its body: give it a base body in BASE_BODIES`);
        return { method: operation.method, url, payload: { ...base, ...values }, token };
      };
      for (const [params, inBody] of [
        [queryDates, false],
        [bodyDates, true],
      ] as const) {
        const names = new Set(params.map((p) => p.name));
        for (const { name, schema } of params) {
          const format = formatOf(schema, name);
          for (const value of outOfDomain(format)) cases.push({ request: send({ [name]: value }, inBody), fields: [name], mustRefuse: true });
          const end = PAIRS[name];
          if (!end || !names.has(end)) continue;
          const pair = (from: string, to: string, mustRefuse: boolean) => cases.push({ request: send({ [name]: from, [end]: to }, inBody), fields: [name, end], mustRefuse });
          pair(format === 'date' ? '9999-12-31' : '9999-12-31T00:00:00Z', format === 'date' ? '9999-12-31' : '9999-12-31T01:00:00Z', true);
          pair(at(format, '1200-01-01'), at(format, '2200-01-01'), true);
          pair(at(format, '1000-01-01'), at(format, '2000-01-01'), true);
          pair(at(format, '2025-02-01'), at(format, '2025-01-01'), true);
          pair(at(format, '1970-01-01'), format === 'date' ? '2200-12-31' : '2200-12-31T23:59:59Z', false);
        }
      }
    }
    expect(dateOperations.length).toBeGreaterThanOrEqual(15);

    const problems: string[] = [];
    for (let i = 0; i < cases.length; i += CONCURRENCY) {
      await Promise.all(
        cases.slice(i, i + CONCURRENCY).map(async ({ request, fields, mustRefuse }) => {
          const shown = `${request.method} ${request.url}${request.payload ? ` body: ${JSON.stringify(request.payload)}` : ''}`;
          const started = Date.now();
          const response = await withDeadline(raw(ctx, request), BOUNDARY_DEADLINE_MS);
          sent += 1;
          if (!response) return void problems.push(`no answer within ${BOUNDARY_DEADLINE_MS} ms ← ${shown}`);
          const problem = envelopeProblem(response);
          if (problem) return void problems.push(`${problem} ← ${shown}`);
          if (!mustRefuse) return;
          if (response.status < 400) return void problems.push(`accepted (${response.status}) ← ${shown}`);
          const details = (response.body.error.details ?? {}) as Record<string, unknown>;
          if (!fields.some((field) => field in details)) problems.push(`${response.status} without naming ${fields.join(' or ')}: ${response.text.slice(0, 200)} ← ${shown}`);
          if (Date.now() - started > 2_000) problems.push(`slow (${Date.now() - started} ms) ← ${shown}`);
        }),
      );
    }
    const health = await withDeadline(raw(ctx, { method: 'GET', url: '/api/v1/health' }), BOUNDARY_DEADLINE_MS);
    expect(health?.status).toBe(200);
    expect(problems).toEqual([]);
  }, 120_000);

  /** Inputs that once answered 500 (or a bare Fastify error): kept so every run replays them. */
  it('answers the inputs that once broke it in the envelope', async () => {
    const project = knownIds[3];
    const cases: Array<[RawRequest, number]> = [
      [{ method: 'POST', url: '/api/v1/tasks', payload: deepJson(5_000) }, 422],
      [{ method: 'POST', url: '/api/v1/auth/login', payload: deepJson(5_000) }, 422],
      [{ method: 'PUT', url: `/api/v1/projects/${project}/budget`, payload: { total_budget: '10', critical_threshold: 1e-323 } }, 422],
      [{ method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', estimated_hours: 1e-7 } }, 422],
      [{ method: 'POST', url: '/api/v1/auth/register', payload: '{"email":"a\\ud800@example.com","password":"Correct-Horse-9","full_name":"ab"}' }, 422],
      [{ method: 'POST', url: '/api/v1/auth/login', payload: { email: '0sql~$OOa\u0000b', password: 'Correct-Horse-9' } }, 422],
      [{ method: 'POST', url: '/api/v1/time-tracking/start', payload: { description: '\u0000' } }, 422],
      [{ method: 'GET', url: '/api/v1/tasks?q=a%00b' }, 422],
      [{ method: 'PATCH', url: '/api/v1/users/%', payload: {} }, 422],
      [{ method: 'GET', url: '/api/v1/tasks/%E0%A4%A' }, 422],
      [{ method: 'PATCH', url: `/api/v1/users/${'x'.repeat(300)}`, payload: {} }, 414],
      [{ method: 'POST', url: '/api/v1/tasks', payload: '<task/>', contentType: 'application/xml' }, 415],
      // A day loop past 9999-12-31 never ended (issue 12, item 3).
      [{ method: 'GET', url: '/api/v1/analytics/dashboard?start=9999-12-31&end=9999-12-31' }, 422],
      [{ method: 'GET', url: '/api/v1/analytics/trend?start=9999-12-31&end=9999-12-31' }, 422],
      [{ method: 'POST', url: '/api/v1/time-entries', payload: { start_time: '0001-01-01T09:00:00Z', end_time: '0001-01-01T10:00:00Z' } }, 422],
    ];
    for (const [request, status] of cases) {
      const response = await raw(ctx, { ...request, token: users.admin.token });
      sent += 1;
      expect({ url: request.url.slice(0, 60), status: response.status, problem: envelopeProblem(response) }).toEqual({ url: request.url.slice(0, 60), status, problem: null });
    }
  });

  it(`sent at least ${MIN_REQUESTS} requests`, () => {
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
  });
});
