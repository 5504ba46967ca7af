import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StreamTicketResponse } from '@stint/contracts';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { authenticationError } from '../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const STREAM_TICKET_SECONDS = 60;

interface StreamTicketClaims {
  sub?: unknown;
  sid?: unknown;
  type?: unknown;
  jti?: unknown;
  exp?: unknown;
}

/**
 * Stream tickets (POST /time-tracking/stream-ticket): a JWT of its own type (`stream`) that
 * opens ONE live stream, once, within 60 s. Single use is recorded in `stream_ticket_uses`
 * (insert-if-absent on the ticket's id, so two concurrent uses — in one process or several —
 * can't both win); rows are dropped once the ticket has expired anyway.
 */
@Injectable()
export class StreamTickets {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
  ) {}

  issue(auth: AuthUser): StreamTicketResponse {
    const ticket = this.jwt.sign({ sub: auth.id, sid: auth.sessionId, type: 'stream' }, { expiresIn: STREAM_TICKET_SECONDS, jwtid: randomUUID() });
    return { ticket, expires_in: STREAM_TICKET_SECONDS };
  }

  /** The ticket's user and session, spending it; a forged, expired, wrong-type or already used ticket is a 401. */
  async redeem(ticket: string): Promise<{ userId: string; sessionId: string }> {
    let claims: StreamTicketClaims;
    try {
      claims = this.jwt.verify<StreamTicketClaims & object>(ticket, { algorithms: [this.config.jwt.algorithm] });
    } catch {
      throw authenticationError('The stream ticket is invalid or has expired; ask for a new one');
    }
    if (claims.type !== 'stream' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.jti !== 'string' || typeof claims.exp !== 'number') {
      throw authenticationError('This is not a stream ticket');
    }
    const spent = await this.dataSource.query<Array<{ jti: string }>>(
      `WITH expired AS (DELETE FROM stream_ticket_uses WHERE expires_at < now() - interval '1 minute')
       INSERT INTO stream_ticket_uses (jti, expires_at) VALUES ($1, to_timestamp($2))
       ON CONFLICT (jti) DO NOTHING RETURNING jti`,
      [claims.jti, claims.exp],
    );
    if (!spent.length) throw authenticationError('This stream ticket has been used already; ask for a new one');
    return { userId: claims.sub, sessionId: claims.sid };
  }
}
