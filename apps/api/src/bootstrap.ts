import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AppConfig } from './config/app-config';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { envelope } from './common/errors/envelope.filter';
import { ErrorCode } from '@stint/contracts';
import { createLogger, PinoNestLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { serveSpa, SPA_CSP } from './web/spa';
import { installCompression } from './common/http/compression';
import type { AuthUser } from './common/auth/auth-user';
import { Clock } from './common/clock';
import { installRequestContext } from './audit/request-context';
import { installAdmissionControl } from './common/admission/admission-control';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  logger?: Logger;
  /** Tests pass a controllable clock. */
  clock?: Clock;
  connectDatabase?: boolean;
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Stint API')
    .setDescription('Self-hosted time tracking and productivity analytics. Errors use the envelope {success:false, error:{code,message,details}, meta}.')
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('stint_refresh')
    .build();
  return SwaggerModule.createDocument(app, document, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
}

/** Node's parser errors → status and message; anything else it reports is a malformed request. */
function clientErrorStatus(error: NodeJS.ErrnoException): [number, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW') return [431, 'The request line and headers are too large (at most 16 KB)'];
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'The request took too long to arrive'];
  return [400, 'The request is not well-formed HTTP'];
}

/**
 * Fastify's clientErrorHandler: the request was never parsed, so there is no request object or
 * id yet; the answer gets a fresh id (in the envelope and X-Request-Id) and closes the connection.
 */
function answerClientError(this: { log: Logger }, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = clientErrorStatus(error);
  const requestId = randomUUID();
  this.log.info({ request_id: requestId, status, err_code: error.code }, 'request refused by the HTTP parser');
  const body = JSON.stringify(envelope(requestId, ErrorCode.VALIDATION_ERROR, message, null));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Builds the whole app (API, docs, metrics, SPA) without listening; main.ts and tests share it. */
export async function createApp({
  config,
  databaseUrl,
  logger = createLogger(config.logLevel),
  clock = new Clock(),
  connectDatabase = true,
}: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One structured line per request comes from the onResponse hook below instead.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request (Fastify's default binds reqId into one for every request):
    // the one request line below carries request_id itself, and nothing else logs per request.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Node's HTTP parser refuses some requests before Fastify sees them (request line and
    // headers over maxHeaderSize → 431, malformed HTTP → 400, too slow → 408): answer in the envelope too.
    clientErrorHandler: answerClientError,
    // The router rejects a malformed percent-encoding or an over-long path parameter before
    // Nest sees the request: answer those in the envelope too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const message = tooLong ? 'A path parameter is too long' : 'The URL is malformed (invalid percent-encoding)';
      void reply
        .code(tooLong ? 414 : 422)
        .header('x-request-id', request.id)
        .send(envelope(String(request.id), ErrorCode.VALIDATION_ERROR, message, null));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ config, databaseUrl, clock, connectDatabase }), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // A failed start throws to main.ts (one line naming the problem, the embedded PostgreSQL
    // stopped) instead of process.abort().
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(Metrics);
  // The audit trail reads "from where" and the request id from here, without callers passing them.
  installRequestContext(fastify);
  // Bounded in-flight API requests with a bounded FIFO wait: overload is shed as a 503 at once.
  installAdmissionControl(fastify, config.admission, metrics);

  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    const user = (request as { user?: AuthUser }).user;
    request.log.info(
      { request_id: request.id, user_id: user?.id ?? null, method: request.method, route, status: reply.statusCode, duration_ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request completed',
    );
  });

  await app.register(fastifyCookie as never);
  // Before any route is added: br/gzip for answers over 1 KB (never the hijacked SSE streams).
  await installCompression(fastify);
  // Security headers on every response. Built once: @fastify/helmet rebuilds the whole helmet
  // middleware (options checks, CSP parsing) on every request, a few % of a small request's CPU.
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: SPA_CSP },
    crossOriginEmbedderPolicy: false,
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // Every directive is static (no nonces), so the headers are the same on every response:
  // helmet runs once against a recorder and each request only sets the recorded headers
  // (helmet's eleven middlewares per request were ~1.4 % of the status route's CPU).
  const { set, remove } = recordHeaders(securityHeaders);
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of remove) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins, credentials: true, exposedHeaders: ['x-request-id', 'retry-after'] });
  }

  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());

  const swaggerDocument = openApiDocument(app);
  // Swagger UI needs an inline bootstrap script, so its page gets its own relaxed CSP.
  SwaggerModule.setup('api/docs', app, swaggerDocument, { jsonDocumentUrl: 'api/docs-json', raw: ['json'] });

  await serveSpa(fastify, config.webDistDir);
  return app;
}

/** The headers a request-independent connect middleware sets and removes, recorded by running it once. */
function recordHeaders(middleware: (req: never, res: never, next: (error?: unknown) => void) => void): { set: Array<[string, string | string[]]>; remove: string[] } {
  const set = new Map<string, [string, string | string[]]>();
  const remove: string[] = [];
  const res = {
    setHeader: (name: string, value: string | string[]) => void set.set(name.toLowerCase(), [name, value]),
    removeHeader: (name: string) => {
      set.delete(name.toLowerCase());
      remove.push(name);
    },
  };
  let finished = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as never, res as never, (error) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('recordHeaders: the middleware did not finish synchronously');
  return { set: [...set.values()], remove };
}
