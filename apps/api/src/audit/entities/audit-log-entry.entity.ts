import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One security-relevant event. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 * `actor_user_id` has no foreign key on purpose: deleting or anonymising a user must never
 * rewrite (or cascade into) the trail.
 */
@Entity('audit_log')
@Index('idx_audit_log_occurred_at', ['occurredAt', 'sequence'])
@Index('idx_audit_log_action_occurred_at', ['action', 'occurredAt'])
@Index('idx_audit_log_actor_occurred_at', ['actorUserId', 'occurredAt'])
@Index('idx_audit_log_subject', ['subjectType', 'subjectId', 'occurredAt'])
export class AuditLogEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order: breaks ties between events of the same instant (one transaction, one clock reading). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  sequence: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'subject_type', type: 'varchar', length: 32, nullable: true })
  subjectType: string | null;

  @Column({ name: 'subject_id', type: 'varchar', length: 64, nullable: true })
  subjectId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;
}
