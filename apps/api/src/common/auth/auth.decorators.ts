import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from '../enums';
import type { AuthUser } from './auth-user';

export const AUTH_METADATA = 'stint:auth';

export type AuthRequirement = { public: true } | { public: false; roles: UserRole[] };

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(AUTH_METADATA, { public: true } satisfies AuthRequirement);

/**
 * Needs a valid access token, and one of `roles` when given. Routes without any
 * decorator need a token too: the global guard treats them as `@Authenticated()`.
 */
export function Authenticated(options: { roles?: UserRole[] } = {}) {
  const decorators = [
    SetMetadata(AUTH_METADATA, { public: false, roles: options.roles ?? [] } satisfies AuthRequirement),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
  ];
  if (options.roles?.length) decorators.push(ApiForbiddenResponse({ description: `Needs role: ${options.roles.join(' or ')}` }));
  return applyDecorators(...decorators);
}

/** The signed-in caller. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a public route');
  return request.user;
});
