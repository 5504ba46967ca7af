import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

@Entity('projects')
@Check('project_key_format', `key ~ '^[A-Z]{2,10}$'`)
@Check('project_currency_format', `currency ~ '^[A-Z]{3}$'`)
@Check('project_name_length', 'length(name) >= 1')
@Check('project_next_task_number_positive', 'next_task_number >= 1')
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Prefix of its tasks' keys (`BP` → `BP-123`). */
  @Index('idx_projects_key_unique', { unique: true })
  @Column({ type: 'varchar', length: 10 })
  key: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** ISO 4217; the project's entries, rates and budget share it. */
  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Default `is_billable` of entries tracked on the project. */
  @Column({ name: 'is_billable', type: 'boolean', default: true })
  isBillable: boolean;

  /** Next task number; taken with UPDATE … RETURNING so concurrent creates never share one. */
  @Column({ name: 'next_task_number', type: 'integer', default: 1 })
  nextTaskNumber: number;

  @Index('idx_projects_archived_at')
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
