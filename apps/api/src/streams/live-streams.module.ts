import { Module } from '@nestjs/common';
import { CredentialsModule } from '../auth/credentials.module';
import { AccessTokenJwtModule } from '../auth/jwt-key';
import { LiveStreamHub } from './live-stream-hub';
import { StreamTickets } from './stream-tickets';

/**
 * The live-stream hub and its single-use tickets, one instance per process: every feature
 * that streams imports this module, so the per-user cap and the pings span all routes.
 */
@Module({
  imports: [
    CredentialsModule,
    // Signs and checks stream tickets and bearer tokens with the access tokens' key and pinned algorithm.
    AccessTokenJwtModule,
  ],
  providers: [LiveStreamHub, StreamTickets],
  exports: [LiveStreamHub],
})
export class LiveStreamsModule {}
