import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import { ErrorCode } from '@stint/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { AppError } from '../common/errors/app-error';
import type { AuthUser } from '../common/auth/auth-user';

const CREDENTIAL_ROUTE = 'stint:credential-route';

/**
 * Marks a route that takes credentials (sign-in, registration, password change): it
 * counts against RATE_LIMIT_AUTH per client IP instead of the per-user read/write limits.
 */
export const CredentialRoute = () => SetMetadata(CREDENTIAL_ROUTE, true);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isCredentialRoute(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(CREDENTIAL_ROUTE, [context.getHandler(), context.getClass()]) === true;
}

function method(context: ExecutionContext): string {
  return context.switchToHttp().getRequest<FastifyRequest>().method;
}

/** The three limits of the spec's environment: auth per IP, read and write per user (per IP when anonymous). */
export function throttlers(config: AppConfig, reflector: Reflector): ThrottlerOptions[] {
  return [
    {
      name: 'auth',
      limit: config.rateLimit.auth.limit,
      ttl: config.rateLimit.auth.ttlMs,
      skipIf: (context) => !isCredentialRoute(reflector, context),
    },
    {
      name: 'read',
      limit: config.rateLimit.read.limit,
      ttl: config.rateLimit.read.ttlMs,
      skipIf: (context) => isCredentialRoute(reflector, context) || !READ_METHODS.has(method(context)),
    },
    {
      name: 'write',
      limit: config.rateLimit.write.limit,
      ttl: config.rateLimit.write.ttlMs,
      skipIf: (context) => isCredentialRoute(reflector, context) || READ_METHODS.has(method(context)),
    },
  ];
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Users are counted by id across every route and device; anonymous callers by IP. */
  // biome-ignore lint/suspicious/noExplicitAny: the signature ThrottlerGuard declares.
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const user = (req as { user?: AuthUser }).user;
    return user ? `user:${user.id}` : `ip:${await super.getTracker(req)}`;
  }

  /** One bucket per limit and caller, not per route: the limits are budgets for the whole API. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new AppError(
      ErrorCode.RATE_LIMIT_EXCEEDED,
      `Too many requests: the limit is ${detail.limit} per ${Math.round(detail.ttl / 1000)} seconds; retry in ${detail.timeToBlockExpire} s`,
      { limit: detail.limit, window_seconds: Math.round(detail.ttl / 1000), retry_after_seconds: detail.timeToBlockExpire },
      { 'retry-after': String(detail.timeToBlockExpire) },
    );
  }
}
