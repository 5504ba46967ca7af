import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';

/**
 * Where the API's log lines go: stdout, buffered. A synchronous write per line (pino's
 * default) was ~10 % of the CPU of GET /time-tracking/status, the most frequent request;
 * lines are now written in batches of 4 KB or at least once a second, and flushed
 * synchronously when the process exits (pino registers that for its own destinations).
 * A kill -9 can lose the last second of lines.
 */
export function logDestination() {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });
}

/**
 * JSON logs. Secrets are redacted by path as a safety net, but the real rule is that
 * bodies, tokens and hashes are never passed to the logger in the first place.
 */
export function createLogger(level: LogLevel, destination: pino.DestinationStream = level === 'silent' ? pino.destination({ dest: 1, sync: true }) : logDestination()): Logger {
  return pino(
    {
      level,
      base: { service: 'stint-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.password_hash', '*.token', '*.refresh_token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Routes Nest's own logging into the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, extra?: unknown) {
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      this.logger[level]({ context, ...(message as object) }, (message as { msg?: string }).msg);
    } else if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else {
      this.logger[level]({ context, ...(extra instanceof Error ? { err: extra } : {}) }, String(message));
    }
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context ?? trace, undefined);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
}
