import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { authenticationError, authorizationError } from '../errors/app-error';
import { AUTH_METADATA, type AuthRequirement } from './auth.decorators';
import type { AuthUser } from './auth-user';

/**
 * The global guard: every route needs a valid access token and a live session unless
 * marked @Public(); @Authenticated({ roles }) adds a role check (403 when missing).
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (requirement?.public) return true;
    await (super.canActivate(context) as Promise<boolean>);
    const roles = requirement && !requirement.public ? requirement.roles : [];
    if (roles.length) {
      const user = context.switchToHttp().getRequest<FastifyRequest & { user: AuthUser }>().user;
      if (!roles.includes(user.role)) throw authorizationError(`This action needs the ${roles.join(' or ')} role`);
    }
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (!user) {
      const reason = (info as { name?: string } | undefined)?.name;
      if (reason === 'TokenExpiredError') throw authenticationError('The access token has expired; refresh it or sign in again');
      if (reason === 'Error' || (info as Error | undefined)?.message === 'No auth token') {
        throw authenticationError('Sign in to use this endpoint (missing bearer token)');
      }
      throw authenticationError('The access token is invalid or its session has ended');
    }
    return user;
  }
}
