// The in-memory model of everything but the time entries: users (time zones, habits,
// currencies), projects (keys, members, currencies), effective-dated rates and tasks, and
// each user's share of the entries. Everything is drawn from generators seeded by --seed.
const { Random } = require('./random');
const { DAY_MS, ZONES, ZoneClock, localDay } = require('./zones');
const { TASK_OBJECTS, TASK_QUALIFIERS, TASK_VERBS, DESCRIPTION_SENTENCES, TAGS, FIRST_NAMES, LAST_NAMES, PROJECT_ADJECTIVES, PROJECT_NOUNS } = require('./words');
const { unitsText } = require('./cost');

/**
 * @typedef {object} SeedProject
 * @property {number} index
 * @property {string} id
 * @property {string} name
 * @property {string} key
 * @property {string} description
 * @property {string} currency
 * @property {boolean} isBillable
 * @property {number} createdAtMs
 * @property {number | null} archivedAtMs
 * @property {number} size relative weight for members and tasks
 * @property {number[]} members user indexes
 * @property {number[]} tasks task indexes
 * @property {number} nextTaskNumber
 */
/**
 * @typedef {object} SeedRate
 * @property {string} id
 * @property {string} userId
 * @property {string} rateType
 * @property {number} units amount in 1/10,000
 * @property {string} amount
 * @property {string | null} currency
 * @property {number} fromDay
 * @property {number | null} untilDay
 * @property {number} createdAtMs
 * @property {string} createdBy
 */
/**
 * @typedef {object} SeedUser
 * @property {number} index
 * @property {string} id
 * @property {string} email
 * @property {string} fullName
 * @property {string} role
 * @property {string} timezone
 * @property {number} createdAtMs
 * @property {boolean} isActive
 * @property {number | null} lastLoginMs
 * @property {number} workStartMinute
 * @property {number} activity
 * @property {number} weekendFactor
 * @property {number} lateProbability
 * @property {number} startDay
 * @property {number} todayDay
 * @property {number} todayFraction
 * @property {string | null} currency
 * @property {number[]} projects project indexes
 * @property {number[]} personalTasks task indexes
 * @property {SeedRate[]} rates
 * @property {number} quota entries to write
 * @property {'running' | 'paused' | null} active the timer left on at the end
 */
/**
 * @typedef {object} SeedTask
 * @property {number} index
 * @property {string} id
 * @property {string} userId
 * @property {number} projectIndex -1 for a personal task
 * @property {number | null} number
 * @property {string} title
 * @property {string | null} description
 * @property {string} status
 * @property {string} priority
 * @property {number | null} dueDateMs
 * @property {number} createdAtMs
 * @property {number} updatedAtMs
 * @property {number | null} completedAtMs
 * @property {string[]} tags
 * @property {string | null} estimatedHours
 */

const TWO_YEARS_DAYS = 730;
/** Seconds of a working day that entries are spread over (see entries.js). */
const WORKDAY_SPAN_SECONDS = 9.5 * 3600;
/** Entries end at least this long before "now", so none lies in the future. */
const END_MARGIN_MS = 10 * 60_000;
const CURRENCIES = [
  ['USD', 0.75],
  ['EUR', 0.18],
  ['GBP', 0.07],
];
const RATE_TYPE_WEIGHTS = [
  ['hourly', 0.85],
  ['minutely', 0.1],
  ['secondly', 0.05],
];
const TASK_PRIORITIES = [
  ['low', 20],
  ['medium', 45],
  ['high', 25],
  ['urgent', 10],
];
const ESTIMATES = ['0.50', '1.00', '2.00', '3.00', '4.00', '6.00', '8.00', '12.00', '16.00', '24.00', '40.00'];

const weighted = (random, pairs) => pairs[random.weightedIndex(pairs.map((p) => p[1]))][0];

/** Weight of a day before jitter and holidays: weekdays 1, weekends a fraction (entries.js uses the same). */
function baseDayWeight(user, day, todayFraction) {
  const dow = (day + 4) % 7;
  let weight = dow === 6 ? 0.12 * user.weekendFactor : dow === 0 ? 0.06 * user.weekendFactor : 1;
  if (day === user.todayDay) weight *= todayFraction;
  return weight;
}

/**
 * Fraction of today's working span that lies before now − END_MARGIN (0 before the day
 * starts, 1 after it ends); below ten minutes of room it is 0 (nothing is laid out today).
 */
function todayFraction(user, nowMs, clock) {
  const nowSecond = (nowMs - END_MARGIN_MS - clock.toUtc(user.todayDay, 0)) / 1000;
  const room = nowSecond - (user.workStartMinute * 60 + 1800);
  if (room < 600) return 0;
  return Math.min(1, room / WORKDAY_SPAN_SECONDS);
}

/** A unique project key (2–10 capital letters) derived from the name. */
function projectKey(name, taken) {
  const words = name
    .toUpperCase()
    .replace(/[^A-Z ]/g, '')
    .split(' ')
    .filter(Boolean);
  const initials = words.map((w) => w[0]).join('');
  const candidates = [initials, words[0].slice(0, 3) + (words[1] ?? '').slice(0, 1), words[0].slice(0, 2) + (words[1] ?? '').slice(0, 2), words[0].slice(0, 4)];
  for (const candidate of candidates) if (candidate.length >= 2 && candidate.length <= 10 && !taken.has(candidate)) return candidate;
  const base = (initials.length >= 2 ? initials : words[0].slice(0, 2)).slice(0, 6);
  for (let n = 0; ; n++) {
    let suffix = '';
    let x = n;
    do {
      suffix = String.fromCharCode(65 + (x % 26)) + suffix;
      x = Math.floor(x / 26) - 1;
    } while (x >= 0);
    const candidate = base + suffix;
    if (candidate.length <= 10 && !taken.has(candidate)) return candidate;
  }
}

function sentence(random, object) {
  return random.pick(DESCRIPTION_SENTENCES).replace('{object}', object);
}

/**
 * Builds the model. `options`: users, projects, tasks, entries, seed; `nowMs` the end of
 * the two-year window; `zones` the zone names the server knows (others are skipped).
 */
function buildModel(options, nowMs, knownZones) {
  const random = new Random(options.seed, 'model');
  const windowStartMs = nowMs - TWO_YEARS_DAYS * DAY_MS;
  const zones = ZONES.filter(([name]) => knownZones.has(name));
  const clocks = new Map(zones.map(([name]) => [name, new ZoneClock(name)]));

  /* ---------------------------------------------------------------- projects */
  /** @type {SeedProject[]} */
  const projects = [];
  const names = new Set();
  const keys = new Set();
  for (let j = 0; j < options.projects; j++) {
    let name = `${random.pick(PROJECT_ADJECTIVES)} ${random.pick(PROJECT_NOUNS)}`;
    for (let n = 2; names.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    names.add(name);
    const key = projectKey(name, keys);
    keys.add(key);
    const createdAtMs = random.chance(0.7)
      ? windowStartMs - random.int(1, 200) * DAY_MS - random.int(0, 86_399) * 1000
      : windowStartMs + random.int(0, 540) * DAY_MS + random.int(0, 86_399) * 1000;
    let archivedAtMs = null;
    if (j > 0 && random.chance(0.06) && createdAtMs < nowMs - 200 * DAY_MS) {
      archivedAtMs = Math.round(random.range(createdAtMs + 120 * DAY_MS, nowMs - 30 * DAY_MS));
    }
    projects.push({
      index: j,
      id: random.uuid(),
      name,
      key,
      description: `${name}: ${sentence(random, random.pick(TASK_OBJECTS))}`,
      currency: j === 0 ? 'USD' : weighted(random, CURRENCIES),
      isBillable: random.chance(0.85),
      createdAtMs,
      archivedAtMs,
      size: Math.exp(random.gaussian() * 0.8),
      members: [],
      tasks: [],
      nextTaskNumber: 1,
    });
  }

  /* ---------------------------------------------------------------- users */
  /** @type {SeedUser[]} */
  const users = [];
  const zoneWeights = zones.map((z) => z[1]);
  for (let i = 0; i < options.users; i++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const timezone = i === 0 ? 'Europe/Berlin' : zones[random.weightedIndex(zoneWeights)][0];
    const createdAtMs =
      i === 0
        ? windowStartMs - 60 * DAY_MS
        : random.chance(0.65)
          ? windowStartMs - random.int(1, 300) * DAY_MS - random.int(0, 86_399) * 1000
          : windowStartMs + random.int(0, 600) * DAY_MS + random.int(0, 86_399) * 1000;
    const clock = clocks.get(timezone);
    /** @type {SeedUser} */
    const user = {
      index: i,
      id: random.uuid(),
      email: i === 0 ? 'admin@bench.stint.local' : `${first}.${last}.${i}@bench.stint.local`.toLowerCase(),
      fullName: i === 0 ? 'Bench Admin' : `${first} ${last}`,
      role: i === 0 ? 'admin' : 'member',
      timezone,
      createdAtMs,
      isActive: i === 0 || !random.chance(0.01),
      lastLoginMs: random.chance(0.8) ? nowMs - random.int(0, 30 * 86_400) * 1000 : null,
      // Habits: when the day starts (07:00–09:30 local), how busy, weekends, late nights.
      workStartMinute: 7 * 60 + random.int(0, 150),
      activity: Math.min(1.8, Math.max(0.45, Math.exp(random.gaussian() * 0.3))),
      weekendFactor: random.range(0.3, 1.7),
      lateProbability: random.chance(0.6) ? 0 : random.range(0.05, 0.35),
      // First local day with entries: the day after the window start or the account's creation.
      startDay: localDay(timezone, Math.max(createdAtMs, windowStartMs)) + 1,
      todayDay: localDay(timezone, nowMs),
      todayFraction: 0,
      currency: null,
      projects: [],
      personalTasks: [],
      rates: [],
      quota: 0,
      active: null,
    };
    user.todayFraction = todayFraction(user, nowMs, clock);
    users.push(user);
  }

  /* ---------------------------------------------------------------- members */
  const sizes = projects.map((p) => (p.archivedAtMs ? p.size * 0.3 : p.size));
  for (const user of users) {
    const home = projects.length ? projects[random.weightedIndex(sizes)] : null;
    user.currency = home ? home.currency : 'USD';
    const sameCurrency = projects.filter((p) => p.currency === user.currency);
    const wanted = random.int(1, 5);
    const chosen = new Set(home ? [home.index] : []);
    for (let tries = 0; chosen.size < Math.min(wanted, sameCurrency.length) && tries < 50; tries++) {
      chosen.add(sameCurrency[random.weightedIndex(sameCurrency.map((p) => p.size))].index);
    }
    user.projects = [...chosen].sort((a, b) => a - b);
  }
  // Every project gets at least two members of its currency (a currency nobody has becomes the admin's).
  for (const project of projects) {
    let pool = users.filter((u) => u.currency === project.currency);
    if (!pool.length && users.length) {
      // Set for every user by now (their home project's currency or USD).
      project.currency = users[0].currency ?? 'USD';
      pool = users.filter((u) => u.currency === project.currency);
    }
    const memberCount = pool.filter((u) => u.projects.includes(project.index)).length;
    for (const user of random.sample(
      pool.filter((u) => !u.projects.includes(project.index)),
      Math.max(0, 2 - memberCount),
    )) {
      user.projects.push(project.index);
      user.projects.sort((a, b) => a - b);
    }
  }
  for (const user of users) for (const p of user.projects) projects[p].members.push(user.index);
  const memberships = [];
  for (const project of projects) {
    for (const u of project.members) {
      const user = users[u];
      memberships.push({
        projectId: project.id,
        userId: user.id,
        createdAtMs: Math.min(nowMs, Math.max(project.createdAtMs, user.createdAtMs) + random.int(0, 5 * 86_400) * 1000),
      });
    }
  }

  /* ---------------------------------------------------------------- rates */
  const admin = users[0];
  const rates = [];
  for (const user of users) {
    const firstDay = Math.min(user.startDay, localDay(user.timezone, user.createdAtMs)) - random.int(5, 60);
    const changes = [];
    const lastPossible = user.todayDay - 1;
    const earliest = user.startDay + 20;
    for (let n = random.int(1, 4); n > 0 && lastPossible > earliest; n--) changes.push(random.int(earliest, lastPossible));
    changes.sort((a, b) => a - b);
    const days = [firstDay];
    for (const day of changes) if (day - days[days.length - 1] >= 14) days.push(day);
    let type = weighted(random, RATE_TYPE_WEIGHTS);
    // Hourly equivalent in units (1/10,000): mostly quarter steps, sometimes odd 4-decimal amounts.
    let hourly = random.chance(0.9) ? random.int(100, 640) * 2500 : random.int(250_000, 1_600_000);
    for (let k = 0; k < days.length; k++) {
      if (k > 0) {
        hourly = Math.round(hourly * random.range(1.02, 1.12));
        if (random.chance(0.1)) type = weighted(random, RATE_TYPE_WEIGHTS);
      }
      const units = type === 'hourly' ? hourly : type === 'minutely' ? Math.max(1, Math.round(hourly / 60)) : Math.max(1, Math.round(hourly / 3600));
      /** @type {SeedRate} */
      const rate = {
        id: random.uuid(),
        userId: user.id,
        rateType: type,
        units,
        amount: unitsText(units),
        currency: user.currency,
        fromDay: days[k],
        untilDay: k + 1 < days.length ? days[k + 1] : null,
        createdAtMs: Math.min(nowMs, Math.max(user.createdAtMs, days[k] * DAY_MS + 9 * 3_600_000)),
        createdBy: admin.id,
      };
      user.rates.push(rate);
      rates.push(rate);
    }
  }

  /* ---------------------------------------------------------------- tasks */
  /** @type {SeedTask[]} */
  const tasks = [];
  const personalCount = options.tasks > 0 ? Math.max(1, Math.round(options.tasks * 0.01)) : 0;
  const projectTaskCount = projects.length ? options.tasks - personalCount : 0;
  const perProject = apportion(
    projectTaskCount,
    projects.map((p) => p.size),
  );
  /** @type {(user: SeedUser, project: SeedProject | null, createdAtMs: number) => SeedTask} */
  const newTask = (user, project, createdAtMs) => {
    const object = random.pick(TASK_OBJECTS);
    const qualifier = random.pick(TASK_QUALIFIERS);
    const ageDays = (nowMs - createdAtMs) / DAY_MS;
    const archivedProject = project && project.archivedAtMs !== null;
    const roll = random.next();
    const status = archivedProject
      ? roll < 0.6
        ? 'done'
        : 'archived'
      : ageDays > 60
        ? roll < 0.7
          ? 'done'
          : roll < 0.8
            ? 'archived'
            : roll < 0.9
              ? 'todo'
              : 'in_progress'
        : roll < 0.45
          ? 'todo'
          : roll < 0.75
            ? 'in_progress'
            : 'done';
    const completedAtMs = status === 'done' || (status === 'archived' && random.chance(0.5)) ? Math.min(nowMs - 60_000, createdAtMs + random.int(3600, 45 * 86_400) * 1000) : null;
    const sentences = random.int(0, 3);
    const description = sentences ? Array.from({ length: sentences }, () => sentence(random, object)).join(' ') : null;
    return {
      index: tasks.length,
      id: random.uuid(),
      userId: user.id,
      projectIndex: project ? project.index : -1,
      number: null,
      title: `${random.pick(TASK_VERBS)} ${object}${qualifier ? ` ${qualifier}` : ''}`,
      description,
      status,
      priority: weighted(random, TASK_PRIORITIES),
      dueDateMs: random.chance(0.55) ? Math.floor(createdAtMs / DAY_MS + random.int(3, 40)) * DAY_MS + 17 * 3_600_000 : null,
      createdAtMs,
      updatedAtMs: completedAtMs ?? Math.min(nowMs - 60_000, createdAtMs + random.int(0, 10 * 86_400) * 1000),
      completedAtMs,
      tags: random.sample(TAGS, random.weightedIndex([25, 35, 25, 15])),
      estimatedHours: random.chance(0.5) ? random.pick(ESTIMATES) : null,
    };
  };
  for (const project of projects) {
    const from = Math.max(project.createdAtMs, windowStartMs - 30 * DAY_MS);
    const until = (project.archivedAtMs ?? nowMs) - 3_600_000;
    const times = Array.from({ length: perProject[project.index] }, () => Math.round(random.range(from, until))).sort((a, b) => a - b);
    for (const createdAtMs of times) {
      const task = newTask(users[random.pick(project.members)], project, createdAtMs);
      task.number = project.tasks.length + 1;
      project.tasks.push(task.index);
      tasks.push(task);
    }
    project.nextTaskNumber = project.tasks.length + 1;
  }
  for (let n = 0; n < personalCount && users.length; n++) {
    const user = users[random.int(0, users.length - 1)];
    const task = newTask(user, null, Math.round(random.range(Math.max(user.createdAtMs, windowStartMs), nowMs - 3_600_000)));
    user.personalTasks.push(task.index);
    tasks.push(task);
  }
  for (const user of users) user.personalTasks.sort((a, b) => tasks[a].createdAtMs - tasks[b].createdAtMs);

  /* ---------------------------------------------------------------- entry quotas */
  const weights = users.map((user) => {
    let days = 0;
    for (let day = user.startDay; day <= user.todayDay; day++) days += baseDayWeight(user, day, user.todayFraction);
    return days * user.activity;
  });
  const quotas = apportion(options.entries, weights);
  users.forEach((user, i) => {
    user.quota = quotas[i];
  });

  // A handful of users (not the admin) end with a running or paused timer.
  const activeCount = Math.min(25, Math.max(1, Math.round(users.length * 0.01)));
  const candidates = users.filter((u) => u.index > 0 && u.quota >= 2 && u.projects.some((p) => projects[p].archivedAtMs === null));
  for (const [k, user] of random.sample(candidates, activeCount).entries()) user.active = k % 3 === 2 ? 'paused' : 'running';

  return { nowMs, windowStartMs, seed: options.seed, users, projects, memberships, rates, tasks };
}

/** Splits `total` into integers proportional to `weights` (largest remainder; exact sum). */
function apportion(total, weights) {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!weights.length) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (total * w) / sum);
  const result = exact.map(Math.floor);
  let left = total - result.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) result[order[k][1]]++;
  return result;
}

/** What a worker needs of the model to lay out entries (typed arrays; structured-clone friendly). */
function entryModel(model) {
  const { projects, tasks, users } = model;
  const projectIds = Buffer.alloc(projects.length * 16);
  projects.forEach((p, i) => {
    Buffer.from(p.id.replace(/-/g, ''), 'hex').copy(projectIds, i * 16);
  });
  const taskIds = Buffer.alloc(tasks.length * 16);
  tasks.forEach((t, i) => {
    Buffer.from(t.id.replace(/-/g, ''), 'hex').copy(taskIds, i * 16);
  });
  return {
    seed: model.seed,
    nowMs: model.nowMs,
    windowStartMs: model.windowStartMs,
    projectIds,
    projectCreatedMs: Float64Array.from(projects, (p) => p.createdAtMs),
    projectArchivedMs: Float64Array.from(projects, (p) => p.archivedAtMs ?? Infinity),
    projectBillable: Uint8Array.from(projects, (p) => (p.isBillable ? 1 : 0)),
    projectTasks: projects.map((p) => Int32Array.from(p.tasks)),
    taskIds,
    taskCreatedMs: Float64Array.from(tasks, (t) => t.createdAtMs),
    taskProject: Int32Array.from(tasks, (t) => t.projectIndex),
    users: users.map((u) => ({
      index: u.index,
      id: u.id,
      timezone: u.timezone,
      currency: u.currency,
      startDay: u.startDay,
      todayDay: u.todayDay,
      todayFraction: u.todayFraction,
      workStartMinute: u.workStartMinute,
      weekendFactor: u.weekendFactor,
      lateProbability: u.lateProbability,
      quota: u.quota,
      active: u.active,
      projects: u.projects,
      personalTasks: u.personalTasks,
      rates: u.rates.map((r) => ({ rateType: r.rateType, units: r.units, fromDay: r.fromDay, untilDay: r.untilDay ?? Infinity })),
    })),
  };
}

module.exports = { buildModel, entryModel, apportion, baseDayWeight, WORKDAY_SPAN_SECONDS, END_MARGIN_MS, TWO_YEARS_DAYS };
