import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@stint/contracts';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envelope } from '../common/errors/envelope.filter';

/** Content-Security-Policy of the SPA: no inline script, no third-party origins. */
export const SPA_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  // Off: it would break a plain-HTTP install reached by LAN address; production sits behind TLS.
  upgradeInsecureRequests: null,
};

const API_PATH = /^\/(api|metrics)(\/|$)/;
// A missing hashed file (a page from before a release asking for an old chunk) must fail
// as a 404, not get index.html, which the browser would then try to run as a script.
const ASSET_PATH = /^\/assets\//;
const PRECOMPRESSED_COPY = /\.(br|gz)$/;

/**
 * Serves the built web app from the API process: hashed assets as files, every other
 * GET that isn't an API path gets index.html so client-side routes survive a reload.
 * Files under /assets carry a content hash: cached for a year, immutable. index.html (and
 * so every client-side route) and the other files are revalidated (no-cache).
 */
export async function serveSpa(fastify: FastifyInstance, distDir: string): Promise<boolean> {
  const indexFile = join(distDir, 'index.html');
  const hasSpa = existsSync(indexFile);
  if (hasSpa) {
    await fastify.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      maxAge: '1y',
      immutable: true,
      // The build writes <file>.br and <file>.gz (apps/web/vite-precompress.ts): sent as they
      // are by Accept-Encoding (br, then gzip, else the file), with Vary: accept-encoding.
      preCompressed: true,
      // The .br/.gz copies are an encoding of their file, not resources of their own.
      allowedPath: (pathName) => !PRECOMPRESSED_COPY.test(pathName),
      // Hashed assets are immutable; anything else (favicon, manifest) is revalidated.
      // @fastify/static 10 passes the Fastify reply here.
      setHeaders: (reply, path) => {
        if (!path.startsWith(join(distDir, 'assets'))) (reply as unknown as { header(n: string, v: string): void }).header('cache-control', 'no-cache');
      },
    });
  }
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (!hasSpa || API_PATH.test(path) || ASSET_PATH.test(path)) {
      return reply.status(404).send(envelope(String(request.id), ErrorCode.NOT_FOUND, `Route ${request.method} ${path} not found`, null));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return hasSpa;
}
