// @ts-check
// JavaScript a browser loads for the web app's first page: the entry module of
// apps/web/dist/index.html, its modulepreloads and, recursively, the chunks they import
// statically (dynamic import() chunks are route-level splits and are not counted), gzipped.
const { existsSync, readFileSync } = require('node:fs');
const { join, posix } = require('node:path');
const { gzipSync } = require('node:zlib');

/**
 * @param {string} webDist apps/web/dist
 */
function firstLoadJs(webDist) {
  const indexFile = join(webDist, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing (build apps/web first)`);
  const html = readFileSync(indexFile, 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  /** @type {Set<string>} */
  const seen = new Set();
  const queue = entries.map((src) => src.replace(/^\//, ''));
  while (queue.length) {
    const file = /** @type {string} */ (queue.shift());
    if (seen.has(file) || !file.endsWith('.js')) continue;
    seen.add(file);
    const code = readFileSync(join(webDist, file), 'utf8');
    // Static imports only: `import ... from "./x.js"` / `import "./x.js"`, not `import("./x.js")`.
    for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(posix.normalize(posix.join(posix.dirname(file), match[1])));
    }
  }
  const files = [...seen].map((file) => {
    const raw = readFileSync(join(webDist, file));
    return { file, bytes: raw.length, gzip_bytes: gzipSync(raw, { level: 9 }).length };
  });
  /** @param {'bytes' | 'gzip_bytes'} key */
  const sum = (key) => files.reduce((total, file) => total + file[key], 0);
  return { files, bytes: sum('bytes'), gzip_bytes: sum('gzip_bytes'), gzip_kb: Math.round((sum('gzip_bytes') / 1024) * 10) / 10 };
}

module.exports = { firstLoadJs };
