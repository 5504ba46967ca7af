// Command-line options of the benchmark (`--name value`, `--flag`), with their defaults.
const { join } = require('node:path');

/** `--name value` from the command line, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const flag = (name) => process.argv.includes(name);

const REPO = join(__dirname, '..', '..', '..', '..', '..');
const API = join(REPO, 'apps', 'api');

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

module.exports = { arg, flag, options, REPO, API };
