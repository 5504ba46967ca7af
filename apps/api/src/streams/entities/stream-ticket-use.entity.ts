import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stream ticket that has been used (its `jti`): a ticket opens one stream, once. Kept only
 * until the ticket would have expired anyway; the primary key makes the use atomic across
 * API processes (two concurrent uses: one insert wins).
 */
@Entity('stream_ticket_uses')
export class StreamTicketUse {
  @PrimaryColumn({ type: 'uuid' })
  jti!: string;

  @Index('idx_stream_ticket_uses_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
