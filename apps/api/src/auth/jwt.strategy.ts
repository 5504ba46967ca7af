import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { AuthUser } from '../common/auth/auth-user';
import { SessionsService } from './sessions.service';
import { jwtKey } from './jwt-key';
import type { AccessTokenClaims } from './auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtKey(config),
      // Pinned: a token claiming any other algorithm (including "none") is refused.
      algorithms: [config.jwt.algorithm],
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    if (claims.type !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.sessions.resolveCaller(claims.sub, claims.sid)) ?? false;
  }
}
