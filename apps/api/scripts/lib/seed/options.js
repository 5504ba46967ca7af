// Command line of seed-bulk.js.

const USAGE = `Usage: pnpm --filter @stint/api seed:bulk -- [options]   (build the API first: pnpm --filter @stint/api build)

  --users N          users, the first is the admin (default 1000)
  --projects N       projects (default 200)
  --tasks N          tasks, about 1 % personal (no project) (default 100000)
  --entries N        time entries (default 10000000)
  --seed TEXT        random seed: the same seed gives the same data (default "stint")
  --database-url URL target database, created if missing (default BENCH_DATABASE_URL or
                     postgresql://postgres@127.0.0.1:5432/stint_bench)
  --now ISO          end of the two-year window (default: the current time)
  --streams 1|2      parallel COPY streams for the entries (default 2)
  --rate-sample PCT  share of entries whose rate snapshot is checked (default: all up to
                     1M entries, else enough for ~200k)
  --results DIR      where seed-<date>.json goes (default <repo>/bench/results; "none": nowhere)
  --no-vacuum        ANALYZE only (default: VACUUM ANALYZE, so hint bits and the visibility
                     map are set before anyone measures)
  --quiet            no progress bars`;

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/stint_bench';

/**
 * @typedef {object} SeedOptions
 * @property {number} users
 * @property {number} projects
 * @property {number} tasks
 * @property {number} entries
 * @property {string} seed
 * @property {string} databaseUrl
 * @property {number | null} now epoch ms; null: the real now
 * @property {number} streams
 * @property {number | null} rateSample percent; null: chosen from the entry count
 * @property {string | null} results directory, 'none', or null for bench/results
 * @property {boolean} vacuum
 * @property {boolean} quiet
 */

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {SeedOptions | { help: string }}
 */
function parseOptions(argv, env = process.env) {
  /** @type {SeedOptions} */
  const options = {
    users: 1000,
    projects: 200,
    tasks: 100_000,
    entries: 10_000_000,
    seed: 'stint',
    databaseUrl: env.BENCH_DATABASE_URL || DEFAULT_URL,
    now: null,
    streams: 2,
    rateSample: null,
    results: null,
    vacuum: true,
    quiet: false,
  };
  const counts = { '--users': 'users', '--projects': 'projects', '--tasks': 'tasks', '--entries': 'entries' };
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return { help: USAGE };
    else if (counts[flag]) {
      const n = Number(value().replace(/_/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number ≥ 0`);
      options[counts[flag]] = n;
    } else if (flag === '--seed') options.seed = value();
    else if (flag === '--database-url') options.databaseUrl = value();
    else if (flag === '--now') {
      const ms = Date.parse(value());
      if (Number.isNaN(ms)) throw new Error('--now must be an ISO date-time');
      options.now = ms;
    } else if (flag === '--streams') {
      options.streams = Number(value());
      if (![1, 2].includes(options.streams)) throw new Error('--streams must be 1 or 2');
    } else if (flag === '--rate-sample') {
      options.rateSample = Number(value());
      if (!(options.rateSample > 0 && options.rateSample <= 100)) throw new Error('--rate-sample must be a percentage in (0, 100]');
    } else if (flag === '--results') options.results = value();
    else if (flag === '--no-vacuum') options.vacuum = false;
    else if (flag === '--quiet') options.quiet = true;
    else throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
  }
  if (options.users < 1) throw new Error('--users must be at least 1 (the admin)');
  if (options.projects < 1) throw new Error('--projects must be at least 1');
  return options;
}

module.exports = { parseOptions, USAGE };
