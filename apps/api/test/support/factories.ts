/**
 * The one set of test factories every integration suite uses, exposed on the test context
 * (`ctx.newUser()`, `ctx.newProject(admin)`, …). Records are made through the API wherever
 * that is what a test means; `insertEntry` is the one direct inserter, for historic and bulk
 * time entries the API cannot make (past dates, chosen costs, paused timers).
 */
import {
  routes,
  type ApiClient,
  type ProjectBudgetResponse,
  type ProjectBudgetSetRequest,
  type ProjectCreateRequest,
  type ProjectResponse,
  type RateSetRequest,
  type TaskCreateRequest,
  type TaskResponse,
  type TaskStatus,
  type TimeEntryCreateRequest,
  type TimeEntryWriteResponse,
  type TokenResponse,
  type UserRateResponse,
} from '@stint/contracts';
import type { RateType } from '../../src/common/enums';
import { storedCost } from '../../src/common/money';
import { CookieJar } from './inject-fetch';

export const STRONG_PASSWORD = 'Correct-Horse-9';

/** The instance's default rate (time_tracking_settings as migrated): every factory's one default. */
export const DEFAULT_RATE = { type: 'hourly', amount: '50', currency: 'USD' } as const satisfies { type: RateType; amount: string; currency: string };

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  sessionId: string;
  jar: CookieJar;
  /** The typed client, signed in as this user. */
  api: ApiClient;
  tokens: TokenResponse;
}

export interface UserSpec {
  email: string;
  password: string;
  full_name: string;
}

export interface TaskHistory {
  /** Set after creation, in the database (the API stamps now). */
  createdAt?: Date | string;
  status?: TaskStatus;
  completedAt?: Date | string | null;
}

/** A time entry as the time-tracking module stores it. */
export interface EntrySpec {
  userId: string;
  projectId?: string | null;
  taskId?: string | null;
  /** Stopped (default) with an end, a duration and a cost; running/paused hold a timer slot, with none of them. */
  status?: 'stopped' | 'running' | 'paused';
  /** Default: a day ago (real time). */
  start?: Date | string;
  /** Stopped entries: the end; the duration is (end − start) − pausedSeconds. */
  end?: Date | string;
  /** Stopped entries without `end`: the worked seconds (default 3600); the end is start + seconds + pausedSeconds. */
  seconds?: number;
  /** Paused entries: when the current pause began (default start + 1 s). */
  pausedAt?: Date | string;
  pausedSeconds?: number;
  /** The snapshot rate (default DEFAULT_RATE). */
  rateType?: RateType;
  rateAmount?: string;
  currency?: string;
  /** Stopped entries: the exact total_cost; default the cost at the snapshot rate, as the module computes it. */
  cost?: string;
  billable?: boolean;
  description?: string | null;
  /** Active entries: the timer slot (default 0). */
  timerSlot?: number;
}

export interface Factories {
  /** Registers a user through the API (the first one of a file is the instance's admin). */
  newUser(overrides?: Partial<UserSpec>): Promise<TestUser>;
  /** Registers a user and makes them an admin (through the API when an admin of this context exists). */
  newAdmin(overrides?: Partial<UserSpec>): Promise<TestUser>;
  /** Promotes a registered user to admin (roles are read per request, so the token keeps working). */
  promote(admin: TestUser, user: TestUser): Promise<TestUser>;
  /** Creates a project as `admin` (name "Project", a fresh key) and adds `members`. */
  newProject(admin: TestUser, overrides?: Partial<ProjectCreateRequest> & { members?: TestUser[] }): Promise<ProjectResponse>;
  addMembers(admin: TestUser, projectId: string, ...users: TestUser[]): Promise<void>;
  /** Creates a task as `user` ("A task"); `history` backdates it or sets its status in the database. */
  newTask(user: TestUser, body?: Partial<TaskCreateRequest>, history?: TaskHistory): Promise<TaskResponse>;
  /** Logs a manual, stopped entry through the API as `user` (default: 10:00–11:00 UTC yesterday). */
  newEntry(user: TestUser, body?: Partial<TimeEntryCreateRequest>): Promise<TimeEntryWriteResponse>;
  /**
   * Inserts a historic or active entry directly (see EntrySpec); returns its id. `via` runs it
   * elsewhere than the context's connection (inside a transaction a test holds).
   */
  insertEntry(spec: EntrySpec, via?: SqlRunner): Promise<string>;
  /** Inserts many entries in one statement (bulk data); ids in the specs' order. */
  insertEntries(specs: EntrySpec[], via?: SqlRunner): Promise<string[]>;
  /** Sets `user`'s rate as `admin` (default DEFAULT_RATE, effective today). */
  newRate(admin: TestUser, user: TestUser | string, body?: Partial<RateSetRequest>): Promise<UserRateResponse>;
  /** Sets the project's budget as `admin` (default total 1000). */
  newBudget(admin: TestUser, projectId: string, body?: Partial<ProjectBudgetSetRequest>): Promise<ProjectBudgetResponse>;
  /** A fresh project key: the prefix and a counter written in letters (KAAAB, KAAAC, …). */
  uniqueKey(prefix?: string): string;
}

let userCounter = 0;
let keyCounter = 0;

export function uniqueKey(prefix = 'K'): string {
  keyCounter += 1;
  let n = keyCounter;
  let letters = '';
  for (let i = 0; i < 4; i += 1) {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26);
  }
  return `${prefix}${letters}`;
}

const instant = (value: Date | string): Date => (typeof value === 'string' ? new Date(value) : value);

/** Something that runs SQL: the context's connection, a transaction's EntityManager, a QueryRunner. */
export interface SqlRunner {
  query(query: string, params?: unknown[]): Promise<unknown>;
}

/** The columns of a time entry as the time-tracking module stores it, from a spec with the one set of defaults. */
function entryRow(spec: EntrySpec): unknown[] {
  const status = spec.status ?? 'stopped';
  const stopped = status === 'stopped';
  const start = instant(spec.start ?? new Date(Date.now() - 86_400_000));
  const paused = spec.pausedSeconds ?? 0;
  const rateType = spec.rateType ?? DEFAULT_RATE.type;
  const rateAmount = spec.rateAmount ?? DEFAULT_RATE.amount;
  let end: Date | null = null;
  let duration: number | null = null;
  if (stopped) {
    if (spec.end) {
      end = instant(spec.end);
      duration = Math.floor((end.getTime() - start.getTime()) / 1000) - paused;
    } else {
      duration = spec.seconds ?? 3600;
      end = new Date(start.getTime() + (duration + paused) * 1000);
    }
  }
  return [
    spec.userId,
    spec.projectId ?? null,
    spec.taskId ?? null,
    status,
    start.toISOString(),
    end?.toISOString() ?? null,
    status === 'paused' ? instant(spec.pausedAt ?? new Date(start.getTime() + 1000)).toISOString() : null,
    paused,
    duration,
    spec.description ?? null,
    rateType,
    rateAmount,
    spec.currency ?? DEFAULT_RATE.currency,
    stopped ? (spec.cost ?? storedCost(duration!, rateType, rateAmount)) : '0',
    spec.billable ?? true,
    stopped ? null : (spec.timerSlot ?? 0),
  ];
}

const ENTRY_COLUMNS: Array<[column: string, type: string]> = [
  ['user_id', 'uuid'],
  ['project_id', 'uuid'],
  ['task_id', 'uuid'],
  ['status', 'time_entry_status'],
  ['start_time', 'timestamptz'],
  ['end_time', 'timestamptz'],
  ['paused_at', 'timestamptz'],
  ['paused_seconds', 'int'],
  ['duration_seconds', 'int'],
  ['description', 'text'],
  ['rate_type', 'rate_type'],
  ['rate_amount', 'numeric'],
  ['currency', 'text'],
  ['total_cost', 'numeric'],
  ['is_billable', 'boolean'],
  ['timer_slot', 'int'],
];

/** One INSERT for any number of entries (one array parameter per column); ids in the specs' order. */
const INSERT_ENTRIES = `INSERT INTO time_entries (${ENTRY_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${ENTRY_COLUMNS.map(([c]) => c).join(', ')}
    FROM unnest(${ENTRY_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS e(${ENTRY_COLUMNS.map(([c]) => c).join(', ')}, n)
   ORDER BY n
  RETURNING id`;

/** What the factories need of the context they are installed on. */
export interface FactoryHost {
  client(options?: { token?: string; jar?: CookieJar }): ApiClient;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
}

export function createFactories(host: FactoryHost): Factories {
  let firstAdmin: TestUser | null = null;

  const newUser: Factories['newUser'] = async (overrides = {}) => {
    userCounter += 1;
    const email = overrides.email ?? `user${userCounter}.${Date.now()}@example.com`;
    const password = overrides.password ?? STRONG_PASSWORD;
    const jar = new CookieJar();
    const tokens = await host.client({ jar }).call(routes.auth.register, {
      body: { email, password, full_name: overrides.full_name ?? `Test User ${userCounter}` },
    });
    const sessionId = JSON.parse(Buffer.from(tokens.token.split('.')[1], 'base64url').toString()).sid as string;
    const user: TestUser = { id: tokens.user.id, email, password, token: tokens.token, sessionId, jar, tokens, api: host.client({ token: tokens.token, jar }) };
    if (!firstAdmin && tokens.user.role === 'admin') firstAdmin = user;
    return user;
  };

  const promote: Factories['promote'] = async (admin, user) => {
    await admin.api.call(routes.users.update, { params: { id: user.id }, body: { role: 'admin' } });
    return user;
  };

  const addMembers: Factories['addMembers'] = async (admin, projectId, ...users) => {
    for (const user of users) await admin.api.call(routes.projects.addMember, { params: { id: projectId }, body: { user_id: user.id } });
  };

  const insertEntries: Factories['insertEntries'] = async (specs, via) => {
    if (!specs.length) return [];
    const rows = specs.map(entryRow);
    const params = ENTRY_COLUMNS.map((_, column) => rows.map((row) => row[column]));
    const inserted = (via ? await via.query(INSERT_ENTRIES, params) : await host.sql(INSERT_ENTRIES, params)) as Array<{ id: string }>;
    return inserted.map((row) => row.id);
  };

  return {
    newUser,
    promote,
    addMembers,
    uniqueKey,

    async newAdmin(overrides = {}) {
      const user = await newUser(overrides);
      if (user.tokens.user.role === 'admin') return user;
      if (firstAdmin) return promote(firstAdmin, user);
      await host.sql(`UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
      return user;
    },

    async newProject(admin, { members = [], ...overrides } = {}) {
      const project = await admin.api.call(routes.projects.create, { body: { name: 'Project', key: uniqueKey(), ...overrides } });
      await addMembers(admin, project.id, ...members);
      return project;
    },

    async newTask(user, body = {}, history) {
      const task = await user.api.call(routes.tasks.create, { body: { title: 'A task', ...body } });
      if (!history) return task;
      const [row] = await host.sql<{ status: TaskStatus; created_at: Date; completed_at: Date | null }>(
        `UPDATE tasks SET created_at = coalesce($2, created_at), status = coalesce($3, status), completed_at = CASE WHEN $4 THEN $5 ELSE completed_at END
          WHERE id = $1 RETURNING status, created_at, completed_at`,
        [task.id, history.createdAt ?? null, history.status ?? null, history.completedAt !== undefined, history.completedAt ?? null],
      );
      return { ...task, status: row.status, created_at: row.created_at.toISOString(), completed_at: row.completed_at?.toISOString() ?? null } as TaskResponse;
    },

    async newEntry(user, body = {}) {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      return user.api.call(routes.timeEntries.create, { body: { start_time: `${yesterday}T10:00:00Z`, end_time: `${yesterday}T11:00:00Z`, ...body } });
    },

    async insertEntry(spec, via) {
      const [id] = await insertEntries([spec], via);
      return id;
    },

    insertEntries,

    newRate(admin, user, body = {}) {
      const id = typeof user === 'string' ? user : user.id;
      return admin.api.call(routes.rates.set, {
        params: { id },
        body: { rate_type: DEFAULT_RATE.type, rate_amount: DEFAULT_RATE.amount, currency: DEFAULT_RATE.currency, ...body },
      });
    },

    newBudget(admin, projectId, body = {}) {
      return admin.api.call(routes.budgets.set, { params: { id: projectId }, body: { total_budget: '1000', ...body } });
    },
  };
}
