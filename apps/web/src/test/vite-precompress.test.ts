import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompress } from '../../vite-precompress';

describe('the precompress build plugin', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .br and .gz next to each compressible file over 256 bytes, and nothing else', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stint-precompress-'));
    mkdirSync(join(dir, 'assets'));
    const script = Array.from({ length: 300 }, (_, i) => `export const v${i} = "value ${i}";`).join('\n');
    const html = `<!doctype html><html><head>${'<meta name="a" content="b" />'.repeat(60)}</head><body></body></html>`;
    const files: Record<string, string | Buffer> = {
      'assets/index-AbC123.js': script,
      'assets/index-DeF456.css': '.a{color:red}\n'.repeat(200),
      'index.html': html,
      'assets/tiny-Gh789.js': 'export {};',
      'assets/logo-Ij012.png': Buffer.alloc(4096, 7),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);

    const plugin = precompress();
    const writeBundle = plugin.writeBundle as unknown as (options: { dir: string }, bundle: Record<string, unknown>) => Promise<void>;
    await writeBundle.call({}, { dir }, Object.fromEntries(Object.keys(files).map((name) => [name, {}])));

    for (const name of ['assets/index-AbC123.js', 'assets/index-DeF456.css', 'index.html']) {
      const original = readFileSync(join(dir, name));
      const br = readFileSync(join(dir, `${name}.br`));
      const gz = readFileSync(join(dir, `${name}.gz`));
      expect(br.length).toBeLessThan(original.length / 3);
      expect(gz.length).toBeLessThan(original.length / 3);
      expect(brotliDecompressSync(br).equals(original)).toBe(true);
      expect(gunzipSync(gz).equals(original)).toBe(true);
    }
    // Too small to be worth it, or not a text format.
    for (const name of ['assets/tiny-Gh789.js', 'assets/logo-Ij012.png']) {
      expect(existsSync(join(dir, `${name}.br`))).toBe(false);
      expect(existsSync(join(dir, `${name}.gz`))).toBe(false);
    }
  });

  it('runs in builds only (vite build), not in the dev server', () => {
    const plugin = precompress();
    expect(plugin.apply).toBe('build');
    expect(typeof plugin.writeBundle).toBe('function');
  });
});
