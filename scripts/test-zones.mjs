#!/usr/bin/env node
// The API's unit tests and the web tests, run again under faked clocks in far zones, at moments
// when the machine's day, UTC's day and the week or month differ: a test that reads the real
// clock or the machine's zone instead of pinning them fails here on any day of the year.
//
//   node scripts/test-zones.mjs                  the CI moments (`pnpm test:zones`, part of `pnpm test`)
//   node scripts/test-zones.mjs --all            and the wider audit: Sunday, month and year ends, …
//   node scripts/test-zones.mjs --moment NAME    one moment (repeatable); --list shows them
//   node scripts/test-zones.mjs --only web|api   one suite; arguments after `--` go to the runner
//
// The clock is faked with libfaketime (Debian: `apt-get install -y faketime`), preloaded into
// every process so jest's and vitest's workers inherit it. The clock starts at the moment and
// moves on (a frozen clock would stall the runners' own timers); the monotonic clock is left
// alone. Every node process of a run reports the date and zone it saw (scripts/clock-report.cjs):
// the run fails unless all of them saw the faked moment in the chosen zone.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `utc` is the instant; `tz` the machine's zone; `why` what the moment splits. */
/** @typedef {{ name: string, tz: string, utc: string, why: string, ci?: boolean }} Moment */

/** @type {Moment[]} */
const MOMENTS = [
  {
    name: 'auckland-monday-after-midnight',
    ci: true,
    tz: 'Pacific/Auckland',
    utc: '2026-05-31T12:30:00Z',
    why: 'Monday 1 June 00:30 in Auckland (UTC+12) is still Sunday 31 May in UTC: the machine is in a new week and a new month, UTC is not',
  },
  {
    name: 'st-johns-dst-sunday-night',
    ci: true,
    tz: 'America/St_Johns',
    utc: '2026-03-09T02:00:00Z',
    why: 'Sunday 8 March 23:30 in St John’s, the 23-hour day clocks spring forward (UTC-3:30 to -2:30), is already Monday 9 March in UTC',
  },
  {
    name: 'auckland-tuesday-13:30',
    tz: 'Pacific/Auckland',
    utc: '2026-12-08T00:30:00Z',
    why: 'Tuesday 8 December 13:30 in Auckland (UTC+13) is Tuesday 00:30 in UTC, and still Monday in the Americas',
  },
  {
    name: 'st-johns-dst-before-change',
    tz: 'America/St_Johns',
    utc: '2026-03-08T05:00:00Z',
    why: 'Sunday 8 March 01:30 in St John’s, half an hour before clocks spring forward',
  },
  {
    name: 'st-johns-dst-after-change',
    tz: 'America/St_Johns',
    utc: '2026-03-08T05:35:00Z',
    why: 'Sunday 8 March 03:05 in St John’s, just after 02:00 became 03:00',
  },
  {
    name: 'los-angeles-sunday-evening',
    tz: 'America/Los_Angeles',
    utc: '2026-03-16T01:00:00Z',
    why: 'Sunday 15 March 18:00 in Los Angeles is Monday 16 March in UTC',
  },
  {
    name: 'los-angeles-month-end',
    tz: 'America/Los_Angeles',
    utc: '2026-03-01T07:30:00Z',
    why: 'Saturday 28 February 23:30 in Los Angeles is Sunday 1 March in UTC: another month',
  },
  {
    name: 'los-angeles-year-end',
    tz: 'America/Los_Angeles',
    utc: '2027-01-01T07:30:00Z',
    why: 'Thursday 31 December 2026 23:30 in Los Angeles is 1 January 2027 in UTC: another year',
  },
  {
    name: 'auckland-new-year',
    tz: 'Pacific/Auckland',
    utc: '2026-12-31T11:30:00Z',
    why: 'Friday 1 January 2027 00:30 in Auckland is still 31 December 2026 in UTC',
  },
];

/** @typedef {'api' | 'web'} SuiteKey */

/** @type {Record<SuiteKey, { label: string, cwd: string, bin: string, args: string[] }>} */
const SUITES = {
  api: { label: 'API unit (jest --selectProjects unit)', cwd: join(root, 'apps/api'), bin: 'jest', args: ['--selectProjects', 'unit'] },
  web: { label: 'web (vitest run)', cwd: join(root, 'apps/web'), bin: 'vitest', args: ['run'] },
};

/**
 * @param {string} [message]
 * @returns {never}
 */
function usage(message) {
  if (message) console.error(`test-zones: ${message}`);
  console.error('usage: node scripts/test-zones.mjs [--all | --moment NAME ...] [--only api|web] [--list] [-- runner args]');
  process.exit(2);
}

/** @param {string} arg */
const isSuiteKey = (arg) => Object.hasOwn(SUITES, arg);

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ all: boolean, moments: string[], only: SuiteKey | null, list: boolean, extra: string[] }} */
  const options = { all: false, moments: [], only: null, list: false, extra: [] };
  // `pnpm test:zones -- --all` hands the script a leading `--` of its own.
  if (argv[0] === '--') argv = argv.slice(1);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') {
      options.extra = argv.slice(i + 1);
      break;
    } else if (arg === '--all') options.all = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--moment') {
      i += 1;
      options.moments.push(argv[i] ?? usage('--moment needs a name'));
    } else if (arg === '--only') {
      i += 1;
      const only = argv[i] ?? usage('--only needs api or web');
      options.only = isSuiteKey(only) ? /** @type {SuiteKey} */ (only) : usage(`--only takes api or web, not ${only}`);
    } else usage(`unknown argument ${arg}`);
  }
  for (const name of options.moments) if (!MOMENTS.some((moment) => moment.name === name)) usage(`no moment named ${name} (see --list)`);
  return options;
}

/**
 * @param {number} epochMs
 * @param {string} timeZone
 */
function localTime(epochMs, timeZone) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(epochMs);
}

/**
 * @param {Moment} moment
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<number>} the exit code
 */
function runUnderClock(moment, command, args, { cwd, env }) {
  // faketime takes a `date -d` timestamp and runs the program with the clock starting there;
  // its children inherit the preload (LD_PRELOAD, FAKETIME) and so the same offset.
  return new Promise((resolve) => {
    const child = spawn('faketime', ['--exclude-monotonic', moment.utc, command, ...args], { cwd, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', (error) => {
      console.error(`test-zones: can't run faketime: ${error.message}`);
      resolve(1);
    });
  });
}

/** Every node process of the run saw the faked moment (give or take the run's length) and the zone. */
/**
 * @param {string} file
 * @param {Moment} moment
 * @param {number} elapsedMs
 */
function checkClockReport(file, moment, elapsedMs) {
  /** @type {Array<{ pid: number, at: string, epoch_ms: number, local: string, zone: string, argv: string }>} */
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    // No report at all is refused below.
  }
  const target = Date.parse(moment.utc);
  const latest = target + elapsedMs + 60_000;
  const wrong = lines.filter((line) => line.epoch_ms < target - 1_000 || line.epoch_ms > latest || line.zone !== moment.tz);
  const processes = new Set(lines.map((line) => line.pid));
  const starts = lines.filter((line) => line.at === 'start');
  if (starts.length === 0) return { ok: false, text: 'no node process reported its clock' };
  if (wrong.length > 0) {
    const first = wrong[0];
    return { ok: false, text: `${wrong.length} report(s) outside the faked moment or zone, e.g. pid ${first.pid} (${first.argv}) saw ${first.local} in ${first.zone}` };
  }
  const times = lines.map((line) => line.epoch_ms).sort((a, b) => a - b);
  const last = times[times.length - 1];
  return {
    ok: true,
    text: `${processes.size} node process(es) (${starts.length === 1 ? 'the runner, in band' : 'the runner and its workers'}) saw ${localTime(times[0], moment.tz)} to ${localTime(last, moment.tz)} in ${moment.tz} (UTC ${new Date(times[0]).toISOString()} to ${new Date(last).toISOString()})`,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.list) {
    for (const moment of MOMENTS) console.log(`${moment.name}${moment.ci ? ' (CI)' : ''}: ${moment.tz}, ${moment.why}`);
    return 0;
  }
  if (spawnSync('faketime', ['--help'], { stdio: 'ignore' }).error) {
    console.error('test-zones: faketime is missing; install it (Debian/Ubuntu: apt-get install -y faketime) and run again.');
    return 1;
  }
  const moments = options.moments.length > 0 ? MOMENTS.filter((m) => options.moments.includes(m.name)) : MOMENTS.filter((m) => options.all || m.ci);
  /** @type {SuiteKey[]} */
  const suites = options.only ? [options.only] : ['api', 'web'];
  const scratch = mkdtempSync(join(tmpdir(), 'stint-test-zones-'));
  const results = [];
  try {
    for (const moment of moments) {
      for (const key of suites) {
        const suite = SUITES[key];
        const report = join(scratch, `${moment.name}-${key}.jsonl`);
        const preload = `--require ${JSON.stringify(join(root, 'scripts/clock-report.cjs'))}`;
        const env = {
          ...process.env,
          TZ: moment.tz,
          STINT_CLOCK_REPORT: report,
          // biome-ignore lint/suspicious/noUndeclaredEnvVars: passed through to the child process, not a turbo task input.
          NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
        };
        console.log(`\n=== ${suite.label} at ${localTime(Date.parse(moment.utc), moment.tz)}, TZ=${moment.tz} (UTC ${moment.utc})`);
        console.log(`    ${moment.why}`);
        const started = Date.now();
        const code = await runUnderClock(moment, join(suite.cwd, 'node_modules/.bin', suite.bin), [...suite.args, ...options.extra], { cwd: suite.cwd, env });
        const elapsedMs = Date.now() - started;
        const clock = checkClockReport(report, moment, elapsedMs);
        console.log(`--- clock: ${clock.ok ? '' : 'FAILED: '}${clock.text}`);
        results.push({ moment: moment.name, suite: key, tests: code === 0, clock: clock.ok, seconds: Math.round(elapsedMs / 1000) });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('\ntest-zones summary:');
  for (const result of results) {
    const verdict = result.tests && result.clock ? 'passed' : !result.clock ? 'FAILED (clock not faked as asked)' : 'FAILED';
    console.log(`  ${result.moment.padEnd(32)} ${result.suite.padEnd(4)} ${verdict} in ${result.seconds} s`);
  }
  return results.every((result) => result.tests && result.clock) ? 0 : 1;
}

process.exitCode = await main();
