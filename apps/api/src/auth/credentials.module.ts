import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { SignInThrottles } from './sign-in-throttle';
import { AccessTokenJwtModule } from './jwt-key';
import { LogoutHooks } from './logout-hooks';

/** Password hashing, sessions, sign-in throttles and the logout hooks, shared by the auth, users and live-stream modules without a cycle. */
@Module({
  imports: [AccessTokenJwtModule],
  providers: [PasswordHasher, SessionsService, SignInThrottles, LogoutHooks],
  exports: [PasswordHasher, SessionsService, SignInThrottles, LogoutHooks],
})
export class CredentialsModule {}
