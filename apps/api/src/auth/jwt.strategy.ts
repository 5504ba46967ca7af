import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '../common/auth/auth-user';
import type { CallerVerifier } from '../common/auth/caller-verifier';
import { authenticationError } from '../common/errors/app-error';
import { SessionsService } from './sessions.service';
import type { AccessTokenClaims } from './auth.service';

/**
 * The access-token check of every authenticated request: the JwtService of access tokens
 * (AccessTokenJwtModule: the key made once, the algorithm pinned both ways) verifies the signature
 * and the expiry (a token claiming another algorithm, including "none", is refused); then the session must be live and the user active. Called
 * directly by the global guard: passport + passport-jwt around the same jsonwebtoken call
 * cost a few % of a small request's CPU and added nothing.
 */
@Injectable()
export class JwtStrategy implements CallerVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
  ) {}

  async callerOf(token: string): Promise<AuthUser> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = this.jwt.verify<Partial<AccessTokenClaims>>(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw authenticationError('The access token has expired; refresh it or sign in again');
      throw invalid();
    }
    const user = await this.validate(claims);
    if (!user) throw invalid();
    return user;
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    if (typeof claims !== 'object' || claims === null) return false;
    if (claims.type !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.sessions.resolveCaller(claims.sub, claims.sid)) ?? false;
  }
}

const invalid = () => authenticationError('The access token is invalid or its session has ended');
