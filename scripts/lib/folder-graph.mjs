// @ts-check
// The folder-level import graph of apps/api/src, from dependency-cruiser's JSON (scripts/deps-graph.mjs).

/**
 * @typedef {{ resolved: string, dependencyTypes: string[], coreModule: boolean, couldNotResolve: boolean }} Dependency
 * @typedef {{ source: string, dependencies: Dependency[] }} Module
 */

export const API_SRC = 'apps/api/src/';

/** Test code may reach across folders (same pattern as TEST_CODE in .dependency-cruiser.cjs). */
const TEST_CODE = /\.(spec|int-spec|test)\.tsx?$|\/test\//;

/** @param {string} file */
export function apiFolder(file) {
  if (!file.startsWith(API_SRC) || TEST_CODE.test(file)) return undefined;
  const rest = file.slice(API_SRC.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? '(app)' : rest.slice(0, slash);
}

/**
 * Folder-level edges of apps/api/src: "from -> to" → number of imports.
 * @param {Module[]} modules
 */
export function folderEdges(modules) {
  /** @type {Map<string, number>} */
  const edges = new Map();
  for (const mod of modules) {
    const from = apiFolder(mod.source);
    if (!from) continue;
    for (const dep of mod.dependencies) {
      const to = apiFolder(dep.resolved);
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  return edges;
}

/**
 * Strongly connected components with more than one folder (Tarjan).
 * @param {Iterable<string>} edgeKeys
 * @returns {string[][]}
 */
export function cycles(edgeKeys) {
  /** @type {Map<string, string[]>} */
  const next = new Map();
  for (const key of edgeKeys) {
    const [from, to] = key.split(' -> ');
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)?.push(to);
  }
  let index = 0;
  /** @type {Map<string, number>} */ const order = new Map();
  /** @type {Map<string, number>} */ const low = new Map();
  /** @type {string[]} */ const stack = [];
  const onStack = new Set();
  /** @type {string[][]} */ const found = [];
  /** @param {string} v */
  function visit(v) {
    order.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, order.get(w) ?? 0));
      }
    }
    if (low.get(v) === order.get(v)) {
      /** @type {string[]} */ const component = [];
      let w;
      do {
        w = /** @type {string} */ (stack.pop());
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  }
  for (const v of [...next.keys()].sort()) if (!order.has(v)) visit(v);
  return found;
}
