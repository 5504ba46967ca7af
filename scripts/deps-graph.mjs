// @ts-check
// Import rules, folder level (issue 13, point 2).
//
//   node scripts/deps-graph.mjs --check   module rules of .dependency-cruiser.cjs + no cycle between
//                                         the top-level folders of apps/api/src (pnpm lint:deps)
//   node scripts/deps-graph.mjs --graph   print the folder-level import graph of apps/api/src,
//                                         edges with the number of imports behind each (pnpm deps:graph)
//
// dependency-cruiser's `no-circular` sees cycles between modules only; two folders can depend on
// each other through unrelated files. So this script collapses every module under apps/api/src to
// its top-level folder ("(app)" for the files directly in src/; test code left out) and looks for strongly connected
// components in that graph. Edges listed in scripts/deps-allowed-cycles.txt are left out of the
// cycle check (cycles being removed on another branch); every other cycle fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_SRC, cycles, folderEdges } from './lib/folder-graph.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOW_FILE = 'scripts/deps-allowed-cycles.txt';
const TARGETS = ['apps/api/src', 'apps/web/src', 'packages/contracts/src'];

const mode = process.argv.includes('--graph') ? 'graph' : process.argv.includes('--check') ? 'check' : undefined;
if (!mode) {
  console.log('usage: node scripts/deps-graph.mjs --check | --graph');
  process.exit(process.argv.includes('--help') ? 0 : 2);
}

/**
 * @typedef {import('./lib/folder-graph.mjs').Module} Module
 * @typedef {{ type: string, from: string, to: string, rule: { name: string, severity: string }, cycle?: { name: string }[] }} Violation
 * @typedef {{ modules: Module[], summary: { violations: Violation[], error: number, warn: number } }} CruiseResult
 */

/** @returns {CruiseResult} */
function cruise() {
  // The package's exports map hides bin/ (and package.json), so take the root install's path.
  const bin = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [bin, ...TARGETS, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (!run.stdout.trim()) {
    process.stderr.write(run.stderr);
    throw new Error(`dependency-cruiser exited with ${run.status} and no output`);
  }
  return JSON.parse(run.stdout);
}

/** Allowed folder edges ("from -> to"), one a line; `#` starts a comment. */
function allowedEdges() {
  const file = path.join(ROOT, ALLOW_FILE);
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line) =>
        line
          .replace(/#.*/, '')
          .trim()
          .replace(/\s*->\s*/, ' -> '),
      )
      .filter(Boolean),
  );
}

const result = cruise();
const edges = folderEdges(result.modules);

if (mode === 'graph') {
  const sorted = [...edges].sort(([a], [b]) => a.localeCompare(b));
  console.log(`# folder-level import graph of ${API_SRC} (${sorted.length} edges; count = imports behind the edge)`);
  for (const [key, count] of sorted) console.log(`${key}  ${count}`);
  const pairs = sorted.filter(([key]) => {
    const [from, to] = key.split(' -> ');
    return from < to && edges.has(`${to} -> ${from}`);
  });
  console.log(`# two-way pairs: ${pairs.length}`);
  for (const [key, n] of pairs) {
    const [from, to] = key.split(' -> ');
    console.log(`#   ${from} <-> ${to}  (${n} / ${edges.get(`${to} -> ${from}`)})`);
  }
  const all = cycles(edges.keys());
  console.log(`# folder cycles (strongly connected components): ${all.length}`);
  for (const component of all) {
    const inside = sorted.filter(([key]) => key.split(' -> ').every((f) => component.includes(f)));
    console.log(`#   {${component.join(', ')}}: ${inside.map(([key, n]) => `${key} (${n})`).join('; ')}`);
  }
  process.exit(0);
}

let failed = false;
const violations = result.summary.violations.filter((v) => v.rule.severity === 'error');
for (const v of violations) {
  const via = v.cycle ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')})` : '';
  console.log(`error ${v.rule.name}: ${v.from} -> ${v.to}${via}`);
}
if (violations.length) failed = true;

const allowed = allowedEdges();
const checked = [...edges.keys()].filter((key) => !allowed.has(key));
for (const component of cycles(checked)) {
  failed = true;
  const inside = checked.filter((key) => key.split(' -> ').every((f) => component.includes(f)));
  console.log(`error folder-cycle: ${component.join(', ')} import each other: ${inside.map((k) => `${k} (${edges.get(k)})`).join('; ')}`);
}
for (const key of allowed) {
  console.log(edges.has(key) ? `allowed (${ALLOW_FILE}): ${key} (${edges.get(key)} imports)` : `stale entry in ${ALLOW_FILE}: ${key} no longer exists — remove it`);
}
console.log(
  failed
    ? `lint:deps failed (${result.modules.length} modules cruised)`
    : `lint:deps ok: ${result.modules.length} modules, ${edges.size} folder edges in ${API_SRC}, no new folder cycle`,
);
process.exit(failed ? 1 : 0);
