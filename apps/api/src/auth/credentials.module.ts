import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { SignInThrottles } from './sign-in-throttle';
import { StreamTickets } from './stream-tickets';
import { StreamSlots } from '../common/streams/live-streams';
import { AccessTokenJwtModule } from './jwt-key';

/**
 * Password hashing, sessions and sign-in throttles, shared by the auth and users modules
 * without a cycle; and what both live streams (timer, budget alerts) share: single-use
 * stream tickets and the per-user stream slots (one instance of each per process).
 */
@Module({
  imports: [AccessTokenJwtModule],
  providers: [PasswordHasher, SessionsService, SignInThrottles, StreamTickets, StreamSlots],
  exports: [PasswordHasher, SessionsService, SignInThrottles, StreamTickets, StreamSlots],
})
export class CredentialsModule {}
