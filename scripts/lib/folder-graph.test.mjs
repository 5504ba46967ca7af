// @ts-check
// node --test scripts/lib/ (part of pnpm lint:deps)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiFolder, cycles, folderEdges } from './folder-graph.mjs';

/**
 * @param {string} source
 * @param {...string} targets
 * @returns {import('./folder-graph.mjs').Module}
 */
const mod = (source, ...targets) => ({
  source: `apps/api/src/${source}`,
  dependencies: targets.map((t) => ({ resolved: t.startsWith('node_modules') ? t : `apps/api/src/${t}`, dependencyTypes: ['local'], coreModule: false, couldNotResolve: false })),
});

test('modules collapse to their top-level folder; root files are (app); test code is left out', () => {
  assert.equal(apiFolder('apps/api/src/users/users.service.ts'), 'users');
  assert.equal(apiFolder('apps/api/src/main.ts'), '(app)');
  assert.equal(apiFolder('apps/api/src/users/test/users.int-spec.ts'), undefined);
  assert.equal(apiFolder('apps/api/src/common/money.spec.ts'), undefined);
  assert.equal(apiFolder('apps/web/src/main.tsx'), undefined);
});

test('edges count the imports behind them; imports inside a folder and to packages are not edges', () => {
  const edges = folderEdges([
    mod('users/a.ts', 'auth/x.ts', 'auth/y.ts', 'users/b.ts', 'node_modules/typeorm/index.js'),
    mod('auth/x.ts', 'common/money.ts'),
    mod('users/test/fixtures.ts', 'projects/p.ts'),
  ]);
  assert.deepEqual(
    [...edges],
    [
      ['users -> auth', 2],
      ['auth -> common', 1],
    ],
  );
});

test('a cycle through two folders is found although no module cycle exists', () => {
  const edges = folderEdges([mod('users/a.ts', 'auth/x.ts'), mod('auth/y.ts', 'users/b.ts')]);
  assert.deepEqual(cycles(edges.keys()), [['auth', 'users']]);
});

test('longer cycles come out as one component; a chain has none', () => {
  assert.deepEqual(cycles(['a -> b', 'b -> c', 'c -> a', 'c -> d']), [['a', 'b', 'c']]);
  assert.deepEqual(cycles(['a -> b', 'b -> c', 'a -> c']), []);
});

test('leaving out an allowed edge breaks only the cycle it closes', () => {
  const all = ['a -> b', 'b -> a', 'c -> d', 'd -> c'];
  assert.deepEqual(cycles(all.filter((e) => e !== 'b -> a')), [['c', 'd']]);
});
