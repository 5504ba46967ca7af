import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/**
 * Failed sign-ins to one account from one client address (sign-in-throttle.ts). The spec's
 * lockout (5 failures → 15 minutes) applies per row, so an attacker's address locks only
 * itself out of the account; the slower account-wide back-off lives on the users row.
 */
@Entity('sign_in_throttles')
@Check('sign_in_throttles_failures_non_negative', 'failures >= 0')
export class SignInThrottle {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The client address; IPv6 addresses by their /64 network (one host usually holds all of it). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  client: string;

  /** Failures since window_started_at (a window of LOCKOUT_MINUTES without a lock restarts the count). */
  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** The last successful sign-in from this address: it makes the address familiar (exempt from the account-wide back-off). */
  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;
}
