import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where the current request comes from, for the audit trail ("from where" + request id). */
export interface RequestOrigin {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestOrigin>();
const ORIGIN = Symbol('stint.requestOrigin');

/** The origin of the request being served, or undefined outside a request (background jobs). */
export function currentRequestOrigin(): RequestOrigin | undefined {
  return storage.getStore();
}

/**
 * Carries each request's id, IP and user agent through its async work. Entered in onRequest
 * and entered again in preHandler, because body parsing runs on stream events that lose the
 * async context before Nest's guards and handler run.
 */
export function installRequestContext(fastify: FastifyInstance): void {
  const enter = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    const tagged = request as FastifyRequest & { [ORIGIN]?: RequestOrigin };
    tagged[ORIGIN] ??= {
      requestId: String(request.id),
      ip: request.ip ?? null,
      userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
    };
    storage.run(tagged[ORIGIN], done);
  };
  fastify.addHook('onRequest', enter);
  fastify.addHook('preHandler', enter);
}
