// @ts-check
// Command-line options of the benchmark (`--name value`, `--flag`), with their defaults.
const { join } = require('node:path');

const USAGE = `Usage: pnpm bench [-- options]   (or node apps/api/scripts/bench/run.js [options])

Stint's benchmark against the seeded database (pnpm --filter @stint/api seed:bulk): closed-loop
scenarios, Stint against a bare Fastify + pg server (alternating pairs), a fixed-rate mix, memory,
the CSV export, the web app's first load; writes bench/results/<date>.json and the figures of
docs/performance.md. Every figure is printed with the machine's load average beside it.

  --database-url URL        default BENCH_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/stint_bench
  --seed                    seed the database first when it is not seeded
  --duration S (10)         seconds measured per scenario or comparison run
  --warmup S (3)            seconds sent first and not counted
  --connections N (16)      closed-loop connections
  --latency-connections N (1)  connections of the latency pass of latency-target scenarios
  --pool-size N (20)        database pool of the API and of the bare server
  --users N (100)           users signed in (bcrypt cost 12 each)
  --pairs N (3)             Stint/bare comparison: N alternating pairs (A B A B …), mean and spread
  --compare-routes a,b      routes compared (status,tasks)
  --compare-warmup S (10)   seconds each server is warmed on a compared route first (not counted)
  --rate N (1000)           fixed-rate mix: requests/s
  --rate-duration S (60)    fixed-rate mix: seconds
  --idle S (60)             seconds idle before the API's memory is read again (0: skip)
  --redis                   cache and rate limits in REDIS_URL instead of memory
  --only a,b / --skip a,b   scenario names, or: compare, fixed-rate, csv, web, external
  --password P              the bench users' password (default: read from scripts/seed-bulk.js)
  --no-build                use the existing build (apps/api/dist, apps/web/dist)
  --no-doc                  do not rewrite docs/performance.md
  --log-level L (info)      the API's LOG_LEVEL
  --out DIR (bench/results) where the results file goes
  --child-timeout S (900)   seconds streams.js / scale-out.js may take
  -h, --help                this text

Ports: BENCH_PORTS=<first>-<last> keeps every process the bench starts inside that range.`;

/**
 * `--name value` from the command line, or `fallback`.
 * @param {string} name
 * @param {string} [fallback]
 * @returns {string}
 */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : /** @type {string} */ (fallback);
}

/** @param {string} name */
const flag = (name) => process.argv.includes(name);

const REPO = join(__dirname, '..', '..', '..', '..', '..');
const API = join(REPO, 'apps', 'api');

/** True when the command line asks for the usage text. */
const wantsHelp = () => flag('--help') || flag('-h');

function options() {
  const only = arg('--only', '');
  return {
    repo: REPO,
    api: API,
    databaseUrl: arg('--database-url', process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/stint_bench'),
    /** Seconds measured per scenario, after `warmup` seconds that are not counted. */
    duration: Number(arg('--duration', '10')),
    warmup: Number(arg('--warmup', '3')),
    connections: Number(arg('--connections', '16')),
    /** Connections of the latency pass (scenarios with a latency target): one person waiting, nothing queued ahead. */
    latencyConnections: Number(arg('--latency-connections', '1')),
    /** Connections of the API's and the bare server's pools (the same for both). */
    poolSize: Number(arg('--pool-size', '20')),
    /** Users signed in (bcrypt cost 12 each): the load is spread over them. */
    users: Number(arg('--users', '100')),
    /** Stint/bare comparison: alternating pairs (Stint, bare, Stint, bare, …). */
    pairs: Math.max(1, Number(arg('--pairs', '3'))),
    compareRoutes: arg('--compare-routes', 'status,tasks').split(',').filter(Boolean),
    /** Seconds each server is warmed on a compared route before its pairs (not counted). */
    compareWarmup: Number(arg('--compare-warmup', '10')),
    fixedRate: Number(arg('--rate', '1000')),
    fixedDuration: Number(arg('--rate-duration', '60')),
    csvRows: Number(arg('--csv-rows', '1000000')),
    /** Seconds the API is left idle after the load before its resident memory is read again (0: skipped). */
    idle: Number(arg('--idle', '60')),
    /** Use REDIS_URL (cache and rate-limit counters in Redis) instead of the memory store. */
    redisUrl: flag('--redis') ? process.env.REDIS_URL || 'redis://127.0.0.1:6379' : '',
    logLevel: arg('--log-level', 'info'),
    only: only ? new Set(only.split(',')) : null,
    skip: new Set(arg('--skip', '').split(',').filter(Boolean)),
    build: !flag('--no-build'),
    seed: flag('--seed'),
    out: arg('--out', join(REPO, 'bench', 'results')),
    doc: !flag('--no-doc'),
    /** Seconds a child measurement (streams.js, scale-out.js) may take. */
    childTimeout: Number(arg('--child-timeout', '900')),
  };
}

module.exports = { arg, flag, options, wantsHelp, USAGE, REPO, API };
