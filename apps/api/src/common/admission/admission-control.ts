import { ErrorCode } from '@stint/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { envelope } from '../errors/envelope.filter';
import { AdmissionLimiter, type AdmissionLimits, type AdmissionTicket, type ShedReason } from './admission-limiter';

const API_PREFIX = '/api/v1/';
/** Never queued nor shed: health must answer under load (probes), SSE streams live for hours and hold no pooled connection. */
const EXEMPT_ROUTES = new Set(['/api/v1/health']);
const isStream = (route: string) => route.endsWith('/stream');

const TICKET = Symbol('admissionTicket');
type TicketedRequest = FastifyRequest & { [TICKET]?: AdmissionTicket };

/** Whether the request goes through admission control: API routes only (not static files, /metrics, 404s), minus the exempt ones. */
export function isAdmissionControlled(route: string | undefined): boolean {
  return route?.startsWith(API_PREFIX) === true && !EXEMPT_ROUTES.has(route) && !isStream(route);
}

/**
 * What admission control reports; observability/metrics.ts's Metrics provides it (common/
 * doesn't import a feature folder, so the shape is spelled here).
 */
export interface AdmissionMetrics {
  watchAdmission(limiter: { inFlight: number; queued: number }): void;
  readonly admissionWait: { observe(seconds: number): void };
  readonly requestsShed: { inc(labels: { reason: ShedReason }): void };
}

/**
 * Puts every API request through the limiter before its body is read and before the auth
 * guard touches the database. A shed request gets the 503 envelope with Retry-After (about
 * one queue turnover) at once, so a client is never left waiting for a connection that
 * won't come. Runs as preParsing so helmet's and CORS's onRequest headers are already set
 * on the 503 (a browser can read it).
 */
export function installAdmissionControl(fastify: FastifyInstance, limits: AdmissionLimits, metrics: AdmissionMetrics): AdmissionLimiter {
  const limiter = new AdmissionLimiter(limits);
  metrics.watchAdmission(limiter);
  const retryAfterSeconds = String(Math.max(1, Math.ceil(limits.queueTimeoutMs / 1000)));

  fastify.addHook('preParsing', async (request: TicketedRequest, reply, payload) => {
    if (!isAdmissionControlled(request.routeOptions.url)) return payload;
    const ticket = limiter.enter();
    request[TICKET] = ticket;
    // 'close' comes when the answer is sent and also when the client goes away first: a
    // waiting request leaves the queue, an admitted one can never keep its slot for good.
    reply.raw.once('close', ticket.leave);
    const outcome = await ticket.outcome;
    if (outcome.admitted) {
      if (outcome.waitedMs > 0) metrics.admissionWait.observe(outcome.waitedMs / 1000);
      return payload;
    }
    // A client gone while it waited is answered too (into the void), so its handler never runs.
    if (outcome.reason !== 'abandoned') metrics.requestsShed.inc({ reason: outcome.reason });
    const message = outcome.reason === 'queue_full' ? 'The server is at capacity; retry shortly' : 'The server is busy and could not take the request in time; retry shortly';
    void reply
      .code(503)
      .header('retry-after', retryAfterSeconds)
      .send(envelope(String(request.id), ErrorCode.SERVICE_UNAVAILABLE, message, { reason: outcome.reason }));
    return undefined;
  });
  // In-process requests (inject) have no socket to close: the response's end frees the slot.
  fastify.addHook('onResponse', async (request: TicketedRequest) => {
    request[TICKET]?.leave();
  });
  return limiter;
}
