import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { authenticationError, authorizationError } from '../errors/app-error';
import { AUTH_METADATA, type AuthRequirement } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { bearerToken, CALLER_VERIFIER, type CallerVerifier } from './caller-verifier';

/**
 * The global guard: every route needs a valid access token and a live session unless
 * marked @Public(); @Authenticated({ roles }) adds a role check (403 when missing).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CALLER_VERIFIER) private readonly verifier: CallerVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (requirement?.public) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw authenticationError('Sign in to use this endpoint (missing bearer token)');
    const user = await this.verifier.callerOf(token);
    request.user = user;
    const roles = requirement && !requirement.public ? requirement.roles : [];
    if (roles.length && !roles.includes(user.role)) throw authorizationError(`This action needs the ${roles.join(' or ')} role`);
    return true;
  }
}
