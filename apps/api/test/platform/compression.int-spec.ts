import { routes } from '@stint/contracts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createTestContext, type TestContext, type TestUser } from '../support/test-app';

/** A built web app as `vite build` leaves it: files plus the .br/.gz the build writes next to them. */
function fixtureDist(): { dir: string; script: string; style: string; index: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stint-web-dist-'));
  mkdirSync(join(dir, 'assets'));
  const script = `/* entry */\n${Array.from({ length: 200 }, (_, i) => `export const value${i} = ${JSON.stringify(`chunk-line-${i}`)};`).join('\n')}\n`;
  const style = `${Array.from({ length: 100 }, (_, i) => `.c${i}{color:#${(i * 4099).toString(16).padStart(6, '0').slice(0, 6)};margin:${i}px}`).join('\n')}\n`;
  const index = `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Stint</title>${'<meta name="x" content="padding to pass one kilobyte" />'.repeat(20)}<script type="module" src="/assets/index-AbC123.js"></script><link rel="stylesheet" href="/assets/index-DeF456.css"></head><body><div id="root"></div></body></html>`;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  };
  write('index.html', index);
  write('assets/index-AbC123.js', script);
  write('assets/index-DeF456.css', style);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { dir, script, style, index };
}

function decoded(encoding: string | undefined, body: Buffer): string {
  if (encoding === 'br') return brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

const BROWSER = 'gzip, deflate, br, zstd';

describe('Compression and caching of responses', () => {
  let ctx: TestContext;
  let web: ReturnType<typeof fixtureDist>;
  let user: TestUser;

  beforeAll(async () => {
    web = fixtureDist();
    ctx = await createTestContext({ STINT_WEB_DIST: web.dir });
    ctx.clock.set(new Date('2026-03-20T12:00:00Z'));
    user = await ctx.newUser();
    const project = await ctx.newProject(user, { name: 'Compression', key: 'CMP' });
    for (let day = 1; day <= 15; day++) {
      const date = `2026-03-${String(day).padStart(2, '0')}`;
      await ctx.newEntry(user, { project_id: project.id, description: `Work of day ${day}`, start_time: `${date}T09:00:00Z`, end_time: `${date}T11:30:00Z` });
    }
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(web.dir, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string, headers: Record<string, string> = {}) =>
    ctx.fastify.inject({ method: 'GET', url, headers: { ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }), ...headers } });

  describe('the built web app (precompressed files)', () => {
    it('sends the brotli file of a hashed script when br is accepted, cached for a year', async () => {
      const response = await get('/assets/index-AbC123.js', BROWSER);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
      expect(response.rawPayload.length).toBeLessThan(web.script.length / 3);
      expect(decoded('br', response.rawPayload)).toBe(web.script);
      // The security headers are still there.
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('sends the gzip file when only gzip is accepted', async () => {
      const response = await get('/assets/index-AbC123.js', 'gzip');
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(decoded('gzip', response.rawPayload)).toBe(web.script);
      const css = await get('/assets/index-DeF456.css', 'gzip');
      expect(css.headers['content-encoding']).toBe('gzip');
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(decoded('gzip', css.rawPayload)).toBe(web.style);
    });

    it('sends the file as it is without Accept-Encoding, or with identity only', async () => {
      for (const acceptEncoding of [undefined, 'identity', 'compress']) {
        const response = await get('/assets/index-AbC123.js', acceptEncoding);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-encoding']).toBeUndefined();
        expect(response.headers.vary).toMatch(/accept-encoding/i);
        expect(response.body).toBe(web.script);
      }
    });

    it('revalidates index.html on every load (no-cache), compressed, and on client-side routes too', async () => {
      for (const url of ['/', '/index.html', '/projects/5b0c1f0e-0000-4000-8000-000000000000', '/reports?range=year']) {
        const response = await get(url, BROWSER);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.headers['cache-control']).toBe('no-cache');
        expect(response.headers['content-encoding']).toBe('br');
        expect(response.headers.vary).toMatch(/accept-encoding/i);
        expect(decoded('br', response.rawPayload)).toBe(web.index);
      }
      const plain = await get('/time', undefined);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe('no-cache');
      expect(plain.body).toBe(web.index);
    });

    it('does not serve the .br/.gz copies as files of their own', async () => {
      for (const url of ['/assets/index-AbC123.js.br', '/assets/index-AbC123.js.gz', '/index.html.br']) {
        const response = await get(url, BROWSER);
        expect([url, response.statusCode]).toEqual([url, 404]);
        expect(JSON.parse(decoded(response.headers['content-encoding'] as string | undefined, response.rawPayload))).toMatchObject({
          success: false,
          error: { code: 'NOT_FOUND' },
        });
      }
    });

    it('answers a missing hashed asset with 404, not index.html (a stale page after a release)', async () => {
      const response = await get('/assets/index-Gone999.js', BROWSER);
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(decoded(response.headers['content-encoding'] as string | undefined, response.rawPayload))).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    });

    it('revalidates files outside /assets (favicon)', async () => {
      const response = await get('/favicon.svg', BROWSER);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
    });
  });

  describe('API answers', () => {
    const reportUrl = () => `/api/v1/reports/users/${user.id}?start=2026-03-01&end=2026-03-19`;
    const auth = () => ({ authorization: `Bearer ${user.token}` });

    it('compresses a JSON answer over 1 KB with br, or gzip, and keeps it identical', async () => {
      const plain = await get(reportUrl(), undefined, auth());
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.length).toBeGreaterThan(1024);

      const br = await get(reportUrl(), BROWSER, auth());
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/^application\/json/);
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(decoded('br', br.rawPayload))).toEqual(plain.json());

      const gzip = await get(reportUrl(), 'gzip', auth());
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(decoded('gzip', gzip.rawPayload))).toEqual(plain.json());
      expect(gzip.headers['x-request-id']).toBeDefined();
      expect(gzip.headers['x-content-type-options']).toBe('nosniff');
    });

    it('does not compress a small JSON answer', async () => {
      const response = await get('/api/v1/users/me', BROWSER, auth());
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.length).toBeLessThan(1024);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.json()).toMatchObject({ id: user.id });
    });

    it('compresses the streamed CSV report (chunked, not buffered into one length)', async () => {
      const plain = await get(`${reportUrl()}&format=csv`, undefined, auth());
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-type']).toBe('text/csv; charset=utf-8');
      const gzip = await get(`${reportUrl()}&format=csv`, 'gzip', auth());
      expect(gzip.statusCode).toBe(200);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers['content-length']).toBeUndefined();
      expect(gzip.headers['content-disposition']).toMatch(/^attachment; filename=/);
      expect(decoded('gzip', gzip.rawPayload)).toBe(plain.body);
    });

    it('sends an error in the envelope, compressed when it is large', async () => {
      const path = `/api/v1/${'no-such-route/'.repeat(120)}`;
      const response = await get(path, BROWSER);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const body = JSON.parse(decoded('br', response.rawPayload));
      expect(body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' }, meta: { request_id: response.headers['x-request-id'] } });

      const small = await get('/api/v1/users/me', BROWSER);
      expect(small.statusCode).toBe(401);
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(small.json()).toMatchObject({ success: false, error: { code: expect.any(String) } });
    });
  });

  describe('live streams (Server-Sent Events)', () => {
    let base: string;
    beforeAll(async () => {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    });

    it('are never compressed, and an event arrives at once even with Accept-Encoding: gzip, br', async () => {
      const chunks: Array<{ text: string; at: number }> = [];
      let response: IncomingMessage | undefined;
      const req = httpRequest(`${base}/api/v1/time-tracking/stream`, { headers: { authorization: `Bearer ${user.token}`, 'accept-encoding': 'gzip, br' } });
      const opened = new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve);
        req.on('error', reject);
      });
      req.end();
      try {
        response = await opened;
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(response.headers['content-encoding']).toBeUndefined();
        response.on('data', (chunk: Buffer) => chunks.push({ text: chunk.toString('utf8'), at: Date.now() }));
        const waitFor = async (pattern: RegExp, sinceMs: number, timeoutMs: number) => {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const hit = chunks.find((c) => c.at >= sinceMs && pattern.test(c.text));
            if (hit) return hit;
            if (Date.now() > deadline) throw new Error(`no ${pattern} on the stream within ${timeoutMs} ms: ${JSON.stringify(chunks.map((c) => c.text))}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        };
        // The snapshot is plain text, readable as it comes (not a compressed frame).
        await waitFor(/event: timer\ndata: \{"type":"snapshot"/, 0, 3000);

        const startedAt = Date.now();
        const started = await user.api.call(routes.timeTracking.start, { body: { description: 'streamed at once' } });
        const event = await waitFor(new RegExp(`"type":"started","time_log_id":"${started.time_log_id}"`), startedAt, 1000);
        expect(event.at - startedAt).toBeLessThan(1000);
      } finally {
        req.destroy();
        response?.destroy();
      }
    });
  });
});
