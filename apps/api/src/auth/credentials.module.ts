import { Global, Module } from '@nestjs/common';
import { UserCredentials } from '../users/user-credentials';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { SignInThrottles } from './sign-in-throttle';
import { AccessTokenJwtModule } from './jwt-key';
import { LogoutHooks } from './logout-hooks';
import { AuthUserCredentials } from './user-credentials.provider';

/**
 * Password hashing, sessions, sign-in throttles and the logout hooks, shared by the auth, privacy
 * and live-stream modules without a cycle. Global for `UserCredentials` only: the users module gets
 * it without importing auth/ (auth imports users, not the other way round).
 */
@Global()
@Module({
  imports: [AccessTokenJwtModule],
  providers: [PasswordHasher, SessionsService, SignInThrottles, LogoutHooks, { provide: UserCredentials, useClass: AuthUserCredentials }],
  exports: [PasswordHasher, SessionsService, SignInThrottles, LogoutHooks, UserCredentials],
})
export class CredentialsModule {}
