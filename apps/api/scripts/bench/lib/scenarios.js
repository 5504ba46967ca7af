// @ts-check
// The requests of each scenario, as autocannon request lists. Every request carries one of
// the signed-in users' tokens; `perClient` gives each connection its own state (its user,
// its step in a sequence, the entry it created) that survives autocannon's context resets.

/**
 * @typedef {{ id: string, email: string, timezone?: string, token: string, role?: string, projects: string[] }} BenchUser
 * @typedef {{ users: BenchUser[], admin: BenchUser, projects: { id: string }[], tags: string[], words: string[], lastDay: string }} Fixtures
 * @typedef {{ u: BenchUser, step: number, entryId: string | null, n: number, timerRunning: boolean, pending: string | null }} MixState
 * @typedef {import('./load').BenchRequest} BenchRequest
 * @typedef {{ requests: BenchRequest[], setupClient?: import('./load').SetupClient }} RequestPlan
 */

/** @param {string} token */
const json = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
/** @param {string} token */
const auth = (token) => ({ authorization: `Bearer ${token}` });

/** Day arithmetic on YYYY-MM-DD strings (UTC, no zones involved). */
/**
 * @param {string} day
 * @param {number} days
 */
function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** One request after another from `make(i)` with a global counter: request i of the whole run. */
/**
 * @param {(i: number) => Record<string, unknown>} make
 * @returns {RequestPlan}
 */
function rotating(make) {
  let i = 0;
  return { requests: [{ setupRequest: (/** @type {Record<string, unknown>} */ request) => ({ ...request, ...make(i++) }) }] };
}

/**
 * Each connection takes the next state of `states` (connection k → states[k % n]) and asks
 * `next(state)` for each request; `onResponse(state, status, body)` sees each answer.
 */
/**
 * @template S
 * @param {S[]} states
 * @param {(state: S) => Record<string, unknown>} next
 * @param {(state: S, status: number, body: string) => void} [onResponse]
 * @returns {{ requests: BenchRequest[], setupClient: import('./load').SetupClient }}
 */
function perClient(states, next, onResponse) {
  let taken = 0;
  return {
    setupClient(client) {
      const iterator = client.requestIterator;
      iterator.initialContext = { slot: taken++ % states.length };
      iterator.resetContext();
      iterator.rebuildRequest();
    },
    requests: [
      {
        setupRequest: (/** @type {Record<string, unknown>} */ request, /** @type {{ slot?: number }} */ context) =>
          context.slot === undefined ? { ...request, path: '/api/v1/health' } : { ...request, ...next(states[context.slot]) },
        onResponse: onResponse
          ? (/** @type {number} */ status, /** @type {string} */ body, /** @type {{ slot?: number }} */ context) =>
              context.slot !== undefined && onResponse(states[context.slot], status, body)
          : undefined,
      },
    ],
  };
}

/** Task-list variants: filters, sort and full-text search (GET /tasks), for user `u`. */
/**
 * @param {BenchUser} u
 * @param {number} i
 * @param {{ tags: string[], words: string[] }} fixtures
 */
function taskListPath(u, i, fixtures) {
  const variants = [
    () => '/api/v1/tasks?status=todo,in_progress',
    () => '/api/v1/tasks?priority=high,urgent&sort=due_date&order=asc',
    () => (u.projects.length ? `/api/v1/tasks?project_id=${u.projects[i % u.projects.length]}&status=todo,in_progress,done` : '/api/v1/tasks?status=done'),
    () => `/api/v1/tasks?tag=${encodeURIComponent(fixtures.tags[i % Math.max(1, fixtures.tags.length)] ?? 'x')}`,
    () => `/api/v1/tasks?q=${encodeURIComponent(fixtures.words[i % Math.max(1, fixtures.words.length)] ?? 'task')}`,
    () => '/api/v1/tasks?page=3&per_page=50',
  ];
  return variants[i % variants.length]();
}

/** Time-entry list variants: the newest page, a month's window, page 2 of stopped entries. */
/**
 * @param {number} i
 * @param {string} lastDay
 */
function entryListPath(i, lastDay) {
  const variants = [
    () => '/api/v1/time-entries',
    () => `/api/v1/time-entries?from=${addDays(lastDay, -30)}T00:00:00Z&to=${lastDay}T23:59:59Z&per_page=50`,
    () => '/api/v1/time-entries?status=stopped&page=2',
  ];
  return variants[i % variants.length]();
}

/**
 * A year ending `back` days before the data's last day: with a different (user, range) per
 * request the analytics cache never has the answer, so every request computes it.
 */
/**
 * @param {string} lastDay
 * @param {number} back
 */
function yearRange(lastDay, back) {
  const end = addDays(lastDay, -back);
  return `start=${addDays(end, -364)}&end=${end}`;
}

/** The closed-loop scenarios: name → { title, requests factory }. */
/**
 * @param {Fixtures} f
 * @returns {Record<string, { title: string, build: () => RequestPlan, perConnectionUser?: boolean, latencyTarget?: boolean }>}
 */
function scenarios(f) {
  const users = f.users;
  const user = (/** @type {number} */ i) => users[i % users.length];
  // Distinct (user, range) pairs in request order: user varies fastest, then the range.
  const uncached = (/** @type {number} */ i) => ({ u: user(i), back: Math.floor(i / users.length) % 180 });
  return {
    'timer-status': {
      title: 'GET /time-tracking/status',
      build: () => rotating((i) => ({ method: 'GET', path: '/api/v1/time-tracking/status', headers: auth(user(i).token) })),
    },
    'timer-cycle': {
      title: 'start → pause → resume → stop (each a request; one user per connection)',
      perConnectionUser: true,
      build: () => {
        const steps = ['start', 'pause', 'resume', 'stop'];
        const states = users.map((u) => ({ u, step: 0 }));
        return perClient(states, (s) => {
          const action = steps[s.step++ % steps.length];
          const body = action === 'start' ? { description: 'bench cycle' } : {};
          return { method: 'POST', path: `/api/v1/time-tracking/${action}`, headers: json(s.u.token), body: JSON.stringify(body) };
        });
      },
    },
    'task-list': {
      title: 'GET /tasks with filters, sort and search (6 variants)',
      build: () => rotating((i) => ({ method: 'GET', path: taskListPath(user(i), Math.floor(i / users.length) + i, f), headers: auth(user(i).token) })),
    },
    'time-entry-list': {
      title: 'GET /time-entries (newest page, a month, page 2 of stopped)',
      build: () => rotating((i) => ({ method: 'GET', path: entryListPath(i, f.lastDay), headers: auth(user(i).token) })),
    },
    'dashboard-uncached': {
      latencyTarget: true,
      title: 'GET /analytics/dashboard, a year, a new (user, range) each request',
      build: () =>
        rotating((i) => {
          const { u, back } = uncached(i);
          return { method: 'GET', path: `/api/v1/analytics/dashboard?${yearRange(f.lastDay, back)}`, headers: auth(u.token) };
        }),
    },
    'dashboard-cached': {
      title: 'GET /analytics/dashboard, a year, the same range per user (cache hits after warm-up)',
      build: () => rotating((i) => ({ method: 'GET', path: `/api/v1/analytics/dashboard?${yearRange(f.lastDay, 0)}`, headers: auth(user(i).token) })),
    },
    trend: {
      latencyTarget: true,
      title: 'GET /analytics/trend, a year against the year before, uncached',
      build: () =>
        rotating((i) => {
          const { u, back } = uncached(i);
          return { method: 'GET', path: `/api/v1/analytics/trend?${yearRange(f.lastDay, back)}`, headers: auth(u.token) };
        }),
    },
    'time-distribution': {
      latencyTarget: true,
      title: 'GET /analytics/time-distribution, a year, by project/task/tag, uncached',
      build: () =>
        rotating((i) => {
          const { u, back } = uncached(i);
          const group = ['project', 'task', 'tag'][i % 3];
          return { method: 'GET', path: `/api/v1/analytics/time-distribution?${yearRange(f.lastDay, back)}&group_by=${group}`, headers: auth(u.token) };
        }),
    },
    budgets: {
      latencyTarget: true,
      title: 'GET /budgets (admin, org-wide dashboard; sorts rotate; not cached)',
      build: () =>
        rotating((i) => ({
          method: 'GET',
          path: ['/api/v1/budgets', '/api/v1/budgets?sort=forecast', '/api/v1/budgets?sort=name&over_threshold=true'][i % 3],
          headers: auth(f.admin.token),
        })),
    },
    'project-statistics': {
      latencyTarget: true,
      title: 'GET /projects/:id/statistics (admin, the 10 busiest projects, all time; not cached)',
      build: () => rotating((i) => ({ method: 'GET', path: `/api/v1/projects/${f.projects[i % f.projects.length].id}/statistics`, headers: auth(f.admin.token) })),
    },
    'user-report': {
      latencyTarget: true,
      title: 'GET /reports/users/:id (own report, a year, JSON)',
      build: () =>
        rotating((i) => {
          const { u, back } = uncached(i);
          return { method: 'GET', path: `/api/v1/reports/users/${u.id}?${yearRange(f.lastDay, back)}`, headers: auth(u.token) };
        }),
    },
  };
}

/** Requests both servers answer, for the framework comparison (same users, same order). */
/**
 * @param {Fixtures} f
 * @param {string} route
 * @returns {() => RequestPlan}
 */
function comparisonRequests(f, route) {
  const user = (/** @type {number} */ i) => f.users[i % f.users.length];
  if (route === 'status') return () => rotating((i) => ({ method: 'GET', path: '/api/v1/time-tracking/status', headers: auth(user(i).token) }));
  return () => rotating((i) => ({ method: 'GET', path: taskListPath(user(i), Math.floor(i / f.users.length) + i, f), headers: auth(user(i).token) }));
}

/**
 * The fixed-rate mix, one user per connection, 40 steps a cycle: 22 timer status, 7 task
 * lists, 6 time-entry lists, a timer start and stop, and a manual entry created, edited and
 * deleted (the connection's own entry). Connections start at different steps so the
 * writes spread over time.
 */
const MIX = [...Array(22).fill('status'), ...Array(7).fill('tasks'), ...Array(6).fill('entries'), 'timer-start', 'timer-stop', 'entry-create', 'entry-update', 'entry-delete'];

function mixSequence() {
  // Interleave: spread the kinds over the 40 steps (deterministic shuffle by stride 17).
  return MIX.map((_, i) => MIX[(i * 17) % MIX.length]);
}

/**
 * @param {Fixtures} f
 * @returns {{ counts: Record<string, number>, states: MixState[], makeRequests: (offset: number, count: number) => { requests: import('./load').BenchRequest[], setupClient: import('./load').SetupClient } }}
 */
function fixedRateMix(f) {
  const sequence = mixSequence();
  // Writes that depend on an earlier step must come after it within the cycle.
  const order = ['timer-start', 'timer-stop', 'entry-create', 'entry-update', 'entry-delete'];
  const positions = order.map((kind) => sequence.indexOf(kind)).sort((a, b) => a - b);
  for (const [k, kind] of order.entries()) sequence[positions[k]] = kind;
  /** What was actually sent, by kind (a step whose precondition failed is sent as a status read and counted as one). */
  /** @type {Record<string, number>} */
  const counts = {};
  /** @type {MixState[]} */
  const all = [];
  /** @param {MixState} s */
  const status = (s) => ({ method: 'GET', path: '/api/v1/time-tracking/status', headers: auth(s.u.token) });
  return {
    counts,
    states: all,
    makeRequests: (offset, count) => {
      /** @type {MixState[]} */
      const states = Array.from({ length: count }, (_, k) => ({
        u: f.users[(offset + k) % f.users.length],
        step: (offset + k) * 7,
        entryId: null,
        n: offset + k,
        timerRunning: false,
        pending: null,
      }));
      all.push(...states);
      return perClient(
        states,
        (s) => {
          let kind = sequence[s.step++ % sequence.length];
          const i = s.step + s.n;
          // A step that depends on an earlier answer (stop after a start that was refused or
          // shed, edit/delete after a create that failed) is sent as a status read instead:
          // the mix never provokes a 409 or 404 of its own.
          if (kind === 'timer-stop' && !s.timerRunning) kind = 'status';
          if ((kind === 'entry-update' || kind === 'entry-delete') && !s.entryId) kind = 'status';
          s.pending = kind;
          counts[kind] = (counts[kind] ?? 0) + 1;
          switch (kind) {
            case 'status':
              return status(s);
            case 'tasks':
              return { method: 'GET', path: taskListPath(s.u, i, f), headers: auth(s.u.token) };
            case 'entries':
              return { method: 'GET', path: entryListPath(i, f.lastDay), headers: auth(s.u.token) };
            case 'timer-start':
              return { method: 'POST', path: '/api/v1/time-tracking/start', headers: json(s.u.token), body: JSON.stringify({ description: 'bench mix' }) };
            case 'timer-stop':
              return { method: 'POST', path: '/api/v1/time-tracking/stop', headers: json(s.u.token), body: '{}' };
            case 'entry-create': {
              // An hour slot per (user, step), kept inside 2020-01-01..2025-09 so it never ends in the future.
              const start = new Date(Date.UTC(2020, 0, 1) + ((s.n * 1000 + s.step) % 50_000) * 3_600_000);
              s.entryId = null;
              return {
                method: 'POST',
                path: '/api/v1/time-entries',
                headers: json(s.u.token),
                body: JSON.stringify({ start_time: start.toISOString(), end_time: new Date(start.getTime() + 1_800_000).toISOString(), description: 'bench manual entry' }),
              };
            }
            case 'entry-update':
              return { method: 'PATCH', path: `/api/v1/time-entries/${s.entryId}`, headers: json(s.u.token), body: JSON.stringify({ description: 'bench manual entry, edited' }) };
            case 'entry-delete': {
              const id = s.entryId;
              s.entryId = null;
              return { method: 'DELETE', path: `/api/v1/time-entries/${id}`, headers: auth(s.u.token) };
            }
            default:
              throw new Error(`unknown step ${kind}`);
          }
        },
        (s, status, body) => {
          const ok = status >= 200 && status < 300;
          if (s.pending === 'timer-start' && ok) s.timerRunning = true;
          // A stop answered 2xx stopped it; any other answer leaves the state to the final clean-up.
          if (s.pending === 'timer-stop' && ok) s.timerRunning = false;
          if (s.pending === 'entry-create' && ok && body.includes('"bench manual entry"')) {
            try {
              const parsed = JSON.parse(body);
              if (parsed && typeof parsed.id === 'string' && parsed.description === 'bench manual entry') s.entryId = parsed.id;
            } catch {
              // not JSON
            }
          }
          s.pending = null;
        },
      );
    },
  };
}

module.exports = { scenarios, comparisonRequests, fixedRateMix, addDays, MIX };
