import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { SignInThrottles } from './sign-in-throttle';
import { AccessTokenJwtModule } from './jwt-key';

/** Password hashing, sessions and sign-in throttles, shared by the auth, users and live-stream modules without a cycle. */
@Module({
  imports: [AccessTokenJwtModule],
  providers: [PasswordHasher, SessionsService, SignInThrottles],
  exports: [PasswordHasher, SessionsService, SignInThrottles],
})
export class CredentialsModule {}
