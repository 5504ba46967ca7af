#!/usr/bin/env node
// Runs every fault script one after another (each starts its own PostgreSQL, Redis and API),
// prints their summaries, one table and one JSON line of all figures, and exits 1 when any
// failed. The 10-minute soak is not part of it (npm run soak).
//
//   cd apps/api && npm run faults            # or: node test/faults/run-all.js [--only kill-api,spike]
//
// Needs the build (pnpm build).
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const FAULTS = ['kill-api', 'postgres-restart', 'redis-stop', 'outbox-kill', 'spike'];
/** A fault script that runs longer than this is stopped and counted as failed. */
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

function runScript(name) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(__dirname, `${name}.js`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let result = null;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk;
      for (let cut = buffer.indexOf('\n'); cut >= 0; cut = buffer.indexOf('\n')) {
        const line = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 1);
        if (line.startsWith('FAULT_RESULT ')) result = JSON.parse(line.slice('FAULT_RESULT '.length));
      }
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), SCRIPT_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ name, code, seconds: Math.round((Date.now() - started) / 1000), result });
    });
  });
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : FAULTS;
  const outcomes = [];
  for (const name of FAULTS.filter((f) => only.includes(f))) outcomes.push(await runScript(name));
  process.stdout.write('\n== faults\n');
  for (const o of outcomes) {
    const passed = o.code === 0 && o.result?.passed;
    process.stdout.write(
      `  ${passed ? 'PASS' : 'FAIL'} ${o.name.padEnd(18)} ${String(o.seconds).padStart(4)} s${passed ? '' : `  ${(o.result?.failed ?? ['no result']).join('; ')}`}\n`,
    );
  }
  const failed = outcomes.filter((o) => !(o.code === 0 && o.result?.passed)).length;
  process.stdout.write(`FAULTS_RESULT ${JSON.stringify(outcomes.map((o) => o.result ?? { fault: o.name, passed: false }))}\n`);
  process.stdout.write(`faults: ${outcomes.length - failed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}

main();
