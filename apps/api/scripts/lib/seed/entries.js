// One user's time entries, laid out day by day in their own time zone and written as
// binary COPY rows. Pure given (model, user): the user's own generator is seeded by the
// seed and the user's index, so any split between threads gives the same rows.
const { Random } = require('./random');
const { DAY_MS, ZoneClock, offsetAt } = require('./zones');
const { storedCostUnits } = require('./cost');
const { baseDayWeight, WORKDAY_SPAN_SECONDS, END_MARGIN_MS } = require('./model');
const { ENTRY_DESCRIPTIONS, TASK_OBJECTS } = require('./words');

/** time_entries columns in the order the rows are written. */
const ENTRY_COLUMNS = [
  'id',
  'user_id',
  'task_id',
  'project_id',
  'status',
  'start_time',
  'end_time',
  'paused_at',
  'paused_seconds',
  'duration_seconds',
  'description',
  'rate_type',
  'rate_amount',
  'currency',
  'total_cost',
  'is_billable',
  'last_heartbeat',
  'created_at',
  'updated_at',
  'timer_slot',
  'stop_reason',
];

const encoded = (text) => Buffer.from(text, 'utf8');
const STATUS = { stopped: encoded('stopped'), running: encoded('running'), paused: encoded('paused') };
const RATE_TYPE = { hourly: encoded('hourly'), minutely: encoded('minutely'), secondly: encoded('secondly') };
const STOP_REASON = { user: encoded('user'), switched: encoded('switched') };
const DESCRIPTIONS = [];
for (const activity of ENTRY_DESCRIPTIONS) {
  DESCRIPTIONS.push(encoded(activity));
  for (let k = 0; k < 3; k++) DESCRIPTIONS.push(encoded(`${activity}: ${TASK_OBJECTS[(activity.length * 7 + k * 13) % TASK_OBJECTS.length]}`));
}

const LATE_START_SECONDS = 22.5 * 3600;
const EARLIEST_START_SECONDS = 6.5 * 3600;

/**
 * Per-thread state shared by every user's layout: the model's typed arrays and the
 * accumulators the budgets are computed from (cost per project and UTC day, in units).
 */
class EntryLayout {
  constructor(model) {
    // Buffers arrive in a worker as plain Uint8Arrays (structured clone): view them as Buffers again.
    const asBuffer = (bytes) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.model = model = { ...model, taskIds: asBuffer(model.taskIds), projectIds: asBuffer(model.projectIds) };
    this.firstUtcDay = Math.floor(model.windowStartMs / DAY_MS) - 1;
    this.days = Math.floor(model.nowMs / DAY_MS) - this.firstUtcDay + 1;
    const projectCount = model.projectCreatedMs.length;
    this.projectDayCost = new Float64Array(projectCount * this.days);
    this.activeTimerProjects = [];
    this.counts = { stopped: 0, running: 0, paused: 0, withPause: 0, manual: 0, withoutTask: 0, withoutProject: 0, acrossLocalMidnight: 0, onLocalWeekends: 0 };
    this.clocks = new Map();
    this.currencies = new Map();
    this.entryId = Buffer.alloc(16);
  }

  clockOf(timeZone) {
    let clock = this.clocks.get(timeZone);
    if (!clock) {
      clock = new ZoneClock(timeZone);
      this.clocks.set(timeZone, clock);
    }
    return clock;
  }

  currencyBytes(currency) {
    let bytes = this.currencies.get(currency);
    if (!bytes) {
      bytes = encoded(currency);
      this.currencies.set(currency, bytes);
    }
    return bytes;
  }

  /** The day-by-day cursor over one user's entries (see UserEntries). */
  user(user) {
    return new UserEntries(this, user);
  }

  /**
   * Picks what an entry starting at `atMs` is tracked on: [taskIndex, projectIndex] (−1:
   * none). Leaves the newest task created by then in `lastPointer` (times only grow).
   */
  target(random, user, tasks, pointer, atMs) {
    const model = this.model;
    while (pointer + 1 < tasks.length && model.taskCreatedMs[tasks[pointer + 1]] <= atMs) pointer++;
    this.lastPointer = pointer;
    const roll = random.next();
    if (roll >= 0.1 && pointer >= 0) {
      // Mostly recent tasks: the closer to the newest, the likelier.
      const reach = Math.min(pointer + 1, 150);
      for (let attempt = 0; attempt < 3; attempt++) {
        const u = random.next();
        const task = tasks[pointer - Math.floor(u * u * reach)];
        const project = model.taskProject[task];
        if (project < 0 || model.projectArchivedMs[project] > atMs) return [task, project];
      }
    }
    if (roll >= 0.03 && user.projects.length) {
      const project = user.projects[Math.floor(random.next() * user.projects.length)];
      if (model.projectCreatedMs[project] <= atMs && model.projectArchivedMs[project] > atMs) return [-1, project];
    }
    return [-1, -1];
  }

  writeStopped(writer, random, user, userId, currency, rate, tasks, startMs, endMs, run, paused, manual, pointer) {
    const model = this.model;
    const [task, project] = this.target(random, user, tasks, pointer, startMs);
    const cost = storedCostUnits(run, rate.rateType, rate.units);
    const billable = project >= 0 ? (model.projectBillable[project] ? random.chance(0.93) : random.chance(0.05)) : random.chance(0.7);
    const description = random.chance(0.55) ? DESCRIPTIONS[Math.floor(random.next() * DESCRIPTIONS.length)] : null;
    random.uuidInto(this.entryId, 0);

    writer.row(21);
    writer.uuid(this.entryId, 0);
    writer.uuid(userId, 0);
    if (task >= 0) writer.uuid(model.taskIds, task * 16);
    else writer.null();
    if (project >= 0) writer.uuid(model.projectIds, project * 16);
    else writer.null();
    writer.bytes(STATUS.stopped);
    writer.timestamp(startMs);
    writer.timestamp(endMs);
    writer.null(); // paused_at
    writer.int4(paused);
    writer.int4(run);
    if (description) writer.bytes(description);
    else writer.null();
    writer.bytes(RATE_TYPE[rate.rateType]);
    writer.numeric4(rate.units);
    writer.bytes(currency);
    writer.numeric4(cost);
    writer.bool(billable);
    if (manual) {
      // A manual entry: typed in later, no heartbeat, no stop reason.
      const createdMs = Math.min(model.nowMs - 60_000, endMs + random.int(60, 2 * 86_400) * 1000);
      writer.null();
      writer.timestamp(createdMs);
      writer.timestamp(createdMs);
      writer.null();
      writer.null();
      this.counts.manual++;
    } else {
      writer.timestamp(Math.max(startMs, endMs - random.int(0, 30_000)));
      writer.timestamp(startMs);
      writer.timestamp(endMs);
      writer.null();
      writer.bytes(random.chance(0.1) ? STOP_REASON.switched : STOP_REASON.user);
    }

    this.counts.stopped++;
    if (paused > 0) this.counts.withPause++;
    if (task < 0) this.counts.withoutTask++;
    if (project < 0) this.counts.withoutProject++;
    if (project >= 0 && cost > 0) this.projectDayCost[project * this.days + Math.floor(endMs / DAY_MS) - this.firstUtcDay] += cost;
    return this.lastPointer;
  }

  /** The user's running or paused timer: started in the last two hours, after their last entry. */
  writeActive(writer, random, user, userId, currency, tasks, pointer, lastEndMs) {
    const model = this.model;
    const nowMs = model.nowMs;
    const startMs = Math.min(nowMs - 60_000, Math.max(lastEndMs + random.int(60, 600) * 1000, nowMs - random.int(10, 110) * 60_000)) + random.int(0, 999);
    // The rate effective on the start's day in the user's zone (as the timer's start resolves it).
    const day = Math.floor((startMs + offsetAt(user.timezone, startMs)) / DAY_MS);
    let rate = user.rates[0];
    for (const r of user.rates) if (r.fromDay <= day && r.untilDay > day) rate = r;
    let [task, project] = this.target(random, user, tasks, pointer, startMs);
    if (project >= 0 && model.projectArchivedMs[project] <= nowMs) [task, project] = [-1, -1];
    const elapsed = Math.floor((nowMs - startMs) / 1000);
    const paused = user.active === 'paused';
    const pausedAtMs = paused ? startMs + random.int(Math.floor(elapsed / 2), Math.max(Math.floor(elapsed / 2), elapsed - 1)) * 1000 : null;
    const pausedSeconds = random.chance(0.3) ? random.int(0, Math.floor((paused ? (pausedAtMs - startMs) / 1000 : elapsed) / 3)) : 0;
    random.uuidInto(this.entryId, 0);

    writer.row(21);
    writer.uuid(this.entryId, 0);
    writer.uuid(userId, 0);
    if (task >= 0) writer.uuid(model.taskIds, task * 16);
    else writer.null();
    if (project >= 0) writer.uuid(model.projectIds, project * 16);
    else writer.null();
    writer.bytes(paused ? STATUS.paused : STATUS.running);
    writer.timestamp(startMs);
    writer.null(); // end_time
    if (paused) writer.timestamp(pausedAtMs);
    else writer.null();
    writer.int4(pausedSeconds);
    writer.null(); // duration_seconds
    writer.null(); // description
    writer.bytes(RATE_TYPE[rate.rateType]);
    writer.numeric4(rate.units);
    writer.bytes(currency);
    writer.numeric4(0);
    writer.bool(project >= 0 ? model.projectBillable[project] === 1 : true);
    writer.timestamp(nowMs);
    writer.timestamp(startMs);
    writer.timestamp(paused ? pausedAtMs : startMs);
    writer.int2(0); // timer_slot: the first (and, by default, only) slot
    writer.null(); // stop_reason
    this.counts[paused ? 'paused' : 'running']++;
    if (project >= 0) this.activeTimerProjects.push(project);
    return 1;
  }
}

/**
 * One user's entries, one local day at a time (`day(d)`), then their active timer
 * (`finish()`). The worker walks all its users day by day, so rows reach the table in time
 * order across users, as they would on a live instance, not clustered per user.
 */
class UserEntries {
  constructor(layout, user) {
    const model = layout.model;
    this.layout = layout;
    this.user = user;
    this.random = new Random(model.seed, `entries:${user.index}`);
    this.clock = layout.clockOf(user.timezone);
    this.userId = Buffer.from(user.id.replace(/-/g, ''), 'hex');
    this.currency = layout.currencyBytes(user.currency);
    this.quota = Math.max(0, user.active ? user.quota - 1 : user.quota);
    // The tasks this user may track on, oldest first: their projects' tasks and their own.
    const lists = user.projects.map((p) => model.projectTasks[p]);
    lists.push(Int32Array.from(user.personalTasks));
    this.tasks = mergeByCreation(lists, model.taskCreatedMs);
    this.taskPointer = -1;
    this.rateIndex = 0;
    this.lastEndMs = 0;
    this.written = 0;
    this.cumulative = 0;

    // Day weights: weekdays heavy, weekends light, jitter, a few holidays a year.
    const random = this.random;
    const dayCount = Math.max(0, user.todayDay - user.startDay + 1);
    const weights = new Float64Array(dayCount);
    for (let d = 0; d < dayCount; d++) weights[d] = baseDayWeight(user, user.startDay + d, user.todayFraction) * random.range(0.6, 1.4);
    for (let year = 0; year * 365 < dayCount; year++) {
      for (let h = random.int(2, 4); h > 0; h--) {
        const from = year * 365 + random.int(0, 364);
        const length = random.int(4, 12);
        for (let d = from; d < Math.min(dayCount, from + length); d++) weights[d] = 0;
      }
    }
    let total = weights.reduce((s, w) => s + w, 0);
    if (total <= 0) {
      // Holidays covered every working day of a short account: spread over its days anyway.
      for (let d = 0; d < dayCount; d++) weights[d] = d === dayCount - 1 && user.todayFraction === 0 ? 0 : 1;
      total = weights.reduce((s, w) => s + w, 0);
    }
    this.weights = weights;
    this.totalWeight = total;
    // The rounding remainder lands on the last day with weight (never on a today with no room left).
    this.lastDay = weights.length - 1;
    while (this.lastDay > 0 && weights[this.lastDay] === 0) this.lastDay--;
  }

  /** Writes the entries of local day `day` (days outside the user's range write nothing). */
  day(day, writer) {
    const { user, random, clock, layout } = this;
    const d = day - user.startDay;
    if (d < 0 || d > this.lastDay || this.totalWeight <= 0 || this.quota === 0) return 0;
    const before = Math.round((this.cumulative * this.quota) / this.totalWeight);
    this.cumulative += this.weights[d];
    const after = d === this.lastDay ? this.quota : Math.min(this.quota, Math.round((this.cumulative * this.quota) / this.totalWeight));
    const count = after - before;
    if (count <= 0) return 0;
    const isToday = day === user.todayDay;
    while (this.rateIndex + 1 < user.rates.length && user.rates[this.rateIndex].untilDay <= day) this.rateIndex++;
    const rate = user.rates[this.rateIndex];
    const latestEndMs = layout.model.nowMs - END_MARGIN_MS;
    const dayStart = Math.max(EARLIEST_START_SECONDS, user.workStartMinute * 60 + random.int(-1800, 1800));
    let span = WORKDAY_SPAN_SECONDS;
    if (isToday) span = Math.max(60 * count, Math.min(span, Math.floor((latestEndMs - clock.toUtc(day, 0)) / 1000) - dayStart));

    let late = !isToday && random.chance(user.lateProbability);
    let lateStart = 0;
    let lateRun = 0;
    let latePause = 0;
    if (late) {
      lateStart = LATE_START_SECONDS + random.int(0, 2700);
      lateRun = random.int(3600, 12_600);
      latePause = random.chance(0.3) ? random.int(60, 1800) : 0;
      if (clock.toUtc(day, lateStart) + (lateRun + latePause + 1) * 1000 > latestEndMs) late = false;
    }
    const regular = late ? count - 1 : count;
    const slot = Math.floor(span / Math.max(1, regular));

    for (let i = 0; i < regular; i++) {
      const slotStart = dayStart + i * slot;
      let run = Math.max(30, Math.floor(slot * random.range(0.5, 0.9)));
      let manual = random.chance(0.25);
      let startSecond = slotStart + Math.floor(random.next() * Math.max(0, slot - run));
      let paused = 0;
      if (manual) {
        startSecond = Math.ceil(startSecond / 60) * 60;
        const fits = Math.floor(Math.min(run, slotStart + slot - startSecond) / 60) * 60;
        if (fits >= 60) run = fits;
        else manual = false;
      }
      if (!manual && random.chance(0.15)) {
        const room = slotStart + slot - startSecond - run - 1;
        if (room >= 60) paused = Math.min(room, random.int(60, 1800));
      }
      const startMs = clock.toUtc(day, startSecond) + (manual ? 0 : random.int(0, 999));
      const endMs = startMs + (run + paused) * 1000 + (manual ? 0 : random.int(0, 999));
      this.taskPointer = layout.writeStopped(writer, random, user, this.userId, this.currency, rate, this.tasks, startMs, endMs, run, paused, manual, this.taskPointer);
      this.lastEndMs = endMs;
    }
    if (late) {
      const startMs = clock.toUtc(day, lateStart) + random.int(0, 999);
      const endMs = startMs + (lateRun + latePause) * 1000 + random.int(0, 999);
      this.taskPointer = layout.writeStopped(writer, random, user, this.userId, this.currency, rate, this.tasks, startMs, endMs, lateRun, latePause, false, this.taskPointer);
      this.lastEndMs = endMs;
      // Regular entries end by 19:30 local; a late one may end past midnight.
      if (Math.floor((endMs + offsetAt(user.timezone, endMs)) / DAY_MS) !== day) layout.counts.acrossLocalMidnight++;
    }
    const dow = (day + 4) % 7;
    if (dow === 0 || dow === 6) layout.counts.onLocalWeekends += count;
    this.written += count;
    return count;
  }

  /** Writes the user's running or paused timer, if they have one. */
  finish(writer) {
    if (!this.user.active || this.user.quota <= 0) return 0;
    this.layout.writeActive(writer, this.random, this.user, this.userId, this.currency, this.tasks, this.taskPointer, this.lastEndMs);
    this.written++;
    return 1;
  }
}

/** Task indexes of several creation-ordered lists merged into one, oldest first. */
function mergeByCreation(lists, createdMs) {
  const total = lists.reduce((s, l) => s + l.length, 0);
  const merged = new Int32Array(total);
  const heads = lists.map(() => 0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      if (heads[l] < lists[l].length && (best < 0 || createdMs[lists[l][heads[l]]] < createdMs[lists[best][heads[best]]])) best = l;
    }
    merged[k] = lists[best][heads[best]++];
  }
  return merged;
}

module.exports = { EntryLayout, ENTRY_COLUMNS };
