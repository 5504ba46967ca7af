import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, type OkResponse, type TokenResponse } from '@stint/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Public } from '../common/auth/auth.decorators';
import { OkResponseDto } from '../common/ok-response.dto';
import { authenticationError, authorizationError } from '../common/errors/app-error';
import { CredentialRoute } from '../rate-limit/rate-limit';
import { AuthService, type SignedIn } from './auth.service';
import { LoginDto, RegisterDto, TokenResponseDto } from './dto/auth.dto';
import { clearSessionCookies, setSessionCookies } from './cookies';

function clientMeta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** Double-submit check for routes authenticated by cookie. */
function requireCsrf(request: FastifyRequest): void {
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  const ok =
    typeof cookie === 'string' && typeof header === 'string' && cookie.length > 0 && cookie.length === header.length && timingSafeEqual(Buffer.from(cookie), Buffer.from(header));
  if (!ok) throw authorizationError(`Missing or wrong ${CSRF_HEADER} header (it must echo the ${CSRF_COOKIE} cookie)`);
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private respond(reply: FastifyReply, signedIn: SignedIn): TokenResponse {
    setSessionCookies(reply, signedIn.refresh, this.config.isProduction);
    return signedIn.body;
  }

  @Post('register')
  @Public()
  @CredentialRoute()
  @ApiCreatedResponse({ type: TokenResponseDto })
  async register(@Body() dto: RegisterDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    return this.respond(reply, await this.auth.register(dto, clientMeta(request)));
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @CredentialRoute()
  @ApiOkResponse({ type: TokenResponseDto })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    return this.respond(reply, await this.auth.login(dto, clientMeta(request)));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiHeader({ name: CSRF_HEADER, required: true, description: `Echo of the ${CSRF_COOKIE} cookie` })
  @ApiOkResponse({ type: TokenResponseDto })
  async refresh(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    requireCsrf(request);
    const token = request.cookies[REFRESH_COOKIE];
    if (!token) throw authenticationError('No session cookie; sign in again');
    try {
      return this.respond(reply, await this.auth.refresh(token));
    } catch (error) {
      clearSessionCookies(reply, this.config.isProduction);
      throw error;
    }
  }

  /**
   * Ends the session named by the bearer token, or else by the refresh cookie (with the
   * CSRF header). Always clears the cookies; calling it twice is harmless.
   */
  @Post('logout')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: OkResponseDto })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<OkResponse> {
    const sessionId = await this.sessionToEnd(request);
    if (sessionId) await this.auth.logout(sessionId);
    clearSessionCookies(reply, this.config.isProduction);
    return { success: true };
  }

  private async sessionToEnd(request: FastifyRequest): Promise<string | null> {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const claims = this.auth.verifyAccessToken(bearer);
      if (claims) return claims.sid;
    }
    const token = request.cookies[REFRESH_COOKIE];
    if (!token) return null;
    requireCsrf(request);
    return this.auth.sessionOfRefreshToken(token);
  }
}
